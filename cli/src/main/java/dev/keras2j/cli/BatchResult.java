package dev.keras2j.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What a batch did with one model; every report is written from these.
 *
 * @param source       the model
 * @param output       the written (or up-to-date) export, or {@code null} when there is none
 * @param status       the outcome
 * @param reason       why it was refused or failed, what it was validated against, or {@code null}
 * @param format       {@code h5}, {@code keras} or {@code json}, or {@code null} when the file was not read
 * @param kerasVersion the Keras version the file records, or {@code null}
 * @param layers       the model's layers, empty when the file was not read
 * @param params       the parameter count, or -1 when unknown
 * @param maxAbsError  the largest absolute difference found by validation, or {@code null}
 * @param seconds      wall time spent on the model
 */
record BatchResult(ModelSource source, Path output, BatchStatus status, String reason, String format,
                   String kerasVersion, List<LayerRow> layers, long params, Double maxAbsError, double seconds) {
    BatchResult {
        layers = List.copyOf(layers);
    }

    /**
     * One layer as the reports list it.
     *
     * @param outputShape in Keras's notation, e.g. {@code (None, 10)}
     */
    record LayerRow(String name, String className, String outputShape, long params) {
    }
}
