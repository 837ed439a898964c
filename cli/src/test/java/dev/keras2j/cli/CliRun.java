package dev.keras2j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the CLI through {@link Keras2jCli#execute}, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Keras2jCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
