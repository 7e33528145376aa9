package org.convexnn.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkGradientTest {

    static final double KINK_MARGIN = 1e-3;

    static Matrix gaussian(SplittableRandom rng, int r, int c, double scale) {
        double[] v = new double[r * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * gauss(rng);
        }
        return Matrix.wrap(r, c, v);
    }

    static double gauss(SplittableRandom rng) {
        double u = rng.nextDouble();
        double w = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    static double[] vec(SplittableRandom rng, int n, double scale) {
        return gaussian(rng, 1, n, scale).data();
    }

    static Matrix targets(SplittableRandom rng, int n, int c, Loss loss) {
        Matrix y = gaussian(rng, n, c, 1.0);
        if (loss == Loss.LOGISTIC) {
            double[] d = y.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] >= 0 ? 1 : -1;
            }
        }
        return y;
    }

    /** Smallest |preactivation| (and |gate value| for gated nets) over all samples and neurons. */
    static double kinkDistance(TwoLayerNetwork net, Matrix x) {
        double min = Double.POSITIVE_INFINITY;
        double[] b = net.b1();
        double[] gb = net.gateBias();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < net.width(); j++) {
                double s = b[j];
                double g = gb == null ? 0 : gb[j];
                for (int t = 0; t < x.cols(); t++) {
                    s += net.w1().get(j, t) * x.get(i, t);
                    if (net.isGated()) {
                        g += net.gates().get(j, t) * x.get(i, t);
                    }
                }
                min = Math.min(min, Math.abs(s));
                if (net.isGated()) {
                    min = Math.min(min, Math.abs(g));
                }
            }
        }
        return min;
    }

    static TwoLayerNetwork randomNet(SplittableRandom rng, Activation act, int d, int m, int c, boolean gated) {
        return new TwoLayerNetwork(act, gaussian(rng, m, d, 1), vec(rng, m, 0.5), gaussian(rng, c, m, 1),
                vec(rng, c, 0.3), gated ? gaussian(rng, m, d, 1) : null, gated ? vec(rng, m, 0.5) : null);
    }

    static Arguments[] cases() {
        java.util.List<Arguments> list = new java.util.ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (int c : new int[] {1, 3}) {
                for (boolean bias : new boolean[] {true, false}) {
                    list.add(Arguments.of(loss, c, bias, Activation.RELU, false));
                }
                list.add(Arguments.of(loss, c, true, Activation.leakyRelu(0.1), false));
                list.add(Arguments.of(loss, c, false, Activation.ABS, false));
                list.add(Arguments.of(loss, c, true, Activation.RELU, true));
            }
        }
        return list.toArray(new Arguments[0]);
    }

    @ParameterizedTest(name = "{0} c={1} biasPenalized={2} {3} gated={4}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(Loss loss, int c, boolean biasPenalized, Activation act, boolean gated) {
        SplittableRandom rng = new SplittableRandom(31L * c + (biasPenalized ? 7 : 0) + loss.ordinal()
                + (gated ? 100 : 0) + act.name().hashCode());
        int n = 6;
        int d = 3;
        int m = 4;
        double lambda = 0.07;
        for (int trial = 0; trial < 5; trial++) {
            Matrix x = gaussian(rng, n, d, 1);
            Matrix y = targets(rng, n, c, loss);
            TwoLayerNetwork net = randomNet(rng, act, d, m, c, gated);
            if (kinkDistance(net, x) < KINK_MARGIN) {
                trial--;
                continue;
            }
            NetworkGradient.Gradient g = NetworkGradient.of(net, x, y, loss, lambda, biasPenalized);
            double f0 = NetworkObjective.of(net, x, y, loss, lambda, biasPenalized);
            assertEquals(f0, g.value(), 1e-12 * Math.max(1, Math.abs(f0)));
            assertEquals(g.value(), g.dataLoss() + g.penalty(), 1e-14);

            double[] analytic = flatten(g.w1().data(), g.b1(), g.w2().data(), g.b2());
            double[] numeric = numericGradient(net, x, y, loss, lambda, biasPenalized);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < analytic.length; i++) {
                diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
                norm += analytic[i] * analytic[i];
                assertEquals(numeric[i], analytic[i], 1e-6 * Math.max(1, Math.abs(analytic[i])),
                        "entry " + i);
            }
            assertTrue(Math.sqrt(diff) < 1e-6 * Math.sqrt(norm), "relative error " + Math.sqrt(diff / norm));
        }
    }

    static double[] flatten(double[]... parts) {
        int len = 0;
        for (double[] p : parts) {
            len += p.length;
        }
        double[] out = new double[len];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Central differences of F (computed by {@link NetworkObjective}) in every parameter. */
    static double[] numericGradient(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                                    boolean biasPenalized) {
        double[][] parts = {net.w1().data().clone(), net.b1(), net.w2().data().clone(), net.b2()};
        int total = 0;
        for (double[] p : parts) {
            total += p.length;
        }
        double[] out = new double[total];
        double h = 1e-5;
        int idx = 0;
        for (double[] p : parts) {
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + h;
                double fp = NetworkObjective.of(rebuild(net, parts), x, y, loss, lambda, biasPenalized);
                p[i] = keep - h;
                double fm = NetworkObjective.of(rebuild(net, parts), x, y, loss, lambda, biasPenalized);
                p[i] = keep;
                out[idx++] = (fp - fm) / (2 * h);
            }
        }
        return out;
    }

    static TwoLayerNetwork rebuild(TwoLayerNetwork net, double[][] parts) {
        return new TwoLayerNetwork(net.activation(), Matrix.wrap(net.width(), net.inputs(), parts[0].clone()),
                parts[1], Matrix.wrap(net.outputs(), net.width(), parts[2].clone()), parts[3], net.gates(),
                net.gateBias());
    }

    @Test
    void reluDerivativeAtZeroIsOne() {
        // preactivation exactly 0: u·x + b = 1 - 1 + 0
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{1, -1}}),
                new double[] {0}, Matrix.of(new double[][] {{2}}), null, null, null);
        Matrix x = Matrix.of(new double[][] {{1, 1}});
        Matrix y = Matrix.of(new double[][] {{3}});
        NetworkGradient.Gradient g = NetworkGradient.of(net, x, y, Loss.SQUARED, 0, true);
        // f = 0, residual -3, dF/db1 = α · σ'(0) · residual = 2 · 1 · (-3)
        assertEquals(-6, g.b1()[0], 0);
        assertEquals(-6, g.w1().get(0, 0), 0);
        assertEquals(0, g.w2().get(0, 0), 0);
        assertEquals(-3, g.b2()[0], 0);
        assertEquals(Math.sqrt(36 + 36 + 36), g.norm(), 1e-12);
        assertEquals(Math.sqrt(36 + 36 + 36 + 9), g.norm(true, true), 1e-12);
        assertEquals(Math.sqrt(36 + 36), g.norm(false, false), 1e-12);
        assertEquals(g.norm(), NetworkGradient.gradientNorm(net, x, y, Loss.SQUARED, 0, true), 0);
    }

    @Test
    void balancePreservesPredictionsAndDoesNotIncreaseObjective() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int c = trial % 2 == 0 ? 1 : 3;
            boolean biasPenalized = trial % 4 < 2;
            boolean gated = trial % 5 == 4;
            Activation act = trial % 3 == 0 ? Activation.RELU : (trial % 3 == 1 ? Activation.leakyRelu(0.2)
                    : Activation.ABS);
            int n = 7;
            int d = 3;
            int m = 5;
            Matrix x = gaussian(rng, n, d, 1);
            Matrix y = targets(rng, n, c, Loss.SQUARED);
            // unbalanced on purpose: large first layer, small second layer for some neurons and vice versa
            TwoLayerNetwork raw = randomNet(rng, act, d, m, c, gated);
            double[] w1 = raw.w1().data().clone();
            double[] b1 = raw.b1();
            double[] w2 = raw.w2().data().clone();
            for (int j = 0; j < m; j++) {
                double s = j % 2 == 0 ? 7.0 : 0.2;
                for (int t = 0; t < d; t++) {
                    w1[j * d + t] *= s;
                }
                b1[j] *= s;
                for (int o = 0; o < c; o++) {
                    w2[o * m + j] /= s;
                }
            }
            // one neuron with zero output weights
            for (int o = 0; o < c; o++) {
                w2[o * m + 1] = 0;
            }
            TwoLayerNetwork net = new TwoLayerNetwork(act, Matrix.wrap(m, d, w1), b1, Matrix.wrap(c, m, w2),
                    raw.b2(), raw.gates(), raw.gateBias());
            TwoLayerNetwork bal = NetworkGradient.balance(net, biasPenalized);
            assertArrayClose(net.predict(x).data(), bal.predict(x).data(), 1e-12);
            for (Loss loss : new Loss[] {Loss.SQUARED}) {
                double f0 = NetworkObjective.of(net, x, y, loss, 0.3, biasPenalized);
                double f1 = NetworkObjective.of(bal, x, y, loss, 0.3, biasPenalized);
                assertTrue(f1 <= f0 + 1e-12, f1 + " > " + f0);
                assertTrue(f1 < f0 - 1e-3, "this network was far from balanced");
            }
            for (int j = 0; j < m; j++) {
                double in = 0;
                for (int t = 0; t < d; t++) {
                    in += bal.w1().get(j, t) * bal.w1().get(j, t);
                }
                if (biasPenalized) {
                    in += bal.b1()[j] * bal.b1()[j];
                }
                double out = 0;
                for (int o = 0; o < c; o++) {
                    out += bal.w2().get(o, j) * bal.w2().get(o, j);
                }
                assertEquals(Math.sqrt(out), Math.sqrt(in), 1e-12 * Math.max(1, Math.sqrt(out)));
            }
            // the zero-output neuron became exactly zero
            for (int t = 0; t < d; t++) {
                assertEquals(0.0, bal.w1().get(1, t), 0);
            }
            assertEquals(0.0, bal.b1()[1], 0);
            assertArrayClose(net.b2(), bal.b2(), 0);
            // idempotent
            TwoLayerNetwork again = NetworkGradient.balance(bal, biasPenalized);
            assertArrayClose(bal.w1().data(), again.w1().data(), 1e-12);
            assertArrayClose(bal.w2().data(), again.w2().data(), 1e-12);
        }
    }

    @Test
    void balancedScalarNeuronsHaveEqualNorms() {
        // c = 1, no bias: ‖u_j‖ = |α_j|
        SplittableRandom rng = new SplittableRandom(11);
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, gaussian(rng, 6, 4, 3), null,
                gaussian(rng, 1, 6, 0.1), null, null, null);
        TwoLayerNetwork bal = NetworkGradient.balance(net);
        Matrix x = gaussian(rng, 9, 4, 1);
        assertArrayClose(net.predict(x).data(), bal.predict(x).data(), 1e-12);
        for (int j = 0; j < 6; j++) {
            double u = 0;
            for (int t = 0; t < 4; t++) {
                u += bal.w1().get(j, t) * bal.w1().get(j, t);
            }
            assertEquals(Math.abs(bal.w2().get(0, j)), Math.sqrt(u), 1e-13);
            assertEquals(Math.signum(net.w2().get(0, j)), Math.signum(bal.w2().get(0, j)));
        }
        // the penalty after balancing is λ Σ ‖u_j‖|α_j| (spec §1.1)
        double expected = 0;
        for (int j = 0; j < 6; j++) {
            double u = 0;
            for (int t = 0; t < 4; t++) {
                u += net.w1().get(j, t) * net.w1().get(j, t);
            }
            expected += Math.sqrt(u) * Math.abs(net.w2().get(0, j));
        }
        assertEquals(0.4 * expected, bal.weightDecay(0.4, true), 1e-12);
    }

    @Test
    void balanceZeroesNeuronsWithAZeroSide() {
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU,
                Matrix.of(new double[][] {{0, 0}, {1, 2}, {3, 0}}), new double[] {0, 0.5, 0},
                Matrix.of(new double[][] {{5, 0, 1}, {-1, 0, 1}}), new double[] {0.25, -1}, null, null);
        TwoLayerNetwork bal = NetworkGradient.balance(net);
        assertArrayClose(new double[] {0, 0, 0, 0, 3 * Math.sqrt(Math.sqrt(2) / 3), 0}, bal.w1().data(), 1e-15);
        assertArrayClose(new double[] {0, 0, 0}, bal.b1(), 0);
        assertEquals(0, bal.w2().get(0, 0), 0);
        assertEquals(0, bal.w2().get(1, 0), 0);
        assertEquals(0, bal.w2().get(0, 1), 0);
        assertArrayClose(new double[] {0.25, -1}, bal.b2(), 0);
        // unpenalised bias: a pure-bias neuron is a constant and is kept
        TwoLayerNetwork constant = new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{0, 0}}),
                new double[] {2}, Matrix.of(new double[][] {{3}}), null, null, null);
        TwoLayerNetwork kept = NetworkGradient.balance(constant, false);
        assertEquals(2, kept.b1()[0], 0);
        assertEquals(3, kept.w2().get(0, 0), 0);
    }

    static void assertArrayClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "index " + i);
        }
    }
}
