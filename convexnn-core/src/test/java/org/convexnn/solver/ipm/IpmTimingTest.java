package org.convexnn.solver.ipm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.Model;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.linalg.Matrix;
import org.convexnn.testing.SpecToys;
import org.convexnn.testing.TestMatrices;
import org.junit.jupiter.api.Test;

/** IPM vs FISTA time to a 1e-6 relative gap; runs only with {@code -Dipm.timing=true} (prints, asserts nothing). */
class IpmTimingTest {

    @Test
    void timings() {
        assumeTrue(Boolean.getBoolean("ipm.timing"), "timing run disabled (set -Dipm.timing=true)");
        if (!Boolean.getBoolean("ipm.skipT7")) {
            report("T7 relu", SpecToys.T7_X, SpecToys.T7_Y, 0.2 / 6);
        }
        TestMatrices.Sample data = TestMatrices.sample(new Random(2024), 100, 2,
                (row, rnd) -> Math.sin(2 * row[0]) + row[1] * row[1] * 0.5 + 0.1 * rnd.nextGaussian());
        report("2-D n=100 relu", data.x(), data.y(), 0.01);
    }

    private static void report(String name, double[][] x, double[] y, double lambda) {
        for (int rep = Integer.getInteger("ipm.firstRep", 0); rep < 2; rep++) { // first repetition warms up the JIT
            for (SolverKind kind : Boolean.getBoolean("ipm.only") ? new SolverKind[] {SolverKind.IPM}
                    : new SolverKind[] {SolverKind.IPM, SolverKind.FISTA}) {
                long t0 = System.nanoTime();
                TwoLayerFit f = ConvexTrainer.builder().model(Model.RELU).lambda(lambda).exactPatterns(true)
                        .bias(BiasMode.NONE).solver(kind).tol(1e-6).maxIterations(2_000_000).build()
                        .fit(Matrix.of(x), y);
                double wall = (System.nanoTime() - t0) / 1e9;
                if (rep == 1) {
                    System.out.printf("TIMING %s %s: status %s, patterns %d, objective %.10f, bound %.10f, "
                                    + "iterations %d, solver %.3f s, fit %.3f s%n", name, kind.cliName(),
                            f.summary().status(), f.summary().patterns(), f.summary().objective(),
                            f.summary().lowerBound(), f.summary().iterations(), f.summary().seconds(), wall);
                }
            }
        }
    }
}
