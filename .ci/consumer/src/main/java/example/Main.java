package example;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.Reference;

import java.nio.file.Path;
import java.util.List;

/** Loads a model and its Keras reference, predicts the reference inputs and compares: exit 0 when they agree. */
public final class Main {
    public static void main(String[] args) {
        KerasModel model = KerasModel.load(Path.of(args[0]));
        Reference reference = Reference.load(Path.of(args[1]), model.inputShapes());
        List<NdArray> outputs = model.predict(reference.inputs());
        boolean passed = true;
        for (int i = 0; i < outputs.size(); i++) {
            Comparison c = Comparison.of(outputs.get(i), reference.outputs().get(i));
            System.out.println(reference.outputNames().get(i) + ": " + c.summary());
            passed &= c.passed();
        }
        System.exit(passed && outputs.size() == reference.outputs().size() ? 0 : 1);
    }
}
