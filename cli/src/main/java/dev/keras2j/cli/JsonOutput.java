package dev.keras2j.cli;

import com.google.gson.GsonBuilder;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code --json} switch of a command, as a picocli mixin, and the way every command prints its one JSON object.
 * The switch's description depends on what the command prints without it, hence one subclass for each wording.
 */
abstract class JsonOutput {
    /** Whether {@code --json} was given. */
    abstract boolean requested();

    /** Prints {@code doc} as one pretty-printed JSON object, with {@code null} values kept. */
    static void print(PrintWriter out, Object doc) {
        out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(doc));
    }

    /** {@code --json} for a command whose output otherwise is prose. */
    static final class Plain extends JsonOutput {
        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        boolean requested() {
            return json;
        }
    }

    /** {@code --json} for a command whose output otherwise is a table. */
    static final class InsteadOfTable extends JsonOutput {
        @Option(names = "--json", description = "Print one JSON object instead of the table.")
        boolean json;

        @Override
        boolean requested() {
            return json;
        }
    }
}
