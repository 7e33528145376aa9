package org.convexnn.solver.ipm;

/** Dense vector kernels of the interior-point method (plain left-to-right loops). */
final class Vec {
    private Vec() {
    }

    static double dot(double[] u, double[] v) {
        double acc = 0;
        for (int i = 0; i < u.length; i++) {
            acc += u[i] * v[i];
        }
        return acc;
    }

    static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
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
}
