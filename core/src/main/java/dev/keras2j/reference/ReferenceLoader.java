package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Detects a reference's layout and dispatches to the reader for it. */
final class ReferenceLoader {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private static final Pattern NPZ_INPUT = Pattern.compile("input(?:_(\\d+))?");
    private static final Pattern NPZ_OUTPUT = Pattern.compile("output(?:_(\\d+))?");
    private static final String NPZ_LAYER_PREFIX = "layer/";
    private static final Pattern NPY_INPUT = Pattern.compile("inputs?(?:_(\\d+))?\\.npy", Pattern.CASE_INSENSITIVE);
    private static final Pattern NPY_OUTPUT = Pattern.compile("outputs?(?:_(\\d+))?\\.npy", Pattern.CASE_INSENSITIVE);
    private static final Pattern NPY_PREDICTIONS =
            Pattern.compile("predictions?(?:_(\\d+))?\\.npy", Pattern.CASE_INSENSITIVE);

    private ReferenceLoader() {
    }

    static Reference load(Path path, List<Shape> modelInputShapes) {
        if (Files.isDirectory(path)) {
            return loadFolder(path, modelInputShapes);
        }
        if (!Files.isRegularFile(path)) {
            throw new ReferenceFormatException(path + ": reference not found");
        }
        byte[] head = readHead(path);
        if (startsWith(head, NPY_MAGIC)) {
            Path folder = path.toAbsolutePath().getParent();
            Reference reference = loadNpyFolder(folder, path);
            if (reference == null) {
                throw new ReferenceFormatException(path + ": a single .npy is not a reference; name the files "
                        + "input.npy and output.npy (or predictions.npy) in one folder");
            }
            return reference;
        }
        if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
            return loadNpz(path);
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (startsWith(head, HDF5_MAGIC) || lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
            return Dl4jHdf5Reference.load(path);
        }
        throw new ReferenceFormatException(path + ": not a reference (expected .npz, .npy or a DL4J "
                + "*_inputs_and_outputs.h5 file, or a folder of them)");
    }

    static Reference fromNpyFiles(List<Path> inputFiles, List<Path> outputFiles) {
        if (inputFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one input file is required");
        }
        List<String> inputNames = new ArrayList<>();
        List<NdArray> inputs = new ArrayList<>();
        for (Path p : inputFiles) {
            inputNames.add(stem(p));
            inputs.add(NpyReader.read(p));
        }
        List<String> outputNames = new ArrayList<>();
        List<NdArray> outputs = new ArrayList<>();
        for (Path p : outputFiles) {
            outputNames.add(stem(p));
            outputs.add(NpyReader.read(p));
        }
        String source = inputFiles.get(0).toAbsolutePath().getParent().toString();
        return new Reference(source, inputNames, inputs, outputNames, outputs, Map.of());
    }

    static Reference loadNpz(Path path) {
        Map<String, NdArray> arrays = NpzReader.read(path);
        List<Numbered<NdArray>> inputs = new ArrayList<>();
        List<Numbered<NdArray>> outputs = new ArrayList<>();
        Map<String, NdArray> layers = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            String key = e.getKey();
            Matcher in = NPZ_INPUT.matcher(key);
            Matcher out = NPZ_OUTPUT.matcher(key);
            if (in.matches()) {
                inputs.add(new Numbered<>(index(in), key, e.getValue()));
            } else if (out.matches()) {
                outputs.add(new Numbered<>(index(out), key, e.getValue()));
            } else if (key.startsWith(NPZ_LAYER_PREFIX) && key.length() > NPZ_LAYER_PREFIX.length()) {
                layers.put(key.substring(NPZ_LAYER_PREFIX.length()), e.getValue());
            }
            // Other keys (extra metadata a generator may add) are not part of the reference.
        }
        if (inputs.isEmpty()) {
            throw new ReferenceFormatException(path + ": no 'input' (or 'input_0', ...) array; keys are " + arrays.keySet());
        }
        List<Numbered<NdArray>> orderedInputs = ordered(inputs, path, "input");
        List<Numbered<NdArray>> orderedOutputs = ordered(outputs, path, "output");
        return new Reference(path.toString(), names(orderedInputs), values(orderedInputs), names(orderedOutputs),
                values(orderedOutputs), layers);
    }

    private static Reference loadFolder(Path folder, List<Shape> modelInputShapes) {
        Reference npy = loadNpyFolder(folder, null);
        if (npy != null) {
            return npy;
        }
        Path sequences = folder.resolve("sequences");
        if (Files.isDirectory(sequences)) {
            return SequenceCsvReference.load(folder, sequences, findExpectedNpy(folder),
                    modelInputShapes.isEmpty() ? null : modelInputShapes.get(0));
        }
        List<Path> candidates = new ArrayList<>();
        for (Path p : list(folder)) {
            String lower = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (lower.endsWith(".npz") || lower.endsWith("_inputs_and_outputs.h5")) {
                candidates.add(p);
            }
        }
        if (candidates.size() == 1) {
            return load(candidates.get(0), modelInputShapes);
        }
        if (candidates.isEmpty()) {
            throw new ReferenceFormatException(folder + ": no reference found (looked for input*.npy with "
                    + "output*.npy or predictions*.npy, sequences/*.csv, a .npz or a *_inputs_and_outputs.h5)");
        }
        throw new ReferenceFormatException(folder + ": several candidate references " + fileNames(candidates)
                + "; name one of them");
    }

    /**
     * The input*.npy / output*.npy (or predictions*.npy) files of {@code folder}, or null if it has no input*.npy.
     *
     * @param required a file that must be part of the pair (the one the user named), or null
     */
    private static Reference loadNpyFolder(Path folder, Path required) {
        List<Numbered<Path>> inputs = new ArrayList<>();
        List<Numbered<Path>> outputs = new ArrayList<>();
        List<Numbered<Path>> predictions = new ArrayList<>();
        for (Path p : list(folder)) {
            String name = p.getFileName().toString();
            Matcher in = NPY_INPUT.matcher(name);
            Matcher out = NPY_OUTPUT.matcher(name);
            Matcher pred = NPY_PREDICTIONS.matcher(name);
            if (in.matches()) {
                inputs.add(new Numbered<>(index(in), stem(p), p));
            } else if (out.matches()) {
                outputs.add(new Numbered<>(index(out), stem(p), p));
            } else if (pred.matches()) {
                predictions.add(new Numbered<>(index(pred), stem(p), p));
            }
        }
        if (inputs.isEmpty()) {
            return null;
        }
        if (!outputs.isEmpty() && !predictions.isEmpty()) {
            throw new ReferenceFormatException(folder + ": both output*.npy and predictions*.npy are present; "
                    + "cannot tell which holds the expected outputs");
        }
        List<Numbered<Path>> orderedInputs = ordered(inputs, folder, "input");
        List<Numbered<Path>> orderedOutputs = ordered(outputs.isEmpty() ? predictions : outputs, folder, "output");
        if (required != null) {
            Path abs = required.toAbsolutePath().normalize();
            boolean member = Stream.concat(orderedInputs.stream(), orderedOutputs.stream())
                    .anyMatch(n -> n.value().toAbsolutePath().normalize().equals(abs));
            if (!member) {
                return null;
            }
        }
        return fromNpyFiles(values(orderedInputs), values(orderedOutputs));
    }

    /** The single output*.npy / predictions*.npy of a folder (CSV-sequence layout), or null if none. */
    private static Path findExpectedNpy(Path folder) {
        List<Path> found = new ArrayList<>();
        for (Path p : list(folder)) {
            String name = p.getFileName().toString();
            if (NPY_OUTPUT.matcher(name).matches() || NPY_PREDICTIONS.matcher(name).matches()) {
                found.add(p);
            }
        }
        if (found.size() > 1) {
            throw new ReferenceFormatException(folder + ": several expected-output files " + fileNames(found)
                    + " beside sequences/; one is required");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** Orders {@code name} or {@code name_0..name_n-1}; refuses mixtures and gaps. */
    static <T> List<Numbered<T>> ordered(List<Numbered<T>> items, Path source, String what) {
        if (items.size() == 1 && items.get(0).index() <= 0) {
            return items;
        }
        List<Numbered<T>> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(Numbered::index));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).index() != i) {
                throw new ReferenceFormatException(source + ": " + what + " arrays " + names(sorted)
                        + " are not exactly " + what + " or " + what + "_0.." + what + "_" + (sorted.size() - 1));
            }
        }
        return sorted;
    }

    record Numbered<T>(int index, String name, T value) {
    }

    private static int index(Matcher m) {
        if (m.group(1) == null) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static <T> List<String> names(List<Numbered<T>> items) {
        return items.stream().map(Numbered::name).toList();
    }

    private static <T> List<T> values(List<Numbered<T>> items) {
        return items.stream().map(Numbered::value).toList();
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ReferenceFormatException(folder + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static String fileNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList().toString();
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static byte[] readHead(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw new ReferenceFormatException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
