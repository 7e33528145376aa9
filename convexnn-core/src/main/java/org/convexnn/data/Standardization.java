package org.convexnn.data;

import org.convexnn.linalg.Matrix;

/**
 * Column standardisation {@code x' = (x − mean) / scale} (spec §6, "standardize"). Constant columns get scale 1;
 * means and scales are finite for any finite input (columns near the overflow or underflow range are computed
 * on an exactly rescaled copy).
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
        for (int j = 0; j < means.length; j++) {
            if (!Double.isFinite(means[j]) || !(scales[j] > 0) || !Double.isFinite(scales[j])) {
                throw new IllegalArgumentException("standardization of column " + (j + 1) + " is not finite (mean "
                        + means[j] + ", scale " + scales[j] + ")");
            }
        }
        means = means.clone();
        scales = scales.clone();
    }

    /**
     * Column magnitudes (max |x|) within which the direct two-pass formulas below neither overflow nor lose the
     * variance to underflow: sums of n values stay below n·1e100 and squared deviations above 1e-200·n⁻¹ are kept.
     * Columns outside it are computed on the column divided by a power of two near its max |x| (exact scaling), so
     * any finite column gets a finite mean and a finite positive scale; inside it the result is bit for bit the
     * direct formula's.
     */
    static final double SAFE_MAX = 1e100;
    static final double SAFE_MIN = 1e-100;

    /** Relative size below which a column's standard deviation counts as rounding noise (constant column). */
    static final double CONSTANT_RELATIVE = 1e-12;

    /**
     * Fits means and (population) standard deviations of the columns of x, for any finite entries. A column whose
     * standard deviation is at most 1e-12 of its largest magnitude (a constant column, up to rounding) gets scale 1.
     */
    public static Standardization fit(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        double[] sd = new double[d];
        double[] a = x.data();
        double[] maxAbs = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                maxAbs[j] = Math.max(maxAbs[j], Math.abs(a[i * d + j]));
            }
        }
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
            double m = maxAbs[j];
            if (m != 0 && (m > SAFE_MAX || m < SAFE_MIN || !Double.isFinite(m))) {
                scaledColumn(a, n, d, j, m, mean, sd);
            }
            if (!(sd[j] > CONSTANT_RELATIVE * m) || !Double.isFinite(sd[j])) {
                sd[j] = 1.0;
            }
        }
        return new Standardization(mean, sd);
    }

    /** Mean and standard deviation of column j computed on the column divided by 2^k ≈ its max |x| = m. */
    private static void scaledColumn(double[] a, int n, int d, int j, double m, double[] mean, double[] sd) {
        if (!Double.isFinite(m)) {
            throw new IllegalArgumentException("column " + (j + 1) + " has a non-finite value");
        }
        int k = Math.getExponent(m); // m in [2^k, 2^(k+1)); subnormal m gives k = -1023, still a valid scale
        double mu = 0;
        for (int i = 0; i < n; i++) {
            mu += Math.scalb(a[i * d + j], -k);
        }
        mu /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double t = Math.scalb(a[i * d + j], -k) - mu;
            ss += t * t;
        }
        // Popoviciu: the population sd is at most half the range, so at most m; clamp the rounding excess
        double sdScaled = Math.min(Math.sqrt(ss / n), Math.scalb(m, -k));
        mean[j] = Math.scalb(mu, k);
        sd[j] = Math.scalb(sdScaled, k);
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
            double t = a[i] - means[j];
            // the difference of two finite values can overflow only near Double.MAX_VALUE: divide first there
            a[i] = Double.isFinite(t) ? t / scales[j] : a[i] / scales[j] - means[j] / scales[j];
        }
        return out;
    }
}
