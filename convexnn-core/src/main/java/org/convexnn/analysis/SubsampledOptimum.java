package org.convexnn.analysis;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitOptions;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;

/**
 * p(S_θ) of spec §10.2 (iii): the ReLU convex program (bias B1) restricted to the patterns S_θ of θ's non-zero
 * neurons on X̄, started at θ's convex image; at a stationary point θ is its optimum and {@code J(θ) = p(S_θ)}.
 *
 * @param value      objective of the recovered network (an upper bound on p(S_θ), equal to it when OPTIMAL)
 * @param lowerBound certified lower bound on p(S_θ)
 * @param status     solver status ({@code OPTIMAL} only when the relative gap met the tolerance)
 * @param iterations solver iterations
 * @param seconds    wall-clock time of the solve
 */
public record SubsampledOptimum(double value, double lowerBound, String status, int iterations, double seconds) {
    /** Not computed (all NaN). */
    static final SubsampledOptimum NONE = new SubsampledOptimum(Double.NaN, Double.NaN, null, 0, 0);

    /**
     * Solves p(S_θ) to relative gap {@code tol} within {@code timeLimitSeconds}; the value is the objective of the
     * recovered network (public convention). Scalar output only ({@link #NONE} otherwise), and for logistic loss only
     * when b2 = 0 (squared loss folds a fixed b2 into the targets).
     */
    static SubsampledOptimum solve(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                                   boolean b2NonZero, double tol, double timeLimitSeconds) {
        int n = x.rows();
        if (net.outputs() != 1 || (b2NonZero && loss != Loss.SQUARED)) {
            return NONE;
        }
        double b = net.b2()[0];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y.get(i, 0) - (loss == Loss.SQUARED ? b : 0);
        }
        Matrix gates = neuronGates(net);
        if (gates == null) {
            double v = loss.sum(new double[n], ys) / n;
            return new SubsampledOptimum(v, v, "OPTIMAL", 0, 0);
        }
        // θ itself (b2 folded into the targets) is a feasible point of p(S_θ): the solve starts from its convex image
        // and never ends above it; at a stationary point it is already (near) optimal there
        TwoLayerNetwork start = new TwoLayerNetwork(net.activation(), net.w1(), net.b1(), net.w2(),
                new double[1], null, null);
        FitOptions fo = FitOptions.NONE.withPatternNetworks(List.of(start));
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(loss).lambda(lambda).gates(gates)
                .bias(BiasMode.REGULARIZED).tol(tol).maxIterations(Integer.MAX_VALUE)
                .timeLimitSeconds(timeLimitSeconds).options(fo).build().fit(x, ys);
        FitSummary s = fit.summary();
        return new SubsampledOptimum(s.objective(), s.lowerBound(), s.status().name(), s.iterations(), s.seconds());
    }

    /** S_θ as gates: rows (u_j, b_j) of the neurons with non-zero input and output weights, or null when none. */
    public static Matrix neuronGates(TwoLayerNetwork net) {
        int m = net.width();
        int d = net.inputs();
        int c = net.outputs();
        double[] w1 = net.w1().data();
        double[] b1 = net.b1();
        double[] w2 = net.w2().data();
        List<double[]> rows = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            boolean in = b1[j] != 0;
            for (int t = 0; t < d; t++) {
                in |= w1[j * d + t] != 0;
            }
            boolean out = false;
            for (int o = 0; o < c; o++) {
                out |= w2[o * m + j] != 0;
            }
            if (in && out) {
                double[] r = new double[d + 1];
                System.arraycopy(w1, j * d, r, 0, d);
                r[d] = b1[j];
                rows.add(r);
            }
        }
        return rows.isEmpty() ? null : Matrix.of(rows.toArray(new double[0][]));
    }
}
