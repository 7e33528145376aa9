package org.convexnn.api;

import static org.convexnn.api.SpecToyValuesTest.assertCanonical;
import static org.convexnn.testing.SpecToys.T3_X;
import static org.convexnn.testing.SpecToys.T3_Y;
import static org.convexnn.testing.SpecToys.T6_X;
import static org.convexnn.testing.SpecToys.T6_Y;
import static org.convexnn.testing.SpecToys.T7_X;
import static org.convexnn.testing.SpecToys.T7_Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §13 reference values with exact pattern enumeration ({@code exactPatterns(true)}), through the public API
 * (λ = β/n, objective·n = the canonical value; the T-data already contain their bias columns).
 */
class ExactPatternsSpecValuesTest {

    static ConvexTrainer.Builder exact(double beta, int n, Model model) {
        return ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(beta / n).exactPatterns(true)
                .bias(BiasMode.NONE).tol(model == Model.GATED_RELU ? 1e-10 : 1e-7).maxIterations(200000);
    }

    static TwoLayerFit fit(double[][] x, double[] y, double beta, Model model) {
        return exact(beta, x.length, model).build().fit(Matrix.of(x), y);
    }

    @Test
    void t6AllActivations() {
        TwoLayerFit relu = fit(T6_X, T6_Y, 0.3, Model.RELU);
        assertCanonical(1.8013129, relu, 5, 1e-6);
        assertTrue(relu.summary().patternsExact());
        assertEquals(10L, relu.summary().cells(), "10 open cells incl. the all-zero one (spec §2.2)");
        assertEquals(9, relu.summary().patterns(), "the all-zero pattern is dropped");

        TwoLayerFit leaky = exact(0.3, 5, Model.LEAKY_RELU).leakySlope(0.1).build().fit(Matrix.of(T6_X), T6_Y);
        assertCanonical(1.8618434, leaky, 5, 1e-6);
        assertEquals(Activation.leakyRelu(0.1), leaky.network().activation());

        TwoLayerFit abs = fit(T6_X, T6_Y, 0.3, Model.ABS);
        assertCanonical(1.5715552, abs, 5, 1e-6);
        assertEquals(5, abs.summary().patterns(), "abs keeps one of each complementary pair: 10 / 2");
        assertEquals(10L, abs.summary().cells());
        assertEquals(Activation.ABS, abs.network().activation());

        TwoLayerFit gated = fit(T6_X, T6_Y, 0.3, Model.GATED_RELU);
        assertCanonical(1.0004767, gated, 5, 1e-6);
        assertEquals(9, gated.summary().patterns());
    }

    /** Recovered networks through the true forward pass reproduce the summary objective (spec §3.4, §5). */
    @Test
    void recoveredNetworkObjectiveMatchesForEveryActivation() {
        for (Model m : new Model[] {Model.RELU, Model.LEAKY_RELU, Model.ABS, Model.LINEAR}) {
            TwoLayerFit f = fit(T6_X, T6_Y, 0.3, m);
            Matrix pred = f.network().predict(Matrix.of(T6_X));
            double loss = 0;
            for (int i = 0; i < T6_Y.length; i++) {
                double r = pred.get(i, 0) - T6_Y[i];
                loss += 0.5 * r * r;
            }
            double penalty = 0;
            for (int j = 0; j < f.network().width(); j++) {
                double s = 0;
                for (int t = 0; t < 2; t++) {
                    s += f.network().w1().get(j, t) * f.network().w1().get(j, t);
                }
                s += f.network().b1()[j] * f.network().b1()[j];
                s += f.network().w2().get(0, j) * f.network().w2().get(0, j);
                penalty += 0.5 * (0.3 / 5) * s;
            }
            assertEquals(f.summary().objective(), loss / 5 + penalty, 1e-9, m.cliName());
        }
    }

    @ParameterizedTest
    @CsvSource({"0.01", "0.05", "0.1", "0.2", "0.3", "0.4", "0.45", "0.49"})
    void t3AllBetas(double beta) {
        TwoLayerFit relu = fit(T3_X, T3_Y, beta, Model.RELU);
        assertCanonical(2 * beta - 1.5 * beta * beta, relu, 3, 1e-6);
        assertEquals(6L, relu.summary().cells(), "P = 2n for 1-D data with a bias column");
    }

    @Test
    void t3GatedAllSixPatterns() {
        assertCanonical(0.1355635, fit(T3_X, T3_Y, 0.1, Model.GATED_RELU), 3, 1e-6);
    }

    @Test
    void t7() {
        TwoLayerFit relu = fit(T7_X, T7_Y, 0.2, Model.RELU);
        assertCanonical(1.4022397, relu, 6, 1e-6);
        assertEquals(32L, relu.summary().cells());
        assertCanonical(0.5430633, fit(T7_X, T7_Y, 0.2, Model.GATED_RELU), 6, 1e-6);
    }

    /** β_max (spec §3.8, CF4, O-N8): T6 has β_max = √8.5 = 2.9154759 and ½‖y‖² = 3.25. */
    @Test
    void t6BetaMax() {
        for (double beta : new double[] {2.92, 3.5}) {
            TwoLayerFit f = fit(T6_X, T6_Y, beta, Model.RELU);
            assertCanonical(3.25, f, 5, 1e-6);
            assertEquals(0, f.network().width(), "beta >= beta_max: the zero network is optimal");
        }
        TwoLayerFit below = fit(T6_X, T6_Y, 2.8, Model.RELU);
        assertTrue(below.summary().objective() * 5 < 3.25 - 1e-6, () -> below.summary().toString());
        assertTrue(below.network().width() >= 1);
    }

    /** T3m: β_max = 2.0 for T3, where ½‖y‖² = 1. */
    @Test
    void t3BetaMax() {
        for (double beta : new double[] {2.0, 2.5}) {
            TwoLayerFit f = fit(T3_X, T3_Y, beta, Model.RELU);
            assertCanonical(1.0, f, 3, 1e-6);
            if (beta > 2.0) {
                // strictly above β_max zero is the unique solution; at β_max itself it is optimal but not unique
                assertEquals(0, f.network().width());
            }
        }
        TwoLayerFit below = fit(T3_X, T3_Y, 1.9, Model.RELU);
        assertTrue(below.summary().objective() * 3 < 1 - 1e-6, () -> below.summary().toString());
        assertTrue(below.network().width() >= 1);
    }

    /** O-I7 / CF2: linear activation with XᵀX = I gives p* = ½‖y‖² − ½((‖Xᵀy‖ − β)₊)². */
    @Test
    void linearActivationClosedForm() {
        Random rnd = new Random(11);
        int n = 7;
        int d = 3;
        double[][] x = orthonormalColumns(rnd, n, d);
        double[] y = new double[n];
        double yy = 0;
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
            yy += y[i] * y[i];
        }
        double xty = 0;
        for (int t = 0; t < d; t++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i][t] * y[i];
            }
            xty += s * s;
        }
        xty = Math.sqrt(xty);
        for (double beta : new double[] {0.3 * xty, 0.8 * xty, 1.2 * xty}) {
            double expected = 0.5 * yy - 0.5 * Math.pow(Math.max(0, xty - beta), 2);
            TwoLayerFit f = fit(x, y, beta, Model.LINEAR);
            assertCanonical(expected, f, n, 1e-6);
            assertEquals(Activation.LINEAR, f.network().activation());
        }
    }

    static double[][] orthonormalColumns(Random rnd, int n, int d) {
        double[][] q = new double[d][n];
        for (int t = 0; t < d; t++) {
            for (int i = 0; i < n; i++) {
                q[t][i] = rnd.nextGaussian();
            }
            for (int s = 0; s < t; s++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[t][i] * q[s][i];
                }
                for (int i = 0; i < n; i++) {
                    q[t][i] -= dot * q[s][i];
                }
            }
            double nrm = 0;
            for (int i = 0; i < n; i++) {
                nrm += q[t][i] * q[t][i];
            }
            nrm = Math.sqrt(nrm);
            for (int i = 0; i < n; i++) {
                q[t][i] /= nrm;
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                x[i][t] = q[t][i];
            }
        }
        return x;
    }

    /**
     * Leaky ReLU with |κ| &gt; 1 needs the all-inactive pattern: σ_κ(t) = −κ·σ_{1/κ}(−t), so
     * p*_κ(β) = p*_{1/κ}(β/|κ|) (map u → −u, α → −κα).
     */
    @Test
    void leakySlopeAboveOneMatchesItsReciprocal() {
        TwoLayerFit steep = exact(0.3, 5, Model.LEAKY_RELU).leakySlope(2.0).build().fit(Matrix.of(T6_X), T6_Y);
        TwoLayerFit flat = exact(0.15, 5, Model.LEAKY_RELU).leakySlope(0.5).build().fit(Matrix.of(T6_X), T6_Y);
        assertEquals(10, steep.summary().patterns(), "the all-inactive pattern is kept for |κ| > 1");
        assertEquals(9, flat.summary().patterns());
        assertCanonical(flat.summary().objective() * 5, steep, 5, 1e-6);
    }

    /** The AL solver handles the new activations too. */
    @Test
    void augmentedLagrangianSolvesLeakyAndAbs() {
        TwoLayerFit leaky = exact(0.3, 5, Model.LEAKY_RELU).leakySlope(0.1).solver(SolverKind.AL).build()
                .fit(Matrix.of(T6_X), T6_Y);
        assertEquals("al", leaky.summary().solver());
        assertCanonical(1.8618434, leaky, 5, 1e-6);
        TwoLayerFit abs = exact(0.3, 5, Model.ABS).solver(SolverKind.AL).build().fit(Matrix.of(T6_X), T6_Y);
        assertCanonical(1.5715552, abs, 5, 1e-6);
    }

    @Test
    void sampledSummaryHasNoCells() {
        TwoLayerFit f = ConvexTrainer.builder().model(Model.RELU).lambda(0.06).patterns(50).bias(BiasMode.NONE)
                .build().fit(Matrix.of(T6_X), T6_Y);
        assertFalse(f.summary().patternsExact());
        assertNull(f.summary().cells());
    }

    @Test
    void builderValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.RELU).leakySlope(0.2).build());
        assertEquals("leakySlope applies to model leaky-relu only", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.LEAKY_RELU).leakySlope(Double.NaN).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.LEAKY_RELU).leakySlope(Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> ConvexTrainer.builder().maxPatterns(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().exactPatterns(true).gates(Matrix.of(new double[][] {{1, 0}})).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.GATED_RELU).solver(SolverKind.AL).build());
        assertEquals(0.01, ConvexTrainer.builder().model(Model.LEAKY_RELU).build().settings().leakySlope());
        assertEquals(100000L, ConvexTrainer.builder().build().settings().maxPatterns());
    }

    @Test
    void refusalWhenTheBoundIsTooLarge() {
        Random rnd = new Random(3);
        double[][] x = new double[300][20];
        double[] y = new double[300];
        for (int i = 0; i < 300; i++) {
            for (int t = 0; t < 20; t++) {
                x[i][t] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> exact(1.0, 300, Model.RELU).build().fit(Matrix.of(x), y));
        assertTrue(e.getMessage().startsWith("exact enumeration would produce"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refusal must be quick");
    }
}
