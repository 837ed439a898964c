package dev.keras2j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in-process: exit code and what it printed. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Keras2jCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A committed Keras-made fixture file: {@code fixtures/models/<name>/<name>.<ext>}. */
    static String fixture(String name, String ext) {
        return Fixtures.model(name, "." + ext).toString();
    }
}
