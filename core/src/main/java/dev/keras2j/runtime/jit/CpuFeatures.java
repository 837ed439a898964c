package dev.keras2j.runtime.jit;

/**
 * What this CPU and JVM offer the kernels: fused multiply-add, and the width of the Vector API's float
 * vectors. Both are asked once; the answers are constants for the JVM's life.
 */
public final class CpuFeatures {
    /** System property: {@code false} turns the Vector API path off. */
    public static final String VECTOR_PROPERTY = "keras2j.vector";
    /**
     * System property: the vector width in bits the kernels use (256 or 512) instead of the JVM's preferred
     * one, so that tests can run the vector kernels at both widths on one machine.
     */
    public static final String VECTOR_BITS_PROPERTY = "keras2j.vector.bits";

    private static final boolean FMA = hardwareFma();

    private CpuFeatures() {
    }

    /**
     * Whether the CPU fuses multiply-adds. Without it {@code Math.fma} falls back to BigDecimal, hundreds of
     * times slower, so the portable kernels multiply and add instead, and the vector path (whose sums would
     * then differ) is off.
     */
    public static boolean fusedMultiplyAdd() {
        return FMA;
    }

    /**
     * The width in bits of the float vectors the Vector API path uses, or 0 when this JVM has no such path:
     * the module {@code jdk.incubator.vector} not resolved (it needs {@code --add-modules}), no fused
     * multiply-add, vectors narrower than 256 bits, or {@value #VECTOR_PROPERTY}{@code =false}. Otherwise the
     * JVM's preferred width (512 on AVX-512, 256 on AVX2), or {@value #VECTOR_BITS_PROPERTY} when set to 256
     * or 512.
     */
    public static int vectorBits() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true")) || !FMA
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        int preferred;
        try {
            preferred = Preferred.bits();
        } catch (LinkageError e) {
            return 0;
        }
        if (preferred < 256) {
            return 0;
        }
        String forced = System.getProperty(VECTOR_BITS_PROPERTY, "");
        if (forced.equals("256") || forced.equals("512")) {
            return Integer.parseInt(forced);
        }
        return Math.min(preferred, 512);
    }

    /** Names the Vector API, so that only {@link #vectorBits} can fail to link it. */
    private static final class Preferred {
        static int bits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }

    /**
     * HotSpot's {@code UseFMA}. The management API answers that at a cost of about 50 ms on first use, so the
     * CPU is asked first where that is cheap: every 64-bit ARM CPU fuses, and on x86 Linux HotSpot sets
     * {@code UseFMA} from the {@code fma} flag that {@code /proc/cpuinfo} lists.
     */
    private static boolean hardwareFma() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return true;
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            Boolean listed = cpuInfoFlag("fma");
            if (listed != null) {
                return listed;
            }
        }
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm == null || Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** Whether the first CPU's {@code flags} line in {@code /proc/cpuinfo} lists {@code flag}; null if unknown. */
    private static Boolean cpuInfoFlag(String flag) {
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/cpuinfo"))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("flags")) {
                    return java.util.Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split(" ")).contains(flag);
                }
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
