package org.convexnn.data;

import java.util.List;
import java.util.Objects;
import org.convexnn.linalg.Matrix;

/**
 * An immutable training or test set: n x d features and n x c encoded targets.
 * Construction validates shapes and finiteness.
 *
 * @param features   n x d raw features (no bias column)
 * @param targets    n x c encoded targets (see {@link TargetEncoding}), or null when the data has no target
 * @param featureNames d column names
 * @param encoding   how the raw target was encoded, or null when there is no target
 * @param source     where the data came from (file path), for messages
 */
public record Dataset(Matrix features, Matrix targets, List<String> featureNames, TargetEncoding encoding, String source) {

    public Dataset {
        Objects.requireNonNull(features, "features");
        featureNames = List.copyOf(featureNames);
        if (featureNames.size() != features.cols()) {
            throw new IllegalArgumentException(source + ": " + featureNames.size() + " feature names for " + features.cols() + " columns");
        }
        if (features.rows() == 0) {
            throw new DataFormatException(source + ": no data rows");
        }
        if (targets != null && targets.rows() != features.rows()) {
            throw new IllegalArgumentException(source + ": " + targets.rows() + " target rows for " + features.rows() + " feature rows");
        }
        double[] f = features.data();
        for (int i = 0; i < f.length; i++) {
            if (!Double.isFinite(f[i])) {
                throw new DataFormatException(source + ": non-finite feature value at data row " + (i / features.cols() + 1)
                        + ", column '" + featureNames.get(i % features.cols()) + "'");
            }
        }
    }

    public int n() {
        return features.rows();
    }

    public int d() {
        return features.cols();
    }

    /** Number of outputs c (1 for regression and binary, k for k-class). */
    public int outputs() {
        return targets == null ? 0 : targets.cols();
    }

    public boolean hasTargets() {
        return targets != null;
    }
}
