package dev.keras2j.cli;

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

/** {@code keras2j convert}: exports a model to Deeplearning4j or ONNX and verifies the export. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Exports a model to a Deeplearning4j ModelSerializer zip (--to dl4j: MultiLayerNetwork or"
                + " ComputationGraph) or an ONNX file (--to onnx), then verifies it: the export is run with plain DL4J"
                + " or ONNX Runtime on the reference's input (or a seeded random input), and compared with keras2j's"
                + " runtime and the reference. A failed verification removes the output (exit 1).")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    ModelOptions source;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "Export target: dl4j or onnx.")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The file to write (.zip, .onnx).")
    Path output;

    @Option(names = "--opset", paramLabel = "N",
            description = "ONNX opset, 13 to 23 (default 23, the newest ONNX Runtime 1.23 runs).")
    Integer opset;

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
        ExportTarget to = ExportTargets.of(target, opset);
        if (Files.exists(output) && !overwrite) {
            throw new UsageException(output + " exists; pass --overwrite to replace it");
        }
        if (Files.isDirectory(output)) {
            throw new UsageException(output + " is a folder; name the file to write");
        }
        if (reference != null && !Files.exists(reference)) {
            throw new UsageException("reference not found: " + reference);
        }
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(source.model, source.weights));
        Path absolute = output.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // The export is written under its final name in a staging folder beside the output, so that companion
        // files (ONNX external data) name the right file, and moves into place only once verified.
        Path staging = dev.keras2j.container.AtomicFile.stageFolder(absolute);
        try {
            ExportTarget.Written export = to.write(checked, staging.resolve(absolute.getFileName()));
            List<ExportVerification.Check> checks = noVerify ? List.of()
                    : ExportVerification.run(checked, to, export, reference, tolerance.atol, tolerance.rtol);
            boolean passed = checks.stream().allMatch(c -> c.comparison().passed());
            if (passed) {
                for (Path companion : export.companions()) {
                    AtomicWrite.move(companion, absolute.resolveSibling(companion.getFileName()));
                }
                AtomicWrite.move(export.file(), absolute);
            }
            print(to, export, checks, passed);
            return passed ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
        } finally {
            BatchCommand.deleteTree(staging);
        }
    }

    private void print(ExportTarget to, ExportTarget.Written export, List<ExportVerification.Check> checks,
                       boolean passed) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", source.model.toString());
            o.put("target", to.name());
            o.put("output", passed ? output.toString() : null);
            o.putAll(export.json());
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
                out.printf("%s vs %s: %s%n", to.label(), c.against(), c.comparison().summary());
            }
            out.println(passed ? "wrote " + output + " (" + export.summary() + ")"
                    : "FAIL: verification failed; " + output + " was not written");
        }
        out.flush();
    }
}
