package org.convexnn.linalg;

import static org.convexnn.linalg.VectorOps.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

public class NnlsTest {

    public static double[] randn(Random rng, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** r = f − E μ for row-major E (m x k). */
    static double[] residual(double[] e, int m, int k, double[] mu, double[] f) {
        double[] r = f.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                r[i] -= e[i * k + j] * mu[j];
            }
        }
        return r;
    }

    /** Eᵀ r. */
    static double[] gradient(double[] e, int m, int k, double[] r) {
        double[] w = new double[k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                w[j] += e[i * k + j] * r[i];
            }
        }
        return w;
    }

    /** Reference: FISTA projected gradient with adaptive restart, run to (near) machine accuracy. */
    static double[] projectedGradient(double[] e, int m, int k, double[] f) {
        // Lipschitz constant by power iteration on EᵀE.
        double[] v = new double[k];
        java.util.Arrays.fill(v, 1.0);
        double lip = 0;
        for (int it = 0; it < 500; it++) {
            double[] ev = residual(e, m, k, v, new double[m]); // −E v
            double[] w = gradient(e, m, k, ev);              // −EᵀE v
            double nw = norm(w);
            lip = nw / norm(v);
            for (int j = 0; j < k; j++) {
                v[j] = -w[j] / nw;
            }
        }
        double step = 1.0 / (lip * 1.01);
        double[] x = new double[k];
        double[] y = new double[k];
        double t = 1;
        double prevObj = Double.POSITIVE_INFINITY;
        double fn = norm(f);
        for (int it = 0; it < 400_000; it++) {
            if (it % 50 == 0) {
                double[] gx = gradient(e, m, k, residual(e, m, k, x, f));
                double viol = 0;
                for (int j = 0; j < k; j++) {
                    viol = Math.max(viol, x[j] > 0 ? Math.abs(gx[j]) : Math.max(gx[j], 0));
                }
                if (viol < 1e-14 * fn) {
                    break;
                }
            }
            double[] g = gradient(e, m, k, residual(e, m, k, y, f)); // −∇ at y
            double[] xn = new double[k];
            for (int j = 0; j < k; j++) {
                xn[j] = Math.max(0, y[j] + step * g[j]);
            }
            double obj = norm(residual(e, m, k, xn, f));
            double tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            if (obj > prevObj) { // restart momentum
                tn = 1;
                System.arraycopy(x, 0, y, 0, k);
                t = 1;
                continue;
            }
            for (int j = 0; j < k; j++) {
                y[j] = xn[j] + (t - 1) / tn * (xn[j] - x[j]);
            }
            x = xn;
            t = tn;
            prevObj = obj;
        }
        return x;
    }

    @Test
    void matchesProjectedGradientReference() {
        Random rng = new Random(1);
        int[][] shapes = {{12, 8}, {6, 15}, {10, 10}, {4, 3}, {20, 5}};
        for (int[] sh : shapes) {
            for (int rep = 0; rep < 2; rep++) {
                int m = sh[0];
                int k = sh[1];
                double[] e = randn(rng, m * k);
                double[] f = randn(rng, m);
                Nnls.Result res = new Nnls().solve(Nnls.Columns.dense(m, k, e), f);
                assertTrue(res.converged());
                double[] ref = projectedGradient(e, m, k, f);
                double[] rRef = residual(e, m, k, ref, f);
                // E μ is unique at the optimum, so the residual vectors must agree.
                assertArrayEquals(rRef, res.residual(), 1e-7, "shape " + m + "x" + k);
                assertTrue(res.residualNorm() <= norm(rRef) + 1e-12, "NNLS not better than the reference");
                assertEquals(norm(rRef), res.residualNorm(), 1e-10);
                if (m >= k) { // full column rank: μ unique
                    assertArrayEquals(ref, res.dense(k), 1e-6);
                }
                checkKkt(e, m, k, f, res, 1e-11);
            }
        }
    }

    static void checkKkt(double[] e, int m, int k, double[] f, Nnls.Result res, double tol) {
        double[] mu = res.dense(k);
        double[] r = residual(e, m, k, mu, f);
        assertArrayEquals(r, res.residual(), 1e-12);
        double[] w = gradient(e, m, k, r);
        double scale = norm(f);
        for (int j = 0; j < k; j++) {
            assertTrue(mu[j] >= 0);
            double cn = 0;
            for (int i = 0; i < m; i++) {
                cn += e[i * k + j] * e[i * k + j];
            }
            cn = Math.sqrt(cn);
            assertTrue(w[j] <= tol * cn * scale, "dual infeasible at " + j + ": " + w[j]);
            if (mu[j] > 0) {
                assertEquals(0.0, w[j], tol * cn * scale, "complementarity at " + j);
            }
        }
    }

    @Test
    void kktOnManyRandomProblemsIncludingDegenerateColumns() {
        Random rng = new Random(2);
        for (int rep = 0; rep < 300; rep++) {
            int m = 1 + rng.nextInt(12);
            int k = 1 + rng.nextInt(25);
            double[] e = randn(rng, m * k);
            for (int j = 0; j < k; j++) {
                int kind = rng.nextInt(6);
                int src = rng.nextInt(k);
                for (int i = 0; i < m; i++) {
                    if (kind == 0) {
                        e[i * k + j] = 0; // zero column
                    } else if (kind == 1) {
                        e[i * k + j] = e[i * k + src]; // duplicate
                    } else if (kind == 2) {
                        e[i * k + j] = -2 * e[i * k + src]; // opposite
                    }
                }
            }
            double[] f = randn(rng, m);
            Nnls.Result res = new Nnls().solve(Nnls.Columns.dense(m, k, e), f);
            assertTrue(res.converged(), "rep " + rep);
            assertTrue(res.indices().length <= Math.min(m, k));
            checkKkt(e, m, k, f, res, 1e-10);
        }
    }

    @Test
    void workingSetPathForWideProblems() {
        Random rng = new Random(4);
        for (int rep = 0; rep < 40; rep++) {
            int m = 2 + rng.nextInt(10);
            int k = 300 + rng.nextInt(700); // k > 4(2m + 16): column generation is used
            double[] e = randn(rng, m * k);
            double[] f = randn(rng, m);
            Nnls.Result res = new Nnls().solve(Nnls.Columns.dense(m, k, e), f);
            assertTrue(res.converged());
            checkKkt(e, m, k, f, res, 1e-10);
            if (rep < 5) {
                double[] rRef = residual(e, m, k, projectedGradient(e, m, k, f), f);
                assertEquals(norm(rRef), res.residualNorm(), 1e-9);
            }
        }
    }

    @Test
    void trivialCases() {
        double[] e = {1, -1, 2, 0.5};
        Nnls.Result zero = new Nnls().solve(Nnls.Columns.dense(2, 2, e), new double[] {0, 0});
        assertEquals(0.0, zero.residualNorm());
        assertEquals(0, zero.indices().length);
        // f with Eᵀf ≤ 0: μ = 0 is optimal.
        double[] e2 = {1, 0, 0, 1};
        Nnls.Result neg = new Nnls().solve(Nnls.Columns.dense(2, 2, e2), new double[] {-1, -3});
        assertEquals(0, neg.indices().length);
        assertEquals(Math.sqrt(10), neg.residualNorm(), 1e-15);
        // f in the cone of columns: zero residual.
        Nnls.Result in = new Nnls().solve(Nnls.Columns.dense(2, 2, e2), new double[] {2, 3});
        assertEquals(0.0, in.residualNorm(), 1e-15);
        assertArrayEquals(new double[] {2, 3}, in.dense(2), 1e-15);
    }

    @Test
    void iterationCapStillGivesAttainedUpperBound() {
        Random rng = new Random(3);
        for (int rep = 0; rep < 50; rep++) {
            int m = 15;
            int k = 40;
            double[] e = randn(rng, m * k);
            double[] f = randn(rng, m);
            Nnls.Columns cols = Nnls.Columns.dense(m, k, e);
            double opt = new Nnls().solve(cols, f).residualNorm();
            for (int cap = 1; cap <= 4; cap++) {
                Nnls.Result res = new Nnls(Nnls.DEFAULT_TOLERANCE, cap).solve(cols, f);
                assertTrue(res.iterations() <= cap);
                double[] mu = res.dense(k);
                for (double v : mu) {
                    assertTrue(v >= 0);
                }
                double attained = norm(residual(e, m, k, mu, f));
                assertEquals(attained, res.residualNorm(), 1e-13);
                assertTrue(res.residualNorm() >= opt - 1e-13);
                if (res.residualNorm() > opt + 1e-9) {
                    assertFalse(res.converged());
                }
            }
        }
    }
}
