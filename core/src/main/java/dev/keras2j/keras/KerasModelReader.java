package dev.keras2j.keras;

import dev.keras2j.container.ContainerType;
import dev.keras2j.container.Hdf5Container;
import dev.keras2j.container.Hdf5Tree;
import dev.keras2j.container.SymbolTableHdf5;
import dev.keras2j.container.JsonDocument;
import dev.keras2j.container.ZipContainer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.Limits;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import io.jhdf.api.Group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads any Keras serialization (legacy HDF5, {@code .keras} archive, architecture JSON plus weights),
 * detected by content, into a {@link ModelSpec} with Keras 3 names and layouts.
 */
public final class KerasModelReader {
    private KerasModelReader() {
    }

    /**
     * Reads a model.
     *
     * @param model   the model file
     * @param weights the weights file for an architecture JSON, or {@code null} to look beside it
     * @throws dev.keras2j.model.Keras2jException on any unreadable, corrupt or refused input
     */
    public static ModelSpec read(Path model, Path weights) {
        String label = model.toString();
        try {
            ModelSpec lean = readLeanH5(model);
            if (lean != null) {
                return lean;
            }
            return switch (ContainerType.detect(model)) {
                case HDF5 -> readH5(model);
                case ZIP -> readArchive(model);
                case JSON -> readJson(model, weights);
                case UNKNOWN -> throw new ModelFormatException(label
                        + ": not a Keras model (neither an HDF5 file, a .keras zip archive nor an architecture JSON)");
            };
        } catch (UnsupportedModelException e) {
            throw e.getMessage().startsWith(label) ? e : new UnsupportedModelException(label + ": " + e.getMessage());
        } catch (ModelCheckException e) {
            throw e.getMessage().startsWith(label) ? e : new ModelCheckException(label + ": " + e.getMessage());
        } catch (ModelFormatException e) {
            throw e.getMessage().startsWith(label) ? e : new ModelFormatException(label + ": " + e.getMessage(), e);
        } catch (Keras2jException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw new ModelFormatException(label + ": a size in the model overflows (" + oneLine(e) + ")", e);
        } catch (StackOverflowError e) {
            // Every walk is depth-bounded; this is the last line of defence against a nesting that is not.
            throw new ModelFormatException(label + ": refused: structures nested too deeply to read (stack overflow)", e);
        } catch (RuntimeException e) {
            // jhdf and the JDK report corrupt input with assorted runtime exceptions; none may escape raw.
            throw new ModelFormatException(label + ": unreadable or corrupt model file: " + oneLine(e), e);
        }
    }

    /**
     * The model read by {@link SymbolTableHdf5}, or {@code null} when the file is not an HDF5 file in h5py's
     * default layout or anything at all goes wrong: the ordinary reading with jhdf then reads any HDF5 file
     * and gives the established message for whatever is wrong.
     */
    private static ModelSpec readLeanH5(Path model) {
        try (SymbolTableHdf5 h5 = SymbolTableHdf5.openIfHdf5(model)) {
            return h5 == null ? null : readH5(h5, model.toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ModelSpec readH5(Path model) {
        try (Hdf5Container h5 = Hdf5Container.open(model)) {
            return readH5(h5, model.toString());
        }
    }

    static <N> ModelSpec readH5(Hdf5Tree<N> h5, String label) {
        N root = h5.root();
        String configText = h5.stringAttribute(root, "model_config");
        if (configText == null) {
            if (WeightsReader.isLegacy(h5, root) || WeightsReader.isKeras3(h5, root)) {
                throw new ModelFormatException(label + ": a weights-only HDF5 file (no model_config); "
                        + "read the architecture JSON and pass this file as its weights (--weights)");
            }
            throw new ModelFormatException(label + ": an HDF5 file without a model_config attribute: not a Keras model");
        }
        N weightsRoot = h5.group(root, "model_weights");
        String version = h5.stringAttribute(root, "keras_version");
        String backend = h5.stringAttribute(root, "backend");
        if (weightsRoot != null) {
            version = version != null ? version : h5.stringAttribute(weightsRoot, "keras_version");
            backend = backend != null ? backend : h5.stringAttribute(weightsRoot, "backend");
        }
        Object config = JsonDocument.parse(configText, label + " (model_config)");
        int major = KerasDialect.majorVersion(config, version);
        ParsedModel parsed = ModelConfigReader.read(config, major, label);
        Map<String, List<NdArray>> weights;
        if (weightsRoot == null) {
            throw new ModelFormatException(label + ": the model file has no model_weights group (saved without weights?)");
        } else if (WeightsReader.isLegacy(h5, weightsRoot)) {
            weights = LegacyWeightMatcher.match(h5, weightsRoot, parsed, label);
        } else if (WeightsReader.isKeras3(h5, weightsRoot)) {
            if (!(h5 instanceof Hdf5Container jhdf) || !(weightsRoot instanceof Group group)) {
                throw new SymbolTableHdf5.Unsupported("a Keras 3 weights tree");
            }
            weights = WeightsReader.keras3(jhdf, group, parsed.savedLayers(), parsed.modelClass().equals("Sequential"));
        } else {
            throw new ModelFormatException(label + ": model_weights has neither layer_names nor a layers group");
        }
        return assemble(label, ModelFormat.H5, inferredVersion(version, major), backend, parsed, weights);
    }

    private static ModelSpec readArchive(Path model) {
        String label = model.toString();
        try (ZipContainer zip = ZipContainer.open(model)) {
            if (!zip.has("config.json")) {
                throw new ModelFormatException(label + ": a zip archive without config.json: not a Keras .keras model");
            }
            Object config = JsonDocument.parse(new String(zip.read("config.json", Limits.JSON_BYTES.value(), Limits.JSON_BYTES), StandardCharsets.UTF_8), label + "!config.json");
            String version = null;
            if (zip.has("metadata.json")) {
                Object meta = JsonDocument.parse(new String(zip.read("metadata.json", Limits.JSON_BYTES.value(), Limits.JSON_BYTES), StandardCharsets.UTF_8), label + "!metadata.json");
                if (meta instanceof Map<?, ?> m && m.get("keras_version") instanceof String v) {
                    version = v;
                }
            }
            int major = KerasDialect.majorVersion(config, version == null ? "3" : version);
            ParsedModel parsed = ModelConfigReader.read(config, major, label);
            if (!zip.has("model.weights.h5")) {
                throw new ModelFormatException(label + ": the archive has no model.weights.h5 entry "
                        + "(sharded or missing weights are not supported)");
            }
            java.nio.ByteBuffer mapped = zip.mapStored("model.weights.h5");
            String h5Label = label + "!model.weights.h5";
            try (Hdf5Container h5 = mapped != null ? Hdf5Container.fromBuffer(mapped, h5Label)
                    : Hdf5Container.fromBytes(zip.read("model.weights.h5"), h5Label)) {
                Map<String, List<NdArray>> weights = WeightsReader.keras3(h5, h5.root(), parsed.savedLayers(),
                        parsed.modelClass().equals("Sequential"));
                return assemble(label, ModelFormat.KERAS, version, null, parsed, weights);
            }
        }
    }

    private static ModelSpec readJson(Path model, Path weightsArg) {
        String label = model.toString();
        String text;
        try {
            if (Files.size(model) > Limits.JSON_BYTES.value()) {
                throw new ModelFormatException(label + ": refused: " + Files.size(model) + " bytes is too large for an "
                        + "architecture JSON; " + Limits.JSON_BYTES.hint());
            }
            text = Files.readString(model, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFormatException(label + ": cannot read: " + oneLine(e), e);
        }
        Object json = JsonDocument.parse(text, label);
        if (!(json instanceof Map<?, ?> root) || !root.containsKey("class_name")) {
            throw new ModelFormatException(label + ": a JSON document that is not a Keras model architecture (no class_name)");
        }
        Path weightsPath = weightsArg != null ? weightsArg : WeightsLocator.locate(model);
        if (ContainerType.detect(weightsPath) != ContainerType.HDF5) {
            throw new ModelFormatException(weightsPath + ": the weights file is not an HDF5 file");
        }
        try (Hdf5Container h5 = Hdf5Container.open(weightsPath)) {
            Group wroot = h5.root();
            Group full = h5.group(wroot, "model_weights");
            if (full != null && !WeightsReader.isLegacy(h5, wroot)) {
                wroot = full;
            }
            String version = root.get("keras_version") instanceof String v ? v : h5.stringAttribute(wroot, "keras_version");
            String backend = root.get("backend") instanceof String b ? b : h5.stringAttribute(wroot, "backend");
            boolean keras3Tree = !WeightsReader.isLegacy(h5, wroot) && WeightsReader.isKeras3(h5, wroot);
            int major = keras3Tree && version == null ? 3 : KerasDialect.majorVersion(json, version);
            ParsedModel parsed = ModelConfigReader.read(json, major, label);
            Map<String, List<NdArray>> weights;
            if (WeightsReader.isLegacy(h5, wroot)) {
                weights = LegacyWeightMatcher.match(h5, wroot, parsed, label);
            } else if (keras3Tree) {
                weights = WeightsReader.keras3(h5, wroot, parsed.savedLayers(), parsed.modelClass().equals("Sequential"));
            } else {
                throw new ModelFormatException(weightsPath + ": not a Keras weights file (neither layer_names nor a layers group)");
            }
            return assemble(label, ModelFormat.JSON, inferredVersion(version, major), backend, parsed, weights);
        } catch (ModelFormatException e) {
            String m = e.getMessage();
            throw m.startsWith(weightsPath.toString()) || m.startsWith(label) ? e
                    : new ModelFormatException(weightsPath + ": " + m, e);
        }
    }

    private static String inferredVersion(String recorded, int major) {
        // A file that records no version (Keras 1 files; Keras 3's to_json and .weights.h5) is recognized
        // by its dialect; say so in the spec, as the major version only.
        return recorded == null && major != 2 ? Integer.toString(major) : recorded;
    }

    private static ModelSpec assemble(String label, ModelFormat format, String version, String backend,
                                      ParsedModel parsed, Map<String, List<NdArray>> fileWeights) {
        boolean theano = "theano".equalsIgnoreCase(backend) || (backend == null && parsed.keras1Theano());
        LegacyWeightConverter converter = parsed.kerasMajor() <= 2
                ? new LegacyWeightConverter(label, parsed.kerasMajor(), theano) : null;
        Map<String, List<NdArray>> weights = new LinkedHashMap<>();
        for (LayerNode node : parsed.layers()) {
            List<NdArray> stored = fileWeights.get(node.name());
            if (stored == null) {
                continue;
            }
            LayerConfig config = node.spec().config();
            weights.put(node.name(), converter == null ? stored : converter.convert(config, stored));
        }
        return new ModelSpec(label, format, version, backend, parsed.modelClass(), parsed.inputs(), parsed.layers(),
                parsed.outputs(), weights);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (e.getClass().getSimpleName() + (m == null ? "" : ": " + m)).replace('\n', ' ');
    }
}
