package org.convexnn.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The non-convex baseline trainer. Spec §13 toy values are canonical (½‖·‖² summed, (β/2)Σ(‖u‖²+α²)); in the
 * public convention of §1.0 they become λ = β/n and objective p* / n.
 */
class BaselineTrainerTest {

    @Test
    void gradientDescentSolvesT1() {
        Matrix x = Matrix.of(new double[][] {{3, 4}});
        Matrix y = Matrix.of(new double[][] {{2}});
        TwoLayerNetwork start = new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{0.1, 0.2}}), null,
                Matrix.of(new double[][] {{0.3}}), null, null, null);
        NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.02).epochs(5000)
                .init(start).hiddenBias(false).build().fit(x, y, Loss.SQUARED, 1.0, false);
        assertFalse(r.diverged());
        assertEquals(5000, r.epochs());
        assertEquals(5000, r.history().length);
        assertEquals(0.38, r.objective(), 1e-6);
        assertEquals(0.38, r.bestObjective(), 1e-6);
        TwoLayerNetwork net = r.network();
        assertEquals(0.36, net.w1().get(0, 0), 1e-6);
        assertEquals(0.48, net.w1().get(0, 1), 1e-6);
        assertEquals(0.6, net.w2().get(0, 0), 1e-6);
        assertEquals(0.0, net.b1()[0], 0);
        assertEquals(0.0, net.b2()[0], 0);
        assertEquals(1.8, net.predict(x).get(0, 0), 1e-6);
        assertEquals(r.objective(), NetworkObjective.of(net, x, y, Loss.SQUARED, 1.0, false), 1e-15);
        assertTrue(NetworkGradient.of(net, x, y, Loss.SQUARED, 1.0, false).norm(false, false) < 1e-8);
    }

    static final double T4_CANONICAL = Math.sqrt(3) / 2 + 0.25;
    static final double T4_LAMBDA = 0.5 / 4;

    static Matrix t4x() {
        double[][] eye = new double[4][4];
        for (int i = 0; i < 4; i++) {
            eye[i][i] = 1;
        }
        return Matrix.of(eye);
    }

    static Matrix t4y() {
        return Matrix.of(new double[][] {{1, 0}, {1, 0}, {1, 0}, {0, 1}});
    }

    static NonConvexResult t4(long seed) {
        return NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.5).epochs(20000).width(4)
                .seed(seed).hiddenBias(false).build().fit(t4x(), t4y(), Loss.SQUARED, T4_LAMBDA, false);
    }

    /** Seeds whose random init lies in the basin of a global optimum (see {@link #t4OtherSeedsAreStationary}). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {2, 3, 6, 8})
    void gradientDescentSolvesT4(long seed) {
        Matrix x = t4x();
        NonConvexResult r = t4(seed);
        assertFalse(r.diverged());
        assertEquals(T4_CANONICAL / 4, r.objective(), 1e-10);
        assertEquals(T4_CANONICAL / 4, r.bestObjective(), 1e-10);
        Matrix pred = r.network().predict(x);
        double p1 = 1 - 0.5 / Math.sqrt(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(p1, pred.get(i, 0), 1e-8);
            assertEquals(0, pred.get(i, 1), 1e-8);
        }
        assertEquals(0, pred.get(3, 0), 1e-8);
        assertEquals(0.5, pred.get(3, 1), 1e-8);
        // a global optimum is stationary and every live neuron is balanced (spec §10.2)
        NetworkGradient.Gradient g = NetworkGradient.of(r.network(), x, t4y(), Loss.SQUARED, T4_LAMBDA, false);
        assertTrue(g.norm(false, false) < 1e-10, "gradient norm " + g.norm(false, false));
        TwoLayerNetwork bal = NetworkGradient.balance(r.network());
        assertArrayEquals(r.network().w1().data(), bal.w1().data(), 1e-6);
    }

    /**
     * With ReLU and X = I₄ a neuron's negative input weights get no loss gradient, so GD from other seeds stops at
     * spurious stationary points (spec §10.2). It never goes below the optimum, and it always ends stationary.
     */
    @Test
    void t4OtherSeedsAreStationary() {
        int optimal = 0;
        for (long seed = 1; seed <= 8; seed++) {
            NonConvexResult r = t4(seed);
            assertTrue(r.objective() >= T4_CANONICAL / 4 - 1e-12, "below the global optimum: " + r.objective());
            double g = NetworkGradient.of(r.network(), t4x(), t4y(), Loss.SQUARED, T4_LAMBDA, false)
                    .norm(false, false);
            assertTrue(g < 1e-10, "seed " + seed + " gradient norm " + g);
            if (r.objective() < T4_CANONICAL / 4 + 1e-10) {
                optimal++;
            }
        }
        assertTrue(optimal >= 2 && optimal < 8, "optimal runs " + optimal);
    }

    static Matrix[] regression(long seed, int n, int d, int c) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = NetworkGradientTest.gaussian(rng, n, d, 1);
        TwoLayerNetwork teacher = new TwoLayerNetwork(Activation.RELU, NetworkGradientTest.gaussian(rng, 6, d, 1),
                NetworkGradientTest.vec(rng, 6, 0.5), NetworkGradientTest.gaussian(rng, c, 6, 1), null, null, null);
        Matrix y = teacher.predict(x);
        double[] yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] += 0.1 * NetworkGradientTest.gauss(rng);
        }
        return new Matrix[] {x, y};
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ADAM", "SGD", "GD"})
    void trainingDecreasesObjectiveAndIsReproducible(String name) {
        Optimizer opt = Optimizer.valueOf(name);
        Matrix[] data = regression(42, 120, 5, 2);
        NonConvexTrainer trainer = NonConvexTrainer.builder().optimizer(opt)
                .learningRate(opt == Optimizer.ADAM ? 0.01 : 0.05).epochs(40).batchSize(16).width(20).seed(7)
                .build();
        NonConvexResult a = trainer.fit(data[0], data[1], Loss.SQUARED, 1e-3, true);
        NonConvexResult b = trainer.fit(data[0], data[1], Loss.SQUARED, 1e-3, true);
        assertFalse(a.diverged());
        assertEquals(40, a.epochs());
        assertTrue(a.objective() < 0.5 * a.initialObjective(), a.initialObjective() + " -> " + a.objective());
        assertTrue(a.bestObjective() <= a.objective());
        assertTrue(a.bestObjective() <= a.initialObjective());
        double min = a.initialObjective();
        for (double f : a.history()) {
            min = Math.min(min, f);
        }
        assertEquals(min, a.bestObjective(), 0);
        assertEquals(a.history()[a.history().length - 1], a.objective(), 0);
        assertEquals(a.objective(), NetworkObjective.of(a.network(), data[0], data[1], Loss.SQUARED, 1e-3, true),
                1e-12);
        assertEquals(a.bestObjective(),
                NetworkObjective.of(a.bestNetwork(), data[0], data[1], Loss.SQUARED, 1e-3, true), 1e-12);
        // identical runs with the same seed
        assertArrayEquals(a.history(), b.history(), 0);
        assertArrayEquals(a.network().w1().data(), b.network().w1().data(), 0);
        assertArrayEquals(a.network().w2().data(), b.network().w2().data(), 0);
        assertArrayEquals(a.network().b1(), b.network().b1(), 0);
        // b2 is fixed at zero by default
        assertArrayEquals(new double[2], a.network().b2(), 0);
        // a different seed gives a different run
        NonConvexResult other = NonConvexTrainer.builder().optimizer(opt)
                .learningRate(opt == Optimizer.ADAM ? 0.01 : 0.05).epochs(40).batchSize(16).width(20).seed(8)
                .build().fit(data[0], data[1], Loss.SQUARED, 1e-3, true);
        assertNotEquals(a.objective(), other.objective());
    }

    @Test
    void logisticTrainingWithOutputBiasDecreasesObjective() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 80;
        Matrix x = NetworkGradientTest.gaussian(rng, n, 3, 1);
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            double s = x.get(i, 0) * x.get(i, 0) + x.get(i, 1) - 0.7;
            y.set(i, 0, s >= 0 ? 1 : -1);
        }
        NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.ADAM).learningRate(0.02).epochs(60)
                .batchSize(10).width(16).seed(1).trainOutputBias(true).build()
                .fit(x, y, Loss.LOGISTIC, 1e-3, true);
        assertFalse(r.diverged());
        assertTrue(r.objective() < 0.7 * r.initialObjective(), r.initialObjective() + " -> " + r.objective());
        assertNotEquals(0.0, r.network().b2()[0]);
        assertEquals(r.objective(), NetworkObjective.of(r.network(), x, y, Loss.LOGISTIC, 1e-3, true), 1e-12);
    }

    @Test
    void divergenceStopsEarlyAndKeepsLastFiniteNetwork() {
        Matrix[] data = regression(5, 50, 4, 1);
        NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.SGD).learningRate(50).epochs(200)
                .batchSize(5).width(8).seed(2).build().fit(data[0], data[1], Loss.SQUARED, 1e-2, true);
        assertTrue(r.diverged());
        assertTrue(r.epochs() < 200);
        assertEquals(r.epochs(), r.history().length);
        assertFalse(Double.isFinite(r.history()[r.epochs() - 1]));
        assertTrue(Double.isFinite(r.objective()));
        assertEquals(r.objective(), NetworkObjective.of(r.network(), data[0], data[1], Loss.SQUARED, 1e-2, true),
                1e-9 * Math.max(1, r.objective()));
        assertTrue(r.bestObjective() <= r.initialObjective());
    }

    @Test
    void stepDecayAndZeroEpochs() {
        Matrix[] data = regression(9, 30, 3, 1);
        NonConvexTrainer.Builder b = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.05)
                .width(5).seed(4);
        NonConvexResult none = b.epochs(0).build().fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        assertEquals(0, none.epochs());
        assertEquals(none.initialObjective(), none.objective(), 0);
        assertArrayEquals(b.build().initialNetwork(3, 1).w1().data(), none.network().w1().data(), 0);
        // decay 1e-12: only the first step has a noticeable effect
        NonConvexResult decayed = b.epochs(50).lrDecay(1e-12).build().fit(data[0], data[1], Loss.SQUARED, 0.01,
                true);
        NonConvexResult oneStep = b.epochs(1).lrDecay(1.0).build().fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        assertEquals(oneStep.objective(), decayed.objective(), 1e-9);
        // batch size >= n with SGD is full-batch GD
        NonConvexResult gd = b.epochs(10).build().fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        NonConvexResult sgdFull = b.optimizer(Optimizer.SGD).batchSize(30).build()
                .fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        NonConvexResult sgdZero = b.optimizer(Optimizer.SGD).batchSize(0).build()
                .fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        assertArrayEquals(gd.history(), sgdFull.history(), 0);
        assertArrayEquals(gd.history(), sgdZero.history(), 0);
    }

    @Test
    void initialNetworkAndValidation() {
        NonConvexTrainer t = NonConvexTrainer.builder().width(7).seed(3).hiddenBias(false).build();
        TwoLayerNetwork a = t.initialNetwork(4, 2);
        TwoLayerNetwork b = t.initialNetwork(4, 2);
        assertEquals(7, a.width());
        assertArrayEquals(a.w1().data(), b.w1().data(), 0);
        assertArrayEquals(new double[7], a.b1(), 0);
        for (double v : a.w1().data()) {
            assertTrue(Math.abs(v) <= Math.sqrt(6.0 / 4));
        }
        for (double v : a.w2().data()) {
            assertTrue(Math.abs(v) <= Math.sqrt(3.0 / 7));
        }
        assertEquals(1e-3, NonConvexTrainer.builder().build().learningRate(), 0);
        assertEquals(1e-2, NonConvexTrainer.builder().optimizer(Optimizer.SGD).build().learningRate(), 0);
        assertEquals(Optimizer.ADAM, Optimizer.fromCliName("adam"));
        assertThrows(IllegalArgumentException.class, () -> NonConvexTrainer.builder().learningRate(0));
        assertThrows(IllegalArgumentException.class, () -> NonConvexTrainer.builder().batchSize(-1));
        assertThrows(IllegalArgumentException.class, () -> NonConvexTrainer.builder().lrDecay(0));
        assertThrows(IllegalArgumentException.class, () -> NonConvexTrainer.builder().width(3).init(a).build());
        Matrix x = Matrix.zeros(3, 5);
        Matrix y = Matrix.zeros(3, 2);
        assertThrows(IllegalArgumentException.class,
                () -> NonConvexTrainer.builder().init(a).build().fit(x, y, Loss.SQUARED, 0.1, true));
        assertThrows(IllegalArgumentException.class,
                () -> t.fit(Matrix.zeros(3, 4), y, Loss.SQUARED, -1, true));
    }

    @Test
    void gatedStartingNetworkKeepsItsGates() {
        Matrix[] data = regression(13, 40, 3, 1);
        SplittableRandom rng = new SplittableRandom(2);
        TwoLayerNetwork start = new TwoLayerNetwork(Activation.RELU, NetworkGradientTest.gaussian(rng, 6, 3, 1),
                null, NetworkGradientTest.gaussian(rng, 1, 6, 1), null, NetworkGradientTest.gaussian(rng, 6, 3, 1),
                NetworkGradientTest.vec(rng, 6, 0.3));
        NonConvexResult r = NonConvexTrainer.builder().optimizer(Optimizer.GD).learningRate(0.05).epochs(300)
                .init(start).build().fit(data[0], data[1], Loss.SQUARED, 0.01, true);
        assertTrue(r.network().isGated());
        assertArrayEquals(start.gates().data(), r.network().gates().data(), 0);
        assertArrayEquals(start.gateBias(), r.network().gateBias(), 0);
        assertTrue(r.objective() < r.initialObjective());
        // full-batch GD with a small step decreases F monotonically
        double prev = r.initialObjective();
        for (double f : r.history()) {
            assertTrue(f <= prev + 1e-15);
            prev = f;
        }
    }
}
