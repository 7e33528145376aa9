package org.convexnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convexnn.linalg.Matrix;

/** Synthetic regression data labelled by a random two-layer ReLU teacher network (benchmarks and tests). */
public final class TeacherData {
    private TeacherData() {
    }

    /**
     * n samples x ~ N(0, I_d) with targets {@code y = Σ_j a_j (x·u_j)₊ + 0.1·noise} of a random 10-neuron teacher
     * ({@code u_j ~ N(0, I/d)}, {@code a_j ~ N(0, 1)}), all drawn from one {@code Random(seed)}.
     */
    public static Dataset regression(int n, int d, long seed) {
        Random rng = new Random(seed);
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        int m = 10;
        double[][] u = new double[m][d];
        double[] a = new double[m];
        for (int j = 0; j < m; j++) {
            for (int t = 0; t < d; t++) {
                u[j][t] = rng.nextGaussian() / Math.sqrt(d);
            }
            a[j] = rng.nextGaussian();
        }
        Matrix y = Matrix.zeros(n, 1);
        List<String> names = new ArrayList<>();
        for (int t = 0; t < d; t++) {
            names.add("x" + t);
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                double h = 0;
                for (int t = 0; t < d; t++) {
                    h += u[j][t] * x.get(i, t);
                }
                s += a[j] * Math.max(0, h);
            }
            y.set(i, 0, s + 0.1 * rng.nextGaussian());
        }
        return new Dataset(x, y, names, new TargetEncoding(Task.REGRESSION, "y", List.of()), "synthetic");
    }
}
