package org.convexnn.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.convexnn.analysis.DualCertificate;
import org.convexnn.analysis.DualCertificate.Mode;
import org.convexnn.analysis.DualCertificate.Options;
import org.convexnn.analysis.DualCertificate.Result;
import org.convexnn.analysis.SubsampledOptimum;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.data.Dataset;
import org.convexnn.data.TeacherData;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;

/**
 * Cost of certifying a network (issue "certificates", spec §10.1–§10.2) against the data size n and the number of
 * sampled patterns P: the synthetic teacher regression of {@link TeacherData#regression} with d = 20, a 50-neuron
 * network trained by Adam (200 epochs, step 1e-2, λ = 1e-3), then {@link DualCertificate#certify} in spectral mode
 * and in sampled mode for each P (dual bound only), and once the p(S_θ) solve of the stationary-point analysis
 * under a time limit.
 */
public final class CertifyBenchmark {
    /** Input columns of the synthetic data. */
    public static final int D = 20;
    /** Width of the certified network. */
    public static final int WIDTH = 50;
    /** Weight decay. */
    public static final double LAMBDA = 1e-3;

    private CertifyBenchmark() {
    }

    /** The sizes: n ∈ {500, 2000, 8000} and P ∈ {100, 1000, 10000}, or n ∈ {500, 2000} and P ∈ {100, 1000} when quick. */
    public static List<Integer> sizes(boolean quick) {
        return quick ? List.of(500, 2000) : List.of(500, 2000, 8000);
    }

    /** Sampled pattern counts. */
    public static List<Integer> samples(boolean quick) {
        return quick ? List.of(100, 1000) : List.of(100, 1000, 10000);
    }

    /** Runs every size and prints two markdown tables (dual bound; p(S_θ) solve). */
    public static void run(boolean quick, double subsampledTimeLimit, PrintStream out) {
        List<Integer> ps = samples(quick);
        StringBuilder head = new StringBuilder("| n | J(θ) | Adam s | spectral s | spectral rel. gap |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (int p : ps) {
            head.append(" sampled ").append(p).append(" s | γ (").append(p).append(") |");
            rule.append("---|---|");
        }
        StringBuilder solves = new StringBuilder(String.format(Locale.ROOT,
                "%n| n | J(balanced θ) | p(S_θ) value | p(S_θ) bound | status | iterations | seconds |%n"
                        + "|---|---|---|---|---|---|---|%n"));
        out.println(head);
        out.println(rule);
        for (int n : sizes(quick)) {
            Dataset ds = TeacherData.regression(n, D, 5);
            Matrix x = ds.features();
            Matrix y = ds.targets();
            long t0 = System.nanoTime();
            TwoLayerNetwork net = NonConvexTrainer.builder().optimizer(Optimizer.ADAM).learningRate(1e-2).epochs(200)
                    .width(WIDTH).seed(7).build().fit(x, y, Loss.SQUARED, LAMBDA, true).network();
            double adam = seconds(t0);
            Options base = Options.defaults().withSubsampled(false);
            t0 = System.nanoTime();
            Result spec = DualCertificate.certify(net, x, y, Loss.SQUARED, LAMBDA, base.withMode(Mode.SPECTRAL));
            double specS = seconds(t0);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.6g | %.1f | %.2f | %.2e |", n,
                    spec.objective(), adam, specS, spec.relativeGap()));
            for (int p : ps) {
                t0 = System.nanoTime();
                Result r = DualCertificate.certify(net, x, y, Loss.SQUARED, LAMBDA,
                        base.withMode(Mode.SAMPLED).withSamples(p));
                row.append(String.format(Locale.ROOT, " %.2f | %.4g |", seconds(t0), r.gamma()));
            }
            out.println(row);
            out.flush();
            Result sub = DualCertificate.certify(net, x, y, Loss.SQUARED, LAMBDA, Options.defaults()
                    .withMode(Mode.SPECTRAL).withSubsampledBudget(Options.DEFAULT_SUBSAMPLED_TOL, subsampledTimeLimit));
            SubsampledOptimum s = sub.subsampled();
            solves.append(String.format(Locale.ROOT, "| %d | %.6g | %.8g | %.8g | %s | %d | %.1f |%n", n,
                    sub.balancedObjective(), s.value(), s.lowerBound(), s.status(), s.iterations(), s.seconds()));
        }
        out.print(solves);
        out.flush();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
