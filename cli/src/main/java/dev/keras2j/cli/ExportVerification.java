package dev.keras2j.cli;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.Reference;
import dev.keras2j.runtime.RuntimeModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a written export: runs it with the target's own runtime (plain DL4J, ONNX Runtime) on the
 * reference's inputs (or seeded random inputs), and compares every output with keras2j's runtime and with
 * the reference's outputs. Shared by {@code convert} and {@code batch --validate}.
 */
final class ExportVerification {
    /** One comparison of the export's output, and what it was compared against. */
    record Check(String against, Comparison comparison) {
    }

    private ExportVerification() {
    }

    /**
     * The checks of an export: against keras2j's runtime when the runtime can run the model, and against
     * the reference's expected outputs when one is given.
     */
    static List<Check> run(CheckedModel model, ExportTarget target, ExportTarget.Written export, Path reference,
                           double atol, double rtol) throws IOException {
        List<Shape> shapes = model.spec().inputs().stream().map(InputSpec::shape).toList();
        Reference ref = reference == null ? null : Reference.load(reference, shapes);
        int outputs = model.spec().outputs().size();
        if (ref != null && (ref.inputs().size() != shapes.size() || ref.outputs().size() > outputs)) {
            throw new UnsupportedModelException(reference + ": the reference holds " + ref.inputs().size()
                    + " inputs and " + ref.outputs().size() + " outputs; the model has " + shapes.size()
                    + " inputs and " + outputs + " outputs");
        }
        List<NdArray> inputs = ref != null ? ref.inputs() : SeededInput.forInputs(model);
        String inputName = ref != null ? reference.getFileName() + " inputs"
                : shapes.size() == 1 ? "a seeded random input" : "seeded random inputs";
        List<NdArray> actual = target.predict(export, inputs);
        List<Check> checks = new ArrayList<>();
        if (model.unsupportedReasons().isEmpty()) {
            List<NdArray> expected = RuntimeModel.compile(model).predictAll(inputs);
            for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
                checks.add(new Check("keras2j runtime on " + inputName + outputLabel(model, i),
                        Comparison.of(actual.get(i), expected.get(i), atol, rtol)));
            }
        }
        if (ref != null) {
            for (int i = 0; i < Math.min(actual.size(), ref.outputs().size()); i++) {
                checks.add(new Check(reference.getFileName().toString() + outputLabel(model, i),
                        Comparison.of(actual.get(i), ref.outputs().get(i), atol, rtol)));
            }
        }
        if (checks.isEmpty()) {
            throw new UnsupportedModelException("nothing to verify the export against: keras2j's runtime cannot run"
                    + " this model and no reference outputs were given");
        }
        return checks;
    }

    private static String outputLabel(CheckedModel model, int i) {
        return model.spec().outputs().size() == 1 ? "" : " (output " + model.spec().outputs().get(i) + ")";
    }

    /** The first failing check, or else the last (the reference when there is one). */
    static Check verdict(List<Check> checks) {
        for (Check c : checks) {
            if (!c.comparison().passed()) {
                return c;
            }
        }
        return checks.get(checks.size() - 1);
    }
}
