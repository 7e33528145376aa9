package org.convexnn.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.convexnn.linalg.Matrix;

/**
 * A parsed data file before target encoding: numeric features plus the raw target strings.
 *
 * @param source       the file the table was read from (used in messages)
 * @param featureNames d feature column names, in the order of the matrix columns
 * @param features     n x d feature values
 * @param targetName   the target column name, or null when the table has no target
 * @param targetValues n raw (trimmed) target strings, or null when the table has no target
 * @param lines        the 1-based file line of each data row, or null when unknown (then row i is reported
 *                     as line i + 2, i.e. one header line followed by one line per row)
 */
public record LabeledTable(Path source, List<String> featureNames, Matrix features, String targetName,
        String[] targetValues, int[] lines) {

    public LabeledTable {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
        featureNames = List.copyOf(featureNames);
        if (featureNames.size() != features.cols()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + features.cols() + " columns");
        }
        if (targetValues != null && targetValues.length != features.rows()) {
            throw new IllegalArgumentException(targetValues.length + " target values for " + features.rows() + " rows");
        }
        if (lines != null && lines.length != features.rows()) {
            throw new IllegalArgumentException(lines.length + " line numbers for " + features.rows() + " rows");
        }
    }

    /** A table whose rows follow a single header line (row i is on line i + 2). */
    public LabeledTable(Path source, List<String> featureNames, Matrix features, String targetName, String[] targetValues) {
        this(source, featureNames, features, targetName, targetValues, null);
    }

    public int rows() {
        return features.rows();
    }

    public boolean hasTarget() {
        return targetValues != null;
    }

    /** The 1-based file line of data row i (0-based). */
    public int lineOf(int row) {
        return lines != null ? lines[row] : row + 2;
    }

    /**
     * The rows whose target is one of {@code classes} (compared as written, or as numbers when both parse: "1" keeps
     * "1.0"), in file order with their line numbers.
     *
     * @throws DataFormatException when the table has no target, or a class occurs in no row
     */
    public LabeledTable withClasses(List<String> classes) {
        if (targetValues == null) {
            throw new DataFormatException(source + ": --classes needs a target column, and this table has none");
        }
        boolean[] seen = new boolean[classes.size()];
        boolean[] keep = new boolean[rows()];
        int count = 0;
        for (int i = 0; i < keep.length; i++) {
            for (int c = 0; c < classes.size(); c++) {
                if (sameClass(targetValues[i], classes.get(c))) {
                    keep[i] = true;
                    seen[c] = true;
                }
            }
            count += keep[i] ? 1 : 0;
        }
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                throw new DataFormatException(source + ": --classes: class '" + classes.get(c)
                        + "' does not occur in target column '" + targetName + "'");
            }
        }
        int d = features.cols();
        Matrix x = Matrix.zeros(count, d);
        String[] y = new String[count];
        int[] ln = new int[count];
        int k = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                System.arraycopy(features.data(), i * d, x.data(), k * d, d);
                y[k] = targetValues[i];
                ln[k] = lineOf(i);
                k++;
            }
        }
        return new LabeledTable(source, featureNames, x, targetName, y, ln);
    }

    private static boolean sameClass(String value, String cls) {
        if (value.equals(cls.trim())) {
            return true;
        }
        try {
            return Double.parseDouble(value) == Double.parseDouble(cls.trim());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code "file:line"} for data row i, the prefix of row-level error messages. */
    public String where(int row) {
        return source + ":" + lineOf(row);
    }
}
