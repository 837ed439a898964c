package dev.keras2j.cli;

import dev.keras2j.export.dl4j.Dl4jExport;
import dev.keras2j.export.dl4j.Dl4jExporter;
import dev.keras2j.export.dl4j.Dl4jVerifier;
import dev.keras2j.export.onnx.OnnxExport;
import dev.keras2j.export.onnx.OnnxExporter;
import dev.keras2j.export.onnx.OnnxOptions;
import dev.keras2j.export.onnx.OnnxVerifier;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The export targets by {@code --to} name: {@code dl4j} and {@code onnx}. */
final class ExportTargets {
    static final String NAMES = "dl4j, onnx";

    private ExportTargets() {
    }

    /**
     * The target named {@code name}; {@code opset} applies to ONNX only (null: the default).
     *
     * @throws UsageException for an unknown name or an opset given for DL4J or out of range
     */
    static ExportTarget of(String name, Integer opset) {
        switch (name) {
            case "dl4j" -> {
                if (opset != null) {
                    throw new UsageException("--opset applies to --to onnx only");
                }
                return new Dl4j();
            }
            case "onnx" -> {
                int o = opset == null ? OnnxOptions.MAX_OPSET : opset;
                if (o < OnnxOptions.MIN_OPSET || o > OnnxOptions.MAX_OPSET) {
                    throw new UsageException("--opset " + o + " is outside " + OnnxOptions.MIN_OPSET + ".."
                            + OnnxOptions.MAX_OPSET + " (the opsets ONNX Runtime 1.23 runs that the export supports)");
                }
                return new Onnx(OnnxOptions.defaults().withOpset(o));
            }
            default -> throw new UsageException("unsupported export target '" + name + "'; supported: " + NAMES);
        }
    }

    /** A Deeplearning4j ModelSerializer zip, restored and run by plain DL4J. */
    private static final class Dl4j implements ExportTarget {
        @Override
        public String name() {
            return "dl4j";
        }

        @Override
        public String extension() {
            return ".zip";
        }

        @Override
        public String label() {
            return "DL4J export";
        }

        @Override
        public Written write(CheckedModel model, Path file) throws IOException {
            Dl4jExport e = Dl4jExporter.export(model, file, true);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("network", e.networkType());
            json.put("params", e.params());
            return new Written(e.file(), List.of(), e.networkType() + ", " + e.params() + " parameters", json);
        }

        @Override
        public List<NdArray> predict(Written written, List<NdArray> inputs) throws IOException {
            if (inputs.size() != 1) {
                throw new UnsupportedModelException("verification of models with " + inputs.size()
                        + " inputs is not supported (the DL4J verifier feeds one input)");
            }
            return List.of(Dl4jVerifier.predict(written.file(), inputs.get(0)));
        }
    }

    /** An ONNX file, run by ONNX Runtime's Java API. */
    private static final class Onnx implements ExportTarget {
        private final OnnxOptions options;

        Onnx(OnnxOptions options) {
            this.options = options;
        }

        @Override
        public String name() {
            return "onnx";
        }

        @Override
        public String extension() {
            return ".onnx";
        }

        @Override
        public String label() {
            return "ONNX export";
        }

        @Override
        public Written write(CheckedModel model, Path file) throws IOException {
            OnnxExport e = OnnxExporter.export(model, file, options, true);
            List<Path> companions = new ArrayList<>();
            if (e.externalData() != null) {
                companions.add(e.externalData());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("opset", e.opset());
            json.put("nodes", e.nodes());
            json.put("params", e.params());
            json.put("external_data", e.externalData() == null ? null : e.externalData().getFileName().toString());
            return new Written(e.file(), companions, "opset " + e.opset() + ", " + e.nodes() + " nodes, " + e.params()
                    + " parameters" + (e.externalData() == null ? "" : ", weights in " + e.externalData().getFileName()),
                    json);
        }

        @Override
        public List<NdArray> predict(Written written, List<NdArray> inputs) throws IOException {
            return OnnxVerifier.predict(written.file(), inputs);
        }
    }
}
