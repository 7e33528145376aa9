package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reported certificate is recomputed from the returned point and dual candidate (issue 15): a solver that lies
 * about its bound and its status changes neither the reported bound nor the gap, and cannot make a fit OPTIMAL; a
 * garbage dual candidate only falls back to the bound at the point, which stays below the true optimum.
 */
class LyingSolverTest {

    static Prepared prepared(Model model, double tol) {
        return prepared(model, tol, false);
    }

    static Prepared prepared(Model model, double tol, boolean outputBias) {
        Random rng = new Random(4);
        Matrix x = Matrix.zeros(60, 3);
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, rng.nextGaussian());
            }
            y[i] = Math.max(0, x.get(i, 0) - 0.2) - 0.5 * Math.max(0, x.get(i, 1)) + 0.1 * rng.nextGaussian();
        }
        TrainerSettings s = ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(0.01).patterns(20).seed(5)
                .threads(1).tol(tol).maxIterations(30).outputBias(outputBias).build().settings();
        return ProgramBuilder.prepare(s, ProgramBuilder.datasetOf(x, y, Loss.SQUARED));
    }

    static SolveResult honest(Prepared p, int iterations, double tol) {
        FeatureOperator op = new MaskedFeatureOperator(p.program(), p.blas());
        return FistaSolver.solve(op, new SolverSettings(tol, iterations, Double.POSITIVE_INFINITY), null,
                IterationListener.NONE);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"GATED_RELU", "RELU"})
    void aLyingBoundAndStatusChangeNothing(Model model) {
        Prepared p = prepared(model, 1e-9);
        SolveResult r = honest(p, 30, 1e-9);
        assertNotEquals(SolveStatus.OPTIMAL, r.status(), "30 iterations must not reach 1e-9");
        // claims a zero gap and OPTIMAL, with the honest point and candidate
        SolveResult lie = new SolveResult(SolveStatus.OPTIMAL, r.weights(), r.iterations(), r.seconds(),
                r.objective(), r.objective(), r.maxConeViolation(), r.solver(), r.dualCandidate());
        FitSummary truth = FitAssembly.finish(p, p.settings().lambda(), r).summary();
        FitSummary told = FitAssembly.finish(p, p.settings().lambda(), lie).summary();
        assertEquals(truth.lowerBound(), told.lowerBound(), 0.0);
        assertEquals(truth.gap(), told.gap(), 0.0);
        assertTrue(told.gap() > 1e-9 * Math.max(1, told.objective()), "gap " + told.gap());
        assertEquals(SolveStatus.MAX_ITERATIONS, told.status(), "a lie cannot make a fit OPTIMAL");
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"GATED_RELU", "RELU"})
    void aGarbageCandidateOnlyWeakensTheBoundWhichStaysBelowTheOptimum(Model model) {
        Prepared p = prepared(model, 1e-10);
        SolveResult r = honest(p, 50, 1e-10);
        double[] garbage = new double[p.program().n()];
        Random rng = new Random(3);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = 1e6 * rng.nextGaussian();
        }
        SolveResult lie = new SolveResult(SolveStatus.OPTIMAL, r.weights(), r.iterations(), r.seconds(),
                r.objective(), r.objective() + 1.0, r.maxConeViolation(), r.solver(), garbage);
        SolveResult atPointOnly = new SolveResult(r.status(), r.weights(), r.iterations(), r.seconds(),
                r.objective(), Double.NEGATIVE_INFINITY, r.maxConeViolation(), r.solver());
        double lb = FitAssembly.finish(p, p.settings().lambda(), lie).summary().lowerBound();
        assertEquals(FitAssembly.finish(p, p.settings().lambda(), atPointOnly).summary().lowerBound(), lb, 0.0);
        // the program's optimum, to 1e-10 by a long honest solve
        SolveResult opt = honest(p, 200000, 1e-10);
        assertEquals(SolveStatus.OPTIMAL, opt.status());
        assertTrue(lb <= opt.objective(), lb + " above the optimum " + opt.objective());
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"GATED_RELU", "RELU"})
    void withAFreeOutputBiasTheGarbageCandidateIsCentredAndStaysBelowTheOptimum(Model model) {
        Prepared p = prepared(model, 1e-10, true);
        SolveResult r = honest(p, 50, 1e-10);
        double[] garbage = new double[p.program().n()];
        java.util.Arrays.fill(garbage, 1e3); // far from 1ᵀλ = 0: only the centring makes it a candidate
        SolveResult lie = new SolveResult(SolveStatus.OPTIMAL, r.weights(), r.iterations(), r.seconds(),
                r.objective(), r.objective(), r.maxConeViolation(), r.solver(), garbage);
        FitSummary told = FitAssembly.finish(p, p.settings().lambda(), lie).summary();
        SolveResult opt = honest(p, 200000, 1e-10);
        assertTrue(told.lowerBound() <= opt.objective(), told.lowerBound() + " above " + opt.objective());
        assertNotEquals(SolveStatus.OPTIMAL, told.status());
    }
}
