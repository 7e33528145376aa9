package org.convexnn.testing;

import java.util.Random;
import org.convexnn.linalg.Matrix;

/** Random fixtures shared by the core tests: Gaussian matrices and a ReLU-shaped regression target. */
public final class TestMatrices {
    private TestMatrices() {
    }

    /** A rows x cols matrix of standard Gaussians from {@code new Random(seed)}, filled row by row. */
    public static Matrix gaussian(int rows, int cols, long seed) {
        return gaussian(rows, cols, new Random(seed));
    }

    /** A rows x cols matrix of standard Gaussians drawn from rng, filled row by row. */
    public static Matrix gaussian(int rows, int cols, Random rng) {
        Matrix m = Matrix.zeros(rows, cols);
        double[] a = m.data();
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        return m;
    }

    /** y_i = Σ_j ±max(0, x_ij) (weights 1, −0.5 alternating) + 0.1·N(0, 1) noise from {@code new Random(seed)}. */
    public static double[] regressionTarget(Matrix x, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            for (int j = 0; j < x.cols(); j++) {
                s += Math.max(0, x.get(i, j)) * (j % 2 == 0 ? 1 : -0.5);
            }
            y[i] = s + 0.1 * rng.nextGaussian();
        }
        return y;
    }

    /** A regression sample: rows x and their targets y. */
    public record Sample(double[][] x, double[] y) {
    }

    /** The target of one row; it may draw more numbers from rng (after the row's features). */
    public interface Target {
        double of(double[] row, Random rng);
    }

    /** n rows of d standard Gaussians from rng, each row's target computed (and drawn) right after its features. */
    public static Sample sample(Random rng, int n, int d, Target target) {
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rng.nextGaussian();
            }
            y[i] = target.of(x[i], rng);
        }
        return new Sample(x, y);
    }
}
