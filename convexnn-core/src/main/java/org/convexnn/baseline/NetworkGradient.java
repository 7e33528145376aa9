package org.convexnn.baseline;

import java.util.Objects;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;

/**
 * Exact gradient of the public objective of spec §1.0,
 * {@code F(θ) = (1/n) Σ_k ℓ(f_θ(x_k), y_k) + (λ/2) Σ_j (‖u_j‖² + [b_j²] + ‖W2[:,j]‖²)},
 * with respect to all of (W1, b1, W2, b2), for squared and logistic loss and any number of outputs, plus the
 * rescaling ("balancing") map of spec §1.1.
 *
 * <p>Derivative convention (spec §1, §10.2): {@code σ'(t) = c₊} for {@code t >= 0} and {@code c₋} otherwise, so
 * {@code σ'(0) = 1} for ReLU. For a gated network the gates are constants and the neuron's derivative is its gate
 * indicator. At kinks this is one element of the Clarke subdifferential, not a true gradient.
 */
public final class NetworkGradient {
    private NetworkGradient() {
    }

    /**
     * Value and gradient of F at a network. Gradient shapes match the network's parameters. The gradient with
     * respect to b2 is always reported (also when b2 is held fixed by a trainer); {@link #norm()} leaves it out.
     *
     * @param value    F(θ)
     * @param dataLoss the mean loss {@code (1/n) Σ ℓ}
     * @param penalty  the weight-decay term
     * @param w1       ∂F/∂W1, m x d
     * @param b1       ∂F/∂b1, length m
     * @param w2       ∂F/∂W2, c x m
     * @param b2       ∂F/∂b2, length c (b2 is never penalised)
     */
    public record Gradient(double value, double dataLoss, double penalty, Matrix w1, double[] b1, Matrix w2,
                           double[] b2) {
        /** Euclidean norm over (W1, b1, W2): the parameters a trainer moves by default (b2 fixed at 0). */
        public double norm() {
            return norm(true, false);
        }

        /** Euclidean norm over W1 and W2, plus b1 and b2 as requested. */
        public double norm(boolean includeHiddenBias, boolean includeOutputBias) {
            double[] a1 = w1.data();
            double[] a2 = w2.data();
            double s = VectorOps.dot(a1, a1) + VectorOps.dot(a2, a2);
            if (includeHiddenBias) {
                s += VectorOps.dot(b1, b1);
            }
            if (includeOutputBias) {
                s += VectorOps.dot(b2, b2);
            }
            return Math.sqrt(s);
        }

    }

    /**
     * Value and exact gradient of F.
     *
     * @param x             n x d inputs (n ≥ 1)
     * @param y             n x c targets (±1 for logistic loss)
     * @param lambda        weight decay λ ≥ 0 (public convention)
     * @param biasPenalized whether b1 is in the penalty (bias mode B1)
     */
    public static Gradient of(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                              boolean biasPenalized) {
        checkProblem(net, x, y, loss, lambda);
        Backprop bp = Backprop.forNetwork(net, loss);
        double[] theta = bp.pack(net);
        double[] grad = new double[bp.size];
        int n = x.rows();
        double lossSum = bp.lossAndGradient(theta, x.data(), y.data(), null, 0, n, grad);
        double inv = 1.0 / n;
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= inv;
        }
        bp.addPenaltyGradient(theta, lambda, biasPenalized, grad);
        double pen = bp.penalty(theta, lambda, biasPenalized);
        double dataLoss = lossSum * inv;
        int m = bp.m;
        int d = bp.d;
        int c = bp.c;
        double[] gw1 = new double[m * d];
        double[] gb1 = new double[m];
        double[] gw2 = new double[c * m];
        double[] gb2 = new double[c];
        System.arraycopy(grad, 0, gw1, 0, m * d);
        System.arraycopy(grad, bp.offB1, gb1, 0, m);
        System.arraycopy(grad, bp.offW2, gw2, 0, c * m);
        System.arraycopy(grad, bp.offB2, gb2, 0, c);
        return new Gradient(dataLoss + pen, dataLoss, pen, Matrix.wrap(m, d, gw1), gb1, Matrix.wrap(c, m, gw2), gb2);
    }

    /** {@code ‖∇F‖} over (W1, b1, W2), i.e. {@code of(...).norm()}. */
    public static double gradientNorm(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                                      boolean biasPenalized) {
        return of(net, x, y, loss, lambda, biasPenalized).norm();
    }

    /**
     * Balances every neuron with the first-layer bias counted in the penalty (bias mode B1); see
     * {@link #balance(TwoLayerNetwork, boolean)}.
     */
    public static TwoLayerNetwork balance(TwoLayerNetwork net) {
        return balance(net, true);
    }

    /**
     * Rescales each neuron {@code (u_j, b_j) → t(u_j, b_j)}, {@code W2[:,j] → W2[:,j]/t} with t > 0 chosen so that
     * the penalised first-layer norm equals {@code ‖W2[:,j]‖} (spec §1.1): {@code ‖(u_j,b_j)‖} when
     * {@code biasPenalized}, else {@code ‖u_j‖}. Predictions are unchanged (σ and the gated neuron are positively
     * homogeneous; gates are kept) and the penalty, hence F, never increases. A neuron whose output weights or
     * penalised input weights are all zero contributes nothing and becomes exactly zero — except, when the bias is
     * not penalised, a neuron with {@code u_j = 0}, {@code b_j ≠ 0}, {@code W2[:,j] ≠ 0}: it adds a constant and is
     * left unchanged (its penalty has no minimiser over t). b2 is unchanged.
     */
    public static TwoLayerNetwork balance(TwoLayerNetwork net, boolean biasPenalized) {
        int m = net.width();
        int d = net.inputs();
        int c = net.outputs();
        double[] w1 = net.w1().data().clone();
        double[] b1 = net.b1();
        double[] w2 = net.w2().data().clone();
        for (int j = 0; j < m; j++) {
            double in = 0;
            for (int t = 0; t < d; t++) {
                in += w1[j * d + t] * w1[j * d + t];
            }
            if (biasPenalized) {
                in += b1[j] * b1[j];
            }
            in = Math.sqrt(in);
            double out = 0;
            for (int o = 0; o < c; o++) {
                out += w2[o * m + j] * w2[o * m + j];
            }
            out = Math.sqrt(out);
            if (out == 0 || (in == 0 && (biasPenalized || b1[j] == 0))) {
                for (int t = 0; t < d; t++) {
                    w1[j * d + t] = 0;
                }
                b1[j] = 0;
                for (int o = 0; o < c; o++) {
                    w2[o * m + j] = 0;
                }
                continue;
            }
            if (in == 0) {
                continue; // unpenalised constant neuron: cannot be balanced
            }
            double s = Math.sqrt(out / in);
            for (int t = 0; t < d; t++) {
                w1[j * d + t] *= s;
            }
            b1[j] *= s;
            for (int o = 0; o < c; o++) {
                w2[o * m + j] /= s;
            }
        }
        return new TwoLayerNetwork(net.activation(), Matrix.wrap(m, d, w1), b1, Matrix.wrap(c, m, w2), net.b2(),
                net.gates() == null ? null : net.gates().copy(), net.gateBias());
    }

    static void checkProblem(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda) {
        Objects.requireNonNull(net, "network");
        Objects.requireNonNull(loss, "loss");
        if (x.rows() < 1) {
            throw new IllegalArgumentException("no samples");
        }
        if (x.cols() != net.inputs()) {
            throw new IllegalArgumentException("input has " + x.cols() + " columns, network expects " + net.inputs());
        }
        if (y.rows() != x.rows() || y.cols() != net.outputs()) {
            throw new IllegalArgumentException("targets are " + y.rows() + "x" + y.cols() + ", expected "
                    + x.rows() + "x" + net.outputs());
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
    }
}
