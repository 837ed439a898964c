package dev.keras2j.cli;

import dev.keras2j.model.Keras2jException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code keras2j} command line. Exit codes: 0 success, 1 a check failed, 2 usage error, 3 the model
 * could not be read or is refused.
 */
@Command(name = "keras2j", mixinStandardHelpOptions = true, versionProvider = Keras2jCli.Version.class,
        description = "Reads, checks, runs and validates Keras models on the JVM.",
        subcommands = {InspectCommand.class, PredictCommand.class, ValidateCommand.class, ConvertCommand.class,
            BatchCommand.class, EvaluateCommand.class, BenchCommand.class, ScoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (validation mismatch, failures in a batch)",
            "2:usage error", "3:the model could not be read or is refused"})
public final class Keras2jCli implements Runnable {
    /** Exit code when a check (validation, verification) fails. */
    public static final int EXIT_CHECK_FAILED = 1;
    /** Exit code for a usage error. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the model cannot be read or is refused. */
    public static final int EXIT_MODEL = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Raises (or lowers) one of the limits untrusted files are checked against; see docs/security.md. */
    @Option(names = "--limit", paramLabel = "NAME=N", scope = CommandLine.ScopeType.INHERIT,
            description = "Set a safety limit (repeatable): tensorElements, jsonBytes, jsonDepth, attributeBytes, "
                    + "hdf5Depth, zipEntries, zipTotalBytes, compressionRatio. See docs/security.md.")
    void limit(String assignment) {
        try {
            dev.keras2j.model.Limits.set(assignment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        LauncherStderr.awaitFilterAtExit();
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, new PrintWriter(System.out, true), err);
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given streams and returns the exit code; used by {@link #main} and tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Keras2jCli root = new Keras2jCli();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> EXIT_MODEL);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("keras2j: " + ex.getMessage());
            err.println("Try 'keras2j " + commandPath(ex.getCommandLine()) + " --help' for usage.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (ex instanceof UsageException) {
                err.println("keras2j: " + ex.getMessage());
                return EXIT_USAGE;
            }
            err.println("keras2j: " + describe(ex, parseResult));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_MODEL;
        });
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            // picocli hands only Exceptions to the handler above; an Error (out of memory, stack overflow)
            // thrown while running a command arrives here, and is still reported in one line.
            err.println("keras2j: " + describe(t, null));
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                t.printStackTrace(err);
            }
            err.flush();
            return EXIT_MODEL;
        }
    }

    /** The one-line report of a failure, naming the file the command was working on when keras2j's message does not. */
    static String describe(Throwable ex, CommandLine.ParseResult parseResult) {
        if (ex instanceof Keras2jException) {
            return Keras2jException.oneLine(ex.getMessage());
        }
        String file = parseResult == null ? null : firstFile(parseResult);
        String where = file == null ? "" : file + ": ";
        if (ex instanceof OutOfMemoryError) {
            return where + "out of memory (the Java heap holds at most " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB; raise it, e.g. KERAS2J_JAVA_OPTS=-Xmx8g, or use a smaller batch)";
        }
        if (ex instanceof StackOverflowError) {
            return where + "refused: structures nested too deeply to process (stack overflow)";
        }
        return Keras2jException.oneLine(where + "internal error: " + ex + " (run with --verbose for the stack trace)");
    }

    /** The first positional parameter of the innermost command that names an existing path, or {@code null}. */
    private static String firstFile(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult p = parseResult;
        while (p.subcommand() != null) {
            p = p.subcommand();
        }
        for (CommandLine.Model.PositionalParamSpec pos : p.matchedPositionals()) {
            Object v = pos.getValue();
            if (v instanceof java.nio.file.Path || v instanceof java.io.File) {
                return v.toString();
            }
            if (v instanceof java.util.Collection<?> c && !c.isEmpty()) {
                return c.iterator().next().toString();
            }
        }
        for (String s : p.originalArgs()) {
            try {
                if (!s.startsWith("-") && java.nio.file.Files.exists(java.nio.file.Path.of(s))) {
                    return s;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // Not a path; keep looking.
            }
        }
        return null;
    }

    private static String commandPath(CommandLine cl) {
        String path = cl.getCommandName();
        return path.equals("keras2j") ? "" : path;
    }

    /** The version recorded in the jar's manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"keras2j " + version()};
        }
    }

    /** keras2j's version string. */
    static String version() {
        String v = Keras2jCli.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
