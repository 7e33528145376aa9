package org.convexnn.network;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/** Spec §3.7: pruning keeps predictions, never raises the objective, keeps cones, and leaves at most n·c groups. */
class PruningTest {
    static final int N = 5;

    static Matrix data(int n, int d, long seed) {
        return gaussian(n, d, seed).withOnesColumn();
    }

    static ConvexProgram program(Formulation f, Activation act, int c, double lambda) {
        Matrix x = data(N, 2, 3);
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(400, x.cols(), 11));
        assertTrue(ps.size() > 2 * N, "want many patterns, got " + ps.size());
        return new ConvexProgram(x, gaussian(N, c, 4), ps, f, act, Loss.SQUARED, lambda);
    }

    static double[] predict(ConvexProgram p, double[] w) {
        double[] pred = new double[p.n() * p.outputs()];
        new MaskedFeatureOperator(p, Blas.auto(1)).forward(w, pred, null);
        return pred;
    }

    static double objective(ConvexProgram p, double[] w) {
        return p.loss().sum(predict(p, w), p.y().data()) / p.n()
                + p.lambda() * Pruning.groupNormSum(w, p.groups(), p.d());
    }

    /** A cone-feasible point with every group non-zero: each block is a random positive multiple of its gate. */
    static double[] feasiblePoint(ConvexProgram p, long seed) {
        Random r = new Random(seed);
        int d = p.d();
        double[] w = new double[p.groups() * d];
        for (int g = 0; g < p.groups(); g++) {
            int pat = p.blockPattern(g / p.outputs());
            double a = 0.1 + r.nextDouble();
            for (int q = 0; q < d; q++) {
                w[g * d + q] = a * p.patterns().gates().get(pat, q);
            }
        }
        return w;
    }

    static void checkPruned(ConvexProgram p, double[] w, Pruning.Result r) {
        double[] before = predict(p, w);
        double[] after = predict(p, r.weights());
        double scale = 1;
        for (double v : before) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-9 * scale, "prediction " + i);
        }
        assertTrue(objective(p, r.weights()) <= objective(p, w) * (1 + 1e-12) + 1e-12, "objective rose");
        assertTrue(r.groupsAfter() <= p.n() * p.outputs(), r.groupsAfter() + " groups remain");
        assertEquals(Pruning.countNonZero(r.weights(), p.groups(), p.d()), r.groupsAfter());
        assertEquals(Pruning.countNonZero(w, p.groups(), p.d()), r.groupsBefore());
        if (p.coneConstrained()) {
            assertTrue(Pruning.maxConeViolation(p, r.weights()) <= 1e-12, "cone violated");
        }
    }

    @Test
    void gatedPointWithManyGroups() {
        ConvexProgram p = program(Formulation.GATED, Activation.RELU, 1, 1e-3);
        double[] w = feasiblePoint(p, 1);
        assertTrue(Pruning.countNonZero(w, p.groups(), p.d()) > N);
        Pruning.Result r = Pruning.prune(p, w);
        checkPruned(p, w, r);
    }

    @Test
    void reluPointWithManyGroupsStaysInItsCones() {
        ConvexProgram p = program(Formulation.CONE_CONSTRAINED, Activation.RELU, 1, 1e-3);
        double[] w = feasiblePoint(p, 2);
        Pruning.Result r = Pruning.prune(p, w);
        checkPruned(p, w, r);
    }

    @Test
    void leakyReluAndVectorOutputs() {
        ConvexProgram p = program(Formulation.CONE_CONSTRAINED, Activation.leakyRelu(0.1), 3, 1e-3);
        double[] w = feasiblePoint(p, 5);
        Pruning.Result r = Pruning.prune(p, w);
        checkPruned(p, w, r);
        assertTrue(r.groupsAfter() <= 3 * N);
    }

    @Test
    void optimalSolutionKeepsItsObjective() {
        for (Formulation f : Formulation.values()) {
            ConvexProgram p = program(f, Activation.RELU, 1, 1e-4);
            SolveResult s = FistaSolver.solve(new MaskedFeatureOperator(p, Blas.auto(1)),
                    new SolverSettings(1e-11, 200000, 60), null, IterationListener.NONE);
            double[] w = s.weights();
            Pruning.Result r = Pruning.prune(p, w);
            checkPruned(p, w, r);
            double before = objective(p, w);
            double after = objective(p, r.weights());
            double gap = Math.max(0, before - s.lowerBound());
            assertEquals(before, after, 1e-9 * Math.max(1, Math.abs(before)) + gap, f + ": objective changed");
        }
    }
}
