package org.convexnn.analysis;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.analysis.DualCertificate.Mode;
import org.convexnn.analysis.DualCertificate.Options;
import org.convexnn.analysis.DualCertificate.Result;
import org.convexnn.analysis.DualCertificate.Verdict;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.arrangement.ExactEnumerator;
import org.convexnn.baseline.NetworkGradient;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.convexnn.testing.TestMatrices;
import org.junit.jupiter.api.Test;

class DualCertificateTest {
    /** p* (public convention) of the full ReLU program with bias B1, on all exact patterns of [X, 1]. */
    private static TwoLayerFit optimum(Matrix x, double[] y, Loss loss, double lambda) {
        Matrix gates = ExactEnumerator.enumerate(x.withOnesColumn(), 10_000).gates();
        return ConvexTrainer.builder().model(Model.RELU).loss(loss).lambda(lambda).gates(gates)
                .bias(BiasMode.REGULARIZED).tol(1e-10).maxIterations(200_000).threads(1).build().fit(x, y);
    }

    @Test
    void weakDualityOnRandomNetworksExactAndSpectral() {
        Random r = new Random(5);
        for (Loss loss : Loss.values()) {
            int n = 7;
            Matrix x = gaussian(n, 2, r);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = loss == Loss.SQUARED ? r.nextGaussian() : (i % 2 == 0 ? 1 : -1);
            }
            Matrix ym = Matrix.column(y);
            double lambda = 0.05;
            TwoLayerFit opt = optimum(x, y, loss, lambda);
            double pUpper = opt.summary().objective();
            double pLower = opt.summary().lowerBound();
            for (int trial = 0; trial < 4; trial++) {
                TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, gaussian(3, 2, r),
                        gaussian(1, 3, r).data(), gaussian(1, 3, r), null, null, null);
                for (Mode mode : new Mode[] {Mode.EXACT, Mode.SPECTRAL}) {
                    Result c = DualCertificate.certify(net, x, ym, loss, lambda, Options.defaults().withMode(mode)
                            .withSubsampled(false));
                    assertTrue(c.valid());
                    assertTrue(c.lowerBound() <= pUpper + 1e-9, loss + " " + mode + ": LB " + c.lowerBound()
                            + " > p* " + pUpper);
                    assertTrue(pLower <= c.objective() + 1e-9, "p* above J(θ)");
                    assertEquals(c.objective() - c.lowerBound(), c.gap(), 1e-12);
                    assertEquals("exact".equals(mode.label()) ? Mode.EXACT : Mode.SPECTRAL, c.mode());
                }
                Result ex = DualCertificate.certify(net, x, ym, loss, lambda, Options.defaults().withSubsampled(false));
                Result sp = DualCertificate.certify(net, x, ym, loss, lambda, Options.defaults().withMode(Mode.SPECTRAL)
                        .withSubsampled(false));
                assertTrue(sp.gamma() >= ex.gamma() * (1 - 1e-9), "spectral bound below exact γ");
                assertTrue(sp.lowerBound() <= ex.lowerBound() + 1e-12);
            }
            // the solver's own optimum certifies itself in exact mode
            Result self = DualCertificate.certify(opt.network(), x, ym, loss, lambda, Options.defaults());
            assertTrue(self.relativeGap() <= 1e-6, loss + ": self gap " + self.relativeGap());
            assertTrue(self.lowerBound() <= pUpper + 1e-9);
        }
    }

    @Test
    void sampledModeIsLabelledInvalidAndExactRefusesLargeProblems() {
        Random r = new Random(9);
        Matrix x = gaussian(30, 4, r);
        Matrix y = gaussian(30, 1, r);
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, gaussian(3, 4, r), null, gaussian(1, 3, r),
                null, null, null);
        Result s = DualCertificate.certify(net, x, y, Loss.SQUARED, 0.01, Options.defaults().withMode(Mode.SAMPLED)
                .withSamples(50).withSubsampled(false));
        assertFalse(s.valid());
        assertTrue(s.patternCount() > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DualCertificate.certify(net,
                x, y, Loss.SQUARED, 0.01, Options.defaults().withMaxPatterns(100)));
        assertTrue(e.getMessage().contains("--mode sampled") && e.getMessage().contains("--mode spectral"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DualCertificate.certify(net, x, y, Loss.SQUARED, 0,
                Options.defaults()));
    }

    @Test
    void outputBiasIsHeldFixed() {
        // a network with b2 ≠ 0 equals one with b2 = 0 on shifted targets (squared loss)
        Random r = new Random(3);
        Matrix x = gaussian(6, 2, r);
        Matrix y = gaussian(6, 1, r);
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, gaussian(2, 2, r), null, gaussian(1, 2, r),
                new double[] {0.7}, null, null);
        TwoLayerNetwork net0 = new TwoLayerNetwork(Activation.RELU, net.w1(), net.b1(), net.w2(), null, null, null);
        double[] ys = y.data().clone();
        for (int i = 0; i < ys.length; i++) {
            ys[i] -= 0.7;
        }
        Result a = DualCertificate.certify(net, x, y, Loss.SQUARED, 0.05, Options.defaults().withSubsampled(false));
        Result b = DualCertificate.certify(net0, x, Matrix.column(ys), Loss.SQUARED, 0.05,
                Options.defaults().withSubsampled(false));
        assertTrue(a.outputBiasNonZero());
        assertEquals(b.lowerBound(), a.lowerBound(), 1e-12);
        assertEquals(b.objective(), a.objective(), 1e-12);
        assertEquals(b.gamma(), a.gamma(), 1e-12);
    }

    /**
     * A spurious stationary point built deterministically: the one-pattern convex program for the gate (−1, 0, 0)
     * recovered as a network, then polished by full-batch gradient descent to a zero gradient (spec §10.2).
     */
    @Test
    void spuriousStationaryPoint() {
        int n = 8;
        TestMatrices.Sample data = TestMatrices.sample(new Random(11), n, 2,
                (row, r) -> Math.abs(row[0]) - 0.5 * row[1] + 0.3 * r.nextGaussian());
        double[] y = data.y();
        Matrix x = Matrix.of(data.x());
        Matrix ym = Matrix.column(y);
        double lambda = 0.3 / n; // β = 0.3 in the canonical units of spec §10.2
        TwoLayerFit one = ConvexTrainer.builder().model(Model.RELU).loss(Loss.SQUARED).lambda(lambda)
                .gates(Matrix.of(new double[][] {{-1, 0, 0}})).bias(BiasMode.REGULARIZED).tol(1e-12)
                .maxIterations(200_000).threads(1).build().fit(x, y);
        TwoLayerNetwork theta = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.1).epochs(20_000)
                .init(one.network()).hiddenBias(true).build().fit(x, ym, Loss.SQUARED, lambda, true).network();
        assertTrue(NetworkGradient.gradientNorm(NetworkGradient.balance(theta), x, ym, Loss.SQUARED, lambda, true)
                < 1e-9);
        Result c = DualCertificate.certify(theta, x, ym, Loss.SQUARED, lambda, Options.defaults());
        assertTrue(c.stationary());
        assertEquals(Verdict.SPURIOUS_STATIONARY_POINT, c.verdict());
        assertTrue(c.gamma() > lambda * 1.5, "γ " + c.gamma());
        // J = p(S_θ) (spec §10.2 (iii)) and J = −L*(r)/n (spec §10.2 (ii), public units)
        assertEquals(c.objective(), c.subsampledOptimum(), 1e-6);
        assertEquals("OPTIMAL", c.subsampled().status());
        // the solver's certified bound (independent of its start at θ) pins p(S_θ) to J from below too
        assertEquals(c.objective(), c.subsampled().lowerBound(), 1e-6);
        assertEquals(c.objective(), c.negConjugateAtResidual(), 1e-9);
        // the escape neuron strictly lowers J
        EscapeNeuron e = c.escape();
        assertNotNull(e);
        assertTrue(e.rate() < 0);
        assertTrue(e.decrease() > 0);
        double[] u = new double[3];
        System.arraycopy(e.weights(), 0, u, 0, 2);
        u[2] = e.bias();
        double nu = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        assertEquals(1.0, nu, 1e-9);
        double t = 1e-4;
        TwoLayerNetwork moved = EscapeNeuron.withNeuron(NetworkGradient.balance(theta), u,
                e.sign() * Math.sqrt(t), e.output(), Math.sqrt(t));
        double j1 = NetworkObjective.of(moved, x, ym, Loss.SQUARED, lambda, true);
        assertTrue(j1 < c.balancedObjective() - 0.5 * (-e.rate()) * t, "J did not drop at rate: " + j1);
        // the certified global lower bound lies below J, and the global optimum is strictly lower than J
        TwoLayerFit opt = optimum(x, y, Loss.SQUARED, lambda);
        assertTrue(opt.summary().objective() < c.objective() - 1e-3);
        assertTrue(c.lowerBound() <= opt.summary().objective() + 1e-9);
    }

    /**
     * p(S_θ) of a random (non-stationary) network: the solve starts at θ, so it never ends above J(θ); with a
     * generous budget it is optimal, and a starved budget still returns a bracket that contains that optimum.
     */
    @Test
    void subsampledSolveBracketsItsOptimum() {
        Random r = new Random(21);
        int n = 30;
        Matrix x = gaussian(n, 3, r);
        Matrix y = gaussian(n, 1, r);
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, gaussian(6, 3, r), new double[6],
                gaussian(1, 6, r), new double[] {0.2}, null, null);
        double lambda = 0.01;
        Result full = DualCertificate.certify(net, x, y, Loss.SQUARED, lambda,
                Options.defaults().withSubsampledBudget(1e-9, 600));
        SubsampledOptimum f = full.subsampled();
        assertEquals("OPTIMAL", f.status());
        assertTrue(f.value() <= full.balancedObjective() + 1e-12);
        assertTrue(f.value() < full.objective() - 1e-3, "a random network is far from p(S_θ)");
        assertTrue(f.lowerBound() <= f.value() && f.value() - f.lowerBound() <= 1e-9 * Math.max(1, f.value()) + 1e-12);
        Result starved = DualCertificate.certify(net, x, y, Loss.SQUARED, lambda,
                Options.defaults().withSubsampledBudget(1e-9, 1e-9));
        SubsampledOptimum s = starved.subsampled();
        assertTrue(s.value() <= starved.balancedObjective() + 1e-12);
        assertTrue(s.lowerBound() <= f.value() + 1e-9, "bound " + s.lowerBound() + " above p(S_θ) " + f.value());
        assertTrue(s.value() >= f.lowerBound() - 1e-9, "value " + s.value() + " below p(S_θ) " + f.value());
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withSubsampledBudget(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withSubsampledBudget(1e-6, 0));
    }

    @Test
    void solverOptimumIsCertified() {
        Random r = new Random(2);
        int n = 6;
        Matrix x = gaussian(n, 1, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.abs(x.get(i, 0));
        }
        double lambda = 0.02;
        TwoLayerFit opt = optimum(x, y, Loss.SQUARED, lambda);
        Result c = DualCertificate.certify(opt.network(), x, Matrix.column(y), Loss.SQUARED, lambda,
                Options.defaults().withStationarityTol(1e-3));
        assertTrue(c.relativeGap() <= 1e-6, "gap " + c.relativeGap());
        // a first-order solution may sit at a ReLU kink (non-zero σ'(0)=1 gradient), but is never called spurious
        assertTrue(c.verdict() == Verdict.GLOBAL_OPTIMUM || c.verdict() == Verdict.NOT_STATIONARY, c.verdict().name());
        assertTrue(c.gamma() <= lambda * (1 + 1e-3), "γ " + c.gamma());
    }
}
