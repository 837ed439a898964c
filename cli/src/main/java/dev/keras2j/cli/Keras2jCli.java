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
            BatchCommand.class, EvaluateCommand.class, BenchCommand.class},
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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
            if (ex instanceof Keras2jException) {
                err.println("keras2j: " + ex.getMessage());
            } else {
                err.println("keras2j: internal error: " + ex + " (run with --verbose for the stack trace)");
            }
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_MODEL;
        });
        return cl.execute(args);
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
