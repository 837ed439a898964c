package dev.keras2j.export.dl4j;

import dev.keras2j.model.NdArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between keras2j's {@link NdArray} and ND4J's {@link INDArray}, both float32 in row-major order. */
public final class Nd4jArrays {
    private Nd4jArrays() {
    }

    /** A new float32 C-order INDArray holding a copy of {@code a}. */
    public static INDArray toNd4j(NdArray a) {
        long[] shape = new long[a.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = a.dim(i);
        }
        return Nd4j.create(a.data().clone(), shape, 'c').castTo(DataType.FLOAT);
    }

    /** A new NdArray holding a copy of {@code a} in row-major order. */
    public static NdArray fromNd4j(INDArray a) {
        INDArray c = a.castTo(DataType.FLOAT).dup('c');
        long[] s = c.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return NdArray.of(c.data().asFloat(), shape);
    }
}
