package org.convexnn.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link LabeledTable} into a {@link Dataset} by choosing and applying a {@link TargetEncoding}.
 *
 * <p>Task rules for training: with {@link TaskHint#AUTO}, a numeric target (every value a finite number) means
 * regression and anything else classification; but under logistic loss a numeric target with exactly two distinct
 * values is a binary class target, and one with more is an error. With {@link TaskHint#CLASSIFICATION} the classes
 * are the distinct labels (numeric labels compare by value). Two classes give {@link Task#BINARY} (first sorted
 * class is -1), three or more {@link Task#MULTICLASS} (one-hot).
 */
public final class DatasetLoader {
    /** What the user asked the target to be. */
    public enum TaskHint {
        /** Decide from the target values (and the loss). */
        AUTO,
        /** Numeric target. */
        REGRESSION,
        /** Class labels. */
        CLASSIFICATION
    }

    private DatasetLoader() {
    }

    /**
     * Builds a training set; the encoding is derived from the target values.
     *
     * @param t            a table with a target
     * @param hint         the requested task
     * @param logisticLoss whether the model will be fitted with logistic loss (which needs classes)
     * @throws DataFormatException when there is no target, a single class, or the target does not fit the task
     */
    public static Dataset forTraining(LabeledTable t, TaskHint hint, boolean logisticLoss) {
        String src = t.source().toString();
        if (!t.hasTarget()) {
            throw new DataFormatException(src + ": the data has no target column, which training needs");
        }
        String[] raw = t.targetValues();
        String column = t.targetName();
        TargetEncoding enc;
        switch (hint) {
            case REGRESSION -> {
                if (logisticLoss) {
                    throw new DataFormatException(src + ": logistic loss needs a class target, but the task is regression;"
                            + " use --loss squared");
                }
                requireNumeric(t);
                enc = new TargetEncoding(Task.REGRESSION, column, List.of());
            }
            case CLASSIFICATION -> {
                raw = canonicalNumbers(raw);
                enc = classEncoding(t, raw);
            }
            case AUTO -> {
                if (allFinite(raw)) {
                    raw = canonicalNumbers(raw);
                    if (!logisticLoss) {
                        enc = new TargetEncoding(Task.REGRESSION, column, List.of());
                    } else {
                        int distinct = new LinkedHashSet<>(List.of(raw)).size();
                        if (distinct > 2) {
                            throw new DataFormatException(src + ": logistic loss needs a class target, but column '" + column
                                    + "' is numeric with " + distinct + " distinct values; use --loss squared");
                        }
                        enc = classEncoding(t, raw);
                    }
                } else {
                    rejectNonFiniteNumbers(t);
                    enc = classEncoding(t, raw);
                }
            }
            default -> throw new AssertionError(hint);
        }
        return new Dataset(t.features(), enc.encode(raw, src), t.featureNames(), enc, src);
    }

    /**
     * Builds a set for prediction or evaluation with a trained model's encoding.
     *
     * @param t   a table, with or without a target
     * @param enc the model's target encoding
     * @throws DataFormatException naming the line of a class the model does not know or of a non-numeric
     *                             regression target
     */
    public static Dataset forPrediction(LabeledTable t, TargetEncoding enc) {
        String src = t.source().toString();
        if (!t.hasTarget()) {
            return new Dataset(t.features(), null, t.featureNames(), enc, src);
        }
        String[] raw = t.targetValues();
        if (enc.task() == Task.REGRESSION) {
            requireNumeric(t);
        } else {
            raw = matchClasses(t, enc);
        }
        return new Dataset(t.features(), enc.encode(raw, src), t.featureNames(), enc, src);
    }

    private static TargetEncoding classEncoding(LabeledTable t, String[] raw) {
        Set<String> distinct = new LinkedHashSet<>(List.of(raw));
        List<String> classes = TargetEncoding.sortedClasses(distinct);
        if (classes.size() < 2) {
            throw new DataFormatException(t.source() + ": only one class ('" + classes.get(0) + "') in column '"
                    + t.targetName() + "'; classification needs at least two");
        }
        Task task = classes.size() == 2 ? Task.BINARY : Task.MULTICLASS;
        return new TargetEncoding(task, t.targetName(), classes);
    }

    private static boolean allFinite(String[] raw) {
        for (String s : raw) {
            if (!Numbers.isFinite(s)) {
                return false;
            }
        }
        return true;
    }

    private static void requireNumeric(LabeledTable t) {
        String[] raw = t.targetValues();
        for (int i = 0; i < raw.length; i++) {
            if (!Numbers.isFinite(raw[i])) {
                throw new DataFormatException(t.where(i) + ": column '" + t.targetName() + "': " + Numbers.whyNot(raw[i])
                        + " (regression needs a numeric target)");
            }
        }
    }

    /** A target whose values are all numbers, some of them infinite or NaN, is an error rather than classes. */
    private static void rejectNonFiniteNumbers(LabeledTable t) {
        String[] raw = t.targetValues();
        int firstBad = -1;
        for (int i = 0; i < raw.length; i++) {
            if (!Numbers.isNumeral(raw[i])) {
                return;
            }
            if (firstBad < 0 && !Numbers.isFinite(raw[i])) {
                firstBad = i;
            }
        }
        if (firstBad >= 0) {
            throw new DataFormatException(t.where(firstBad) + ": column '" + t.targetName() + "': "
                    + Numbers.whyNot(raw[firstBad]));
        }
    }

    /** When every value is a finite number, spells equal numbers alike ("1.0" and "1" become the first seen). */
    private static String[] canonicalNumbers(String[] raw) {
        if (!allFinite(raw)) {
            return raw;
        }
        Map<Double, String> spelling = new HashMap<>();
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String r = raw[i];
            out[i] = spelling.computeIfAbsent(Numbers.parse(r) + 0.0, k -> r);
        }
        return out;
    }

    /** Maps each raw label to a known class (numeric labels by value), or fails naming the line. */
    private static String[] matchClasses(LabeledTable t, TargetEncoding enc) {
        Map<String, String> known = new HashMap<>();
        Map<Double, String> byValue = new HashMap<>();
        for (String c : enc.classes()) {
            known.put(c, c);
            double v = Numbers.parse(c);
            if (Double.isFinite(v)) {
                byValue.putIfAbsent(v + 0.0, c);
            }
        }
        String[] raw = t.targetValues();
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String c = known.get(raw[i]);
            if (c == null) {
                double v = Numbers.parse(raw[i]);
                c = Double.isFinite(v) ? byValue.get(v + 0.0) : null;
            }
            if (c == null) {
                throw new DataFormatException(t.where(i) + ": class '" + raw[i] + "' in column '" + t.targetName()
                        + "' was not seen in training (known: " + String.join(", ", new ArrayList<>(enc.classes())) + ")");
            }
            out[i] = c;
        }
        return out;
    }
}
