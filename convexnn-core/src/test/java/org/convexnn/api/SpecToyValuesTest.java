package org.convexnn.api;

import static org.convexnn.testing.SpecToys.T3_X;
import static org.convexnn.testing.SpecToys.T3_Y;
import static org.convexnn.testing.SpecToys.T6_X;
import static org.convexnn.testing.SpecToys.T6_Y;
import static org.convexnn.testing.SpecToys.T7_X;
import static org.convexnn.testing.SpecToys.T7_Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Spec §13 reference values (canonical convention: ½‖·‖² sum loss, β Σ‖·‖), converted to the public convention
 * of §1.0: λ = β/n and objective = p* divided by n. Dense Gaussian gate sampling on these tiny instances finds every open cell.
 */
class SpecToyValuesTest {

    static TwoLayerFit fit(double[][] x, double[] y, double beta, Model model) {
        int n = x.length;
        return ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(beta / n).patterns(20000).seed(1)
                .bias(BiasMode.NONE).tol(model == Model.RELU ? 1e-7 : 1e-10).maxIterations(200000).build()
                .fit(Matrix.of(x), y);
    }

    static void assertCanonical(double expected, TwoLayerFit fit, int n, double relTol) {
        FitSummary s = fit.summary();
        assertEquals(SolveStatus.OPTIMAL, s.status(), () -> "status " + s);
        assertEquals(expected, s.objective() * n, relTol * Math.max(1, Math.abs(expected)), () -> s.toString());
        assertTrue(s.lowerBound() <= s.objective() + 1e-12, () -> "bound above objective: " + s);
        assertEquals(expected, s.lowerBound() * n, relTol * Math.max(1, Math.abs(expected)));
    }

    @Test
    void t1SingleSample() {
        TwoLayerFit relu = fit(new double[][] {{3, 4}}, new double[] {2}, 1.0, Model.RELU);
        assertCanonical(0.38, relu, 1, 1e-7);
        TwoLayerFit gated = fit(new double[][] {{3, 4}}, new double[] {2}, 1.0, Model.GATED_RELU);
        assertCanonical(0.38, gated, 1, 1e-7);
        // predictions are first-order accurate where the objective is second-order: 1e-7 in F allows ~4e-4 here
        assertEquals(1.8, relu.network().predict(Matrix.of(new double[][] {{3, 4}})).get(0, 0), 1e-3);
    }

    @Test
    void t2OneDimensionalNoBias() {
        TwoLayerFit relu = fit(new double[][] {{-1}, {1}}, new double[] {1, 2}, 0.5, Model.RELU);
        assertCanonical(1.25, relu, 2, 1e-7);
        Matrix pred = relu.network().predict(Matrix.of(new double[][] {{-1}, {1}}));
        assertEquals(0.5, pred.get(0, 0), 1e-5);
        assertEquals(1.5, pred.get(1, 0), 1e-5);
    }

    @ParameterizedTest
    @CsvSource({"0.01", "0.05", "0.1", "0.2", "0.3", "0.4", "0.45", "0.49"})
    void t3ReluClosedForm(double beta) {
        TwoLayerFit relu = fit(T3_X, T3_Y, beta, Model.RELU);
        assertCanonical(2 * beta - 1.5 * beta * beta, relu, 3, 1e-6);
    }

    @Test
    void t3GatedRelaxation() {
        assertCanonical(0.1355635, fit(T3_X, T3_Y, 0.1, Model.GATED_RELU), 3, 1e-6);
    }

    @Test
    void t6() {
        assertCanonical(1.8013129, fit(T6_X, T6_Y, 0.3, Model.RELU), 5, 1e-6);
        assertCanonical(1.0004767, fit(T6_X, T6_Y, 0.3, Model.GATED_RELU), 5, 1e-6);
    }

    /** The augmented Lagrangian reaches the same values (both ReLU solvers stay tested). */
    @Test
    void augmentedLagrangianAgrees() {
        for (Object[] c : new Object[][] {{T3_X, T3_Y, 0.1, 0.185}, {T6_X, T6_Y, 0.3, 1.8013129}, {T7_X, T7_Y, 0.2, 1.4022397}}) {
            double[][] x = (double[][]) c[0];
            TwoLayerFit f = ConvexTrainer.builder().model(Model.RELU).solver(SolverKind.AL).loss(Loss.SQUARED)
                    .lambda((double) c[2] / x.length).patterns(20000).seed(1).bias(BiasMode.NONE).tol(1e-7)
                    .maxIterations(200000).build().fit(Matrix.of(x), (double[]) c[1]);
            assertEquals("al", f.summary().solver());
            assertCanonical((double) c[3], f, x.length, 1e-6);
        }
    }

    @Test
    void t7() {
        assertCanonical(1.4022397, fit(T7_X, T7_Y, 0.2, Model.RELU), 6, 1e-6);
        assertCanonical(0.5430633, fit(T7_X, T7_Y, 0.2, Model.GATED_RELU), 6, 1e-6);
    }
}
