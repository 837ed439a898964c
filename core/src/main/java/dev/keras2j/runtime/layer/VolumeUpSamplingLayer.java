package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** UpSampling3D (any number of spatial axes): every element repeated {@code size} times along each axis. */
final class VolumeUpSamplingLayer implements RuntimeLayer {
    private final UpSamplingSpec spec;

    VolumeUpSamplingLayer(CheckedLayer layer) {
        this.spec = (UpSamplingSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int[] size = spec.size();
        int rank = size.length;
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = Math.multiplyExact(x.dims()[i], size[i]);
        }
        VolumeBatch out = VolumeBatch.zeros(x.n(), outDims, x.c());
        int[] at = new int[rank];
        int[] src = new int[rank];
        for (int b = 0; b < x.n(); b++) {
            for (int p = 0; p < out.positions(); p++) {
                VolumeBatch.coordinates(p, outDims, at);
                for (int i = 0; i < rank; i++) {
                    src[i] = at[i] / size[i];
                }
                System.arraycopy(x.data(), x.offset(b, x.flat(src)), out.data(), out.offset(b, p), x.c());
            }
        }
        return MaskedArray.of(out.toArray(spec.dataFormat()));
    }
}
