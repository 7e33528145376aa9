package org.convexnn.solver.ipm;

import static org.convexnn.testing.SpecToys.T3_X;
import static org.convexnn.testing.SpecToys.T3_Y;
import static org.convexnn.testing.SpecToys.T6_X;
import static org.convexnn.testing.SpecToys.T6_Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.convexnn.testing.SpecToys;
import org.convexnn.testing.TestMatrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §13 reference values through {@code --solver ipm} with exact patterns, in the public convention
 * (λ = β/n, objective·n = canonical value), to the spec's interior-point tolerance of 1e-6 relative (§12).
 */
class IpmSpecValuesTest {
    static ConvexTrainer.Builder ipm(double beta, int n, Model model) {
        return ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(beta / n).exactPatterns(true)
                .bias(BiasMode.NONE).solver(SolverKind.IPM).tol(1e-6);
    }

    static TwoLayerFit fit(double[][] x, double[] y, double beta, Model model) {
        return ipm(beta, x.length, model).build().fit(Matrix.of(x), y);
    }

    static void assertCanonical(double expected, TwoLayerFit fit, int n) {
        FitSummary s = fit.summary();
        assertEquals(SolveStatus.OPTIMAL, s.status(), () -> "status " + s);
        assertEquals("ipm", s.solver());
        double tol = 1e-6 * Math.max(1, Math.abs(expected));
        assertEquals(expected, s.objective() * n, tol, () -> s.toString());
        assertTrue(s.lowerBound() <= s.objective() + 1e-12, () -> "bound above objective: " + s);
        assertEquals(expected, s.lowerBound() * n, tol, () -> s.toString());
        assertTrue(s.iterations() < 80, () -> "an IPM needs tens of iterations: " + s);
    }

    @Test
    void t1() {
        assertCanonical(0.38, fit(new double[][] {{3, 4}}, new double[] {2}, 1.0, Model.RELU), 1);
        assertCanonical(0.38, fit(new double[][] {{3, 4}}, new double[] {2}, 1.0, Model.GATED_RELU), 1);
    }

    @ParameterizedTest
    @CsvSource({"0.1", "0.3"})
    void t3(double beta) {
        assertCanonical(2 * beta - 1.5 * beta * beta, fit(T3_X, T3_Y, beta, Model.RELU), 3);
    }

    /** The spec's canonical optimum p* of a toy instance at β, reached (and certified) by the IPM. */
    @ParameterizedTest(name = "{0} {2} beta={1}")
    @CsvSource(delimiter = '|', textBlock = """
        T3 | 0.1 | GATED_RELU | 0.1355635
        T6 | 0.3 | RELU       | 1.8013129
        T6 | 0.3 | GATED_RELU | 1.0004767
        T6 | 0.3 | ABS        | 1.5715552
        T7 | 0.2 | RELU       | 1.4022397
        T7 | 0.2 | GATED_RELU | 0.5430633
        """)
    void toyOptimum(String toy, double beta, Model model, double expected) {
        double[][] x = SpecToys.x(toy);
        assertCanonical(expected, fit(x, SpecToys.y(toy), beta, model), x.length);
    }

    @Test
    void t6LeakyRelu() {
        assertCanonical(1.8618434, ipm(0.3, 5, Model.LEAKY_RELU).leakySlope(0.1).build()
                .fit(Matrix.of(T6_X), T6_Y), 5);
    }

    /** β ≥ β_max: the zero network is optimal (T6: β_max = √8.5, ½‖y‖² = 3.25). */
    @Test
    void t6AboveBetaMax() {
        assertCanonical(3.25, fit(T6_X, T6_Y, 3.5, Model.RELU), 5);
    }

    /** IPM and FISTA agree to 1e-4 on a random small problem with sampled patterns and a bias. */
    @Test
    void agreesWithFista() {
        Random rnd = new Random(42);
        int n = 15;
        int d = 3;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = Math.sin(x[i][0]) + 0.3 * rnd.nextGaussian();
        }
        for (Model model : new Model[] {Model.RELU, Model.GATED_RELU}) {
            ConvexTrainer.Builder base = ConvexTrainer.builder().model(model).lambda(0.02).patterns(25).seed(7)
                    .bias(BiasMode.REGULARIZED);
            TwoLayerFit a = base.solver(SolverKind.IPM).tol(1e-6).build().fit(Matrix.of(x), y);
            TwoLayerFit b = base.solver(SolverKind.FISTA).tol(1e-7).maxIterations(500000).build()
                    .fit(Matrix.of(x), y);
            assertEquals(SolveStatus.OPTIMAL, a.summary().status(), () -> a.summary().toString());
            assertEquals(SolveStatus.OPTIMAL, b.summary().status(), () -> b.summary().toString());
            assertEquals(b.summary().objective(), a.summary().objective(),
                    1e-4 * Math.max(1, Math.abs(b.summary().objective())), model.cliName());
            assertEquals(a.summary().patterns(), b.summary().patterns());
        }
    }

    @Test
    void logisticLossIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().loss(Loss.LOGISTIC).solver(SolverKind.IPM).lambda(0.1).patterns(5)
                        .build().fit(Matrix.of(T6_X), new double[] {1, -1, 1, 1, -1}));
        // the library names its settings; the CLI writes them as flags ("--solver ipm ...")
        assertEquals("solver ipm supports squared loss only; use solver fista", e.getMessage());
        assertEquals("solver", ((org.convexnn.settings.SettingException) e).setting());
    }

    @Test
    void tooLargeProgramsAreRefused() {
        TestMatrices.Sample data = TestMatrices.sample(new Random(1), 300, 3, (row, rnd) -> rnd.nextGaussian());
        double[][] x = data.x();
        double[] y = data.y();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.GATED_RELU).solver(SolverKind.IPM).lambda(0.01)
                        .patterns(3000).build().fit(Matrix.of(x), y));
        assertTrue(e.getMessage().startsWith("solver ipm: the SOCP would have "), e.getMessage());
        assertTrue(e.getMessage().contains("use solver fista"), e.getMessage());
    }

    @Test
    void cliName() {
        assertEquals(SolverKind.IPM, SolverKind.fromCliName("ipm"));
    }
}
