package org.convexnn.data;

import org.convexnn.linalg.Matrix;

/**
 * Column standardisation {@code x' = (x − mean) / scale} (spec §6, "standardize"). Constant columns get scale 1.
 * The trainer folds it into the first layer so that saved networks act on raw inputs.
 *
 * @param means  per-column means
 * @param scales per-column standard deviations (1 for constant columns)
 */
public record Standardization(double[] means, double[] scales) {

    public Standardization {
        if (means.length != scales.length) {
            throw new IllegalArgumentException("means and scales differ in length");
        }
        means = means.clone();
        scales = scales.clone();
    }

    /** Fits means and (population) standard deviations of the columns of x. */
    public static Standardization fit(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        double[] sd = new double[d];
        double[] a = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += a[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = a[i * d + j] - mean[j];
                sd[j] += t * t;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (!(sd[j] > 1e-12 * Math.max(1.0, Math.abs(mean[j])))) {
                sd[j] = 1.0;
            }
        }
        return new Standardization(mean, sd);
    }

    /** The identity transform on d columns. */
    public static Standardization identity(int d) {
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1.0);
        return new Standardization(new double[d], ones);
    }

    public int dim() {
        return means.length;
    }

    /** Returns the standardised copy of x. */
    public Matrix apply(Matrix x) {
        int d = x.cols();
        if (d != means.length) {
            throw new IllegalArgumentException("data has " + d + " columns, standardization has " + means.length);
        }
        Matrix out = x.copy();
        double[] a = out.data();
        for (int i = 0; i < a.length; i++) {
            int j = i % d;
            a[i] = (a[i] - means[j]) / scales[j];
        }
        return out;
    }
}
