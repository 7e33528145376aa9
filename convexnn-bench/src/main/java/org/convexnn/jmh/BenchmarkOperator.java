package org.convexnn.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One gated solver iteration's kernel work: the masked forward pass {@code pred = Σ_b D_b X W_bᵀ} and the adjoint
 * {@code G = Σ_b (D_b X)ᵀ r}, 4·n·d·P flops, on Gaussian data with P Gaussian gates. The operator's buffers are
 * sized once, so a steady-state invocation should allocate nothing (check with {@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BenchmarkOperator {
    @Param({"20000"})
    public int n;
    @Param({"100"})
    public int d;
    @Param({"1000"})
    public int p;
    /** Bytes of one Z row block (the operator's memory budget for Z). */
    @Param({"67108864"})
    public long blockBytes;

    private FeatureOperator op;
    private double[] w;
    private double[] pred;
    private double[] g;

    @Setup
    public void setUp() {
        Random rng = new Random(1);
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        Blas blas = Blas.auto(0);
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(p, d, 2), blas);
        ConvexProgram prog = new ConvexProgram(x, Matrix.zeros(n, 1), ps, Formulation.GATED, Activation.RELU,
                Loss.SQUARED, 1.0);
        op = new MaskedFeatureOperator(prog, blas, blockBytes);
        w = new double[prog.groups() * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        pred = new double[n];
        g = new double[prog.groups() * d];
    }

    /** Forward then adjoint (one iteration's two operator applications). */
    @Benchmark
    public void forwardAdjoint(Blackhole bh) {
        op.forward(w, pred, null);
        op.adjoint(pred, g);
        bh.consume(g);
    }

    /** Forward only. */
    @Benchmark
    public void forward(Blackhole bh) {
        op.forward(w, pred, null);
        bh.consume(pred);
    }
}
