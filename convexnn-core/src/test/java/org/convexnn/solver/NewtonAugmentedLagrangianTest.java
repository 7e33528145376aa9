package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.LossState;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.junit.jupiter.api.Test;

/**
 * The semismooth Newton augmented Lagrangian against independent references: the interior-point SOCP solution of
 * the same program, FISTA's certified interval (squared and logistic loss), and the per-output decomposition
 * (spec §12 O-N5).
 */
class NewtonAugmentedLagrangianTest {
    private static final SolverSettings TIGHT = new SolverSettings(1e-10, 200, Double.POSITIVE_INFINITY);

    private static SolveResult ssnal(ConvexProgram p, SolverSettings s) {
        return ssnal(p, s, NewtonSettings.DEFAULT);
    }

    private static SolveResult ssnal(ConvexProgram p, SolverSettings s, NewtonSettings newton) {
        return NewtonAugmentedLagrangian.solve(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), s, newton,
                null, IterationListener.NONE);
    }

    private static final NewtonSettings SINGLE = new NewtonSettings(NewtonSettings.Precision.SINGLE);
    private static final NewtonSettings DOUBLE = new NewtonSettings(NewtonSettings.Precision.DOUBLE);

    /** Objective of w recomputed from scratch. */
    private static double objective(ConvexProgram p, double[] w) {
        FeatureOperator op = new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS);
        double[] pred = ProgramBound.predictions(op, w);
        return LossState.mean(p.loss(), pred, p.y().data(), p.n())
                + p.lambda() * GroupNorms.sum(w, p.groups(), p.d(), p.d());
    }

    @Test
    void matchesTheInteriorPointOptimumOnASmallProgram() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 40, 3, 1, 6, 0.02, 3);
        FeatureOperator op = new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS);
        SolveResult ipm = ProgramSocp.solve(op, new SolverSettings(1e-10, 200, Double.POSITIVE_INFINITY),
                IterationListener.NONE);
        SolveResult r = ssnal(p, TIGHT);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        assertEquals("ssnal", r.solver());
        assertTrue(r.relativeGap() <= 1e-10, "gap " + r.relativeGap());
        assertEquals(ipm.objective(), r.objective(), 1e-8);
        // the reported objective is the program's objective at the returned point, and the bound lies below it
        assertEquals(objective(p, r.weights()), r.objective(), 1e-13);
        assertTrue(r.lowerBound() <= ipm.objective() + 1e-12);
    }

    @Test
    void reachesAGapFirstOrderMethodsNeedThousandsOfIterationsForInAFewNewtonSteps() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 300, 6, 1, 200, 1e-3, 11);
        SolveResult r = ssnal(p, TIGHT);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        // a wrong generalized Hessian still converges under the line search, but only linearly and slowly
        assertTrue(r.iterations() <= 80, "Newton steps " + r.iterations());
        SolveResult fista = FistaSolver.solve(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS),
                new SolverSettings(1e-6, 500_000, Double.POSITIVE_INFINITY), null, IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, fista.status());
        // each certified interval holds the other method's optimum
        assertTrue(fista.lowerBound() <= r.objective() + 1e-12);
        assertTrue(r.lowerBound() <= fista.objective() + 1e-12);
        assertEquals(fista.objective(), r.objective(), 1e-6 * Math.max(1, fista.objective()));
    }

    @Test
    void aWarmStartAtTheOptimumNeedsFewerNewtonStepsThanAColdStart() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 120, 4, 1, 40, 0.01, 5);
        SolveResult cold = ssnal(p, TIGHT);
        SolveResult warm = NewtonAugmentedLagrangian.solve(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS),
                new SolverSettings(1e-8, 200, Double.POSITIVE_INFINITY), cold.weights(), IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, warm.status());
        // a primal optimum to 1e-10 is not a dual one to the same accuracy, so a few steps remain
        assertTrue(warm.iterations() < cold.iterations(), warm.iterations() + " vs " + cold.iterations());
        assertEquals(cold.objective(), warm.objective(), 1e-8 * Math.max(1, cold.objective()));
    }

    @Test
    void neverReturnsAPointWorseThanItsWarmStart() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 200, 5, 1, 60, 1e-3, 21);
        double[] start = ssnal(p, TIGHT).weights();
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < start.length; i++) {
            start[i] += 1e-3 * rng.nextGaussian();
        }
        double startObjective = objective(p, start);
        SolveResult r = NewtonAugmentedLagrangian.solve(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS),
                new SolverSettings(1e-14, 1, Double.POSITIVE_INFINITY), start, IterationListener.NONE);
        assertEquals(SolveStatus.MAX_ITERATIONS, r.status());
        assertTrue(r.objective() <= startObjective, r.objective() + " > " + startObjective);
        assertEquals(objective(p, r.weights()), r.objective(), 1e-13);
        assertTrue(r.lowerBound() <= r.objective());
    }

    @Test
    void severalOutputsAreSolvedAsIndependentPrograms() {
        ConvexProgram joint = WorkingSetSolverTest.program(Formulation.GATED, 100, 4, 3, 30, 0.01, 9);
        SolveResult r = ssnal(joint, TIGHT);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        assertEquals(objective(joint, r.weights()), r.objective(), 1e-12);
        double sum = 0;
        int n = joint.n();
        for (int k = 0; k < 3; k++) {
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                yk[i] = joint.y().data()[i * 3 + k];
            }
            ConvexProgram single = new ConvexProgram(joint.x(), Matrix.wrap(n, 1, yk), joint.patterns(),
                    Formulation.GATED, Activation.RELU, Loss.SQUARED, joint.lambda());
            sum += ssnal(single, TIGHT).objective();
        }
        assertEquals(sum, r.objective(), 1e-9);
        assertTrue(r.lowerBound() <= r.objective());
    }

    @Test
    void anIterationLimitIsReportedAsSuch() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 200, 5, 1, 60, 1e-3, 21);
        SolveResult r = ssnal(p, new SolverSettings(1e-12, 1, Double.POSITIVE_INFINITY));
        assertEquals(SolveStatus.MAX_ITERATIONS, r.status());
        assertTrue(r.relativeGap() > 1e-12);
        assertTrue(r.lowerBound() <= r.objective());
    }

    @Test
    void solvesLogisticProgramsInsideTheCertifiedIntervalOfFista() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 150, 5, 1, 60, 2e-3, 13, Loss.LOGISTIC);
        SolveResult r = ssnal(p, TIGHT);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        assertTrue(r.iterations() <= 100, "Newton steps " + r.iterations());
        assertEquals(objective(p, r.weights()), r.objective(), 1e-13);
        SolveResult fista = FistaSolver.solve(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS),
                new SolverSettings(1e-7, 500_000, Double.POSITIVE_INFINITY), null, IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, fista.status());
        assertTrue(fista.lowerBound() <= r.objective() + 1e-12);
        assertTrue(r.lowerBound() <= fista.objective() + 1e-12);
        assertEquals(fista.objective(), r.objective(), 1e-7 * Math.max(1, fista.objective()));
    }

    @Test
    void aWorkspaceKeptAcrossLambdaGivesTheSameSolvesAsFreshOnesAndRefusesOtherData() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 150, 4, 1, 50, 0.02, 8);
        SolverSettings s = new SolverSettings(1e-9, 200, Double.POSITIVE_INFINITY);
        try (NewtonAugmentedLagrangian.Workspace ws = NewtonAugmentedLagrangian.workspace(
                new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), NewtonSettings.DEFAULT)) {
            double[] warm = null;
            for (double lambda : new double[] {0.02, 0.01, 0.004}) {
                ConvexProgram q = p.withLambda(lambda);
                assertTrue(ws.fits(q));
                FeatureOperator op = new MaskedFeatureOperator(q, WorkingSetSolverTest.BLAS);
                SolveResult kept = NewtonAugmentedLagrangian.solve(op, s, warm, IterationListener.NONE, ws);
                SolveResult fresh = NewtonAugmentedLagrangian.solve(op, s, warm, IterationListener.NONE);
                assertEquals(SolveStatus.OPTIMAL, kept.status());
                assertEquals(SolveStatus.OPTIMAL, fresh.status());
                if (warm == null) {
                    // a new workspace: the very same iterates
                    assertEquals(fresh.iterations(), kept.iterations());
                    assertEquals(fresh.objective(), kept.objective(), 1e-14);
                    assertEquals(fresh.lowerBound(), kept.lowerBound(), 1e-14);
                } else {
                    // a kept one may try CG on the last solve's factor first: other iterates, the same optimum (each
                    // within tol·max(1, F) of it)
                    assertEquals(fresh.objective(), kept.objective(), 2e-9, "λ = " + lambda);
                    assertTrue(kept.lowerBound() <= fresh.objective() && fresh.lowerBound() <= kept.objective());
                }
                warm = kept.weights();
            }
            ConvexProgram other = WorkingSetSolverTest.program(Formulation.GATED, 150, 4, 1, 50, 0.02, 9);
            assertTrue(!ws.fits(other));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NewtonAugmentedLagrangian
                    .solve(new MaskedFeatureOperator(other, WorkingSetSolverTest.BLAS), s, null,
                            IterationListener.NONE, ws));
            assertNotEquals(-1, e.getMessage().indexOf("workspace"));
        }
    }

    @Test
    void aSinglePrecisionMatrixReachesTheSameCertifiedOptimum() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.convexnn.linalg.FloatSymmetricMatrix.isAvailable(),
                "native OpenBLAS not loadable here");
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 300, 6, 1, 200, 1e-3, 11);
        SolveResult exact = ssnal(p, TIGHT, DOUBLE);
        FeatureOperator op = new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS);
        NewtonAugmentedLagrangian.Workspace ws = NewtonAugmentedLagrangian.workspace(op, SINGLE);
        SolveResult single = NewtonAugmentedLagrangian.solve(op, TIGHT, null, IterationListener.NONE, ws);
        // every direction came from CG on a single-precision factor: no fall-back to double precision
        assertTrue(ws.single());
        ws.close();
        assertEquals(SolveStatus.OPTIMAL, single.status());
        assertTrue(single.relativeGap() <= 1e-10, "gap " + single.relativeGap());
        assertEquals(exact.objective(), single.objective(), 2e-10 * Math.max(1, exact.objective()));
        assertEquals(objective(p, single.weights()), single.objective(), 1e-13);
        // CG on a single-precision factor of the same matrix gives about the exact direction: about the same steps
        assertTrue(Math.abs(single.iterations() - exact.iterations()) <= 3,
                single.iterations() + " vs " + exact.iterations());
        // two outputs share the single-precision workspace
        ConvexProgram two = WorkingSetSolverTest.program(Formulation.GATED, 120, 4, 2, 30, 0.01, 8);
        SolveResult a = ssnal(two, TIGHT, DOUBLE);
        SolveResult b = ssnal(two, TIGHT, SINGLE);
        assertEquals(SolveStatus.OPTIMAL, b.status());
        assertEquals(a.objective(), b.objective(), 1e-9 * Math.max(1, a.objective()));
    }

    @Test
    void singlePrecisionIsChosenWhereTheFactorizationDominates() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.convexnn.linalg.FloatSymmetricMatrix.isAvailable(),
                "native OpenBLAS not loadable here");
        // the programs measured in BENCHMARKS.md, each on the side where it ran faster
        assertTrue(NewtonSystem.singlePays(12000, 785, 1000), "Fashion-MNIST 0 vs 6");
        assertTrue(NewtonSystem.singlePays(1797, 65, 200), "digits, 10 classes");
        assertTrue(NewtonSystem.singlePays(2000, 51, 1000), "synthetic 2000 x 50");
        assertTrue(!NewtonSystem.singlePays(2000, 785, 1000), "the Fashion-MNIST test set");
        assertTrue(!NewtonSystem.singlePays(569, 31, 1000), "breast_cancer");
        assertTrue(!NewtonSystem.singlePays(4000, 785, 1000), "n = 4000 at Fashion-MNIST's d and P");
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 40, 3, 1, 6, 0.02, 3);
        assertTrue(!NewtonAugmentedLagrangian.single(p, NewtonSettings.DEFAULT, true));
        assertTrue(NewtonAugmentedLagrangian.single(p, new NewtonSettings(NewtonSettings.Precision.parse("Single")),
                true));
        assertTrue(!NewtonAugmentedLagrangian.single(p, SINGLE, false), "single precision needs the native kernels");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NewtonSettings.Precision.parse("half"));
        assertTrue(e.getMessage().contains("newton precision"), e.getMessage());
    }

    @Test
    void refusesProgramsItDoesNotSolve() {
        ConvexProgram cone = WorkingSetSolverTest.program(Formulation.CONE_CONSTRAINED, 30, 3, 1, 5, 0.1, 1);
        ConvexProgram gated = WorkingSetSolverTest.program(Formulation.GATED, 30, 3, 1, 5, 0.1, 1);
        ConvexProgram freeBias = new ConvexProgram(gated.x(), gated.y(), gated.patterns(), Formulation.GATED,
                Activation.RELU, Loss.SQUARED, 0.1, gated.d() - 1, false);
        ConvexProgram outputBias = new ConvexProgram(gated.x(), gated.y(), gated.patterns(), Formulation.GATED,
                Activation.RELU, Loss.SQUARED, 0.1, gated.d(), true);
        assertTrue(NewtonAugmentedLagrangian.applies(gated));
        for (ConvexProgram q : new ConvexProgram[] {cone, freeBias, outputBias}) {
            assertTrue(!NewtonAugmentedLagrangian.applies(q));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ssnal(q, TIGHT));
            assertNotEquals(-1, e.getMessage().indexOf("gated"));
        }
    }
}
