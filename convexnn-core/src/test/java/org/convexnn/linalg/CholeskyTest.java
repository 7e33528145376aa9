package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both Cholesky kernels solve SPD systems to rounding and refuse matrices that are not positive definite. */
class CholeskyTest {

    /** A random SPD matrix BBᵀ + I of order n whose upper triangle holds garbage (only the lower is to be read). */
    private static double[] spd(int n, long seed, boolean garbageAbove) {
        Random rng = new Random(seed);
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextGaussian();
        }
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = i == j ? 1.0 : 0.0;
                for (int k = 0; k < n; k++) {
                    s += b[i * n + k] * b[j * n + k];
                }
                h[i * n + j] = s;
                h[j * n + i] = garbageAbove && j < i ? Double.NaN : s;
            }
        }
        return h;
    }

    private static Cholesky create(int n, boolean java) {
        return new Cholesky(n, 1, !java);
    }

    private static void solvesToRounding(boolean java) {
        int n = 70;
        double[] h = spd(n, 3, false);
        double[] ref = h.clone();
        double[] x = new double[n];
        Random rng = new Random(4);
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i] += ref[i * n + j] * x[j];
            }
        }
        Cholesky c = create(n, java);
        assertEquals(java ? "ejml" : "lapack", c.kernelName());
        assertTrue(c.factor(h));
        c.solve(b);
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], b[i], 1e-9 * (1 + Math.abs(x[i])));
        }
        c.close();
    }

    @Test
    void theNativeKernelSolvesToRounding() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlas.isAvailable(), "native OpenBLAS not loadable here");
        solvesToRounding(false);
    }

    @Test
    void thePureJavaKernelSolvesToRounding() {
        solvesToRounding(true);
    }

    @Test
    void theNativeKernelReadsOnlyTheLowerTriangle() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlas.isAvailable(), "native OpenBLAS not loadable here");
        int n = 9;
        double[] full = spd(n, 8, false);
        double[] lower = spd(n, 8, true);
        double[] b1 = new double[n];
        double[] b2 = new double[n];
        for (int i = 0; i < n; i++) {
            b1[i] = b2[i] = i - 4.0;
        }
        Cholesky c = create(n, false);
        assertTrue(c.factor(full));
        c.solve(b1);
        assertTrue(c.factor(lower));
        c.solve(b2);
        for (int i = 0; i < n; i++) {
            assertEquals(b1[i], b2[i], 1e-12 * (1 + Math.abs(b1[i])));
        }
    }

    /**
     * Above {@link Cholesky#SERIAL_BELOW} (two threads), with NaN above the diagonal: the row-major lower triangle is
     * what LAPACK reads as its column-major upper one, and one factor serves several right-hand sides.
     */
    @Test
    void aLargeOrderOnTwoThreadsReadsTheLowerTriangleAndSolvesRepeatedly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlas.isAvailable(), "native OpenBLAS not loadable here");
        int n = Cholesky.SERIAL_BELOW + 37;
        Random rng = new Random(11);
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = rng.nextGaussian();
                h[i * n + j] = v; // diagonally dominant below: SPD
                h[j * n + i] = Double.NaN;
            }
            h[i * n + i] = 2.0 * n;
        }
        Cholesky c = new Cholesky(n, 2);
        assertTrue(c.factor(h));
        for (int rep = 0; rep < 3; rep++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    b[i] += (j <= i ? h[i * n + j] : h[j * n + i]) * x[j];
                }
            }
            c.solve(b);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i], b[i], 1e-10 * (1 + Math.abs(x[i])));
            }
        }
        c.close();
    }

    @Test
    void anIndefiniteMatrixIsRefused() {
        double[] h = {1.0, 2.0, 2.0, 1.0}; // eigenvalues 3 and −1
        for (boolean java : new boolean[] {false, true}) {
            if (!java && !NativeBlas.isAvailable()) {
                continue;
            }
            Cholesky c = create(2, java);
            assertFalse(c.factor(h.clone()), c.kernelName());
            assertThrows(IllegalStateException.class, () -> c.solve(new double[2]));
        }
    }
}
