package dev.keras2j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the models under a batch's inputs (files, folders searched recursively, or globs such as
 * {@code models/**.h5}). An architecture JSON and its weights file are one model, paired by name as the reader
 * does ({@code m.json} → {@code m.weights.h5}, {@code m_weights.h5}, {@code m.h5}; {@code m_config.json} →
 * {@code m_weights.h5}; else the only HDF5 file beside it). Weights-only HDF5 files, references and data files
 * are not models. Files named like models that cannot be read are kept, so the batch reports them.
 */
final class ModelDiscovery {
    /** The result: the models, and how many other files were looked at and left out. */
    record Found(List<ModelSource> models, int otherFiles) {
    }

    private ModelDiscovery() {
    }

    /**
     * @param inputs  files, folders or glob patterns as typed
     * @param exclude a folder never searched (the batch's output folder), or {@code null}
     * @throws UsageException when an input names nothing
     */
    static Found find(List<String> inputs, Path exclude) {
        Path excluded = exclude == null ? null : exclude.toAbsolutePath().normalize();
        // Relative path -> file, per root, in a stable order; a file reached from two inputs counts once.
        Map<Path, Path> roots = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String input : inputs) {
            List<Path> files = expand(input, excluded, roots);
            if (files.isEmpty()) {
                throw new UsageException("no files found for input '" + input + "'");
            }
            seen.addAll(files);
        }
        Map<Path, ModelFileKind> kinds = new LinkedHashMap<>();
        for (Path f : seen) {
            kinds.put(f, ModelFileKind.of(f));
        }
        List<ModelSource> models = new ArrayList<>();
        int other = 0;
        for (Map.Entry<Path, ModelFileKind> e : kinds.entrySet()) {
            Path f = e.getKey();
            switch (e.getValue()) {
                case MODEL, UNREADABLE -> models.add(new ModelSource(f, null, relative(roots.get(f), f)));
                case ARCHITECTURE -> models.add(new ModelSource(f, weightsFor(f, kinds), relative(roots.get(f), f)));
                case WEIGHTS, OTHER -> other++;
            }
        }
        return new Found(models, other);
    }

    /** Output names relative to OUTDIR: {@code a/b/m.h5} → {@code a/b/m.zip}, or {@code a/b/m.h5.zip} when stems collide. */
    static Map<ModelSource, String> outputNames(List<ModelSource> models, String extension) {
        Map<String, List<ModelSource>> byTarget = new TreeMap<>();
        for (ModelSource m : models) {
            byTarget.computeIfAbsent(withoutExtension(m.relative()) + extension, k -> new ArrayList<>()).add(m);
        }
        Map<ModelSource, String> names = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (ModelSource m : models) {
            String plain = withoutExtension(m.relative()) + extension;
            String name = byTarget.get(plain).size() == 1 ? plain : m.relative() + extension;
            int n = used.merge(name, 1, Integer::sum);
            // Two inputs can hold the same relative path; later ones get a number.
            names.put(m, n == 1 ? name : withoutExtension(m.relative()) + "-" + n + extension);
        }
        return names;
    }

    /** A model file's name without its extension. */
    static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".weights.h5", ".h5", ".hdf5", ".keras", ".json")) {
            if (lower.endsWith(ext) && lower.length() > ext.length()) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String withoutExtension(String relative) {
        int slash = relative.lastIndexOf('/');
        return relative.substring(0, slash + 1) + stem(relative.substring(slash + 1));
    }

    private static List<Path> expand(String input, Path excluded, Map<Path, Path> roots) {
        Path path;
        try {
            path = Path.of(input);
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path != null && Files.isRegularFile(path)) {
            Path file = path.toAbsolutePath().normalize();
            roots.putIfAbsent(file, file.getParent());
            return List.of(file);
        }
        if (path != null && Files.isDirectory(path)) {
            Path root = path.toAbsolutePath().normalize();
            return walk(root, root, null, excluded, roots);
        }
        if (!isGlob(input)) {
            throw new UsageException("input not found: " + input);
        }
        Path base = globBase(input);
        String pattern = base.resolve(input.substring(Math.min(input.length(), globBaseLength(input)))).toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("\\", "\\\\"));
        return Files.isDirectory(base) ? walk(base, base, matcher, excluded, roots) : List.of();
    }

    private static List<Path> walk(Path root, Path start, PathMatcher matcher, Path excluded, Map<Path, Path> roots) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(start)) {
            s.filter(Files::isRegularFile)
                    .map(p -> p.toAbsolutePath().normalize())
                    .filter(p -> excluded == null || !p.startsWith(excluded))
                    .filter(p -> !hiddenBelow(root, p))
                    .filter(p -> matcher == null || matcher.matches(p))
                    .sorted()
                    .forEach(p -> {
                        roots.putIfAbsent(p, root);
                        files.add(p);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + start + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Files under a hidden folder (.git, a batch's temporary folder) are not inputs. */
    private static boolean hiddenBelow(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Length of the part of a glob before the first path component holding a wildcard. */
    private static int globBaseLength(String glob) {
        int firstWild = 0;
        while (firstWild < glob.length() && "*?[{".indexOf(glob.charAt(firstWild)) < 0) {
            firstWild++;
        }
        return glob.lastIndexOf('/', firstWild) + 1;
    }

    private static Path globBase(String glob) {
        int n = globBaseLength(glob);
        return (n == 0 ? Path.of("") : Path.of(glob.substring(0, n))).toAbsolutePath().normalize();
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The weights file of an architecture JSON, chosen as {@code KerasModelReader} would, or {@code null}. */
    private static Path weightsFor(Path json, Map<Path, ModelFileKind> kinds) {
        Path dir = json.getParent();
        String stem = stem(json.getFileName().toString());
        List<String> candidates = new ArrayList<>();
        if (stem.endsWith("_config")) {
            String base = stem.substring(0, stem.length() - "_config".length());
            candidates.addAll(List.of(base + "_weights.h5", base + ".weights.h5", base + "_weights.hdf5", base + ".h5"));
        }
        candidates.addAll(List.of(stem + ".weights.h5", stem + "_weights.h5", stem + ".h5", stem + ".hdf5"));
        for (String c : candidates) {
            Path p = dir.resolve(c);
            ModelFileKind k = kinds.containsKey(p) ? kinds.get(p) : Files.isRegularFile(p) ? ModelFileKind.of(p) : null;
            if (k == ModelFileKind.WEIGHTS || k == ModelFileKind.MODEL) {
                return p;
            }
        }
        List<Path> weights = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(p -> {
                ModelFileKind k = kinds.containsKey(p) ? kinds.get(p) : ModelFileKind.of(p);
                if (k == ModelFileKind.WEIGHTS) {
                    weights.add(p);
                }
            });
        } catch (IOException e) {
            return null;
        }
        return weights.size() == 1 ? weights.get(0) : null;
    }
}
