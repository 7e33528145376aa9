package org.convexnn.analysis;

import java.util.Arrays;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;

/**
 * A neuron that lowers J when added with a small scale (spec §10.2): for the pattern D and sign ς maximising
 * {@code ‖Π_{K_D}(−ς X̄ᵀDg_k/n)‖ > λ}, the unit vector {@code u* = Π_{K_D}(−ς X̄ᵀDg_k/n)/‖·‖} (first-layer weights and
 * bias together) with output weight ς√t changes J at rate {@code λ − ‖Π_{K_D}(−ς X̄ᵀDg_k/n)‖ < 0} per unit t.
 *
 * @param weights  first-layer weights of u* (d)
 * @param bias     first-layer bias of u*
 * @param output   the output index k it feeds
 * @param sign     ς, the sign of its output weight
 * @param rate     first-order change of J per unit t, {@code λ − ‖Π_K(−ς X̄ᵀDg_k/n)‖} (negative)
 * @param step     the t at which {@code decrease} was measured
 * @param decrease {@code J(θ) − J(θ + neuron(t))} computed through the real network (positive when it helps)
 */
public record EscapeNeuron(double[] weights, double bias, int output, int sign, double rate, double step,
                           double decrease) {

    /**
     * The escape neuron at the largest violation of the dual constraint, or null when {@code max_k γ_k} is within
     * {@code tolGamma} (or the constraint is the spectral bound, which names no pattern).
     *
     * @param net the balanced network, of objective j0
     * @param g   the dual point ℓ'(ŷ) (n x c, row-major)
     */
    static EscapeNeuron find(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda, double j0,
                             DualConstraint dc, double[] g, Matrix xbar, double tolGamma) {
        double gammaMax = dc.max();
        if (dc.patterns == null || !(gammaMax > tolGamma)) {
            return null;
        }
        int k = dc.argMax();
        int projSign = dc.bestSign[k];
        boolean[] act = dc.patterns.pattern(dc.bestPattern[k]);
        int n = x.rows();
        int d = x.cols();
        int dd = d + 1;
        int c = net.outputs();
        double[] v = new double[dd];
        DualConstraint.patternGradient(act, g, k, c, n, xbar.data(), dd, v);
        for (int t = 0; t < dd; t++) {
            v[t] *= projSign;
        }
        double[] u = new double[dd];
        double norm = dc.projection.project(act, v, u);
        for (int t = 0; t < dd; t++) {
            u[t] /= norm;
        }
        int sign = -projSign; // ς: the projected vector is −ς X̄ᵀ D g_k / n
        double rate = lambda - gammaMax;
        double bestT = 0;
        double bestDec = Double.NEGATIVE_INFINITY;
        for (int e = 2; e >= -12; e--) {
            double t = Math.pow(10, e);
            double dec = j0 - NetworkObjective.of(withNeuron(net, u, sign * Math.sqrt(t), k, Math.sqrt(t)), x, y, loss,
                    lambda, true);
            if (dec > bestDec) {
                bestDec = dec;
                bestT = t;
            }
        }
        return new EscapeNeuron(Arrays.copyOf(u, d), u[d], k, sign, rate, bestT, bestDec);
    }

    /** The network with one more neuron {@code (scale·u[0..d), scale·u[d])} feeding output k with weight alpha. */
    public static TwoLayerNetwork withNeuron(TwoLayerNetwork net, double[] u, double alpha, int k, double scale) {
        int m = net.width();
        int d = net.inputs();
        int c = net.outputs();
        double[] w1 = Arrays.copyOf(net.w1().data(), (m + 1) * d);
        for (int t = 0; t < d; t++) {
            w1[m * d + t] = scale * u[t];
        }
        double[] b1 = Arrays.copyOf(net.b1(), m + 1);
        b1[m] = scale * u[d];
        double[] w2old = net.w2().data();
        double[] w2 = new double[c * (m + 1)];
        for (int o = 0; o < c; o++) {
            System.arraycopy(w2old, o * m, w2, o * (m + 1), m);
        }
        w2[k * (m + 1) + m] = alpha;
        return new TwoLayerNetwork(net.activation(), Matrix.wrap(m + 1, d, w1), b1, Matrix.wrap(c, m + 1, w2),
                net.b2(), null, null);
    }
}
