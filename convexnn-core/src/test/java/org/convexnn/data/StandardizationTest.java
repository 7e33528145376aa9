package org.convexnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Issue 18 defect 2: standardisation is finite and scale-equivariant for any finite input. */
class StandardizationTest {

    private static Matrix scaled(Matrix x, double f) {
        Matrix out = x.copy();
        double[] a = out.data();
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
        return out;
    }

    private static Matrix sample() {
        return Matrix.wrap(4, 3, new double[] {1, 5, 7, 2, -5, 7, 3, 5, 7, 6, -5, 7});
    }

    @Test
    void extremeScalesGiveTheSameStandardisedData() {
        Matrix x = sample();
        Standardization base = Standardization.fit(x);
        Matrix z = base.apply(x);
        for (double f : new double[] {1e300, 1e-300, 1e-310, 1e307, -1e300, 1e150, 1e-150}) {
            Matrix xf = scaled(x, f);
            Standardization s = Standardization.fit(xf);
            for (int j = 0; j < 3; j++) {
                assertTrue(Double.isFinite(s.means()[j]) && Double.isFinite(s.scales()[j]) && s.scales()[j] > 0,
                        f + " column " + j + ": " + s.means()[j] + " " + s.scales()[j]);
            }
            assertEquals(1.0, s.scales()[2], 0.0, "constant column at " + f); // constant columns keep scale 1
            assertEquals(Math.abs(f) * base.scales()[0], s.scales()[0], 1e-12 * Math.abs(f) * base.scales()[0]);
            Matrix zf = s.apply(xf);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(Math.signum(f) * z.get(i, j), zf.get(i, j), 1e-9, f + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void nearMaxValueDoesNotOverflow() {
        Matrix x = Matrix.wrap(2, 1, new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
        Standardization s = Standardization.fit(x);
        assertEquals(0.0, s.means()[0], 0.0);
        assertTrue(Double.isFinite(s.scales()[0]) && s.scales()[0] > 1e307, "" + s.scales()[0]);
        Matrix z = s.apply(x);
        assertEquals(1.0, z.get(0, 0), 1e-12);
        assertEquals(-1.0, z.get(1, 0), 1e-12);
        Matrix y = Matrix.wrap(2, 1, new double[] {Double.MAX_VALUE, Double.MAX_VALUE / 2});
        Matrix zy = Standardization.fit(y).apply(y);
        assertEquals(1.0, zy.get(0, 0), 1e-12);
        assertEquals(-1.0, zy.get(1, 0), 1e-12);
    }

    @Test
    void smallButNonConstantColumnsAreScaled() {
        // values around 1e-20 used to count as constant (scale 1) under an absolute floor of 1e-12
        Standardization s = Standardization.fit(scaled(sample(), 1e-20));
        assertEquals(1e-20 * Standardization.fit(sample()).scales()[0], s.scales()[0], 1e-32);
    }

    @Test
    void nonFiniteScalesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Standardization(new double[] {0}, new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {0}, new double[] {0}));
    }

    /** The reference: the direct two-pass formula used before issue 18, for ordinary data. */
    private static Standardization direct(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        double[] sd = new double[d];
        double[] a = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += a[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = a[i * d + j] - mean[j];
                sd[j] += t * t;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (!(sd[j] > 1e-12 * Math.max(1.0, Math.abs(mean[j])))) {
                sd[j] = 1.0;
            }
        }
        return new Standardization(mean, sd);
    }

    @Test
    void bundledDatasetsAreBitIdenticalToTheDirectFormula() {
        Path root = Path.of("..", "datasets");
        String[][] csv = {{"breast_cancer.csv", "label"}, {"diabetes.csv", "target"}, {"digits.csv", "label"},
            {"iris.csv", "label"}, {"wine.csv", "label"}};
        java.util.List<Matrix> all = new java.util.ArrayList<>();
        for (String[] c : csv) {
            all.add(CsvReader.read(root.resolve(c[0]), c[1], true).features());
        }
        all.add(LibsvmReader.read(root.resolve("heart_scale.libsvm"), 0).features());
        for (Matrix x : all) {
            Standardization now = Standardization.fit(x);
            Standardization before = direct(x);
            assertArrayEquals(before.means(), now.means(), 0.0);
            assertArrayEquals(before.scales(), now.scales(), 0.0);
            assertArrayEquals(before.apply(x).data(), now.apply(x).data(), 0.0);
        }
    }
}
