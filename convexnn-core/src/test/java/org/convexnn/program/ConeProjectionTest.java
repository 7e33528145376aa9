package org.convexnn.program;

import static org.convexnn.linalg.VectorOps.dot;
import static org.convexnn.linalg.VectorOps.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.Nnls;
import org.convexnn.linalg.NnlsTest;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class ConeProjectionTest {

    /** Row j of A_D, i.e. s_j x_j. */
    static double[] signedRow(Matrix x, boolean[] active, int j) {
        double[] r = x.row(j);
        if (!active[j]) {
            for (int t = 0; t < r.length; t++) {
                r[t] = -r[t];
            }
        }
        return r;
    }

    /** Random small data with zero, duplicate, opposite and integer rows. */
    static Matrix degenerateData(Random rng, int n, int d) {
        Matrix x = Matrix.zeros(n, d);
        for (int j = 0; j < n; j++) {
            int kind = rng.nextInt(8);
            for (int t = 0; t < d; t++) {
                double v;
                if (kind == 0) {
                    v = 0;
                } else if (kind == 1 && j > 0) {
                    v = x.get(j - 1, t);
                } else if (kind == 2 && j > 0) {
                    v = -0.5 * x.get(j - 1, t);
                } else if (kind == 3) {
                    v = rng.nextInt(3) - 1;
                } else {
                    v = rng.nextGaussian();
                }
                x.set(j, t, v);
            }
        }
        return x;
    }

    /**
     * Independent brute force: the projection lies on the face where a subset S of constraints is tight and equals
     * the projection of g onto null(A_S); among all feasible such points it is the one closest to g.
     */
    static double[] bruteForce(Matrix x, boolean[] active, double[] g) {
        int n = x.rows();
        int d = x.cols();
        double[] best = null;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << n; mask++) {
            int s = Integer.bitCount(mask);
            double[] u = g.clone();
            if (s > 0) {
                DMatrixRMaj a = new DMatrixRMaj(s, d);
                int k = 0;
                for (int j = 0; j < n; j++) {
                    if ((mask >> j & 1) != 0) {
                        double[] row = signedRow(x, active, j);
                        for (int t = 0; t < d; t++) {
                            a.set(k, t, row[t]);
                        }
                        k++;
                    }
                }
                DMatrixRMaj pinv = new DMatrixRMaj(d, s);
                CommonOps_DDRM.pinv(a, pinv);
                DMatrixRMaj ag = new DMatrixRMaj(s, 1);
                CommonOps_DDRM.mult(a, new DMatrixRMaj(d, 1, true, g), ag);
                DMatrixRMaj corr = new DMatrixRMaj(d, 1);
                CommonOps_DDRM.mult(pinv, ag, corr);
                for (int t = 0; t < d; t++) {
                    u[t] -= corr.get(t);
                }
            }
            boolean feasible = true;
            for (int j = 0; j < n && feasible; j++) {
                double[] row = signedRow(x, active, j);
                feasible = dot(row, u) >= -1e-12 * (1 + norm(row) * norm(g));
            }
            double dist = 0;
            for (int t = 0; t < d; t++) {
                dist += (u[t] - g[t]) * (u[t] - g[t]);
            }
            if (feasible && dist < bestDist) {
                bestDist = dist;
                best = u;
            }
        }
        return best;
    }

    static boolean[] randomPattern(Random rng, int n) {
        boolean[] a = new boolean[n];
        for (int j = 0; j < n; j++) {
            a[j] = rng.nextBoolean();
        }
        return a;
    }

    /**
     * KKT of u = Π_K(g) with multipliers μ: feasibility, u − g = A_Dᵀμ, μ ≥ 0, complementarity; tolerances are
     * relative to the rounding scale {@code ‖g‖ + Σ μ_j‖a_j‖} of the computed u.
     */
    static void checkKkt(Matrix x, boolean[] active, double[] g, double[] u, Nnls.Result res, double tol) {
        int n = x.rows();
        int d = x.cols();
        double[] mu = res.dense(n);
        double scale = Math.max(1, norm(g));
        for (int j = 0; j < n; j++) {
            scale += mu[j] * norm(x.row(j));
        }
        double[] atmu = new double[d];
        for (int j = 0; j < n; j++) {
            assertTrue(mu[j] >= 0);
            double[] row = signedRow(x, active, j);
            double au = dot(row, u);
            double rn = norm(row);
            assertTrue(au >= -tol * rn * scale, "infeasible row " + j + ": " + au);
            if (mu[j] > 0) {
                assertEquals(0.0, au, tol * rn * scale, "complementarity at " + j + " (mu " + mu[j] + ")");
            }
            for (int t = 0; t < d; t++) {
                atmu[t] += mu[j] * row[t];
            }
        }
        for (int t = 0; t < d; t++) {
            assertEquals(u[t] - g[t], atmu[t], tol * scale, "u - g != A_D^T mu");
        }
    }

    @Test
    void matchesBruteForceOnSmallInstances() {
        Random rng = new Random(11);
        for (int rep = 0; rep < 1500; rep++) {
            int d = 1 + rng.nextInt(3);
            int n = 1 + rng.nextInt(6);
            Matrix x = degenerateData(rng, n, d);
            boolean[] active = randomPattern(rng, n);
            double[] g = NnlsTest.randn(rng, d);
            ConeProjection cp = new ConeProjection(x);
            double[] u = new double[d];
            double val = cp.project(active, g, u);
            double[] ref = bruteForce(x, active, g);
            String msg = "rep " + rep;
            assertEquals(norm(ref), val, 1e-10, msg);
            assertArrayEquals(ref, u, 1e-10, msg);
            assertEquals(val, cp.projectionNorm(active, g), 0.0);
            Nnls.Result res = cp.solve(active, g);
            assertTrue(res.converged(), msg);
            checkKkt(x, active, g, u, res, 1e-10);
        }
    }

    @Test
    void moreauDecomposition() {
        Random rng = new Random(12);
        for (int rep = 0; rep < 200; rep++) {
            int d = 2 + rng.nextInt(8);
            int n = 1 + rng.nextInt(40);
            Matrix x = degenerateData(rng, n, d);
            boolean[] active = randomPattern(rng, n);
            double[] g = NnlsTest.randn(rng, d);
            double[] u = new double[d];
            double un = new ConeProjection(x).project(active, g, u);
            double[] polar = new double[d];
            for (int t = 0; t < d; t++) {
                polar[t] = g[t] - u[t];
            }
            assertEquals(norm(u), un, 1e-14);
            assertEquals(dot(g, g), un * un + dot(polar, polar), 1e-10);
            assertEquals(0.0, dot(u, polar), 1e-10);
            // The support-function form of spec §3.6: max_{v∈K,‖v‖≤1} gᵀv = ‖Π_K(g)‖, attained at v = u/‖u‖.
            if (un > 1e-6) {
                assertEquals(un, dot(g, u) / un, 1e-9);
            }
        }
    }

    @Test
    void insideConeAndPolarCone() {
        Random rng = new Random(13);
        for (int rep = 0; rep < 100; rep++) {
            int d = 2 + rng.nextInt(10);
            int n = 5 + rng.nextInt(100);
            Matrix x = degenerateData(rng, n, d);
            double[] h = NnlsTest.randn(rng, d);
            boolean[] active = new boolean[n];
            for (int j = 0; j < n; j++) {
                active[j] = dot(x.row(j), h) >= 0;
            }
            ConeProjection cp = new ConeProjection(x);
            double[] u = new double[d];
            assertEquals(norm(h), cp.project(active, h, u), 1e-15);
            assertArrayEquals(h, u, 0.0);
            // g = −A_Dᵀμ with μ ≥ 0 lies in the polar cone: projection 0.
            double[] g = new double[d];
            for (int j = 0; j < n; j++) {
                double m = rng.nextDouble() < 0.3 ? rng.nextDouble() : 0;
                double[] row = signedRow(x, active, j);
                for (int t = 0; t < d; t++) {
                    g[t] -= m * row[t];
                }
            }
            assertEquals(0.0, cp.projectionNorm(active, g), 1e-12 * Math.max(1, norm(g)));
        }
    }

    @Test
    void zeroRowsImposeNoConstraint() {
        Random rng = new Random(14);
        Matrix x = Matrix.of(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 0, 0}, {0, 1, 0}});
        Matrix reduced = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}});
        for (int rep = 0; rep < 50; rep++) {
            double[] g = NnlsTest.randn(rng, 3);
            boolean[] a = randomPattern(rng, 4);
            boolean[] b = {a[1], a[3]};
            assertEquals(new ConeProjection(reduced).projectionNorm(b, g), new ConeProjection(x).projectionNorm(a, g),
                    1e-15);
        }
        // Nonnegative orthant in the first two coordinates: explicit value.
        double[] g = {-1, 2, 3};
        assertEquals(Math.sqrt(13), new ConeProjection(x).projectionNorm(new boolean[] {true, true, false, true}, g),
                1e-15);
    }

    @Test
    void largeRandomCaseSatisfiesKkt() {
        Random rng = new Random(15);
        int n = 2000;
        int d = 30;
        Matrix x = Matrix.wrap(n, d, NnlsTest.randn(rng, n * d));
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(10, d, 5));
        ConeProjection cp = new ConeProjection(x);
        for (int p = 0; p < ps.size(); p++) {
            boolean[] active = ps.pattern(p);
            double[] g = NnlsTest.randn(rng, d);
            double[] u = new double[d];
            double val = cp.project(ps, p, g, u);
            Nnls.Result res = cp.solve(active, g);
            assertTrue(res.converged());
            assertTrue(res.indices().length <= d);
            assertEquals(val, cp.projectionNorm(active, g), 0.0);
            checkKkt(x, active, g, u, res, 1e-9);
        }
    }

    @Test
    void nearlyParallelRowsStillSatisfyKkt() {
        Random rng = new Random(18);
        for (int rep = 0; rep < 30; rep++) {
            int d = 5 + rng.nextInt(20);
            int n = 50 + rng.nextInt(400);
            int bases = 1 + rng.nextInt(2 * d);
            double[][] base = new double[bases][];
            for (int b = 0; b < bases; b++) {
                base[b] = NnlsTest.randn(rng, d);
            }
            Matrix x = Matrix.zeros(n, d);
            double noise = Math.pow(10, -3 - rng.nextInt(6));
            for (int j = 0; j < n; j++) {
                double[] b = base[rng.nextInt(bases)];
                double scale = Math.exp(rng.nextGaussian());
                for (int t = 0; t < d; t++) {
                    x.set(j, t, scale * (b[t] + noise * rng.nextGaussian()));
                }
            }
            boolean[] active = randomPattern(rng, n);
            double[] g = NnlsTest.randn(rng, d);
            ConeProjection cp = new ConeProjection(x);
            double[] u = new double[d];
            cp.project(active, g, u);
            Nnls.Result res = cp.solve(active, g);
            assertTrue(res.converged(), "rep " + rep);
            checkKkt(x, active, g, u, res, 1e-10);
        }
    }

    @Test
    void truncatedSolveIsAValidUpperBound() {
        Random rng = new Random(16);
        int n = 300;
        int d = 12;
        Matrix x = Matrix.wrap(n, d, NnlsTest.randn(rng, n * d));
        ConeProjection exact = new ConeProjection(x);
        for (int rep = 0; rep < 40; rep++) {
            boolean[] active = randomPattern(rng, n);
            double[] g = NnlsTest.randn(rng, d);
            double opt = exact.projectionNorm(active, g);
            for (int cap = 1; cap <= 6; cap++) {
                ConeProjection cp = new ConeProjection(x, new Nnls(Nnls.DEFAULT_TOLERANCE, cap));
                Nnls.Result res = cp.solve(active, g);
                double bound = res.residualNorm();
                assertTrue(bound >= opt - 1e-13, "cap " + cap + ": " + bound + " < " + opt);
                // It is attained: ‖g + A_Dᵀμ‖ for the returned μ ≥ 0.
                double[] v = g.clone();
                for (int i = 0; i < res.indices().length; i++) {
                    assertTrue(res.values()[i] > 0);
                    double[] row = signedRow(x, active, res.indices()[i]);
                    for (int t = 0; t < d; t++) {
                        v[t] += res.values()[i] * row[t];
                    }
                }
                assertEquals(norm(v), bound, 1e-13);
                assertTrue(res.roundoff() > 0 && res.roundoff() < 1e-12);
            }
        }
    }

    @Test
    void concurrentCallsAgreeWithSequential() {
        Random rng = new Random(17);
        int n = 500;
        int d = 15;
        Matrix x = Matrix.wrap(n, d, NnlsTest.randn(rng, n * d));
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(64, d, 9));
        double[][] gs = new double[ps.size()][];
        for (int p = 0; p < gs.length; p++) {
            gs[p] = NnlsTest.randn(rng, d);
        }
        ConeProjection cp = new ConeProjection(x);
        double[] seq = IntStream.range(0, gs.length).mapToDouble(p -> cp.projectionNorm(ps, p, gs[p])).toArray();
        double[] par = IntStream.range(0, gs.length).parallel().mapToDouble(p -> cp.projectionNorm(ps, p, gs[p]))
                .toArray();
        assertArrayEquals(seq, par, 0.0);
    }

    @Test
    void rejectsWrongShapes() {
        ConeProjection cp = new ConeProjection(Matrix.zeros(3, 2));
        assertThrows(IllegalArgumentException.class, () -> cp.projectionNorm(new boolean[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> cp.projectionNorm(new boolean[3], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> cp.project(new boolean[3], new double[2], new double[3]));
    }
}
