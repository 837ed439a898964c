package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a folder of per-sequence CSV files ({@code sequences/*.csv}) plus an expected-output {@code .npy}: the
 * layout of DL4J's theano LSTM reference. Each CSV is one sequence, rows = timesteps and columns = features
 * (separated by {@code ;} or {@code ,}; an optional non-numeric header line is skipped). The sequences are
 * stacked into one batch {@code [sequences, timesteps, features]} in file-name order, numeric when every name is
 * a number ({@code 2.csv} before {@code 10.csv}).
 */
final class SequenceCsvReference {
    private SequenceCsvReference() {
    }

    /**
     * @param expectedNpy the expected outputs (one row per sequence), or null for an inputs-only reference
     * @param inputShape  the model's input shape for one example ({@code [timesteps, features]}), or null: when
     *                    given, rows must have at least {@code features} columns and only the first
     *                    {@code features} are used (DL4J's files carry the label in a trailing column), and a
     *                    known timestep count must match
     */
    static Reference load(Path folder, Path sequences, Path expectedNpy, Shape inputShape) {
        List<Path> files = csvFiles(sequences);
        if (files.isEmpty()) {
            throw new ReferenceFormatException(sequences + ": no .csv files");
        }
        if (inputShape != null && inputShape.rank() != 2) {
            throw new ReferenceFormatException(sequences + ": CSV sequences give [timesteps, features] per example "
                    + "but the model input is " + inputShape);
        }
        int rows = -1;
        int cols = -1;
        List<double[][]> all = new ArrayList<>();
        for (Path file : files) {
            double[][] table = readCsv(file);
            if (rows < 0) {
                rows = table.length;
                cols = table[0].length;
            } else if (table.length != rows || table[0].length != cols) {
                throw new ReferenceFormatException(file + ": " + table.length + " rows x " + table[0].length
                        + " columns, but " + files.get(0).getFileName() + " has " + rows + " x " + cols
                        + "; sequences of different sizes cannot be stacked into one batch");
            }
            all.add(table);
        }
        int features = cols;
        if (inputShape != null) {
            int timesteps = inputShape.dim(0);
            int wanted = inputShape.dim(1);
            if (timesteps != Shape.UNKNOWN && timesteps != rows) {
                throw new ReferenceFormatException(sequences + ": sequences have " + rows
                        + " timesteps but the model expects " + timesteps);
            }
            if (wanted != Shape.UNKNOWN) {
                if (wanted > cols) {
                    throw new ReferenceFormatException(sequences + ": sequences have " + cols
                            + " columns but the model expects " + wanted + " features");
                }
                features = wanted;
            }
        }
        long count = (long) files.size() * rows * features;
        if (count > NpyReader.MAX_ELEMENTS) {
            throw new ReferenceFormatException(sequences + ": " + count + " values are too many");
        }
        float[] data = new float[(int) count];
        int k = 0;
        for (double[][] table : all) {
            for (double[] row : table) {
                for (int c = 0; c < features; c++) {
                    data[k++] = (float) row[c];
                }
            }
        }
        NdArray input = NdArray.of(data, files.size(), rows, features);
        List<String> outputNames = List.of();
        List<NdArray> outputs = List.of();
        if (expectedNpy != null) {
            NdArray expected = NpyReader.read(expectedNpy);
            if (expected.rank() == 0 || expected.dim(0) != files.size()) {
                throw new ReferenceFormatException(expectedNpy + ": shape " + expected.shapeString()
                        + " does not hold one row per sequence (" + files.size() + " sequences)");
            }
            String name = expectedNpy.getFileName().toString();
            outputNames = List.of(name.substring(0, name.length() - 4));
            outputs = List.of(expected);
        }
        return new Reference(folder.toString(), List.of("sequences"), List.of(input), outputNames, outputs, Map.of());
    }

    private static List<Path> csvFiles(Path sequences) {
        List<Path> files;
        try (Stream<Path> s = Files.list(sequences)) {
            files = s.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).toList();
        } catch (IOException e) {
            throw new ReferenceFormatException(sequences + ": cannot list folder: " + e.getMessage(), e);
        }
        boolean numeric = files.stream().allMatch(p -> stem(p).matches("\\d{1,18}"));
        Comparator<Path> order = numeric
                ? Comparator.comparingLong(p -> Long.parseLong(stem(p)))
                : Comparator.comparing(p -> p.getFileName().toString());
        return files.stream().sorted(order).toList();
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.substring(0, name.length() - 4);
    }

    private static double[][] readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReferenceFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(line.indexOf(';') >= 0 ? ";" : ",", -1);
            double[] values = new double[cells.length];
            boolean numeric = true;
            for (int c = 0; c < cells.length && numeric; c++) {
                Double v = parse(cells[c].strip());
                if (v == null) {
                    numeric = false;
                } else {
                    values[c] = v;
                }
            }
            if (!numeric) {
                if (rows.isEmpty() && width < 0) {
                    // A header line: only allowed before the first data row.
                    width = cells.length;
                    continue;
                }
                throw new ReferenceFormatException(file + ":" + (i + 1) + ": non-numeric value in '" + line + "'");
            }
            if (width >= 0 && cells.length != width) {
                throw new ReferenceFormatException(file + ":" + (i + 1) + ": " + cells.length + " columns, expected " + width);
            }
            width = cells.length;
            rows.add(values);
        }
        if (rows.isEmpty()) {
            throw new ReferenceFormatException(file + ": no data rows");
        }
        return rows.toArray(new double[0][]);
    }

    private static Double parse(String cell) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (cell.isEmpty() || !(Character.isDigit(cell.charAt(0)) || "+-.".indexOf(cell.charAt(0)) >= 0)) {
            return null;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
