package org.convexnn.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The regularisers against closed forms, duality inequalities and each other. */
class RegularizerTest {

    static double[] randn(Random rng, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void groupSoftThresholdingIsTheClosedForm() {
        GroupL2 r = new GroupL2(2, 3, 2, 1);
        double[] out = new double[3];
        // ‖(3, 4)‖ = 5: shrunk by t = 1 to (2.4, 3.2); the unpenalised third coordinate passes
        r.prox(0, new double[] {3, 4, 7}, 1.0, out);
        assertArrayEquals(new double[] {2.4, 3.2, 7}, out, 1e-15);
        r.prox(1, new double[] {0.3, 0.4, -2}, 1.0, out);
        assertArrayEquals(new double[] {0, 0, -2}, out, 0.0);
        assertEquals(5 + Math.sqrt(0.25), r.value(new double[] {3, 4, 9, 0.3, 0.4, 9}), 1e-15);
    }

    @Test
    void nuclearNormOfOneOutputIsTheGroupNorm() {
        Random rng = new Random(1);
        int b = 4;
        int d = 5;
        double[] w = randn(rng, b * d);
        NuclearNorm nuc = new NuclearNorm(b, 1, d);
        GroupL2 grp = new GroupL2(b, d, d, 1);
        assertEquals(grp.value(w), nuc.value(w), 1e-12);
        assertArrayEquals(grp.dualConstraint(w), nuc.dualConstraint(w), 1e-12);
        double[] a = new double[d];
        double[] z = new double[d];
        for (int u = 0; u < b; u++) {
            System.arraycopy(w, u * d, z, 0, d);
            grp.prox(u, z, 0.7, a);
            double[] n = new double[d];
            nuc.prox(u, z, 0.7, n);
            assertArrayEquals(a, n, 1e-12);
        }
    }

    @Test
    void nuclearNormClosedFormsAndDuality() {
        NuclearNorm nuc = new NuclearNorm(1, 2, 3);
        // diag(3, −1) padded: singular values 3 and 1
        double[] m = {3, 0, 0, 0, -1, 0};
        assertEquals(4.0, nuc.value(m), 1e-12);
        assertEquals(3.0, nuc.dualConstraint(m)[1], 1e-12);
        double[] out = new double[6];
        nuc.prox(0, m, 1.5, out); // σ − 1.5: (1.5, 0)
        assertArrayEquals(new double[] {1.5, 0, 0, 0, 0, 0}, out, 1e-12);
        Random rng = new Random(2);
        NuclearNorm big = new NuclearNorm(3, 3, 4);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = randn(rng, 36);
            double[] y = randn(rng, 36);
            // Hölder for the dual pair: |⟨X, Y⟩| ≤ ‖X‖_* · max_b σ_max(Y_b)
            assertTrue(Math.abs(dot(x, y)) <= big.value(x) * big.dualConstraint(y)[0] + 1e-12);
            // the prox minimises ½‖v − z‖² + t‖v‖_*: no random perturbation does better
            double[] z = java.util.Arrays.copyOf(x, 12);
            double[] p = new double[12];
            NuclearNorm one = new NuclearNorm(1, 3, 4);
            one.prox(0, z, 0.8, p);
            double best = 0.5 * sq(p, z) + 0.8 * one.value(p);
            for (int k = 0; k < 20; k++) {
                double[] q = p.clone();
                for (int i = 0; i < q.length; i++) {
                    q[i] += 1e-3 * rng.nextGaussian();
                }
                assertTrue(0.5 * sq(q, z) + 0.8 * one.value(q) >= best - 1e-12);
            }
        }
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void theConeRegulariserProjectsOntoThePatternsCone() {
        Random rng = new Random(3);
        org.convexnn.linalg.Matrix x = org.convexnn.linalg.Matrix.wrap(30, 3, randn(rng, 90));
        org.convexnn.arrangement.PatternSet ps = org.convexnn.arrangement.PatternSet.fromGates(x,
                org.convexnn.arrangement.GaussianGateSampler.sample(6, 3, 4));
        ConvexProgram p = new ConvexProgram(x, org.convexnn.linalg.Matrix.wrap(30, 1, randn(rng, 30)), ps,
                Formulation.CONE_CONSTRAINED, Activation.RELU, Loss.SQUARED, 0.1);
        Regularizer r = p.regularizer();
        assertTrue(r instanceof ConeConstrainedGroupL2);
        double[] out = new double[3];
        for (int u = 0; u < r.units(); u++) {
            double[] z = randn(rng, 3);
            r.prox(u, z, 0.05, out);
            // the prox is in the cone: (2D − I) X out ≥ 0 on every row
            boolean[] rows = ps.pattern(p.blockPattern(u));
            for (int i = 0; i < 30; i++) {
                double xo = x.get(i, 0) * out[0] + x.get(i, 1) * out[1] + x.get(i, 2) * out[2];
                assertTrue((rows[i] ? xo : -xo) >= -1e-10, "row " + i + " of unit " + u);
            }
            // and no farther from z than the shrunk z would be if it were feasible: ‖out‖ ≤ max(0, ‖z‖ − t)
            assertTrue(Math.sqrt(dot(out, out)) <= Math.max(0, Math.sqrt(dot(z, z)) - 0.05) + 1e-12);
        }
        assertTrue(new ConvexProgram(x, org.convexnn.linalg.Matrix.wrap(30, 1, randn(rng, 30)), ps,
                Formulation.GATED, Activation.RELU, Loss.SQUARED, 0.1).regularizer() instanceof GroupL2);
    }
}
