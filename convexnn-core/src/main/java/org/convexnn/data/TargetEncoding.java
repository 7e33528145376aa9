package org.convexnn.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.convexnn.linalg.Matrix;

/**
 * How raw target values map to the numeric outputs the convex program fits.
 * <ul>
 *   <li>{@link Task#REGRESSION}: the numeric value, one output.</li>
 *   <li>{@link Task#BINARY}: classes in sorted order; the first maps to -1, the second to +1; one output.</li>
 *   <li>{@link Task#MULTICLASS}: one-hot 0/1 columns, one per class in sorted order (one-vs-all).</li>
 * </ul>
 *
 * @param task       the task
 * @param targetName the name of the target column (for messages and model files)
 * @param classes    the class labels in sorted order (empty for regression)
 */
public record TargetEncoding(Task task, String targetName, List<String> classes) {

    public TargetEncoding {
        Objects.requireNonNull(task, "task");
        classes = List.copyOf(classes);
        if (task == Task.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException("binary encoding needs 2 classes, got " + classes);
        }
        if (task == Task.MULTICLASS && classes.size() < 3) {
            throw new IllegalArgumentException("multiclass encoding needs at least 3 classes, got " + classes);
        }
        if (task == Task.REGRESSION && !classes.isEmpty()) {
            throw new IllegalArgumentException("regression encoding has no classes");
        }
    }

    /** Number of outputs c. */
    public int outputs() {
        return task == Task.MULTICLASS ? classes.size() : 1;
    }

    public boolean isClassification() {
        return task != Task.REGRESSION;
    }

    /**
     * Encodes raw target strings.
     * @param raw    one raw value per row
     * @param source file name for messages
     * @throws DataFormatException naming the data row of an unknown class or a non-numeric regression target
     */
    public Matrix encode(String[] raw, String source) {
        int c = outputs();
        Matrix out = Matrix.zeros(raw.length, c);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        for (int i = 0; i < raw.length; i++) {
            String v = raw[i].trim();
            switch (task) {
                case REGRESSION -> {
                    double x;
                    try {
                        x = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(source + ": data row " + (i + 1) + ": target '" + targetName
                                + "' value '" + v + "' is not a number");
                    }
                    if (!Double.isFinite(x)) {
                        throw new DataFormatException(source + ": data row " + (i + 1) + ": target value '" + v + "' is not finite");
                    }
                    out.set(i, 0, x);
                }
                case BINARY, MULTICLASS -> {
                    Integer k = index.get(v);
                    if (k == null) {
                        throw new DataFormatException(source + ": data row " + (i + 1) + ": class '" + v
                                + "' was not seen in training (known: " + classes + ")");
                    }
                    if (task == Task.BINARY) {
                        out.set(i, 0, k == 0 ? -1.0 : 1.0);
                    } else {
                        out.set(i, k, 1.0);
                    }
                }
                default -> throw new AssertionError(task);
            }
        }
        return out;
    }

    /** Decodes one row of network outputs into a label (class name or number as text). */
    public String decode(double[] outputs) {
        return switch (task) {
            case REGRESSION -> Double.toString(outputs[0]);
            case BINARY -> outputs[0] >= 0 ? classes.get(1) : classes.get(0);
            case MULTICLASS -> classes.get(argmax(outputs));
        };
    }

    /** The decoded label (or value) of every row of n x c outputs. */
    public String[] decode(Matrix outputs) {
        String[] out = new String[outputs.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = decode(outputs.row(i));
        }
        return out;
    }

    /** Index of the predicted class for one output row (binary: 0 or 1). */
    public int predictedClass(double[] outputs) {
        if (task == Task.BINARY) {
            return outputs[0] >= 0 ? 1 : 0;
        }
        return argmax(outputs);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Sorted class list helper: numeric labels sort numerically, others lexicographically. */
    public static List<String> sortedClasses(java.util.Collection<String> distinct) {
        List<String> list = new ArrayList<>(distinct);
        boolean numeric = list.stream().allMatch(TargetEncoding::isNumber);
        if (numeric) {
            list.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        } else {
            list.sort(String::compareTo);
        }
        return list;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
