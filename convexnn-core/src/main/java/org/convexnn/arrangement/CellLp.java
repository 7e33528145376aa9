package org.convexnn.arrangement;

/**
 * The strict-feasibility LP of exact enumeration (spec §2.3, E4):
 * {@code max τ s.t. a_lᵀh ≥ τ (l < m), −1 ≤ h ≤ 1}, with h ∈ R^r.
 *
 * <p>It is solved through its dual, {@code min Σ_j (u_j + w_j) s.t. u − w = Σ_l y_l a_l, Σ_l y_l = 1, y,u,w ≥ 0}
 * (the ℓ1 distance from the origin to the convex hull of the a_l), which is in standard form with only r+1
 * equality rows. A revised primal simplex with an explicit (r+1)x(r+1) basis inverse solves it; the simplex
 * multipliers are the primal (h, τ). Dantzig pricing is used first and Bland's rule after a number of
 * iterations, which rules out cycling. The returned value is always recomputed from the (box-clipped) point h,
 * so a positive value certifies a strictly interior point whatever the simplex did. Not thread-safe; one
 * instance per thread. Package-private.
 */
final class CellLp {
    private static final double PRICE_TOL = 1e-12;
    private static final double PIVOT_TOL = 1e-11;
    private static final int REFACTOR_EVERY = 40;

    private final int r;
    private final int rows;
    private final int[] basis;
    private final double[] binv;
    private final double[] xb;
    private final double[] pi;
    private final double[] col;
    private final double[] delta;
    private final double[] work;
    private long iterations;

    CellLp(int r) {
        this.r = r;
        this.rows = r + 1;
        this.basis = new int[rows];
        this.binv = new double[rows * rows];
        this.xb = new double[rows];
        this.pi = new double[rows];
        this.col = new double[rows];
        this.delta = new double[rows];
        this.work = new double[rows * rows * 2];
    }

    /** Total simplex iterations so far (diagnostics). */
    long iterations() {
        return iterations;
    }

    /**
     * @param a    m x r row-major constraint normals (a_l, already signed)
     * @param m    number of constraints (&gt;= 1)
     * @param hOut receives the maximiser h (length r, inside the box)
     * @return {@code min_l a_lᵀh} at the returned h, a lower bound on τ* that equals τ* at convergence
     */
    double solve(double[] a, int m, double[] hOut) {
        // Initial basis: y_0 and, per coordinate j, u_j or w_j so that the basic solution is feasible.
        basis[r] = 0;
        for (int j = 0; j < r; j++) {
            basis[j] = a[j] >= 0 ? m + j : m + r + j;
        }
        refactor(a, m);
        int maxIter = 200 + 20 * rows + 2 * m;
        int blandAfter = 30 + 8 * rows;
        for (int it = 0; it < maxIter; it++) {
            iterations++;
            multipliers(m);
            double tau = pi[r];
            boolean bland = it >= blandAfter;
            int enter = -1;
            double best = -PRICE_TOL;
            for (int l = 0; l < m; l++) {
                double dl = -tau;
                int off = l * r;
                for (int j = 0; j < r; j++) {
                    dl += a[off + j] * pi[j];
                }
                if (dl < best) {
                    enter = l;
                    best = dl;
                    if (bland) {
                        break;
                    }
                }
            }
            if (enter < 0 || !bland) {
                for (int j = 0; j < r; j++) {
                    double du = 1 - pi[j];
                    if (du < best) {
                        enter = m + j;
                        best = du;
                        if (bland) {
                            break;
                        }
                    }
                }
            }
            if (enter < 0 || !bland) {
                for (int j = 0; j < r; j++) {
                    double dw = 1 + pi[j];
                    if (dw < best) {
                        enter = m + r + j;
                        best = dw;
                        if (bland) {
                            break;
                        }
                    }
                }
            }
            if (enter < 0) {
                break; // optimal
            }
            column(a, m, enter, col);
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int k = 0; k < rows; k++) {
                    s += binv[i * rows + k] * col[k];
                }
                delta[i] = s;
            }
            int leave = -1;
            double ratio = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                if (delta[i] > PIVOT_TOL) {
                    double q = Math.max(xb[i], 0) / delta[i];
                    if (q < ratio - 1e-15 || (q <= ratio + 1e-15 && leave >= 0 && basis[i] < basis[leave])) {
                        ratio = Math.min(q, ratio);
                        leave = i;
                    }
                }
            }
            if (leave < 0) {
                break; // cannot happen (the dual is bounded below by 0); keep the current point
            }
            double piv = delta[leave];
            for (int k = 0; k < rows; k++) {
                binv[leave * rows + k] /= piv;
            }
            xb[leave] /= piv;
            for (int i = 0; i < rows; i++) {
                if (i != leave && delta[i] != 0.0) {
                    double f = delta[i];
                    for (int k = 0; k < rows; k++) {
                        binv[i * rows + k] -= f * binv[leave * rows + k];
                    }
                    xb[i] -= f * xb[leave];
                }
            }
            basis[leave] = enter;
            if ((it + 1) % REFACTOR_EVERY == 0) {
                refactor(a, m);
            }
        }
        // Primal point from the multipliers, clipped to the box, and its verified margin.
        multipliers(m);
        for (int j = 0; j < r; j++) {
            hOut[j] = Math.max(-1.0, Math.min(1.0, pi[j]));
        }
        double tau = Double.POSITIVE_INFINITY;
        for (int l = 0; l < m; l++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += a[l * r + j] * hOut[j];
            }
            tau = Math.min(tau, s);
        }
        return tau;
    }

    private void column(double[] a, int m, int v, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        if (v < m) {
            for (int j = 0; j < r; j++) {
                out[j] = -a[v * r + j];
            }
            out[r] = 1.0;
        } else if (v < m + r) {
            out[v - m] = 1.0;
        } else {
            out[v - m - r] = -1.0;
        }
    }

    /** Recomputes B^{-1} (Gauss-Jordan with partial pivoting) and x_B = B^{-1} e_r. */
    /** pi = c_B^T B^{-1} for the current basis; c = 0 for y, 1 for u and w (columns from m on). */
    private void multipliers(int m) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int k = 0; k < rows; k++) {
                if (basis[k] >= m) {
                    s += binv[k * rows + i];
                }
            }
            pi[i] = s;
        }
    }

    private void refactor(double[] a, int m) {
        int w = 2 * rows;
        java.util.Arrays.fill(work, 0.0);
        for (int k = 0; k < rows; k++) {
            column(a, m, basis[k], col);
            for (int i = 0; i < rows; i++) {
                work[i * w + k] = col[i];
            }
            work[k * w + rows + k] = 1.0;
        }
        for (int c = 0; c < rows; c++) {
            int p = c;
            for (int i = c + 1; i < rows; i++) {
                if (Math.abs(work[i * w + c]) > Math.abs(work[p * w + c])) {
                    p = i;
                }
            }
            if (p != c) {
                for (int k = 0; k < w; k++) {
                    double tmp = work[c * w + k];
                    work[c * w + k] = work[p * w + k];
                    work[p * w + k] = tmp;
                }
            }
            double piv = work[c * w + c];
            if (piv == 0.0) {
                throw new IllegalStateException("singular simplex basis in the cell LP");
            }
            for (int k = 0; k < w; k++) {
                work[c * w + k] /= piv;
            }
            for (int i = 0; i < rows; i++) {
                if (i != c) {
                    double f = work[i * w + c];
                    if (f != 0.0) {
                        for (int k = 0; k < w; k++) {
                            work[i * w + k] -= f * work[c * w + k];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(work, i * w + rows, binv, i * rows, rows);
            xb[i] = Math.max(0.0, binv[i * rows + r]);
        }
    }
}
