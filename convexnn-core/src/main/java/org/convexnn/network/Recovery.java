package org.convexnn.network;

import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.OutputBias;

/**
 * The recovery map of spec §3.4 (and §4 for gated programs): each non-zero group {@code w_g} of block b and output
 * k becomes one neuron {@code u = w_g/√‖w_g‖} with output weight {@code ±√‖w_g‖} on output k (the sign of the
 * block). Then {@code (β/2)(‖u‖² + α²) = β‖w_g‖}, so objectives coincide on cone-feasible points. A pure function.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * @param program    the program that was solved
     * @param w          its solution, G x d
     * @param biasColumn whether the last data column is the ones column of a first-layer bias (it becomes b1)
     * @return the network in the program's (training) space
     */
    public static TwoLayerNetwork recover(ConvexProgram program, double[] w, boolean biasColumn) {
        int d = program.d();
        int c = program.outputs();
        int groups = program.groups();
        int inputs = biasColumn ? d - 1 : d;
        int pen = program.penalized();
        int m = 0;
        for (int g = 0; g < groups; g++) {
            if (VectorOps.norm(w, g * d, d) > 0) {
                m++;
            }
        }
        Matrix w1 = Matrix.zeros(m, inputs);
        double[] b1 = new double[m];
        Matrix w2 = Matrix.zeros(c, m);
        boolean gated = program.formulation() == Formulation.GATED;
        Matrix gates = gated ? Matrix.zeros(m, inputs) : null;
        double[] gateBias = gated ? new double[m] : null;
        Matrix allGates = program.patterns().gates();
        int j = 0;
        for (int g = 0; g < groups; g++) {
            double nrm = VectorOps.norm(w, g * d, d);
            if (nrm == 0) {
                continue;
            }
            int b = g / c;
            int k = g % c;
            // unregularized bias (B2): the balance uses the penalised part only; a group (0, b) is a constant on
            // its pattern's rows, the limit of the neuron (0, b/ε) with output weight ε (penalty λε²/2 → 0)
            double pn = pen == d ? nrm : VectorOps.norm(w, g * d, pen);
            double root = pn > 0 ? Math.sqrt(pn) : FREE_NEURON_SCALE;
            for (int t = 0; t < inputs; t++) {
                w1.set(j, t, w[g * d + t] / root);
            }
            if (biasColumn) {
                b1[j] = w[g * d + d - 1] / root;
            }
            w2.set(k, j, program.blockSign(b) * root);
            if (gated) {
                int p = program.blockPattern(b);
                for (int t = 0; t < inputs; t++) {
                    gates.set(j, t, allGates.get(p, t));
                }
                if (biasColumn) {
                    gateBias[j] = allGates.get(p, d - 1);
                }
            }
            j++;
        }
        Activation act = gated ? Activation.RELU : program.activation();
        return new TwoLayerNetwork(act, w1, b1, w2, null, gates, gateBias);
    }

    /**
     * Output weight of a recovered neuron whose penalised part is zero (B2: a pure-bias group). Its penalty
     * (λ/2)·1e-16 is far below every tolerance, and α·σ(b/α) = σ(b) holds to rounding.
     */
    static final double FREE_NEURON_SCALE = 1e-8;


    /**
     * Folds a column standardisation {@code x' = (x − mean)/scale} into the first layer (and the gates), giving the
     * same function of RAW inputs.
     */
    public static TwoLayerNetwork foldStandardization(TwoLayerNetwork net, double[] means, double[] scales) {
        Matrix w1 = fold(net.w1(), means, scales);
        double[] b1 = foldBias(net.w1(), net.b1(), means, scales);
        Matrix gates = net.isGated() ? fold(net.gates(), means, scales) : null;
        double[] gb = net.isGated() ? foldBias(net.gates(), net.gateBias(), means, scales) : null;
        return new TwoLayerNetwork(net.activation(), w1, b1, net.w2(), net.b2(), gates, gb);
    }

    private static Matrix fold(Matrix w, double[] means, double[] scales) {
        Matrix out = w.copy();
        for (int j = 0; j < w.rows(); j++) {
            for (int t = 0; t < w.cols(); t++) {
                out.set(j, t, w.get(j, t) / scales[t]);
            }
        }
        return out;
    }

    private static double[] foldBias(Matrix w, double[] b, double[] means, double[] scales) {
        double[] out = b.clone();
        for (int j = 0; j < w.rows(); j++) {
            for (int t = 0; t < w.cols(); t++) {
                out[j] -= w.get(j, t) * means[t] / scales[t];
            }
        }
        return out;
    }

    /** The network with its output bias replaced by the optimal one for (x, y) through its true forward pass
     * (spec §6 B3). */
    public static TwoLayerNetwork withOptimalOutputBias(TwoLayerNetwork net, Matrix x, Matrix y) {
        double[] b0 = net.b2();
        Matrix pred = net.predict(x);
        double[] b = OutputBias.optimal(pred.data(), y.data(), x.rows(), y.cols());
        for (int k = 0; k < b.length; k++) {
            b[k] += b0[k];
        }
        return new TwoLayerNetwork(net.activation(), net.w1(), net.b1(), net.w2(), b, net.gates(), net.gateBias());
    }
}
