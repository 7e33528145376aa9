package org.convexnn.api;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.convexnn.testing.TestMatrices.regressionTarget;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §3.8 endpoints, warm starts and O-N8 (p* nondecreasing and concave in λ) along the path; K-fold CV. */
class RegularizationPathTest {
    static final int N = 40;

    static Matrix x() {
        return gaussian(N, 3, 11);
    }

    static double[] y(Loss loss) {
        double[] y = regressionTarget(x(), 12);
        if (loss == Loss.LOGISTIC) {
            double[] s = y.clone();
            Arrays.sort(s);
            double median = s[N / 2];
            for (int i = 0; i < N; i++) {
                y[i] = y[i] >= median ? 1 : -1;
            }
        }
        return y;
    }

    static ConvexTrainer.Builder builder(Model model, Loss loss) {
        return ConvexTrainer.builder().model(model).loss(loss).patterns(20).seed(5).tol(1e-9).maxIterations(200000);
    }

    static Dataset data(Loss loss) {
        return ProgramBuilder.datasetOf(x(), y(loss), loss);
    }

    static double lossAtZero(Loss loss) {
        if (loss == Loss.LOGISTIC) {
            return Math.log(2);
        }
        double s = 0;
        for (double v : y(loss)) {
            s += v * v;
        }
        return 0.5 * s / N;
    }

    @ParameterizedTest
    @CsvSource({"GATED_RELU, SQUARED", "GATED_RELU, LOGISTIC", "RELU, SQUARED", "RELU, LOGISTIC"})
    void endpointsAtLambdaMax(Model model, Loss loss) {
        TrainerSettings s = builder(model, loss).tol(1e-6).build().settings();
        RegularizationPath.Result r = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(loss), 3, null, 0);
        double lmax = r.lambdaMax();
        assertTrue(lmax > 0);
        FitSummary top = r.points().get(0).summary();
        assertEquals(lmax, r.points().get(0).lambda());
        assertEquals(0, top.neurons());
        assertEquals(lossAtZero(loss), top.objective(), 1e-12);
        assertTrue(top.gap() <= 1e-9, "gap " + top.gap());
        assertEquals(SolveStatus.OPTIMAL, top.status());
        assertEquals(RegularizationPath.DEFAULT_MIN_RATIO * lmax, r.points().get(2).lambda(), 1e-15 * lmax);
        assertEquals(2, r.selected());
        // the solver itself, cold-started, agrees: zero just above λ_max, non-zero just below
        FitSummary above = builder(model, loss).lambda(lmax * (1 + 1e-6)).build().fit(data(loss)).summary();
        assertEquals(0, above.neurons());
        assertEquals(lossAtZero(loss), above.objective(), 1e-12);
        assertEquals(SolveStatus.OPTIMAL, above.status());
        FitSummary below = builder(model, loss).lambda(0.9 * lmax).build().fit(data(loss)).summary();
        assertTrue(below.neurons() >= 1, "no neuron at 0.9 λ_max");
        assertTrue(below.objective() < lossAtZero(loss));
        assertEquals(SolveStatus.OPTIMAL, below.status());
    }

    @ParameterizedTest
    @CsvSource({"GATED_RELU, SQUARED", "GATED_RELU, LOGISTIC", "RELU, SQUARED"})
    void warmStartedPathMatchesColdFitsAndIsConcave(Model model, Loss loss) {
        TrainerSettings s = builder(model, loss).tol(1e-8).build().settings();
        double lmin = 0.01 * RegularizationPath.lambdaMax(s, data(loss));
        RegularizationPath.Result r = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(loss), 6, lmin, 0);
        List<RegularizationPath.Point> pts = r.points();
        for (RegularizationPath.Point p : pts) {
            FitSummary warm = p.summary();
            assertEquals(SolveStatus.OPTIMAL, warm.status(), "λ = " + p.lambda());
            FitSummary cold = builder(model, loss).tol(1e-8).lambda(p.lambda()).build().fit(data(loss)).summary();
            assertEquals(cold.objective(), warm.objective(), 1e-6 * Math.abs(cold.objective()), "λ = " + p.lambda());
        }
        assertEquals(pts.get(5).lambda(), r.model().settings().lambda());
        assertEquals(pts.get(5).summary().objective(), r.model().summary().objective());
        // O-N8 with certified brackets lb ≤ p* ≤ obj: nondecreasing and concave in λ
        for (int i = 0; i + 1 < pts.size(); i++) {
            FitSummary hi = pts.get(i).summary();
            FitSummary lo = pts.get(i + 1).summary();
            assertTrue(pts.get(i).lambda() > pts.get(i + 1).lambda());
            assertTrue(hi.objective() >= lo.lowerBound() - 1e-12, "not nondecreasing at " + i);
        }
        for (int i = 0; i + 2 < pts.size(); i++) {
            double l1 = pts.get(i).lambda();
            double l2 = pts.get(i + 1).lambda();
            double l3 = pts.get(i + 2).lambda();
            double t = (l2 - l3) / (l1 - l3);
            double chord = t * pts.get(i).summary().lowerBound() + (1 - t) * pts.get(i + 2).summary().lowerBound();
            assertTrue(pts.get(i + 1).summary().objective() >= chord - 1e-12, "not concave at " + i);
        }
    }

    @Test
    void autoStartsTheGatedSquaredPathWithFirstOrderSolvesAndSwitchesToNewtonForGood() {
        Dataset data = ProgramBuilder.datasetOf(gaussian(200, 4, 3),
                regressionTarget(gaussian(200, 4, 3), 4), Loss.SQUARED);
        TrainerSettings s = ConvexTrainer.builder().model(Model.GATED_RELU).loss(Loss.SQUARED).patterns(60).seed(2)
                .tol(1e-8).maxIterations(200000).build().settings();
        RegularizationPath.Result r = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data, 12,
                null, 0);
        List<RegularizationPath.Point> pts = r.points();
        assertEquals("closed-form", pts.get(0).summary().solver());
        int firstNewton = -1;
        for (int i = 1; i < pts.size(); i++) {
            FitSummary f = pts.get(i).summary();
            assertEquals(SolveStatus.OPTIMAL, f.status(), "λ = " + pts.get(i).lambda());
            boolean newton = f.solver().equals("ssnal");
            if (newton && firstNewton < 0) {
                firstNewton = i;
            }
            assertEquals(firstNewton >= 0, newton, "λ index " + i + ": " + f.solver());
            // the same optimum as a cold single fit (which auto solves with Newton at this size): both certified
            // within tol·max(1, F) = 1e-8 of it
            FitSummary cold = ConvexTrainer.builder().model(Model.GATED_RELU).loss(Loss.SQUARED).patterns(60).seed(2)
                    .tol(1e-8).maxIterations(200000).lambda(pts.get(i).lambda()).build().fit(data).summary();
            assertEquals("ssnal", cold.solver());
            assertEquals(cold.objective(), f.objective(), 2e-8, "λ = " + pts.get(i).lambda());
        }
        // first-order solves at the large λ (tens to hundreds of iterations there), Newton from some λ on
        assertTrue(firstNewton > 2 && firstNewton < pts.size() - 1, "first Newton solve at index " + firstNewton);
    }

    @Test
    void explicitLambdaMinAndGrid() {
        double[] g = RegularizationPath.grid(1.0, 1e-2, 3);
        assertArrayEquals(new double[] {1.0, 0.1, 1e-2}, g, 1e-15);
        TrainerSettings s = builder(Model.GATED_RELU, Loss.SQUARED).build().settings();
        double lmax = RegularizationPath.lambdaMax(s, data(Loss.SQUARED));
        RegularizationPath.Result r = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 2, 0.5 * lmax, 0);
        assertEquals(0.5 * lmax, r.selectedLambda());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 2, 2 * lmax, 0));
        assertTrue(e.getMessage().contains("λ_max"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegularizationPath.grid(1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 3, null, 1));
    }

    @Test
    void foldsPartitionTheRows() {
        int[][] f = RegularizationPath.folds(23, 4, 7);
        boolean[] seen = new boolean[23];
        for (int[] fold : f) {
            assertTrue(fold.length == 5 || fold.length == 6, "fold size " + fold.length);
            for (int i : fold) {
                assertFalse(seen[i], "row " + i + " in two folds");
                seen[i] = true;
            }
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        assertTrue(Arrays.deepEquals(f, RegularizationPath.folds(23, 4, 7)));
        assertFalse(Arrays.deepEquals(f, RegularizationPath.folds(23, 4, 8)));
    }

    @Test
    void crossValidationIsReproducible() {
        TrainerSettings s = builder(Model.GATED_RELU, Loss.SQUARED).tol(1e-7).build().settings();
        RegularizationPath.Result a = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 5, null, 3);
        RegularizationPath.Result b = RegularizationPath.fit(s, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 5, null, 3);
        assertEquals(3, a.cvFolds());
        assertEquals(a.selectedLambda(), b.selectedLambda());
        for (int i = 0; i < 5; i++) {
            RegularizationPath.Point p = a.points().get(i);
            assertTrue(Double.isFinite(p.validationLoss()));
            assertEquals(3, p.foldLosses().length);
            assertEquals(p.validationLoss(), b.points().get(i).validationLoss());
            assertArrayEquals(p.foldLosses(), b.points().get(i).foldLosses());
        }
        double best = a.points().get(a.selected()).validationLoss();
        for (RegularizationPath.Point p : a.points()) {
            assertTrue(best <= p.validationLoss());
        }
        // at λ_max every fold predicts zero: the validation loss is ½ mean y² over the held-out rows
        assertEquals(lossAtZero(Loss.SQUARED), a.points().get(0).validationLoss(), 0.5);
        assertEquals(a.selectedLambda(), a.model().settings().lambda());
        // a different seed gives different folds (and different fold losses)
        TrainerSettings s2 = builder(Model.GATED_RELU, Loss.SQUARED).tol(1e-7).seed(6).build().settings();
        RegularizationPath.Result c = RegularizationPath.fit(s2, org.convexnn.solver.IterationListener.NONE, data(Loss.SQUARED), 5, null, 3);
        assertNotEquals(a.points().get(4).validationLoss(), c.points().get(4).validationLoss());
    }
}
