package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convexnn.baseline.NonConvexResult;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.convexnn.testing.SpecToys;
import org.junit.jupiter.api.Test;

/**
 * Spec O-N1: on data where dense sampling finds every activation pattern (spec T6, T7), the certified lower bound
 * is a lower bound of the global optimum, so no gradient-trained ReLU network of any width gets below it.
 */
class NoSgdBeatsCertifiedOptimumTest {

    static void check(double[][] xs, double[] ys, double beta) {
        int n = xs.length;
        double lambda = beta / n;
        TwoLayerFit fit = SpecToyValuesTest.fit(xs, ys, beta, Model.RELU);
        double bound = fit.summary().lowerBound();
        Matrix x = Matrix.of(xs);
        Matrix y = Matrix.column(ys);
        double best = Double.POSITIVE_INFINITY;
        for (int seed = 0; seed < 6; seed++) {
            NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.ADAM).learningRate(0.02).epochs(3000)
                    .batchSize(0).width(8).seed(seed).hiddenBias(false).build().fit(x, y, Loss.SQUARED, lambda, true);
            assertTrue(r.bestObjective() >= bound - 1e-12, () -> "Adam reached " + r.bestObjective() + " below the certified bound " + bound);
            best = Math.min(best, r.bestObjective());
        }
        // and gradient training does get close to it, so the comparison is not vacuous
        assertTrue(best <= fit.summary().objective() * 1.5, "best Adam run " + best + " vs optimum " + fit.summary().objective());
        // the recovered network, used as the starting point, cannot be improved either
        NonConvexResult polish = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.01).epochs(500)
                .batchSize(0).width(fit.network().width()).init(fit.network()).hiddenBias(false).build()
                .fit(x, y, Loss.SQUARED, lambda, true);
        assertTrue(polish.bestObjective() >= bound - 1e-12);
        assertEquals(SolveStatus.OPTIMAL, fit.summary().status());
    }

    @Test
    void t6() {
        check(SpecToys.T6_X, SpecToys.T6_Y, 0.3);
    }

    @Test
    void t7() {
        check(SpecToys.T7_X, SpecToys.T7_Y, 0.2);
    }
}
