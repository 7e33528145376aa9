package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
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

/** Working sets find the whole program's optimum and certify it on the whole program. */
class WorkingSetSolverTest {
    static final Blas BLAS = Blas.auto(1);

    static ConvexProgram program(Formulation f, int n, int d, int outputs, int gates, double lambda, long seed) {
        return program(f, n, d, outputs, gates, lambda, seed, Loss.SQUARED);
    }

    static ConvexProgram program(Formulation f, int n, int d, int outputs, int gates, double lambda, long seed,
                                 Loss loss) {
        Random rng = new Random(seed);
        double[][] x = new double[n][d];
        double[][] y = new double[n][outputs];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) {
                x[i][j] = rng.nextGaussian();
            }
            x[i][d - 1] = 1.0;
            for (int k = 0; k < outputs; k++) {
                y[i][k] = Math.max(0, x[i][0] - 0.5 * x[i][1] + k) - Math.max(0, x[i][1]) + 0.1 * rng.nextGaussian();
            }
        }
        Matrix xm = Matrix.of(x);
        PatternSet ps = PatternSet.fromGates(xm, GaussianGateSampler.sample(gates, d, seed + 1), BLAS);
        if (loss == Loss.LOGISTIC) {
            for (double[] row : y) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = row[k] > 0.3 ? 1 : -1;
                }
            }
        }
        return new ConvexProgram(xm, Matrix.of(y), ps, f, Activation.RELU, loss, lambda);
    }

    private static void sameOptimum(ConvexProgram p, double tol) {
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        SolverSettings s = new SolverSettings(tol, 500_000, Double.POSITIVE_INFINITY);
        assertTrue(WorkingSetSolver.applies(p));
        SolveResult ws = WorkingSetSolver.solve(op, s, null, IterationListener.NONE);
        SolveResult plain = FistaSolver.solve(op, s, null, IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, ws.status());
        assertEquals(SolveStatus.OPTIMAL, plain.status());
        assertTrue(ws.solver().endsWith("+ws"), ws.solver());
        // each bound is valid for the whole program, so each lies below the other's objective
        assertTrue(ws.lowerBound() <= plain.objective() + 1e-12, ws.lowerBound() + " > " + plain.objective());
        assertTrue(plain.lowerBound() <= ws.objective() + 1e-12);
        assertTrue(ws.relativeGap() <= tol);
        double scale = Math.max(1, Math.abs(plain.objective()));
        assertEquals(plain.objective(), ws.objective(), 2 * tol * scale);
        // the reported objective is the whole program's at the returned point
        double[] pred = ProgramBound.predictions(op, ws.weights());
        double obj = LossState.mean(p.loss(), pred, p.y().data(), p.n())
                + p.lambda() * GroupNorms.sum(ws.weights(), p.groups(), p.d(), p.d());
        assertEquals(obj, ws.objective(), 1e-12 * scale);
        int nonZero = GroupNorms.nonZero(ws.weights(), p.groups(), p.d());
        assertTrue(nonZero < p.groups() / 2, "expected a sparse optimum, got " + nonZero + " of " + p.groups());
        if (p.coneConstrained()) {
            assertTrue(ws.maxConeViolation() <= 1e-9, "cone violation " + ws.maxConeViolation());
        }
    }

    @Test
    void gatedOptimumMatchesTheWholeProgram() {
        sameOptimum(program(Formulation.GATED, 120, 4, 1, 300, 2e-2, 3), 1e-8);
    }

    @Test
    void gatedMultiOutputOptimumMatchesTheWholeProgram() {
        sameOptimum(program(Formulation.GATED, 100, 4, 2, 150, 2e-2, 5), 1e-8);
    }

    @Test
    void logisticOptimumMatchesTheWholeProgram() {
        sameOptimum(program(Formulation.GATED, 120, 4, 1, 300, 1e-2, 4, Loss.LOGISTIC), 1e-8);
    }

    @Test
    void coneProgramOptimumMatchesTheWholeProgram() {
        sameOptimum(program(Formulation.CONE_CONSTRAINED, 60, 3, 1, 80, 2e-2, 7), 1e-7);
    }

    @Test
    void warmStartOutsideTheFirstWorkingSetAndStarvedBudget() {
        ConvexProgram p = program(Formulation.GATED, 120, 4, 1, 300, 2e-2, 9);
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        SolveResult ref = FistaSolver.solve(op, new SolverSettings(1e-9, 500_000, Double.POSITIVE_INFINITY), null,
                IterationListener.NONE);
        // a dense random warm start: every pattern starts in the support
        Random rng = new Random(1);
        double[] w0 = new double[p.groups() * p.d()];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = 0.01 * rng.nextGaussian();
        }
        SolveResult ws = WorkingSetSolver.solve(op, new SolverSettings(1e-8, 500_000, Double.POSITIVE_INFINITY), w0,
                IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, ws.status());
        assertEquals(ref.objective(), ws.objective(), 2e-8 * Math.max(1, ref.objective()));
        SolveResult starved = WorkingSetSolver.solve(op, new SolverSettings(1e-8, 3, Double.POSITIVE_INFINITY), null,
                IterationListener.NONE);
        assertEquals(SolveStatus.MAX_ITERATIONS, starved.status());
        assertTrue(starved.lowerBound() <= ref.objective() + 1e-12);
        assertTrue(starved.objective() >= ref.lowerBound() - 1e-12);
    }

    /** Every bound reported during the rounds (the enclosing program's, from sub-program candidates) is valid. */
    @Test
    void boundsReportedDuringRoundsNeverExceedTheOptimum() {
        for (Formulation f : new Formulation[] {Formulation.GATED, Formulation.CONE_CONSTRAINED}) {
            ConvexProgram p = f == Formulation.GATED ? program(f, 120, 4, 1, 300, 2e-2, 13)
                    : program(f, 60, 3, 1, 80, 2e-2, 17);
            FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
            SolveResult ref = FistaSolver.solve(op, new SolverSettings(1e-10, 500_000, Double.POSITIVE_INFINITY),
                    null, IterationListener.NONE);
            double[] maxLb = {Double.NEGATIVE_INFINITY};
            int[] reports = {0};
            SolveResult ws = WorkingSetSolver.solve(op, new SolverSettings(1e-8, 500_000, Double.POSITIVE_INFINITY),
                    null, info -> {
                        maxLb[0] = Math.max(maxLb[0], info.lowerBound());
                        reports[0]++;
                    });
            assertEquals(SolveStatus.OPTIMAL, ws.status());
            assertTrue(reports[0] > 10);
            assertTrue(maxLb[0] <= ref.objective() + 1e-12, f + ": reported " + maxLb[0] + " > " + ref.objective());
            assertTrue(maxLb[0] >= ref.objective() - 1e-7, f + ": the reported bound closes the gap");
        }
    }
}
