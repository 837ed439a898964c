package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.WarmUpWork;

import java.util.Arrays;
import java.util.Random;

/**
 * What the warm-up race runs: a product small enough to stay on one thread (row panels of 12, 8 and 4 rows,
 * a whole and a partial column panel, two blocks along {@code k}) on both paths, and every other vector kernel alongside,
 * so that each is compiled before first used.
 */
final class KernelWarmUp implements WarmUpWork {
    private static final int M = 12 + 12 + 8 + 4;
    private static final int K = 300;
    private static final int N = Lanes.COUNT * 3 / 2;
    /** Two whole column panels: the wide register tile ({@link VectorGemm#WIDE}), compiled alongside. */
    private static final int N_WIDE = Lanes.COUNT * 2;

    private final float[] a = new float[M * K];
    private final float[] b = new float[K * N];
    private final float[] c = new float[M * N];
    private final float[] bWide = new float[K * N_WIDE];
    private final float[] cWide = new float[M * N_WIDE];
    private final PreparedMatrix prepared;
    private final PreparedMatrix preparedWide;
    private final ConvPatches patches;
    private final PreparedMatrix convKernel;
    private final float[] convOut;
    private final PreparedMatrix convKernelT;
    private final ShiftedRows planes;
    private final float[] planesOut;
    private final float[] gates;
    private final float[] tiles = new float[16 * 16];

    KernelWarmUp() {
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat();
        }
        for (int i = 0; i < bWide.length; i++) {
            bWide[i] = r.nextFloat();
        }
        prepared = PreparedMatrix.of(b, K, N);
        preparedWide = PreparedMatrix.of(bWide, K, N_WIDE);
        patches = new ConvPatches(a, 0, 10, 3, 0, 3, 3, 3, 1, 1, 1, 1, 8, 8);
        convKernel = PreparedMatrix.of(Arrays.copyOf(b, 27 * 8), 27, 8);
        convOut = new float[patches.rows() * 8];
        convKernelT = PreparedMatrix.of(Arrays.copyOf(b, 8 * 27), 8, 27);
        planes = new ShiftedRows(a, new int[] {0, 1, 2, 100, 101, 102, 200, 201, 202}, 3, 1000, 61);
        planesOut = new float[8 * planes.columns()];
        gates = Arrays.copyOf(a, 1024);
    }

    @Override
    public void vectorProduct() {
        VectorGemm.multiplyAdd(a, 0, b, 0, c, 0, 0, M, K, N, 0, N, false);
    }

    @Override
    public void portableProduct() {
        PortableGemm.multiplyAdd(a, 0, b, 0, c, 0, M, K, N);
    }

    @Override
    public void otherKernels() {
        // The overwriting product too: a branch C2 never saw taken would be compiled as a trap, and the first
        // Winograd layer would then run the kernel interpreted until it was compiled again.
        VectorGemm.multiplyPacked(a, 0, prepared.panels(), c, 0, 0, M, K, N, 0, N, false, true);
        // The wide tile, adding and overwriting; not in the timed product, whose verdict should not depend on
        // whether the CPU has that tile.
        VectorGemm.multiplyAdd(a, 0, bWide, 0, cWide, 0, 0, M, K, N_WIDE, 0, N_WIDE, false);
        VectorGemm.multiplyPacked(a, 0, preparedWide.panels(), cWide, 0, 0, M, K, N_WIDE, 0, N_WIDE, false, true);
        VectorGemm.multiplyAddPatches(patches, convKernel.panels(), convOut, 0, 0, patches.rows(), 27, 8, 0, 8, false);
        VectorGemm.multiplyAddShifted(convKernelT.rowPanels(), 8, 27, planes, planesOut, 0, 0, planes.columns());
        VectorWinogradTiles.input(a, 0, 64, 16, tiles, 0, 16);
        VectorWinogradTiles.output(tiles, 0, 16, 16, b, c, 0, 32);
        VectorWindowReduce.max(tiles, 0, a, 0, 16);
        VectorWindowReduce.add(tiles, 0, a, 0, 16);
    }

    @Override
    public void gates() {
        FloatGates.Vectors.SIGMOID.run(gates, 0, gates.length);
        FloatGates.Vectors.TANH.run(gates, 0, gates.length);
        FloatGates.Vectors.RELU.run(gates, 0, gates.length);
    }
}
