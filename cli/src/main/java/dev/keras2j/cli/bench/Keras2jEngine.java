package dev.keras2j.cli.bench;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.kernel.VectorSupport;


/** keras2j's own runtime. */
public final class Keras2jEngine implements BenchEngine {
    @Override
    public String name() {
        return "keras2j";
    }

    @Override
    public Loaded load(ModelFiles files) {
        KerasModel m = KerasModel.load(files.model(), files.weights());
        int[] shape = Shapes.fixed(m.inputShape());
        return new NdArrayLoaded(shape) {
            @Override
            public Object predict(Object prepared) {
                return m.predict((NdArray) prepared);
            }

            /** Once the Vector API path has switched on (or its warm-up gave up): until then a model runs slower. */
            @Override
            public boolean settled() {
                return VectorSupport.settled();
            }

            /**
             * Whether the timed calls ran on the Vector API path: on a crowded host its warm-up can give up and
             * leave the portable path, several times slower.
             */
            @Override
            public java.util.Map<String, Object> state() {
                return java.util.Map.of("vector_ready", VectorSupport.ready());
            }
        };
    }
}
