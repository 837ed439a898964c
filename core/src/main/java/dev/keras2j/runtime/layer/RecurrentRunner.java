package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.GruSpec;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.PreparedMatrix;

/**
 * Runs one recurrent cell along the time axis, as Keras's {@code backend.rnn} does: the input projection
 * {@code x·kernel + bias} of every timestep is one matrix multiply, then each step multiplies the
 * {@code [batch, units]} state by {@code recurrent_kernel}.
 *
 * <p>Masking (Keras 3's TensorFlow {@code rnn}): at a masked step the states keep their previous values,
 * and the step's output is zeros when {@code zeroOutputForMask}, otherwise the previous step's output
 * (zeros before the first unmasked step). Without {@code return_sequences} the result is the output of
 * the last processed step under that same rule.
 */
abstract class RecurrentRunner {
    /** Below this many cell updates per step the gates run on the calling thread. */
    private static final long PARALLEL_CELLS = 4096;
    protected final int units;
    private final int features;
    private final int gateWidth;
    private final PreparedMatrix kernel;
    private final float[] inputBias;
    private final boolean goBackwards;
    private final boolean returnSequences;
    private final boolean hasCarry;

    private RecurrentRunner(RecurrentSpec spec, NdArray kernel, float[] inputBias, boolean hasCarry) {
        this.units = spec.units();
        this.features = kernel.dim(0);
        this.gateWidth = spec.gates() * units;
        this.kernel = PreparedMatrix.of(kernel.data(), features, gateWidth);
        this.inputBias = inputBias;
        this.goBackwards = spec.goBackwards();
        this.returnSequences = spec.returnSequences();
        this.hasCarry = hasCarry;
    }

    /** The runner for a SimpleRNN, LSTM or GRU spec and its weights ({@code bias} null without use_bias). */
    static RecurrentRunner create(RecurrentSpec spec, NdArray kernel, NdArray recurrentKernel, NdArray bias) {
        if (spec instanceof LstmSpec lstm) {
            return new Lstm(lstm, kernel, recurrentKernel, bias == null ? null : bias.data());
        }
        if (spec instanceof GruSpec gru) {
            return new Gru(gru, kernel, recurrentKernel, bias);
        }
        return new SimpleRnn(spec, kernel, recurrentKernel, bias == null ? null : bias.data());
    }

    int units() {
        return units;
    }

    boolean returnSequences() {
        return returnSequences;
    }

    /**
     * Runs the layer on {@code x [batch, time, features]}.
     *
     * @param mask              {@code [batch * time]}, true where a step is real, or null
     * @param zeroOutputForMask whether masked steps output zeros instead of repeating the previous output
     * @return {@code [batch, time, units]} in processing order (reversed in time when going backwards)
     *         with return_sequences, else {@code [batch, units]}
     */
    float[] run(float[] x, int batch, int time, boolean[] mask, boolean zeroOutputForMask) {
        return run(x, batch, time, mask, zeroOutputForMask, null, null);
    }

    /**
     * {@link #run(float[], int, int, boolean[], boolean)} from given initial states, keeping the final ones.
     *
     * @param initial     the initial states ({@code h}, then {@code c} for an LSTM), {@code [batch, units]}
     *                    each, or null for zeros (Keras's default)
     * @param finalStates where to put the states after the last step (each a new array), or null
     */
    float[] run(float[] x, int batch, int time, boolean[] mask, boolean zeroOutputForMask, float[][] initial,
                float[][] finalStates) {
        if (mask != null && mask.length != batch * time) {
            throw new Keras2jException("a recurrent layer received a mask of " + mask.length
                    + " steps for " + batch + " sequences of " + time + " steps");
        }
        for (int i = 0; initial != null && i < initial.length; i++) {
            if (initial[i].length != batch * units) {
                throw new Keras2jException("a recurrent layer received an initial state of " + initial[i].length
                        + " values for " + batch + " sequences of " + units + " units");
            }
        }
        float[] projected = Gemm.multiply(x, kernel, inputBias, batch * time);
        float[] h = initial == null ? new float[batch * units] : initial[0].clone();
        float[] c = !hasCarry ? null : initial == null ? new float[batch * units] : initial[1].clone();
        float[] newH = new float[batch * units];
        float[] newC = hasCarry ? new float[batch * units] : null;
        float[] stepInput = new float[batch * gateWidth];
        float[] scratch = new float[batch * scratchPerRow()];
        float[] out = new float[returnSequences ? batch * time * units : batch * units];
        for (int k = 0; k < time; k++) {
            int t = goBackwards ? time - 1 - k : k;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(projected, (b * time + t) * gateWidth, stepInput, b * gateWidth, gateWidth);
            }
            step(stepInput, h, c, newH, newC, scratch, batch);
            for (int b = 0; b < batch; b++) {
                boolean real = mask == null || mask[b * time + t];
                int row = b * units;
                if (real) {
                    System.arraycopy(newH, row, h, row, units);
                    if (hasCarry) {
                        System.arraycopy(newC, row, c, row, units);
                    }
                }
                int dst = returnSequences ? (b * time + k) * units : row;
                if (real || !zeroOutputForMask) {
                    // Every cell's output is its new h, so "the previous output" is the kept h.
                    System.arraycopy(h, row, out, dst, units);
                } else {
                    java.util.Arrays.fill(out, dst, dst + units, 0f);
                }
            }
        }
        if (finalStates != null) {
            finalStates[0] = h;
            if (hasCarry) {
                finalStates[1] = c;
            }
        }
        return out;
    }

    /** How many state tensors the cell carries: 2 for an LSTM, else 1. */
    int stateCount() {
        return hasCarry ? 2 : 1;
    }

    /**
     * One step for the whole batch: {@code stepInput [batch, gates*units]} holds {@code x·kernel + bias}, and
     * is the step's own to overwrite (it is refilled before every step); writes the new states without
     * touching the old ones. {@code scratch} holds {@link #scratchPerRow()} floats per sequence whose contents
     * are whatever the previous step left: a step writes each before it reads it.
     */
    protected abstract void step(float[] stepInput, float[] h, float[] c, float[] newH, float[] newC, float[] scratch,
                                 int batch);

    /**
     * Floats of working space a step needs per sequence, allocated once per run rather than by every step: the
     * GRU's per-step products were 7 of the 17 MB a batch-32 prediction of the benchmark GRU allocated.
     */
    protected int scratchPerRow() {
        return 0;
    }

    /** Whether a step's cell updates are worth splitting over the kernel threads. */
    protected boolean parallelGates(int batch) {
        return batch >= 2 * Parallelism.threads() && (long) batch * units >= PARALLEL_CELLS;
    }

    protected static float act(ActivationSpec a, double v) {
        return (float) ActivationFunctions.scalar(a, v);
    }

    private static final class SimpleRnn extends RecurrentRunner {
        private final PreparedMatrix recurrentKernel;
        private final ActivationSpec activation;

        SimpleRnn(RecurrentSpec spec, NdArray kernel, NdArray recurrentKernel, float[] bias) {
            super(spec, kernel, bias, false);
            this.recurrentKernel = PreparedMatrix.of(recurrentKernel.data(), spec.units(), spec.units());
            this.activation = spec.activation();
        }

        @Override
        protected void step(float[] z, float[] h, float[] c, float[] newH, float[] newC, float[] scratch, int batch) {
            Gemm.multiplyAdd(h, 0, recurrentKernel, z, 0, batch);
            for (int i = 0; i < z.length; i++) {
                newH[i] = act(activation, z[i]);
            }
        }
    }

    private static final class Lstm extends RecurrentRunner {
        private final PreparedMatrix recurrentKernel;
        private final ActivationSpec activation;
        private final ActivationSpec recurrentActivation;

        Lstm(LstmSpec spec, NdArray kernel, NdArray recurrentKernel, float[] bias) {
            super(spec, kernel, bias, true);
            this.recurrentKernel = PreparedMatrix.of(recurrentKernel.data(), spec.units(), 4 * spec.units());
            this.activation = spec.activation();
            this.recurrentActivation = spec.recurrentActivation();
        }

        @Override
        protected void step(float[] z, float[] h, float[] c, float[] newH, float[] newC, float[] scratch, int batch) {
            Gemm.multiplyAdd(h, 0, recurrentKernel, z, 0, batch);
            Parallelism.forRange(batch, parallelGates(batch), (b0, b1) -> lstmCells(z, c, newH, newC, b0, b1));
        }

        private void lstmCells(float[] z, float[] c, float[] newH, float[] newC, int b0, int b1) {
            int g = 4 * units;
            for (int b = b0; b < b1; b++) {
                int zr = b * g;
                // Gates i, f (contiguous), the candidate, then o: each run through its activation in one loop.
                ActivationFunctions.applyElementwise(recurrentActivation, z, zr, zr + 2 * units);
                ActivationFunctions.applyElementwise(activation, z, zr + 2 * units, zr + 3 * units);
                ActivationFunctions.applyElementwise(recurrentActivation, z, zr + 3 * units, zr + g);
                int row = b * units;
                for (int j = 0; j < units; j++) {
                    int s = row + j;
                    float carry = z[zr + units + j] * c[s] + z[zr + j] * z[zr + 2 * units + j];
                    newC[s] = carry;
                    newH[s] = carry;
                }
                ActivationFunctions.applyElementwise(activation, newH, row, row + units);
                for (int j = 0; j < units; j++) {
                    newH[row + j] *= z[zr + 3 * units + j];
                }
            }
        }
    }

    private static final class Gru extends RecurrentRunner {
        private final boolean resetAfter;
        private final ActivationSpec activation;
        private final ActivationSpec recurrentActivation;
        /** reset_after: the whole {@code [units, 3u]} kernel; otherwise its z and r columns {@code [units, 2u]}. */
        private final PreparedMatrix recurrentGates;
        /** reset_after=False only: the h columns {@code [units, units]}, applied to {@code r⊙h}. */
        private final PreparedMatrix recurrentCandidate;
        private final float[] recurrentBias;

        Gru(GruSpec spec, NdArray kernel, NdArray recurrentKernel, NdArray bias) {
            super(spec, kernel, inputBias(spec, bias), false);
            this.resetAfter = spec.resetAfter();
            this.activation = spec.activation();
            this.recurrentActivation = spec.recurrentActivation();
            int u = spec.units();
            float[] rk = recurrentKernel.data();
            if (resetAfter) {
                this.recurrentGates = PreparedMatrix.of(rk, u, 3 * u);
                this.recurrentCandidate = null;
                this.recurrentBias = bias == null ? null : java.util.Arrays.copyOfRange(bias.data(), 3 * u, 6 * u);
            } else {
                this.recurrentGates = PreparedMatrix.columns(rk, u, 3 * u, 0, 2 * u);
                this.recurrentCandidate = PreparedMatrix.columns(rk, u, 3 * u, 2 * u, u);
                this.recurrentBias = null;
            }
        }

        private static float[] inputBias(GruSpec spec, NdArray bias) {
            if (bias == null) {
                return null;
            }
            return spec.resetAfter() ? java.util.Arrays.copyOfRange(bias.data(), 0, 3 * spec.units()) : bias.data();
        }

        /** reset_after: {@code h·U + b_rec} {@code [3u]}; otherwise {@code h·U_zr}, z, {@code r⊙h} and {@code (r⊙h)·U_h}. */
        @Override
        protected int scratchPerRow() {
            return resetAfter ? 3 * units : 5 * units;
        }

        @Override
        protected void step(float[] in, float[] h, float[] c, float[] newH, float[] newC, float[] scratch, int batch) {
            if (resetAfter) {
                float[] rec = scratch;
                Gemm.multiply(h, recurrentGates, recurrentBias, rec, batch);
                Parallelism.forRange(batch, parallelGates(batch), (b0, b1) -> gruCellsResetAfter(in, rec, h, newH, b0, b1));
                return;
            }
            stepResetBefore(in, h, newH, scratch, batch);
        }

        private void gruCellsResetAfter(float[] in, float[] rec, float[] h, float[] newH, int b0, int b1) {
            int u = units;
            int g = 3 * u;
            for (int b = b0; b < b1; b++) {
                int r0 = b * g;
                // z and r (contiguous) in place in rec, then the candidate, each in one activation loop.
                for (int j = r0; j < r0 + 2 * u; j++) {
                    rec[j] = in[j] + rec[j];
                }
                ActivationFunctions.applyElementwise(recurrentActivation, rec, r0, r0 + 2 * u);
                for (int j = 0; j < u; j++) {
                    int at = r0 + 2 * u + j;
                    rec[at] = in[at] + rec[r0 + u + j] * rec[at];
                }
                ActivationFunctions.applyElementwise(activation, rec, r0 + 2 * u, r0 + g);
                for (int j = 0; j < u; j++) {
                    float z = rec[r0 + j];
                    int s = b * u + j;
                    newH[s] = z * h[s] + (1f - z) * rec[r0 + 2 * u + j];
                }
            }
        }

        private void stepResetBefore(float[] in, float[] h, float[] newH, float[] scratch, int batch) {
            int u = units;
            int g = 3 * u;
            int n = batch * u;
            // scratch: rec [batch, 2u], then z, r⊙h and (r⊙h)·U_h, [batch, u] each.
            int zAt = 2 * n;
            int resetAt = 3 * n;
            int candidateAt = 4 * n;
            Gemm.multiply(h, 0, recurrentGates, scratch, 0, batch);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < u; j++) {
                    int s = b * u + j;
                    scratch[zAt + s] = act(recurrentActivation, in[b * g + j] + scratch[b * 2 * u + j]);
                    float r = act(recurrentActivation, in[b * g + u + j] + scratch[b * 2 * u + u + j]);
                    scratch[resetAt + s] = r * h[s];
                }
            }
            Gemm.multiply(scratch, resetAt, recurrentCandidate, scratch, candidateAt, batch);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < u; j++) {
                    int s = b * u + j;
                    float z = scratch[zAt + s];
                    float candidate = act(activation, in[b * g + 2 * u + j] + scratch[candidateAt + s]);
                    newH[s] = z * h[s] + (1f - z) * candidate;
                }
            }
        }
    }
}
