package org.convexnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.convexnn.linalg.Matrix;

/**
 * Reads numeric CSV files with a header row into {@link LabeledTable}s. Every feature cell must be a finite
 * number; the target column is kept as raw text. Errors are {@link DataFormatException}s of the form
 * {@code file:line: message}, where line 1 is the first line of the file.
 */
public final class CsvReader {
    private CsvReader() {
    }

    /**
     * Reads a table for training or evaluation.
     *
     * @param file           the CSV file
     * @param targetColumn   the target column's name, or null for the last column
     * @param targetRequired when false, a null {@code targetColumn} means "no target" (every column is a feature)
     *                       and a named target that the header lacks is simply absent
     */
    public static LabeledTable read(Path file, String targetColumn, boolean targetRequired) {
        try (CsvTokenizer tok = new CsvTokenizer(file, DataFiles.open(file))) {
            String[] header = readHeader(file, tok);
            int headerLine = tok.recordLine();
            int target;
            if (targetColumn == null) {
                target = targetRequired ? header.length - 1 : -1;
            } else {
                target = indexOf(header, targetColumn);
                if (target < 0 && targetRequired) {
                    throw new DataFormatException(file + ":" + headerLine + ": target column '" + targetColumn
                            + "' is not in the header (columns: " + String.join(", ", header) + ")");
                }
            }
            int[] featureCols = new int[header.length - (target >= 0 ? 1 : 0)];
            for (int j = 0, k = 0; j < header.length; j++) {
                if (j != target) {
                    featureCols[k++] = j;
                }
            }
            if (featureCols.length == 0) {
                throw new DataFormatException(file + ":" + headerLine + ": no feature columns besides the target '"
                        + header[target] + "'");
            }
            return readRows(file, tok, header, featureCols, target);
        }
    }

    /**
     * Reads a table for prediction with a trained model: the feature columns are matched by name and returned in
     * the model's order; the target column is read when the header has it.
     *
     * @param file             the CSV file
     * @param expectedFeatures the feature names the model was trained on, in order
     * @param targetColumn     the model's target column name (may be null)
     * @throws DataFormatException when an expected feature is missing or a column other than the target is unknown
     */
    public static LabeledTable readFeatures(Path file, List<String> expectedFeatures, String targetColumn) {
        try (CsvTokenizer tok = new CsvTokenizer(file, DataFiles.open(file))) {
            String[] header = readHeader(file, tok);
            int headerLine = tok.recordLine();
            Map<String, Integer> position = new HashMap<>();
            for (int j = 0; j < header.length; j++) {
                position.put(header[j], j);
            }
            List<String> missing = new ArrayList<>();
            int[] featureCols = new int[expectedFeatures.size()];
            for (int k = 0; k < featureCols.length; k++) {
                Integer j = position.get(expectedFeatures.get(k));
                if (j == null) {
                    missing.add(expectedFeatures.get(k));
                } else {
                    featureCols[k] = j;
                }
            }
            if (!missing.isEmpty()) {
                throw new DataFormatException(file + ":" + headerLine + ": column '" + missing.get(0)
                        + "' expected by the model is missing" + more(missing));
            }
            List<String> extra = new ArrayList<>();
            HashSet<String> expected = new HashSet<>(expectedFeatures);
            for (String name : header) {
                if (!name.equals(targetColumn) && !expected.contains(name)) {
                    extra.add(name);
                }
            }
            if (!extra.isEmpty()) {
                boolean targetMissing = targetColumn != null && !position.containsKey(targetColumn);
                throw new DataFormatException(file + ":" + headerLine + ": " + (targetMissing ? "no target column '"
                        + targetColumn + "', and " : "") + "has column '" + extra.get(0)
                        + "' that the model was not trained on" + more(extra)
                        + (targetMissing && extra.size() == 1 ? "; is '" + extra.get(0) + "' the target?" : ""));
            }
            int target = targetColumn == null ? -1 : indexOf(header, targetColumn);
            return readRows(file, tok, header, featureCols, target);
        }
    }

    private static String more(List<String> names) {
        return names.size() == 1 ? "" : " (and " + (names.size() - 1) + " more: "
                + String.join(", ", names.subList(1, names.size())) + ")";
    }

    private static String[] readHeader(Path file, CsvTokenizer tok) {
        String[] header = tok.next();
        if (header == null) {
            throw new DataFormatException(file + ":1: the file is empty (expected a header row)");
        }
        int line = tok.recordLine();
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < header.length; j++) {
            if (header[j].isEmpty()) {
                throw new DataFormatException(file + ":" + line + ": header column " + (j + 1) + " has no name");
            }
            Integer before = seen.put(header[j], j);
            if (before != null) {
                throw new DataFormatException(file + ":" + line + ": duplicate column name '" + header[j]
                        + "' (columns " + (before + 1) + " and " + (j + 1) + ")");
            }
        }
        return header;
    }

    private static int indexOf(String[] header, String name) {
        for (int j = 0; j < header.length; j++) {
            if (header[j].equals(name)) {
                return j;
            }
        }
        return -1;
    }

    private static LabeledTable readRows(Path file, CsvTokenizer tok, String[] header, int[] featureCols, int target) {
        int headerLine = tok.recordLine();
        int d = featureCols.length;
        double[] values = new double[Math.max(16, d) * 64];
        String[] targets = target >= 0 ? new String[64] : null;
        int[] lines = new int[64];
        int n = 0;
        for (String[] row = tok.next(); row != null; row = tok.next()) {
            int line = tok.recordLine();
            if (row.length != header.length) {
                throw new DataFormatException(file + ":" + line + ": " + row.length + " field" + (row.length == 1 ? "" : "s")
                        + ", expected " + header.length + " (one per header column)");
            }
            if (n == lines.length) {
                lines = Arrays.copyOf(lines, 2 * n);
                if (targets != null) {
                    targets = Arrays.copyOf(targets, 2 * n);
                }
            }
            if ((long) (n + 1) * d > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * values.length));
                if ((long) (n + 1) * d > values.length) {
                    throw new DataFormatException(file + ":" + line + ": too many values to hold in memory");
                }
            }
            for (int k = 0; k < d; k++) {
                String cell = row[featureCols[k]];
                double v = Numbers.parse(cell);
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(file + ":" + line + ": column '" + header[featureCols[k]] + "': "
                            + Numbers.whyNot(cell));
                }
                values[n * d + k] = v;
            }
            if (targets != null) {
                String t = row[target].trim();
                if (t.isEmpty()) {
                    throw new DataFormatException(file + ":" + line + ": column '" + header[target] + "': missing target value");
                }
                targets[n] = t;
            }
            lines[n] = line;
            n++;
        }
        if (n == 0) {
            throw new DataFormatException(file + ":" + headerLine + ": the file has a header but no data rows");
        }
        List<String> names = new ArrayList<>(d);
        for (int col : featureCols) {
            names.add(header[col]);
        }
        Matrix features = Matrix.wrap(n, d, values.length == n * d ? values : Arrays.copyOf(values, n * d));
        return new LabeledTable(file, names, features, target >= 0 ? header[target] : null,
                targets == null ? null : Arrays.copyOf(targets, n), Arrays.copyOf(lines, n));
    }
}
