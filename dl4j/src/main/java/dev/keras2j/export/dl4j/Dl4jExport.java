package dev.keras2j.export.dl4j;

import java.nio.file.Path;

/**
 * The result of an export.
 *
 * @param file        the written {@code ModelSerializer} zip
 * @param networkType {@code MultiLayerNetwork} or {@code ComputationGraph}, the class to restore it with
 * @param params      number of parameters of the DL4J network
 */
public record Dl4jExport(Path file, String networkType, long params) {
}
