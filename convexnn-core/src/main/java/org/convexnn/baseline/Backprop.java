package org.convexnn.baseline;

import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;

/**
 * Forward/backward kernel on a flat parameter vector, with all scratch buffers preallocated (nothing is allocated
 * per sample or per batch). Layout of θ: {@code [W1 (m·d, row-major) | b1 (m) | W2 (c·m, row-major) | b2 (c)]}.
 * Gates, when present, are fixed (spec §4): neuron j is active on x iff {@code g_j·x + gb_j >= 0}.
 * Not thread-safe.
 */
final class Backprop {
    final int d;
    final int m;
    final int c;
    final int offB1;
    final int offW2;
    final int offB2;
    final int size;
    private final Activation activation;
    private final double[] gates;
    private final double[] gateBias;
    private final Loss loss;
    private final double[] slope;
    private final double[] hidden;
    private final double[] dz;

    Backprop(int d, int m, int c, Activation activation, Matrix gates, double[] gateBias, Loss loss) {
        this.d = d;
        this.m = m;
        this.c = c;
        this.offB1 = m * d;
        this.offW2 = offB1 + m;
        this.offB2 = offW2 + c * m;
        this.size = offB2 + c;
        this.activation = activation;
        this.gates = gates == null ? null : gates.data();
        this.gateBias = gates == null ? null : (gateBias == null ? new double[m] : gateBias);
        this.loss = loss;
        this.slope = new double[m];
        this.hidden = new double[m];
        this.dz = new double[c];
    }

    static Backprop forNetwork(TwoLayerNetwork net, Loss loss) {
        return new Backprop(net.inputs(), net.width(), net.outputs(), net.activation(), net.gates(),
                net.gateBias(), loss);
    }

    /** Packs a network into a fresh flat parameter vector. */
    double[] pack(TwoLayerNetwork net) {
        double[] theta = new double[size];
        System.arraycopy(net.w1().data(), 0, theta, 0, m * d);
        System.arraycopy(net.b1(), 0, theta, offB1, m);
        System.arraycopy(net.w2().data(), 0, theta, offW2, c * m);
        System.arraycopy(net.b2(), 0, theta, offB2, c);
        return theta;
    }

    /** Builds a network (copying θ) with this kernel's activation and gates. */
    TwoLayerNetwork unpack(double[] theta, TwoLayerNetwork template) {
        double[] w1 = new double[m * d];
        double[] b1 = new double[m];
        double[] w2 = new double[c * m];
        double[] b2 = new double[c];
        System.arraycopy(theta, 0, w1, 0, m * d);
        System.arraycopy(theta, offB1, b1, 0, m);
        System.arraycopy(theta, offW2, w2, 0, c * m);
        System.arraycopy(theta, offB2, b2, 0, c);
        Matrix gatesCopy = template == null || template.gates() == null ? null : template.gates().copy();
        double[] gb = template == null ? null : template.gateBias();
        return new TwoLayerNetwork(activation, Matrix.wrap(m, d, w1), b1, Matrix.wrap(c, m, w2), b2, gatesCopy, gb);
    }

    /**
     * Sum over the selected rows of {@code ℓ(f_θ(x_k), y_k)} (summed over outputs). When {@code grad} is not null,
     * the gradient of that sum (not divided by the row count) is ADDED to it.
     *
     * @param rows row indices, or null for the contiguous rows {@code from..to-1}
     */
    double lossAndGradient(double[] theta, double[] x, double[] y, int[] rows, int from, int to, double[] grad) {
        double cp = activation.positive();
        double cn = activation.negative();
        double total = 0;
        for (int r = from; r < to; r++) {
            int k = rows == null ? r : rows[r];
            int xo = k * d;
            int yo = k * c;
            for (int j = 0; j < m; j++) {
                int wo = j * d;
                double s = theta[offB1 + j];
                for (int t = 0; t < d; t++) {
                    s += theta[wo + t] * x[xo + t];
                }
                double sl;
                if (gates == null) {
                    sl = s >= 0 ? cp : cn;
                } else {
                    double g = gateBias[j];
                    for (int t = 0; t < d; t++) {
                        g += gates[wo + t] * x[xo + t];
                    }
                    sl = g >= 0 ? 1.0 : 0.0;
                }
                slope[j] = sl;
                hidden[j] = sl * s;
            }
            for (int o = 0; o < c; o++) {
                int vo = offW2 + o * m;
                double z = theta[offB2 + o];
                for (int j = 0; j < m; j++) {
                    z += theta[vo + j] * hidden[j];
                }
                double yv = y[yo + o];
                total += loss.value(z, yv);
                dz[o] = loss.derivative(z, yv);
            }
            if (grad == null) {
                continue;
            }
            for (int o = 0; o < c; o++) {
                double g = dz[o];
                if (g == 0.0) {
                    continue;
                }
                int vo = offW2 + o * m;
                for (int j = 0; j < m; j++) {
                    grad[vo + j] += g * hidden[j];
                }
                grad[offB2 + o] += g;
            }
            for (int j = 0; j < m; j++) {
                if (slope[j] == 0.0) {
                    continue;
                }
                double back = 0;
                for (int o = 0; o < c; o++) {
                    back += theta[offW2 + o * m + j] * dz[o];
                }
                double delta = slope[j] * back;
                if (delta == 0.0) {
                    continue;
                }
                int wo = j * d;
                for (int t = 0; t < d; t++) {
                    grad[wo + t] += delta * x[xo + t];
                }
                grad[offB1 + j] += delta;
            }
        }
        return total;
    }

    /** {@code (λ/2)(‖W1‖² + [‖b1‖²] + ‖W2‖²)}; b2 is never penalised. */
    double penalty(double[] theta, double lambda, boolean biasPenalized) {
        double s = 0;
        int end = biasPenalized ? offW2 : offB1;
        for (int i = 0; i < end; i++) {
            s += theta[i] * theta[i];
        }
        for (int i = offW2; i < offB2; i++) {
            s += theta[i] * theta[i];
        }
        return 0.5 * lambda * s;
    }

    /** Adds the gradient of {@link #penalty} to {@code grad}. */
    void addPenaltyGradient(double[] theta, double lambda, boolean biasPenalized, double[] grad) {
        if (lambda == 0) {
            return;
        }
        int end = biasPenalized ? offW2 : offB1;
        for (int i = 0; i < end; i++) {
            grad[i] += lambda * theta[i];
        }
        for (int i = offW2; i < offB2; i++) {
            grad[i] += lambda * theta[i];
        }
    }
}
