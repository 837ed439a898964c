package dev.keras2j.cli;

import dev.keras2j.export.dl4j.Dl4jVerifier;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.Reference;
import dev.keras2j.runtime.RuntimeModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a written Deeplearning4j export: restores it with plain DL4J, runs it on the reference's input
 * (or a seeded random input), and compares it with keras2j's runtime and with the reference's outputs.
 * Shared by {@code convert} and {@code batch --validate}.
 */
final class ExportVerification {
    /** One comparison of the export's output, and what it was compared against. */
    record Check(String against, Comparison comparison) {
    }

    private ExportVerification() {
    }

    /**
     * The checks of an export: against keras2j's runtime when the runtime can run the model, and against
     * the reference's expected output when one is given.
     */
    static List<Check> run(CheckedModel model, Path export, Path reference, double atol, double rtol) throws IOException {
        if (model.spec().inputs().size() != 1) {
            throw new UnsupportedModelException("verification of models with " + model.spec().inputs().size()
                    + " inputs is not supported (the DL4J verifier feeds one input)");
        }
        Reference ref = reference == null ? null : Reference.load(reference, List.of(model.inputShape()));
        if (ref != null && (ref.inputs().size() != 1 || ref.outputs().size() > 1)) {
            throw new UnsupportedModelException(reference + ": the reference holds " + ref.inputs().size()
                    + " inputs and " + ref.outputs().size() + " outputs; export verification feeds one input"
                    + " and compares one output");
        }
        NdArray input = ref != null ? ref.input() : SeededInput.forModel(model);
        String inputName = ref != null ? reference.getFileName() + " inputs" : "a seeded random input";
        NdArray actual = Dl4jVerifier.predict(export, input);
        List<Check> checks = new ArrayList<>();
        if (model.unsupportedReasons().isEmpty()) {
            NdArray expected = RuntimeModel.compile(model).predict(input);
            checks.add(new Check("keras2j runtime on " + inputName, Comparison.of(actual, expected, atol, rtol)));
        }
        if (ref != null && !ref.outputs().isEmpty()) {
            checks.add(new Check(reference.getFileName().toString(), Comparison.of(actual, ref.output(), atol, rtol)));
        }
        if (checks.isEmpty()) {
            throw new UnsupportedModelException("nothing to verify the export against: keras2j's runtime cannot run"
                    + " this model and no reference outputs were given");
        }
        return checks;
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
