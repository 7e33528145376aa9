package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The single-precision matrix builds {@code σ·(K ∘ AAᵀ) + BBᵀ + diag(c)} as the double-precision sums do (to single
 * rounding), and its factor solves to single-precision accuracy.
 */
class FloatSymmetricMatrixTest {
    private static final int N = 150; // above OpenBLAS's small-matrix paths, odd-sized blocks

    @BeforeEach
    void nativeOnly() {
        Assumptions.assumeTrue(FloatSymmetricMatrix.isAvailable(), "native OpenBLAS not loadable here");
    }

    private static double[] gaussian(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    /** (A·Aᵀ)_ij for row-major n x k A. */
    private static double gram(double[] a, int k, int i, int j) {
        double s = 0;
        for (int q = 0; q < k; q++) {
            s += a[i * k + q] * a[j * k + q];
        }
        return s;
    }

    /** Σ_q |A_iq A_jq|: the scale of the rounding in (A·Aᵀ)_ij. */
    private static double gramAbs(double[] a, int k, int i, int j) {
        double s = 0;
        for (int q = 0; q < k; q++) {
            s += Math.abs(a[i * k + q] * a[j * k + q]);
        }
        return s;
    }

    @Test
    void formsTheNewtonMatrixEntryByEntry() {
        int k1 = 7;
        int k2 = 5;
        int d = 4;
        double sigma = 3.5;
        double[] x = gaussian(N, d, 1);
        double[] a = gaussian(N, k1, 2);
        double[] b = gaussian(N, k2, 3);
        double[] c = new double[N];
        for (int i = 0; i < N; i++) {
            c[i] = 1 + i % 3;
        }
        try (FloatSymmetricMatrix kernel = new FloatSymmetricMatrix(N, 2);
             FloatSymmetricMatrix h = new FloatSymmetricMatrix(N, 2)) {
            kernel.rankUpdate(x, d, 1.0, 0.0);
            h.rankUpdate(a, k1, sigma, 0.0);
            h.multiplyEntrywise(kernel);
            h.rankUpdate(b, k2, sigma, 1.0);
            h.addToDiagonal(c);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j <= i; j++) {
                    double want = sigma * (gram(x, d, i, j) * gram(a, k1, i, j) + gram(b, k2, i, j))
                            + (i == j ? c[i] : 0.0);
                    double scale = sigma * (gramAbs(x, d, i, j) * gramAbs(a, k1, i, j) + gramAbs(b, k2, i, j))
                            + (i == j ? c[i] : 0.0);
                    assertEquals(want, h.get(i, j), 1e-6 * scale, "entry " + i + "," + j);
                }
            }
        }
    }

    @Test
    void zeroRankClearsOrScales() {
        double[] a = gaussian(N, 3, 4);
        try (FloatSymmetricMatrix h = new FloatSymmetricMatrix(N, 1)) {
            h.rankUpdate(a, 3, 1.0, 0.0);
            double e = h.get(9, 4);
            h.rankUpdate(new double[0], 0, 1.0, 2.0);
            assertEquals(2 * e, h.get(9, 4), 1e-6 * Math.abs(e));
            h.rankUpdate(new double[0], 0, 1.0, 0.0);
            assertEquals(0.0, h.get(9, 4));
            assertEquals(0.0, h.get(N - 1, N - 1));
        }
    }

    @Test
    void factorSolvesToSinglePrecision() {
        int k = N + 10;
        double[] a = gaussian(N, k, 5);
        double[] ones = new double[N];
        java.util.Arrays.fill(ones, 1.0);
        double[] xTrue = gaussian(N, 1, 6);
        double[] rhs = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                rhs[i] += (gram(a, k, i, j) + (i == j ? 1.0 : 0.0)) * xTrue[j];
            }
        }
        try (FloatSymmetricMatrix h = new FloatSymmetricMatrix(N, 2)) {
            h.rankUpdate(a, k, 1.0, 0.0);
            h.addToDiagonal(ones);
            assertThrows(IllegalStateException.class, () -> h.solve(rhs.clone()));
            assertTrue(h.factor());
            assertTrue(h.factored());
            double[] x = rhs.clone();
            h.solve(x);
            double err = 0;
            double ref = 0;
            for (int i = 0; i < N; i++) {
                err += (x[i] - xTrue[i]) * (x[i] - xTrue[i]);
                ref += xTrue[i] * xTrue[i];
            }
            // condition number of AAᵀ + I here is about 2·10³: single precision leaves about 1e-4
            assertTrue(Math.sqrt(err / ref) < 1e-3, "relative error " + Math.sqrt(err / ref));
            assertTrue(Math.sqrt(err / ref) > 1e-12, "a single-precision solve cannot be exact to double rounding");
            // a change to the matrix drops the factor
            h.addToDiagonal(ones);
            assertFalse(h.factored());
        }
    }

    @Test
    void refusesAnIndefiniteMatrix() {
        double[] a = gaussian(N, 3, 7);
        double[] shift = new double[N];
        java.util.Arrays.fill(shift, -1.0);
        try (FloatSymmetricMatrix h = new FloatSymmetricMatrix(N, 1)) {
            h.rankUpdate(a, 3, 1.0, 0.0); // rank 3 minus the identity: indefinite
            h.addToDiagonal(shift);
            assertFalse(h.factor());
            assertThrows(IllegalStateException.class, () -> h.solve(new double[N]));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> {
            try (FloatSymmetricMatrix h = new FloatSymmetricMatrix(4, 1)) {
                h.get(1, 2);
            }
        });
    }
}
