package org.convexnn.solver.ipm;

import org.convexnn.linalg.VectorOps;

/** Dense vector kernels of the interior-point method (plain left-to-right loops). */
final class Vec {
    private Vec() {
    }

    static double dot(double[] u, double[] v) {
        return VectorOps.dot(u, v);
    }

    static double norm(double[] u) {
        return VectorOps.norm(u);
    }

    /** A new vector f·u. */
    static double[] scaled(double[] u, double f) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = u[i] * f;
        }
        return out;
    }

    static void negate(double[] u) {
        for (int i = 0; i < u.length; i++) {
            u[i] = -u[i];
        }
    }

    /** y ← y + αx. */
    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /**
     * Adds bᵀb, scattered by idx, to the row-major matrix out of leading dimension ld:
     * {@code out[idx[s]·ld + idx[t]] += Σ_i b[i, s] b[i, t]} for b row-major rows x q, row by row (zero entries of b
     * skipped).
     */
    static void addGram(double[] b, int rows, int q, int[] idx, double[] out, int ld) {
        for (int i = 0; i < rows; i++) {
            int ro = i * q;
            for (int s1 = 0; s1 < q; s1++) {
                double v = b[ro + s1];
                if (v == 0.0) {
                    continue;
                }
                int base = idx[s1] * ld;
                for (int s2 = 0; s2 < q; s2++) {
                    out[base + idx[s2]] += v * b[ro + s2];
                }
            }
        }
    }
}
