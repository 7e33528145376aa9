package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.baseline.NonConvexResult;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec O-N1 at scale (issue: exact optima): with every activation pattern of the data (regularized bias), the
 * certified optimum is never beaten by any of 50 random-start gradient-descent runs of the non-convex network, and
 * gradient descent started from the recovered optimum cannot go below it by more than the solver tolerance.
 */
class GlobalOptimumAgainstGradientDescentTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void exactOptimumIsNeverBeaten(long seed) {
        Random rng = new Random(seed);
        int n = 8;
        Matrix x = Matrix.zeros(n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x.set(i, 0, rng.nextGaussian());
            x.set(i, 1, rng.nextGaussian());
            y[i] = Math.abs(x.get(i, 0)) - 0.5 * x.get(i, 1) + 0.3 * rng.nextGaussian();
        }
        double lambda = 0.02;
        double tol = 1e-7;
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(Loss.SQUARED).lambda(lambda).exactPatterns(true)
                .bias(BiasMode.REGULARIZED).tol(tol).maxIterations(200000).build().fit(x, y);
        FitSummary s = fit.summary();
        assertEquals(SolveStatus.OPTIMAL, s.status(), s::toString);
        Matrix ym = Matrix.column(y);
        double best = Double.POSITIVE_INFINITY;
        for (int run = 0; run < 50; run++) {
            NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.05).epochs(1500)
                    .batchSize(0).width(8).seed(1000 * seed + run).build().fit(x, ym, Loss.SQUARED, lambda, true);
            best = Math.min(best, r.bestObjective());
        }
        final double bestGd = best;
        // the certified bound is below every network; the optimum itself is within tol of it
        assertTrue(bestGd >= s.lowerBound(), () -> "GD " + bestGd + " below the certified bound " + s.lowerBound());
        assertTrue(s.objective() <= bestGd + tol * Math.max(1, s.objective()),
                () -> "convex optimum " + s.objective() + " above the best GD run " + bestGd);
        NonConvexResult fromOptimum = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.01).epochs(2000)
                .batchSize(0).width(fit.network().width()).init(fit.network()).build()
                .fit(x, ym, Loss.SQUARED, lambda, true);
        assertTrue(fromOptimum.bestObjective() >= s.objective() - tol * Math.max(1, s.objective()),
                () -> "GD from the optimum reached " + fromOptimum.bestObjective() + " < " + s.objective());
    }
}
