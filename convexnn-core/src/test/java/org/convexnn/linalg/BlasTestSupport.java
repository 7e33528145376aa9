package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared reference implementation and random cases for the dgemm tests. */
final class BlasTestSupport {
    private BlasTestSupport() {
    }

    static final int[] SIZES = {1, 7, 63, 65, 129};

    /** One dgemm problem with padded storage. */
    static final class Case {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final double alpha;
        final double beta;
        final double[] a;
        final double[] b;
        final double[] c;
        final int aOff;
        final int bOff;
        final int cOff;
        final int lda;
        final int ldb;
        final int ldc;

        Case(Random rnd, boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
             boolean padded, boolean nanC) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = transA ? k : m;
            int aCols = transA ? m : k;
            int bRows = transB ? n : k;
            int bCols = transB ? k : n;
            aOff = padded ? 1 + rnd.nextInt(5) : 0;
            bOff = padded ? 1 + rnd.nextInt(5) : 0;
            cOff = padded ? 1 + rnd.nextInt(5) : 0;
            lda = aCols + (padded ? 1 + rnd.nextInt(3) : 0);
            ldb = bCols + (padded ? 1 + rnd.nextInt(3) : 0);
            ldc = n + (padded ? 1 + rnd.nextInt(3) : 0);
            a = random(rnd, aOff + aRows * lda + 3);
            b = random(rnd, bOff + bRows * ldb + 3);
            c = random(rnd, cOff + m * ldc + 3);
            if (nanC) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c[cOff + i * ldc + j] = Double.NaN;
                    }
                }
            }
        }

        void run(Blas blas, double[] out) {
            blas.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
        }

        /** Naive triple loop in long-double-free plain doubles. */
        double[] reference() {
            double[] out = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += av * bv;
                    }
                    int idx = cOff + i * ldc + j;
                    out[idx] = alpha * s + (beta == 0.0 ? 0.0 : beta * out[idx]);
                }
            }
            return out;
        }

        /** Scale for relative comparison: sum of |a||b| plus |beta c|. */
        double scale(int i, int j) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                s += Math.abs(av * bv);
            }
            double cv = c[cOff + i * ldc + j];
            return Math.abs(alpha) * s + (beta == 0.0 || Double.isNaN(cv) ? 0.0 : Math.abs(beta * cv)) + 1e-300;
        }

        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " off=" + aOff + "/" + bOff + "/" + cOff + " ld=" + lda + "/" + ldb + "/" + ldc;
        }
    }

    static double[] random(Random rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** Random cases covering sizes, transposes, alpha, beta, padding and NaN-filled C with beta = 0. */
    static List<Case> cases(long seed) {
        Random rnd = new Random(seed);
        List<Case> out = new ArrayList<>();
        double[] betas = {0.0, 1.0, 0.5};
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                for (int s = 0; s < 14; s++) {
                    int m = SIZES[rnd.nextInt(SIZES.length)];
                    int n = SIZES[rnd.nextInt(SIZES.length)];
                    int k = SIZES[rnd.nextInt(SIZES.length)];
                    double beta = betas[s % 3];
                    double alpha = s % 2 == 0 ? 1.0 : -0.75;
                    boolean padded = s % 4 != 0;
                    out.add(new Case(rnd, ta == 1, tb == 1, m, n, k, alpha, beta, padded, false));
                }
                out.add(new Case(rnd, ta == 1, tb == 1, 65, 129, 63, 1.5, 0.0, true, true));
                out.add(new Case(rnd, ta == 1, tb == 1, 7, 1, 129, 2.0, 0.0, true, true));
                // shapes exercising the blocking paths: long k (> KC), wide n (> NC), many rows
                out.add(new Case(rnd, ta == 1, tb == 1, 9, 600, 300, 0.5, 0.5, true, false));
                out.add(new Case(rnd, ta == 1, tb == 1, 130, 70, 1500, 1.0, 1.0, true, false));
                out.add(new Case(rnd, ta == 1, tb == 1, 1100, 33, 20, -1.0, 0.0, true, true));
            }
        }
        return out;
    }

    /** Asserts that out matches the reference inside C and is untouched outside it. */
    static void assertMatches(Case cs, double[] out, double[] ref, double rel) {
        boolean[] inside = new boolean[out.length];
        for (int i = 0; i < cs.m; i++) {
            for (int j = 0; j < cs.n; j++) {
                int idx = cs.cOff + i * cs.ldc + j;
                inside[idx] = true;
                double tol = rel * cs.scale(i, j);
                assertTrue(Double.isFinite(out[idx]), () -> "non-finite at " + idx + " for " + cs);
                assertEquals(ref[idx], out[idx], tol, () -> "C(" + idx + ") for " + cs);
            }
        }
        for (int idx = 0; idx < out.length; idx++) {
            if (!inside[idx]) {
                assertEquals(Double.doubleToRawLongBits(cs.c[idx]), Double.doubleToRawLongBits(out[idx]),
                        "padding modified at " + idx + " for " + cs);
            }
        }
    }

    /** Runs every case on blas and checks it against its reference (1e-13 relative). */
    static void assertAllMatch(Blas blas, List<Case> cases) {
        for (Case cs : cases) {
            double[] out = cs.c.clone();
            cs.run(blas, out);
            assertMatches(cs, out, cs.reference(), 1e-13);
        }
    }

    /**
     * {@code threads} callers share blas at once, caller t running the first {@code count} cases of
     * {@code cases(seed0 + t)}; every result must match its reference (the first failure is rethrown).
     */
    static void assertConcurrentCallersMatch(Blas blas, int threads, long seed0, int count) throws InterruptedException {
        Thread[] ts = new Thread[threads];
        Throwable[] err = new Throwable[1];
        for (int t = 0; t < ts.length; t++) {
            final int seed = t;
            ts[t] = new Thread(() -> {
                try {
                    assertAllMatch(blas, cases(seed0 + seed).subList(0, count));
                } catch (Throwable e) {
                    err[0] = e;
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (err[0] != null) {
            throw new AssertionError(err[0]);
        }
    }
}
