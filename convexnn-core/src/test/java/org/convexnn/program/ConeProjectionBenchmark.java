package org.convexnn.program;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.Nnls;
import org.convexnn.linalg.NnlsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Timing of {@link ConeProjection}; run with {@code -Dconvexnn.bench=true}. */
@EnabledIfSystemProperty(named = "convexnn.bench", matches = "true")
class ConeProjectionBenchmark {

    @Test
    void timings() {
        for (boolean dualLike : new boolean[] {false, true}) {
            run(569, 31, 200, dualLike);
            run(20000, 51, 40, dualLike);
        }
    }

    /** dualLike: g = X^T D λ with Gaussian λ (as in the certificate) instead of a Gaussian g. */
    private static void run(int n, int d, int patterns, boolean dualLike) {
        Random rng = new Random(42);
        Matrix x = Matrix.wrap(n, d, NnlsTest.randn(rng, n * d));
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(patterns, d, 7));
        ConeProjection cp = new ConeProjection(x);
        double[][] gs = new double[ps.size()][];
        double[] lambda = NnlsTest.randn(rng, n);
        for (int p = 0; p < gs.length; p++) {
            gs[p] = NnlsTest.randn(rng, d);
            if (dualLike) {
                java.util.Arrays.fill(gs[p], 0.0);
                for (int j = 0; j < n; j++) {
                    if (ps.active(j, p)) {
                        for (int t = 0; t < d; t++) {
                            gs[p][t] += x.get(j, t) * lambda[j];
                        }
                    }
                }
            }
        }
        for (int warm = 0; warm < 2; warm++) {
            long t0 = System.nanoTime();
            long iters = 0;
            long support = 0;
            for (int p = 0; p < gs.length; p++) {
                Nnls.Result r = cp.solve(ps.pattern(p), gs[p]);
                iters += r.iterations();
                support += r.indices().length;
            }
            double ms = (System.nanoTime() - t0) / 1e6 / gs.length;
            System.out.printf((dualLike ? "g=X^T D lambda " : "gaussian g ")
                    + "n=%d d=%d: %.3f ms/projection (%d patterns, mean %.1f iterations, mean support %.1f)%n",
                    n, d, ms, gs.length, iters / (double) gs.length, support / (double) gs.length);
        }
    }
}
