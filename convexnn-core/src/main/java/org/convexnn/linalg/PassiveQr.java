package org.convexnn.linalg;

/**
 * Thin QR factorisation {@code C = Q R} of the passive columns of {@link Nnls} (m x p, p ≤ m), updated in place:
 * insertion by Gram–Schmidt with one re-orthogonalisation ("twice is enough"), deletion of any column by Givens
 * rotations that restore the triangle. Keeps a copy of the columns for exact residuals and iterative refinement.
 * Not thread-safe (one instance per solve).
 */
final class PassiveQr {
    /** Relative size {@code ‖(I − QQᵀ)c‖ / ‖c‖} below which a new column counts as dependent. */
    static final double DEPENDENCE_TOL = 1e-12;

    private final int m;
    private final int capacity;
    private final double[] q;     // column i at [i*m, (i+1)*m)
    private final double[] r;     // column-major, R(i,j) at j*m + i
    private final double[] c;     // original columns, column i at [i*m, (i+1)*m)
    private final double[] norms;
    private final double[] work;
    private final double[] work2;
    private int p;

    /** @param capacity maximum number of columns (at most m) */
    PassiveQr(int m, int capacity) {
        this.m = m;
        this.capacity = Math.min(m, capacity);
        this.q = new double[m * this.capacity];
        this.r = new double[m * this.capacity];
        this.c = new double[m * this.capacity];
        this.norms = new double[this.capacity];
        this.work = new double[m];
        this.work2 = new double[m];
    }

    int size() {
        return p;
    }

    double columnNorm(int i) {
        return norms[i];
    }

    /** Appends column col (length m); returns false, changing nothing, if it is numerically dependent. */
    boolean add(double[] col) {
        if (p >= capacity) {
            return false;
        }
        double cn = VectorOps.scaledNorm(col, m);
        if (cn == 0.0) {
            return false;
        }
        double[] v = work;
        System.arraycopy(col, 0, v, 0, m);
        int rOff = p * m;
        for (int i = 0; i < p; i++) {
            r[rOff + i] = 0.0;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < p; i++) {
                int qo = i * m;
                double h = 0.0;
                for (int t = 0; t < m; t++) {
                    h += q[qo + t] * v[t];
                }
                for (int t = 0; t < m; t++) {
                    v[t] -= h * q[qo + t];
                }
                r[rOff + i] += h;
            }
        }
        double rho = VectorOps.scaledNorm(v, m);
        if (!(rho > DEPENDENCE_TOL * cn)) {
            return false;
        }
        int qo = p * m;
        for (int t = 0; t < m; t++) {
            q[qo + t] = v[t] / rho;
        }
        r[rOff + p] = rho;
        System.arraycopy(col, 0, c, p * m, m);
        norms[p] = cn;
        p++;
        return true;
    }

    /** Removes the last column. */
    void removeLast() {
        p--;
    }

    /** Removes column k, keeping the order of the others. */
    void remove(int k) {
        // Shift the columns of C and R left; R becomes upper Hessenberg from column k on.
        System.arraycopy(c, (k + 1) * m, c, k * m, (p - 1 - k) * m);
        System.arraycopy(norms, k + 1, norms, k, p - 1 - k);
        System.arraycopy(r, (k + 1) * m, r, k * m, (p - 1 - k) * m);
        int last = p - 1;
        for (int j = k; j < last; j++) {
            double a = r[j * m + j];
            double b = r[j * m + j + 1];
            double h = Math.hypot(a, b);
            if (h == 0.0) {
                continue;
            }
            double cs = a / h;
            double sn = b / h;
            r[j * m + j] = h;
            r[j * m + j + 1] = 0.0;
            for (int l = j + 1; l < last; l++) {
                double u = r[l * m + j];
                double w = r[l * m + j + 1];
                r[l * m + j] = cs * u + sn * w;
                r[l * m + j + 1] = -sn * u + cs * w;
            }
            int q0 = j * m;
            int q1 = (j + 1) * m;
            for (int t = 0; t < m; t++) {
                double u = q[q0 + t];
                double w = q[q1 + t];
                q[q0 + t] = cs * u + sn * w;
                q[q1 + t] = -sn * u + cs * w;
            }
        }
        p--;
    }

    /** Least-squares solution z (length ≥ p) of {@code min ‖C z − f‖}, with one refinement step. */
    void solve(double[] f, double[] z) {
        qtSolve(f, z);
        residual(f, z, work2);
        qtSolve(work2, work);
        for (int i = 0; i < p; i++) {
            z[i] += work[i];
        }
    }

    /** {@code out = f − C x} (length m). */
    void residual(double[] f, double[] x, double[] out) {
        System.arraycopy(f, 0, out, 0, m);
        for (int i = 0; i < p; i++) {
            double xi = x[i];
            int co = i * m;
            for (int t = 0; t < m; t++) {
                out[t] -= xi * c[co + t];
            }
        }
    }

    /** z = R⁻¹ Qᵀ v. */
    private void qtSolve(double[] v, double[] z) {
        for (int i = 0; i < p; i++) {
            int qo = i * m;
            double s = 0.0;
            for (int t = 0; t < m; t++) {
                s += q[qo + t] * v[t];
            }
            z[i] = s;
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int j = i + 1; j < p; j++) {
                s -= r[j * m + i] * z[j];
            }
            z[i] = s / r[i * m + i];
        }
    }
}
