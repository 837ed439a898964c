package dev.keras2j.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The seed files of one target: the fixtures (models, weights, JSON, {@code .npz}; the {@code .npy} arrays
 * inside the {@code .npz} files) and the harness's own seeds (a DL4J reference), each at most
 * {@value #MAX_SEED_BYTES} bytes so that a run stays fast, sorted by path for a deterministic order.
 */
record Seeds(Target target, List<Seed> seeds) {
    static final int MAX_SEED_BYTES = 64 << 10;

    /** One seed: its bytes, and the unmutated file read with it (or {@code null}). */
    record Seed(String name, byte[] bytes, Path companion) {
    }

    static Seeds load(Target target, List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        files.sort(null);
        List<Seed> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (Files.size(f) > MAX_SEED_BYTES) {
                continue;
            }
            if (target == Target.NPY && name.endsWith(".npz")) {
                out.addAll(arraysOf(f));
                continue;
            }
            if (!target.seeds(name) || (target == Target.H5_MODEL && name.endsWith("_inputs_and_outputs.h5"))) {
                continue;
            }
            Path companion = null;
            String c = target.companion(name);
            if (c != null) {
                companion = f.resolveSibling(c);
                if (!Files.isRegularFile(companion)) {
                    continue;
                }
            }
            out.add(new Seed(f.toString(), Files.readAllBytes(f), companion));
        }
        return new Seeds(target, out);
    }

    private static List<Seed> arraysOf(Path npz) throws IOException {
        List<Seed> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(npz)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".npy")) {
                    out.add(new Seed(npz + ":" + e.getName(), in.readAllBytes(), null));
                }
            }
        }
        return out;
    }
}
