package dev.keras2j.cli;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --junit} report for CI servers: one test case per model. A mismatch or refusal is a failure (the
 * model did not convert as asked), an unreadable model or crash is an error, and an up-to-date output is
 * skipped (nothing ran).
 */
final class JunitBatchReport {
    private JunitBatchReport() {
    }

    static String render(BatchReport report) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML builder is unavailable", e);
        }
        Map<BatchStatus, Integer> counts = report.counts();
        Element suites = doc.createElement("testsuites");
        doc.appendChild(suites);
        Element suite = doc.createElement("testsuite");
        suites.appendChild(suite);
        suite.setAttribute("name", "keras2j batch --to " + report.target());
        suite.setAttribute("tests", String.valueOf(report.results().size()));
        suite.setAttribute("failures", String.valueOf(counts.get(BatchStatus.MISMATCH) + counts.get(BatchStatus.REFUSED)));
        suite.setAttribute("errors", String.valueOf(counts.get(BatchStatus.ERROR)));
        suite.setAttribute("skipped", String.valueOf(counts.get(BatchStatus.SKIPPED)));
        suite.setAttribute("time", seconds(report.seconds()));
        for (BatchResult r : report.results()) {
            Element tc = doc.createElement("testcase");
            String relative = r.source().relative();
            int slash = relative.lastIndexOf('/');
            tc.setAttribute("classname", "keras2j.batch" + (slash < 0 ? "" : "." + relative.substring(0, slash).replace('/', '.')));
            tc.setAttribute("name", xmlSafe(relative));
            tc.setAttribute("time", seconds(r.seconds()));
            String element = switch (r.status()) {
                case MISMATCH, REFUSED -> "failure";
                case ERROR -> "error";
                case SKIPPED -> "skipped";
                case CONVERTED, VALIDATED -> null;
            };
            if (element != null) {
                Element e = doc.createElement(element);
                e.setAttribute("message", xmlSafe(r.reason() == null ? r.status().id() : r.reason()));
                if (r.status() != BatchStatus.SKIPPED) {
                    e.setAttribute("type", r.status().id());
                    e.setTextContent(xmlSafe(r.status().id() + ": " + (r.reason() == null ? "" : r.reason())));
                }
                tc.appendChild(e);
            } else if (r.reason() != null) {
                Element out = doc.createElement("system-out");
                out.setTextContent(xmlSafe(r.reason()));
                tc.appendChild(out);
            }
            suite.appendChild(tc);
        }
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize the JUnit report", e);
        }
    }

    /** XML 1.0 cannot hold most control characters, which a message quoting a corrupt file may contain. */
    static String xmlSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : 0xFFFD));
        return b.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
