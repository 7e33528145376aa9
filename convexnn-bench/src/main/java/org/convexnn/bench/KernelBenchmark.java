package org.convexnn.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;

/**
 * Effective GFLOP/s of one gated solver iteration — the forward pass {@code X·Wᵀ} plus masking and the adjoint
 * {@code Eᵀ·X}, {@code 4·n·d·P·c} flops — next to two plain dgemm calls of the same shapes (the floor no solver
 * iteration can beat). Timings are medians over repeats after warm-up.
 */
public final class KernelBenchmark {

    /** One measured row. */
    public record Row(String what, String kernel, double millis, double gflops) {
    }

    private KernelBenchmark() {
    }

    /** Runs the benchmark for one kernel and prints a table; returns the rows. */
    public static Row[] run(Blas blas, int n, int d, int p, int repeats, PrintStream out) {
        Random rng = new Random(1);
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(p, d, 2), blas);
        Matrix y = Matrix.zeros(n, 1);
        ConvexProgram prog = new ConvexProgram(x, y, ps, Formulation.GATED, Activation.RELU, Loss.SQUARED, 1.0);
        FeatureOperator op = new MaskedFeatureOperator(prog, blas);
        int groups = prog.groups();
        double[] w = new double[groups * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] pred = new double[n];
        double[] g = new double[groups * d];
        double flops = 4.0 * n * d * groups;
        double iter = median(repeats, () -> {
            op.forward(w, pred, null);
            op.adjoint(pred, g);
        });
        double[] z = new double[(long) n * groups > Integer.MAX_VALUE ? 0 : n * groups];
        double gemm = median(repeats, () -> {
            blas.dgemm(false, true, n, groups, d, 1.0, x.data(), 0, d, w, 0, d, 0.0, z, 0, groups);
            blas.dgemm(true, false, groups, d, n, 1.0, z, 0, groups, x.data(), 0, d, 0.0, g, 0, d);
        });
        Row[] rows = {
            new Row("solver iteration (X·Wᵀ, mask, Eᵀ·X)", blas.name(), iter * 1e3, flops / iter / 1e9),
            new Row("plain dgemm, same two shapes", blas.name(), gemm * 1e3, flops / gemm / 1e9),
        };
        out.printf("n=%d d=%d P=%d (patterns after de-duplication: %d), %s%n", n, d, p, groups, blas.name());
        for (Row r : rows) {
            out.printf("  %-40s %9.2f ms  %8.2f GFLOP/s%n", r.what(), r.millis(), r.gflops());
        }
        out.printf("  iteration / dgemm rate: %.0f%%%n", 100.0 * rows[0].gflops() / rows[1].gflops());
        return rows;
    }

    static double median(int repeats, Runnable r) {
        for (int i = 0; i < 2; i++) {
            r.run();
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }
}
