package org.convexnn.linalg;

/**
 * Allocation-free vector kernels on {@code double[]} with caller-provided ranges, summed left to right (so every
 * caller gets the same rounding as the loops they replace). Inputs are not modified.
 */
public final class VectorOps {
    private VectorOps() {
    }

    /** {@code Σ_i a[i] b[i]} over the whole of a (b at least as long). */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code Σ_{i<len} a[i] b[i]}. */
    public static double dot(double[] a, double[] b, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code Σ_{j<len} a[offset+j] b[j]}: a row of a row-major matrix times b. */
    public static double dot(double[] a, int offset, double[] b, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            s += a[offset + j] * b[j];
        }
        return s;
    }

    /** The Euclidean norm of the whole array, {@code √(Σ v_i²)}. */
    public static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** The Euclidean norm of {@code v[0..len)}. */
    public static double norm(double[] v, int len) {
        return norm(v, 0, len);
    }

    /** The Euclidean norm of {@code v[offset..offset+len)}. */
    public static double norm(double[] v, int offset, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            double t = v[offset + j];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /**
     * The Euclidean norm of {@code v[0..len)} computed on the entries divided by their largest magnitude, so it
     * neither overflows nor underflows (0 for a zero vector, ∞ when an entry is infinite).
     */
    public static double scaledNorm(double[] v, int len) {
        double scale = 0.0;
        for (int i = 0; i < len; i++) {
            scale = Math.max(scale, Math.abs(v[i]));
        }
        if (scale == 0.0 || Double.isInfinite(scale)) {
            return scale;
        }
        double s = 0.0;
        for (int i = 0; i < len; i++) {
            double t = v[i] / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }
}
