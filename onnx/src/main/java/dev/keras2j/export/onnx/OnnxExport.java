package dev.keras2j.export.onnx;

import java.nio.file.Path;

/**
 * The result of an export written to a file.
 *
 * @param file         the {@code .onnx} file
 * @param externalData the weights file beside it, or {@code null} when the weights are inside
 * @param opset        the opset the file declares
 * @param nodes        number of nodes in the graph
 * @param params       number of Keras parameters exported
 */
public record OnnxExport(Path file, Path externalData, int opset, int nodes, long params) {
}
