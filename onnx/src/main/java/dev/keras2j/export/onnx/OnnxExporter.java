package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.export.onnx.proto.Onnx.ModelProto;
import dev.keras2j.export.onnx.proto.Onnx.OperatorSetIdProto;
import dev.keras2j.export.onnx.proto.Onnx.StringStringEntryProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Exports a checked Keras model to ONNX, built from keras2j's model description layer by layer (not by
 * tracing a framework graph), so every Keras era exports the same way.
 *
 * <p>The graph's inputs and outputs carry Keras's names and layouts (NHWC images, {@code [batch, time,
 * features]} sequences) with a symbolic batch axis; token inputs declared int32/int64 stay integers, other
 * inputs are float32. Weights are initializers. A layer ONNX cannot compute exactly as Keras does is
 * refused with an {@link UnsupportedModelException} naming the layer and the reason.
 */
public final class OnnxExporter {
    private static final String PRODUCER = "keras2j";

    private OnnxExporter() {
    }

    /**
     * Builds the ONNX model.
     *
     * @throws UnsupportedModelException when a layer has no exact ONNX form (or the runtime cannot run it)
     */
    public static ModelProto build(CheckedModel model, OnnxOptions options) {
        OnnxGraph g = new OnnxGraph(options.opset());
        ModelWalk.graph(model, g, TranslatorRegistry.standard());
        String source = model.spec().source();
        g.proto().setName(source == null ? "keras2j" : Path.of(source).getFileName().toString());
        String version = OnnxExporter.class.getPackage().getImplementationVersion();
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(options.irVersion()).setProducerName(PRODUCER)
                .setProducerVersion(version == null ? "dev" : version)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(g.proto());
        if (model.spec().kerasVersion() != null) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey("keras_version")
                    .setValue(model.spec().kerasVersion()));
        }
        ModelProto proto = m.build();
        OnnxStructure.check(proto);
        return proto;
    }

    /** The serialized model, weights inside (fails past protobuf's 2 GB limit: use {@link #export(CheckedModel, Path, OnnxOptions, boolean)}). */
    public static byte[] toBytes(CheckedModel model, OnnxOptions options) {
        return build(model, options).toByteArray();
    }

    /**
     * Writes the model to {@code out} atomically (a temporary file in the same folder, then a rename). When
     * the weights pass {@link OnnxOptions#externalDataAbove()} bytes they go to {@code <out>.data} beside it,
     * as ONNX external data, written before the model file appears.
     *
     * @param overwrite replace {@code out} when it exists; otherwise a {@link FileAlreadyExistsException}
     */
    public static OnnxExport export(CheckedModel model, Path out, OnnxOptions options, boolean overwrite)
            throws IOException {
        Path target = out.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists; pass overwrite to replace it");
        }
        ModelProto proto = build(model, options);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path dataFile = null;
        long initializerBytes = 0;
        for (TensorProto tp : proto.getGraph().getInitializerList()) {
            initializerBytes += tp.getRawData().size();
        }
        if (initializerBytes > options.externalDataAbove()) {
            dataFile = dir.resolve(target.getFileName() + ".data");
            proto = ExternalData.write(proto, dataFile, overwrite);
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                proto.writeTo(os);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            if (dataFile != null) {
                Files.deleteIfExists(dataFile);
            }
            throw e;
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new OnnxExport(target, dataFile, options.opset(), proto.getGraph().getNodeCount(), model.totalParams());
    }

}
