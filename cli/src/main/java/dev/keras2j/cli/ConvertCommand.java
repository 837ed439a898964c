package dev.keras2j.cli;

import dev.keras2j.export.dl4j.Dl4jExport;
import dev.keras2j.export.dl4j.Dl4jExporter;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keras2j convert}: exports a model to a Deeplearning4j zip and verifies it. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Exports a model to a Deeplearning4j ModelSerializer zip (MultiLayerNetwork or ComputationGraph)"
                + " that plain DL4J restores, then verifies it: the zip is restored with DL4J and run on the"
                + " reference's input (or a seeded random input), and compared with keras2j's runtime and the"
                + " reference. A failed verification removes the output (exit 1).")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    ModelOptions source;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "Export target: dl4j.")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.zip", description = "The zip to write.")
    Path output;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Reference to verify against (same formats as validate).")
    Path reference;

    @Option(names = "--no-verify", description = "Skip the verification.")
    boolean noVerify;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Mixin
    ToleranceOptions tolerance;

    @Mixin
    JsonOutput.Plain json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!"dl4j".equals(target)) {
            throw new UsageException("unsupported export target '" + target + "'; supported: dl4j");
        }
        if (Files.exists(output) && !overwrite) {
            throw new UsageException(output + " exists; pass --overwrite to replace it");
        }
        if (Files.isDirectory(output)) {
            throw new UsageException(output + " is a folder; name the zip to write");
        }
        if (reference != null && !Files.exists(reference)) {
            throw new UsageException("reference not found: " + reference);
        }
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(source.model, source.weights));
        Path absolute = output.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path staged = Files.createTempFile(absolute.getParent(), AtomicWrite.TEMP_PREFIX, ".zip");
        try {
            Dl4jExport export = Dl4jExporter.export(checked, staged, true);
            List<ExportVerification.Check> checks = noVerify ? List.of()
                    : ExportVerification.run(checked, staged, reference, tolerance.atol, tolerance.rtol);
            boolean passed = checks.stream().allMatch(c -> c.comparison().passed());
            if (passed) {
                AtomicWrite.move(staged, absolute);
            }
            print(export, checks, passed);
            return passed ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private void print(Dl4jExport export, List<ExportVerification.Check> checks, boolean passed) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", source.model.toString());
            o.put("output", passed ? output.toString() : null);
            o.put("network", export.networkType());
            o.put("params", export.params());
            o.put("verified", !checks.isEmpty());
            o.put("passed", passed);
            List<Map<String, Object>> list = new ArrayList<>();
            for (ExportVerification.Check c : checks) {
                Map<String, Object> co = new LinkedHashMap<>();
                co.put("against", c.against());
                co.put("passed", c.comparison().passed());
                co.put("max_abs_err", Double.isFinite(c.comparison().maxAbsError()) ? c.comparison().maxAbsError() : null);
                list.add(co);
            }
            o.put("checks", list);
            JsonOutput.print(out, o);
        } else {
            for (ExportVerification.Check c : checks) {
                out.printf("DL4J export vs %s: %s%n", c.against(), c.comparison().summary());
            }
            out.println(passed ? "wrote " + output + " (" + export.networkType() + ", " + export.params() + " parameters)"
                    : "FAIL: verification failed; " + output + " was not written");
        }
        out.flush();
    }
}
