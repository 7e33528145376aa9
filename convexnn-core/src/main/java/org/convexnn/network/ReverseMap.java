package org.convexnn.network;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.convexnn.arrangement.PatternKey;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.settings.SettingException;

/**
 * The reverse map of spec §3.5 (network → convex point) and the helpers that put a network in a program's
 * training space. Neurons are grouped by their activation pattern {@code D(ū_j) = 1[X̄ ū_j ≥ 0]} on the program's data
 * and the sign of their output weight: {@code v_D = Σ_{α_j > 0} α_j ū_j}, {@code w_D = Σ_{α_j < 0} |α_j| ū_j}
 * (for each output k separately, with α_j = W2[k, j]). The image is cone-feasible, gives the same prediction, and,
 * for a scalar output, has convex objective ≤ J(θ) (the regulariser obeys
 * {@code λ Σ‖v_D‖ ≤ λ Σ |α_j| ‖ū_j‖ ≤ (λ/2) Σ (‖ū_j‖² + α_j²)}). For gated programs a neuron's group is the pattern
 * of its gate (its own ū_j for an ordinary network) with weight {@code α_j ū_j}. Pure functions.
 */
public final class ReverseMap {
    private ReverseMap() {
    }

    /**
     * The convex image of {@code net} (in the program's training space: inputs are the program's columns without
     * the bias column when {@code biasColumn}).
     *
     * @return a G x d point of the program
     * @throws IllegalArgumentException when a neuron that changes the prediction has a pattern outside the program's
     *                                  pattern set, or the network does not match the program
     */
    public static double[] toConvex(ConvexProgram program, TwoLayerNetwork net, boolean biasColumn) {
        int d = program.d();
        int c = program.outputs();
        int inputs = biasColumn ? d - 1 : d;
        if (net.inputs() != inputs || net.outputs() != c) {
            throw new IllegalArgumentException("network is " + net.inputs() + " -> " + net.outputs() + ", program needs "
                    + inputs + " -> " + c);
        }
        for (double v : net.b2()) {
            if (v != 0.0) {
                throw new IllegalArgumentException("the network has an output bias, which the program does not model");
            }
        }
        boolean gated = program.formulation() == Formulation.GATED;
        if (!gated) {
            if (net.isGated()) {
                throw new IllegalArgumentException("a gated network has no image in a cone-constrained program");
            }
            Activation a = program.activation();
            if (net.activation().positive() != a.positive() || net.activation().negative() != a.negative()) {
                throw new IllegalArgumentException("network activation " + net.activation().name()
                        + " differs from the program's " + a.name());
            }
        }
        Map<PatternKey, Integer> index = index(program.patterns());
        int p = program.patterns().size();
        Matrix x = program.x();
        double[] out = new double[program.groups() * d];
        double[] b1 = net.b1();
        double[] gb = net.gateBias();
        for (int j = 0; j < net.width(); j++) {
            double[] u = neuronVector(net.w1().row(j), b1[j], biasColumn, "neuron " + j);
            double[] gate = net.isGated() ? neuronVector(net.gates().row(j), gb[j], biasColumn, "gate " + j) : u;
            boolean zeroOut = true;
            for (int k = 0; k < c; k++) {
                zeroOut &= net.w2().get(k, j) == 0.0;
            }
            if (zeroOut || (!net.isGated() && isZero(u))) {
                continue;
            }
            long[] bits = patternBits(x, gate);
            Integer q = index.get(new PatternKey(bits));
            double flip = 1.0;
            if (q == null && !gated && program.activation().negative() == -program.activation().positive()) {
                // absolute value: one pattern of each complementary pair; −u gives the same neuron
                q = index.get(new PatternKey(complement(bits, x.rows())));
                flip = -1.0;
            }
            if (q == null) {
                if (contributes(x, u, gate, net, gated)) {
                    throw new IllegalArgumentException("neuron " + j + "'s activation pattern is not in the program's"
                            + " pattern set");
                }
                continue;
            }
            for (int k = 0; k < c; k++) {
                double alpha = net.w2().get(k, j);
                if (alpha == 0.0) {
                    continue;
                }
                int block = gated || alpha > 0 ? q : p + q;
                double f = gated ? alpha : Math.abs(alpha) * flip;
                int g = block * c + k;
                for (int t = 0; t < d; t++) {
                    out[g * d + t] += f * u[t];
                }
            }
        }
        return out;
    }

    /**
     * Gate vectors (one row per neuron with a non-zero first layer and a non-zero output weight) whose patterns on
     * the training-space data are the network's: ū_j (or the gate of a gated network), bias coordinate last when
     * {@code biasColumn}.
     * @throws IllegalArgumentException when a neuron has a bias but the program has no bias column
     */
    public static Matrix neuronGates(TwoLayerNetwork net, boolean biasColumn) {
        double[] b1 = net.b1();
        double[] gb = net.gateBias();
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        for (int j = 0; j < net.width(); j++) {
            boolean zeroOut = true;
            for (int k = 0; k < net.outputs(); k++) {
                zeroOut &= net.w2().get(k, j) == 0.0;
            }
            double[] u = net.isGated() ? net.gates().row(j) : net.w1().row(j);
            double b = net.isGated() ? gb[j] : b1[j];
            double[] full = Arrays.copyOf(u, u.length + 1);
            full[u.length] = b;
            if (zeroOut || isZero(full)) {
                continue;
            }
            rows.add(neuronVector(u, b, biasColumn, "neuron " + j));
        }
        return rows.isEmpty() ? Matrix.zeros(0, net.inputs() + (biasColumn ? 1 : 0)) : Matrix.of(rows.toArray(new double[0][]));
    }

    /**
     * The same function of training-space inputs {@code x' = (x − mean)/scale} as {@code net} is of raw inputs x:
     * {@code u' = u ∘ scale}, {@code b' = b + u·mean} (gates likewise). The inverse of
     * {@link Recovery#foldStandardization}.
     */
    public static TwoLayerNetwork toTrainingSpace(TwoLayerNetwork net, double[] means, double[] scales) {
        Matrix w1 = unfold(net.w1(), scales);
        double[] b1 = unfoldBias(net.w1(), net.b1(), means);
        Matrix gates = net.isGated() ? unfold(net.gates(), scales) : null;
        double[] gb = net.isGated() ? unfoldBias(net.gates(), net.gateBias(), means) : null;
        return new TwoLayerNetwork(net.activation(), w1, b1, net.w2(), net.b2(), gates, gb);
    }

    private static Matrix unfold(Matrix w, double[] scales) {
        Matrix out = w.copy();
        for (int j = 0; j < w.rows(); j++) {
            for (int t = 0; t < w.cols(); t++) {
                out.set(j, t, w.get(j, t) * scales[t]);
            }
        }
        return out;
    }

    private static double[] unfoldBias(Matrix w, double[] b, double[] means) {
        double[] out = b.clone();
        for (int j = 0; j < w.rows(); j++) {
            for (int t = 0; t < w.cols(); t++) {
                out[j] += w.get(j, t) * means[t];
            }
        }
        return out;
    }

    private static double[] neuronVector(double[] u, double b, boolean biasColumn, String what) {
        if (biasColumn) {
            double[] out = Arrays.copyOf(u, u.length + 1);
            out[u.length] = b;
            return out;
        }
        double scale = 0;
        for (double v : u) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (Math.abs(b) > 1e-12 * Math.max(1.0, scale)) {
            throw new SettingException("bias", what + " has a first-layer bias " + b
                    + " but the program has no bias column (use {bias} regularized)");
        }
        return u.clone();
    }

    private static boolean isZero(double[] v) {
        for (double a : v) {
            if (a != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the neuron changes the prediction on the data (its pre-activation is non-zero on some active row). */
    private static boolean contributes(Matrix x, double[] u, double[] gate, TwoLayerNetwork net, boolean gated) {
        Activation act = gated ? Activation.RELU : net.activation();
        for (int i = 0; i < x.rows(); i++) {
            double s = VectorOps.dot(x.row(i), u);
            double g = VectorOps.dot(x.row(i), gate);
            double h = gated || net.isGated() ? (g >= 0 ? s : 0.0) : act.apply(s);
            if (h != 0.0) {
                return true;
            }
        }
        return false;
    }


    static long[] patternBits(Matrix x, double[] h) {
        int n = x.rows();
        long[] bits = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            if (VectorOps.dot(x.row(i), h) >= 0) {
                bits[i >>> 6] |= 1L << (i & 63);
            }
        }
        return bits;
    }

    private static long[] complement(long[] bits, int n) {
        long[] out = new long[bits.length];
        for (int i = 0; i < n; i++) {
            if ((bits[i >>> 6] >>> (i & 63) & 1L) == 0) {
                out[i >>> 6] |= 1L << (i & 63);
            }
        }
        return out;
    }

    private static Map<PatternKey, Integer> index(PatternSet ps) {
        Map<PatternKey, Integer> m = new HashMap<>();
        for (int q = 0; q < ps.size(); q++) {
            m.putIfAbsent(new PatternKey(ps.columnBits(q)), q);
        }
        return m;
    }
}
