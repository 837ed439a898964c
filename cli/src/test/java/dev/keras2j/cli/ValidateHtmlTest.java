package dev.keras2j.cli;

import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.keras2j.cli.CliRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** validate --per-layer --html: the self-contained per-layer error page. */
class ValidateHtmlTest {
    @TempDir
    Path tmp;

    @Test
    void thePageChartsEveryLayerAndHighlightsTheFirstDivergentOne() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>(NpzReader.read(Path.of(fixture("functional_two_inputs", "npz"))));
        NdArray joined = arrays.get("layer/joined");
        float[] wrong = joined.data().clone();
        wrong[0] += 0.003f;
        arrays.put("layer/joined", NdArray.of(wrong, joined.shape()));
        Path bad = tmp.resolve("bad.npz");
        NpzWriter.write(bad, arrays);
        Path page = tmp.resolve("report.html");
        CliRun r = CliRun.of("validate", "--per-layer", "--html", page.toString(), fixture("functional_two_inputs", "h5"),
                bad.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("First divergent layer: <strong>joined");
        for (String layer : new String[] {"features_dense", "metadata_dense", "joined", "head"}) {
            assertThat(html).contains(">" + layer + "</text>");
        }
        // One failing bar (joined), three passing ones, the first divergent row highlighted, the tolerance line.
        assertThat(html.split("class=\"fail\"", -1)).hasSize(2);
        assertThat(html.split("class=\"pass\"", -1)).hasSize(4);
        assertThat(html).contains("class=\"first\"").contains("class=\"tol\"").contains("atol 1.00e-05");
        // Self-contained: nothing fetched from elsewhere.
        assertThat(html).doesNotContain("<link").doesNotContain("<script src").doesNotContain("url(");
    }

    @Test
    void htmlNeedsPerLayer() {
        CliRun r = CliRun.of("validate", "--html", tmp.resolve("r.html").toString(), fixture("dense_2d", "h5"),
                fixture("dense_2d", "npz"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--per-layer");
        assertThat(tmp.resolve("r.html")).doesNotExist();
    }
}
