package org.convexnn.arrangement;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.convexnn.arrangement.CellEnumerator.Algorithm;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.api.Test;

class ExactEnumeratorTest {

    static String key(boolean[] p) {
        StringBuilder sb = new StringBuilder(p.length);
        for (boolean b : p) {
            sb.append(b ? '1' : '0');
        }
        return sb.toString();
    }

    static Set<String> keys(PatternSet s) {
        Set<String> out = new HashSet<>();
        for (int p = 0; p < s.size(); p++) {
            out.add(key(s.pattern(p)));
        }
        return out;
    }

    /** Gates reproduce their patterns strictly, no duplicates, no all-zero pattern. */
    static void checkInvariants(Matrix x, PatternSet s) {
        int n = x.rows();
        int d = x.cols();
        assertEquals(n, s.rows());
        assertEquals(d, s.gates().cols());
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < s.size(); p++) {
            boolean[] pat = s.pattern(p);
            assertTrue(seen.add(key(pat)), "duplicate pattern " + key(pat));
            double[] h = s.gates().row(p);
            boolean anyNonZeroActive = false;
            for (int i = 0; i < n; i++) {
                double v = 0;
                boolean zero = true;
                for (int j = 0; j < d; j++) {
                    v += x.get(i, j) * h[j];
                    zero &= x.get(i, j) == 0.0;
                }
                assertEquals(v >= 0, pat[i], "gate of pattern " + p + " disagrees on row " + i);
                if (!zero) {
                    assertTrue(v != 0.0, "gate on a hyperplane");
                    anyNonZeroActive |= pat[i];
                } else {
                    assertTrue(pat[i], "zero rows are always active");
                }
            }
            assertTrue(anyNonZeroActive, "all-zero pattern returned");
        }
    }

    /** Brute force: every sign vector of the non-zero rows, feasibility by the strict LP in R^d. */
    static Set<String> bruteForce(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        int[] nz = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                if (x.get(i, j) != 0.0) {
                    nz[m++] = i;
                    break;
                }
            }
        }
        Set<String> out = new HashSet<>();
        CellLp lp = new CellLp(d);
        double[] a = new double[Math.max(1, m) * d];
        double[] h = new double[d];
        for (long s = 0; s < (1L << m); s++) {
            for (int k = 0; k < m; k++) {
                double[] row = x.row(nz[k]);
                double nrm = 0;
                for (double e : row) {
                    nrm += e * e;
                }
                nrm = Math.sqrt(nrm);
                double sg = (s >>> k & 1L) != 0 ? 1 : -1;
                for (int j = 0; j < d; j++) {
                    a[k * d + j] = sg * row[j] / nrm;
                }
            }
            if (m > 0 && lp.solve(a, m, h) <= 1e-9) {
                continue;
            }
            if (s == 0) {
                continue; // all-zero pattern (no active non-zero row)
            }
            boolean[] pat = new boolean[n];
            java.util.Arrays.fill(pat, true);
            for (int k = 0; k < m; k++) {
                pat[nz[k]] = (s >>> k & 1L) != 0;
            }
            out.add(key(pat));
        }
        return out;
    }

    static boolean hasAllOnes(PatternSet s) {
        for (int p = 0; p < s.size(); p++) {
            boolean all = true;
            for (boolean b : s.pattern(p)) {
                all &= b;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Test
    void countBoundClosedForms() {
        assertEquals(2, ExactEnumerator.countBound(10, 1));
        assertEquals(20, ExactEnumerator.countBound(10, 2));
        assertEquals(10 * 10 - 10 + 2, ExactEnumerator.countBound(10, 3));
        assertEquals(1L << 5, ExactEnumerator.countBound(5, 7));
        assertEquals(1, ExactEnumerator.countBound(0, 3));
        assertEquals(Long.MAX_VALUE, ExactEnumerator.countBound(100_000, 40));
    }

    @Test
    void generalPositionCountsO_I9() {
        int[][] cases = {{6, 2}, {6, 3}, {7, 3}, {8, 4}, {30, 3}, {12, 5}};
        for (int[] c : cases) {
            for (Algorithm alg : Algorithm.values()) {
                Matrix x = gaussian(c[0], c[1], 17L * c[0] + c[1]);
                EnumerationResult res = ExactEnumerator.enumerateWithStats(x, 1_000_000, alg);
                long want = ExactEnumerator.countBound(c[0], c[1]);
                assertEquals(want, res.cells(), "cells for " + c[0] + "x" + c[1] + " " + alg);
                assertEquals(want, ExactEnumerator.predictedCount(x));
                assertEquals(c[1], res.rank());
                // no zero rows: the all-zero cell exists iff its mirror, the all-ones cell, does
                assertEquals(res.cells() - (hasAllOnes(res.patterns()) ? 1 : 0), res.patterns().size());
                checkInvariants(x, res.patterns());
            }
        }
    }

    @Test
    void oneDimensionalWithBiasGivesTwoN() {
        Matrix x3 = Matrix.of(new double[][] {{-1}, {0}, {1}}).withOnesColumn();
        EnumerationResult r3 = ExactEnumerator.enumerateWithStats(x3, 1000);
        assertEquals(6, r3.cells());
        assertEquals(5, r3.patterns().size());
        checkInvariants(x3, r3.patterns());
        Random rng = new Random(3);
        double[][] xs = new double[40][1];
        for (double[] row : xs) {
            row[0] = rng.nextGaussian();
        }
        Matrix x = Matrix.of(xs).withOnesColumn();
        EnumerationResult r = ExactEnumerator.enumerateWithStats(x, 1000);
        assertEquals(80, r.cells());
        assertEquals(79, r.patterns().size());
        checkInvariants(x, r.patterns());
    }

    @Test
    void specToyT6AndT7() {
        Matrix t6 = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 2}, {2, -1}});
        for (Algorithm alg : Algorithm.values()) {
            EnumerationResult r6 = ExactEnumerator.enumerateWithStats(t6, 1000, alg);
            assertEquals(10, r6.cells());
            assertEquals(9, r6.patterns().size());
            checkInvariants(t6, r6.patterns());
            assertEquals(bruteForce(t6), keys(r6.patterns()));
        }
        Matrix t7 = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {1, 2, -1}, {-1, 3, 2}});
        for (Algorithm alg : Algorithm.values()) {
            EnumerationResult r7 = ExactEnumerator.enumerateWithStats(t7, 1000, alg);
            assertEquals(32, r7.cells());
            assertEquals(32 - (hasAllOnes(r7.patterns()) ? 1 : 0), r7.patterns().size());
            checkInvariants(t7, r7.patterns());
            assertEquals(bruteForce(t7), keys(r7.patterns()));
        }
    }

    @Test
    void lowRankDataHasThePatternsOfItsFactor() {
        int[][] cases = {{12, 2, 5}, {15, 3, 7}, {10, 4, 6}};
        for (int[] c : cases) {
            Matrix z = gaussian(c[0], c[1], 100 + c[1]);
            Matrix a = gaussian(c[1], c[2], 200 + c[2]);
            Matrix x = z.times(a);
            EnumerationResult rx = ExactEnumerator.enumerateWithStats(x, 1_000_000);
            EnumerationResult rz = ExactEnumerator.enumerateWithStats(z, 1_000_000);
            assertEquals(c[1], rx.rank());
            assertEquals(keys(rz.patterns()), keys(rx.patterns()));
            assertEquals(rz.cells(), rx.cells());
            assertEquals(ExactEnumerator.countBound(c[0], c[1]), rx.cells());
            checkInvariants(x, rx.patterns());
        }
    }

    /** Degenerate data: repeated, parallel (both signs), zero and rank-deficient rows. */
    static Matrix degenerate(long seed) {
        Random rng = new Random(seed);
        int d = 2 + rng.nextInt(3);
        int base = 2 + rng.nextInt(4);
        int n = base + 2 + rng.nextInt(4);
        double[][] rows = new double[n][];
        boolean lowRank = rng.nextBoolean() && d > 2;
        double[][] basis = new double[d - 1][d]; // rows span a (d-1)-dimensional subspace
        for (double[] b : basis) {
            for (int j = 0; j < d; j++) {
                b[j] = rng.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            if (i < base) {
                rows[i] = new double[d];
                if (lowRank) {
                    for (double[] b : basis) {
                        double c = rng.nextGaussian();
                        for (int j = 0; j < d; j++) {
                            rows[i][j] += c * b[j];
                        }
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        rows[i][j] = rng.nextInt(5) - 2; // small integers: many coincidences
                    }
                }
            } else {
                int kind = rng.nextInt(4);
                double[] src = rows[rng.nextInt(base)];
                rows[i] = new double[d];
                double f = kind == 0 ? 1 : kind == 1 ? 2.5 : kind == 2 ? -3 : 0;
                for (int j = 0; j < d; j++) {
                    rows[i][j] = f * src[j];
                }
            }
        }
        return Matrix.of(rows);
    }

    @Test
    void degenerateDataMatchesBruteForce() {
        for (long seed = 0; seed < 150; seed++) {
            Matrix x = degenerate(seed);
            Set<String> want = bruteForce(x);
            for (Algorithm alg : Algorithm.values()) {
                EnumerationResult r = ExactEnumerator.enumerateWithStats(x, 1_000_000, alg);
                checkInvariants(x, r.patterns());
                assertEquals(want, keys(r.patterns()), "seed " + seed + " " + alg);
                assertTrue(r.cells() <= ExactEnumerator.predictedCount(x));
            }
        }
    }

    @Test
    void allZeroAndSingleRowData() {
        Matrix zeros = Matrix.zeros(4, 3);
        EnumerationResult r0 = ExactEnumerator.enumerateWithStats(zeros, 10);
        assertEquals(1, r0.cells());
        assertEquals(0, r0.patterns().size());
        assertEquals(0, r0.rank());
        Matrix one = Matrix.of(new double[][] {{0, 0}, {1, 2}, {-2, -4}, {3, 6}});
        EnumerationResult r1 = ExactEnumerator.enumerateWithStats(one, 10);
        assertEquals(2, r1.cells());
        assertEquals(2, r1.patterns().size());
        assertEquals(1, r1.rank());
        assertEquals(Set.of("1101", "1010"), keys(r1.patterns()));
        checkInvariants(one, r1.patterns());
    }

    @Test
    void sampledPatternsAreAllFound() {
        Matrix x = gaussian(9, 3, 42);
        PatternSet exact = ExactEnumerator.enumerate(x, 10_000);
        PatternSet sampled = PatternSet.fromGates(x, GaussianGateSampler.sample(200_000, 3, 1));
        Set<String> e = keys(exact);
        for (String s : keys(sampled)) {
            assertTrue(e.contains(s), "sampled pattern missing: " + s);
        }
        assertEquals(bruteForce(x), e);
    }

    @Test
    void algorithmsAgreeOnLargerData() {
        for (int r = 2; r <= 4; r++) {
            for (long seed = 0; seed < 3; seed++) {
                Matrix x = r == 4 ? gaussian(25, r, seed) : gaussian(40, r, seed);
                if (seed == 2) {
                    x = x.withOnesColumn(); // bias column: degenerate cells, d = r + 1
                }
                Set<String> lp = keys(ExactEnumerator.enumerateWithStats(x, 10_000_000, Algorithm.LP).patterns());
                EnumerationResult fast = ExactEnumerator.enumerateWithStats(x, 10_000_000, Algorithm.AUTO);
                assertEquals(lp, keys(fast.patterns()), "r=" + r + " seed " + seed);
                checkInvariants(x, fast.patterns());
            }
        }
    }

    @Test
    void refusesPromptlyWithPredictedCount() {
        Matrix x = gaussian(569, 31, 5);
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactEnumerator.enumerate(x, 100_000));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "refusal took " + ms + " ms");
        long bound = ExactEnumerator.predictedCount(x);
        assertTrue(bound > 100_000);
        String msg = e.getMessage();
        // issue 18 defect 7: the count is past Long.MAX_VALUE; the message gives its real size, not 9.2e18
        assertEquals(Long.MAX_VALUE, bound);
        String real = ExactEnumerator.formatCount(ExactEnumerator.exactBound(569, 31));
        assertTrue(real.matches("[0-9.]+e[0-9]+") && !real.contains("9.2e18"), real);
        assertTrue(msg.contains("up to " + real + " patterns"), msg);
        assertFalse(msg.contains("9.2e18"), msg);
        assertTrue(msg.contains("rank 31"), msg);
        assertTrue(msg.contains("100000"), msg);
        assertTrue(msg.contains("--patterns"), msg);
        assertFalse(msg.contains("distinct"), msg);
    }

    @Test
    void complementIsOrthonormal() {
        Random rng = new Random(9);
        for (int r = 2; r <= 6; r++) {
            double[] u = new double[r];
            double s = 0;
            for (int j = 0; j < r; j++) {
                u[j] = rng.nextGaussian();
                s += u[j] * u[j];
            }
            for (int j = 0; j < r; j++) {
                u[j] /= Math.sqrt(s);
            }
            double[][] q = CellEnumerator.complement(u);
            List<double[]> all = new java.util.ArrayList<>(List.of(q));
            all.add(u);
            for (int a = 0; a < all.size(); a++) {
                for (int b = 0; b < all.size(); b++) {
                    double dot = 0;
                    for (int j = 0; j < r; j++) {
                        dot += all.get(a)[j] * all.get(b)[j];
                    }
                    assertEquals(a == b ? 1.0 : 0.0, dot, 1e-12);
                }
            }
        }
    }

    @Test
    void countsBeyondTheDoubleRangeArePowersOfTen() {
        String s = ExactEnumerator.formatCount(java.math.BigInteger.TEN.pow(400).multiply(java.math.BigInteger.valueOf(3)));
        assertEquals("about 10^400", s);
        assertEquals("1.0e20", ExactEnumerator.formatCount(java.math.BigInteger.TEN.pow(20)));
        assertEquals("12345", ExactEnumerator.formatCount(java.math.BigInteger.valueOf(12345)));
    }
}
