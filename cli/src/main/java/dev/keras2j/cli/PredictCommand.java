package dev.keras2j.cli;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpyReader;
import dev.keras2j.reference.Reference;
import dev.keras2j.reference.ReferenceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keras2j predict}: runs a model on inputs from a file and writes its outputs. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Runs a model on the inputs of an .npz or .npy file and writes the outputs to an .npz file.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions source;

    @Option(names = "--input", required = true, paramLabel = "IN",
            description = "Inputs: an .npz with key 'input' (or input_0, input_1, ...), or an .npy file.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT",
            description = "Where to write the outputs (.npz with key 'output'); written atomically.")
    Path output;

    /** A single {@code .npy} array (by its magic bytes) is the one input. */
    private static boolean isNpy(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(6);
            return magic.length == 6 && (magic[0] & 0xff) == 0x93 && new String(magic, 1, 5,
                    java.nio.charset.StandardCharsets.US_ASCII).equals("NUMPY");
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(input)) {
            throw new UsageException("input file not found: " + input);
        }
        KerasModel m = KerasModel.load(source.model, source.weights);
        List<NdArray> inputs = isNpy(input) ? List.of(NpyReader.read(input))
                : Reference.load(input, m.inputShapes()).inputs();
        if (inputs.size() != m.inputShapes().size()) {
            throw new UsageException(input + " holds " + inputs.size() + " inputs but the model has "
                    + m.inputShapes().size());
        }
        List<NdArray> outs = m.predict(inputs);
        ReferenceWriter.writePredictions(output, inputs, outs);
        spec.commandLine().getOut().printf("wrote %s: %s%n", output,
                outs.stream().map(NdArray::shapeString).toList());
        return 0;
    }
}
