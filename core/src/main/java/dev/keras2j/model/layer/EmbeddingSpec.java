package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.List;

/**
 * {@code Embedding}: looks up row {@code id} of {@code embeddings [input_dim, output_dim]} for every
 * element of the input, which holds token ids as numbers. Ids are truncated toward zero as Keras's cast
 * to int32 does; with {@code mask_zero} an element equal to 0 is masked.
 */
public final class EmbeddingSpec extends LayerSpec {
    private final int inputDim;
    private final int outputDim;
    private final boolean maskZero;
    private final int[] inputLength;

    public EmbeddingSpec(LayerConfig config) {
        super(config);
        this.inputDim = config.requiredInt("input_dim");
        this.outputDim = config.requiredInt("output_dim");
        this.maskZero = config.bool("mask_zero", false);
        // Keras 3 ignores input_length (deprecated); Keras 1/2 used it to fill the output shape.
        this.inputLength = config.kerasMajorVersion() >= 3 ? null : config.intList("input_length");
        if (inputDim <= 0 || outputDim <= 0) {
            throw refuse("input_dim " + inputDim + " and output_dim " + outputDim + " must be positive");
        }
        if (config.has("lora_rank")) {
            throw refuse("option 'lora_rank' is set: LoRA weights are not supported");
        }
        if (config.has("quantization_config")) {
            throw refuse("option 'quantization_config' is set: quantized weights are not supported");
        }
        if (config.bool("sparse", false)) {
            throw refuse("option 'sparse' is true: sparse embedding outputs are not supported");
        }
    }

    /** Vocabulary size: valid ids are {@code 0 .. input_dim-1}. */
    public int inputDim() {
        return inputDim;
    }

    /** Length of each embedding vector. */
    public int outputDim() {
        return outputDim;
    }

    /** Whether id 0 is padding that masks its timestep for the following layers. */
    public boolean maskZero() {
        return maskZero;
    }

    /** Keras 1/2's {@code input_length} (one entry per input axis), or {@code null}; shapes only. */
    public int[] inputLength() {
        return inputLength == null ? null : inputLength.clone();
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] dims = input.dims();
        if (inputLength != null) {
            if (inputLength.length != dims.length) {
                throw check("input_length " + java.util.Arrays.toString(inputLength) + " does not fit input "
                        + input.toKerasString());
            }
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == Shape.UNKNOWN) {
                    dims[i] = inputLength[i];
                } else if (inputLength[i] != Shape.UNKNOWN && inputLength[i] != dims[i]) {
                    throw check("input_length is " + java.util.Arrays.toString(inputLength) + " but the input is "
                            + input.toKerasString());
                }
            }
        }
        int[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = outputDim;
        return Shape.of(out);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        return List.of(new WeightSlot("embeddings", new int[] {inputDim, outputDim}));
    }
}
