package dev.keras2j.cli;

import dev.keras2j.container.AtomicFile;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code predict} and {@code convert} killed with SIGKILL while writing (a real child JVM running the CLI's main
 * class): the temporary file they leave is removed by the next run into the same folder, and a replaced output
 * keeps its permissions.
 */
class KillTest {
    @TempDir
    Path tmp;

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(AtomicFile.TEMP_PREFIX)).toList();
        }
    }

    private static Process start(Path dir, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Keras2jCli.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Starts the command until one run is killed while its temporary file exists (at most {@code attempts}
     * times); returns how many kills left a temporary file behind.
     */
    private static int killMidWrite(Path dir, int attempts, String... args) throws Exception {
        int caught = 0;
        for (int i = 0; i < attempts && caught == 0; i++) {
            Process p = start(dir, args);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && leftovers(dir).isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            p.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            p.waitFor(60, TimeUnit.SECONDS);
            if (!leftovers(dir).isEmpty()) {
                caught++;
            }
        }
        return caught;
    }

    @Test
    void predictKilledMidWriteLeavesNothingAfterTheNextRunAndAReplacedOutputKeepsItsMode() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("predict"));
        String model = CliRun.fixture("dense_2d", "h5");
        int rows = 1 << 20;
        NpyWriter.write(dir.resolve("in.npy"), NdArray.zeros(rows, 5));
        Path out = dir.resolve("out.npz");
        String[] args = {"predict", Path.of(model).toAbsolutePath().toString(), "--input", "in.npy", "--output", "out.npz"};

        assertThat(killMidWrite(dir, 8, args)).as("a kill landed while the output was being written").isEqualTo(1);
        assertThat(Files.exists(out)).isFalse();

        CliRun run = runIn(dir, args);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(leftovers(dir)).isEmpty();
        assertThat(out).exists();

        for (String mode : new String[] {"rw-r--r--", "rw-r-----"}) {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(mode));
            assertThat(runIn(dir, args).exit()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo(mode);
        }
    }

    @Test
    void convertKilledMidWriteLeavesNothingAfterTheNextRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("convert"));
        String model = Path.of(CliRun.fixture("functional_residual_cnn", "h5")).toAbsolutePath().toString();
        String[] args = {"convert", model, "--to", "dl4j", "-o", "net.zip", "--no-verify", "--overwrite"};
        assertThat(killMidWrite(dir, 4, args)).as("a kill landed while the zip was being written").isEqualTo(1);
        CliRun run = runIn(dir, args);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(leftovers(dir)).isEmpty();
        assertThat(dir.resolve("net.zip")).exists();
    }

    /** Runs the CLI in-process with paths relative to {@code dir}. */
    private static CliRun runIn(Path dir, String... args) {
        String[] absolute = args.clone();
        for (int i = 0; i < absolute.length; i++) {
            if (!absolute[i].startsWith("-") && absolute[i].contains(".") && !Path.of(absolute[i]).isAbsolute()) {
                absolute[i] = dir.resolve(absolute[i]).toString();
            }
        }
        return CliRun.of(absolute);
    }
}
