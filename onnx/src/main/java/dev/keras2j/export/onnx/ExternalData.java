package dev.keras2j.export.onnx;

import com.google.protobuf.ByteString;
import dev.keras2j.export.onnx.proto.Onnx.GraphProto;
import dev.keras2j.export.onnx.proto.Onnx.ModelProto;
import dev.keras2j.export.onnx.proto.Onnx.StringStringEntryProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * ONNX external data: the initializers' bytes in a file beside the model (a protobuf message cannot pass
 * 2 GB), each tensor naming the file, its offset and length.
 */
final class ExternalData {
    private ExternalData() {
    }

    /** Writes every initializer's data to {@code dataFile} (atomically) and returns the model pointing at it. */
    static ModelProto write(ModelProto model, Path dataFile, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(dataFile)) {
            throw new FileAlreadyExistsException(dataFile.toString(), null, "exists; pass overwrite to replace it");
        }
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Path tmp = Files.createTempFile(dataFile.getParent(), "." + dataFile.getFileName(), ".tmp");
        try {
            long offset = 0;
            try (OutputStream os = Files.newOutputStream(tmp)) {
                for (int i = 0; i < graph.getInitializerCount(); i++) {
                    TensorProto t = graph.getInitializer(i);
                    ByteString raw = t.getRawData();
                    raw.writeTo(os);
                    graph.setInitializer(i, t.toBuilder().clearRawData()
                            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(entry("location", dataFile.getFileName().toString()))
                            .addExternalData(entry("offset", Long.toString(offset)))
                            .addExternalData(entry("length", Long.toString(raw.size()))));
                    offset += raw.size();
                }
            }
            Files.move(tmp, dataFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
