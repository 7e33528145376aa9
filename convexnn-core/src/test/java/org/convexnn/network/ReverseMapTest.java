package org.convexnn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;

/** Spec §3.5: the image of a network is feasible, predicts the same, and has convex objective ≤ J(θ). */
class ReverseMapTest {
    static final double LAMBDA = 1e-2;

    static Matrix x() {
        Random r = new Random(21);
        double[][] a = new double[12][3];
        for (double[] row : a) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Matrix.of(a);
    }

    static Matrix y(Matrix x) {
        Matrix y = Matrix.zeros(x.rows(), 1);
        for (int i = 0; i < x.rows(); i++) {
            y.set(i, 0, Math.max(0, x.get(i, 0) - x.get(i, 1)) - 0.5 * Math.max(0, x.get(i, 2)) + 0.1 * i / x.rows());
        }
        return y;
    }

    static TwoLayerNetwork trained(Matrix x, Matrix y, Activation act) {
        return NonConvexTrainer.builder().optimizer(Optimizer.ADAM).learningRate(1e-2).epochs(300).batchSize(0)
                .width(7).seed(3).activation(act).build().fit(x, y, Loss.SQUARED, LAMBDA, true).bestNetwork();
    }

    static ConvexProgram programWith(TwoLayerNetwork net, Matrix xbar, Matrix y, Formulation f, Activation act) {
        PatternSet ps = PatternSet.fromGates(xbar, GaussianGateSampler.sample(3, xbar.cols(), 1))
                .union(PatternSet.fromGates(xbar, ReverseMap.neuronGates(net, true)));
        return new ConvexProgram(xbar, y, ps, f, act, Loss.SQUARED, LAMBDA);
    }

    static void check(Formulation f, Activation act) {
        Matrix x = x();
        Matrix y = y(x);
        Matrix xbar = x.withOnesColumn();
        TwoLayerNetwork net = trained(x, y, act);
        ConvexProgram p = programWith(net, xbar, y, f, act);
        double[] w = ReverseMap.toConvex(p, net, true);
        if (p.coneConstrained()) {
            assertTrue(Pruning.maxConeViolation(p, w) <= 1e-12, "image not in its cones");
        }
        double[] pred = PruningTest.predict(p, w);
        Matrix netPred = net.predict(x);
        for (int i = 0; i < x.rows(); i++) {
            assertEquals(netPred.get(i, 0), pred[i], 1e-10, "row " + i);
        }
        double j = NetworkObjective.of(net, x, y, Loss.SQUARED, LAMBDA, true);
        assertTrue(PruningTest.objective(p, w) <= j + 1e-12, f + " " + act.name() + ": convex " + PruningTest.objective(p, w) + " > J " + j);
    }

    @Test
    void reluImage() {
        check(Formulation.CONE_CONSTRAINED, Activation.RELU);
    }

    @Test
    void gatedImage() {
        check(Formulation.GATED, Activation.RELU);
    }

    @Test
    void leakyImage() {
        check(Formulation.CONE_CONSTRAINED, Activation.leakyRelu(0.2));
    }

    @Test
    void missingPatternIsRefused() {
        Matrix x = x();
        Matrix y = y(x);
        Matrix xbar = x.withOnesColumn();
        TwoLayerNetwork net = trained(x, y, Activation.RELU);
        PatternSet few = PatternSet.fromGates(xbar, Matrix.of(new double[][] {{0, 0, 0, 1}}));
        ConvexProgram p = new ConvexProgram(xbar, y, few, Formulation.CONE_CONSTRAINED, Activation.RELU, Loss.SQUARED, LAMBDA);
        assertThrows(IllegalArgumentException.class, () -> ReverseMap.toConvex(p, net, true));
    }

    @Test
    void trainingSpaceIsTheInverseOfFolding() {
        Matrix x = x();
        TwoLayerNetwork net = trained(x, y(x), Activation.RELU);
        double[] means = {0.5, -1, 2};
        double[] scales = {2, 0.5, 3};
        TwoLayerNetwork back = Recovery.foldStandardization(ReverseMap.toTrainingSpace(net, means, scales), means, scales);
        Matrix a = net.predict(x);
        Matrix b = back.predict(x);
        for (int i = 0; i < x.rows(); i++) {
            assertEquals(a.get(i, 0), b.get(i, 0), 1e-12);
        }
    }
}
