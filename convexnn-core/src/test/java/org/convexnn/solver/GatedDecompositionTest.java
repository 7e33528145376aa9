package org.convexnn.solver;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.Model;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Recovery;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.junit.jupiter.api.Test;

/** Spec §4: the gated cone decomposition gives a ReLU-feasible point with the gated predictions. */
class GatedDecompositionTest {

    private static Matrix data(int n, int d, long seed) {
        return gaussian(n, d, seed);
    }

    private static double[] targets(Matrix x, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            double[] r = x.row(i);
            y[i] = Math.max(0, r[0] - r[1]) - 0.5 * Math.max(0, r[2] + r[0]) + 0.1 * rng.nextGaussian();
        }
        return y;
    }

    @Test
    void decomposedNetworkReproducesGatedPredictionsInsideTheCones() {
        Matrix x = data(30, 3, 1);
        Matrix xb = x.withOnesColumn();
        Matrix y = Matrix.column(targets(x, 2));
        Blas blas = Blas.auto(1);
        PatternSet ps = PatternSet.fromGates(xb, GaussianGateSampler.sample(40, 4, 3), blas);
        ConvexProgram gated = new ConvexProgram(xb, y, ps, Formulation.GATED, Activation.RELU, Loss.SQUARED, 0.02);
        FeatureOperator gop = new MaskedFeatureOperator(gated, blas);
        SolveResult gr = FistaSolver.solve(gop, new SolverSettings(1e-8, 20000, 600), null, i -> { });
        ConvexProgram relu = GatedDecomposition.reluProgram(gated);
        double[] wr = GatedDecomposition.decompose(gated, gr.weights());
        FeatureOperator rop = new MaskedFeatureOperator(relu, blas);

        double[] gp = ProgramBound.predictions(gop, gr.weights());
        TwoLayerNetwork net = Recovery.recover(relu, wr, true);
        double[] np = net.predict(x).data();
        int nonZero = 0;
        for (int i = 0; i < gp.length; i++) {
            assertEquals(gp[i], np[i], 1e-8, "prediction " + i);
        }
        for (int q = 0; q < gated.groups(); q++) {
            nonZero += GroupNorms.norm(gr.weights(), q, 4, 4) > 0 ? 1 : 0;
        }
        assertTrue(nonZero > 0);
        assertTrue(ProgramBound.maxConeViolation(rop, wr) <= 1e-9, "violation " + ProgramBound.maxConeViolation(rop, wr));
        double gatedObj = ProgramBound.objective(gop, gr.weights());
        double reluObj = ProgramBound.objective(rop, wr);
        assertTrue(reluObj >= gatedObj - 1e-12, reluObj + " < " + gatedObj);
        double lb = ProgramBound.lowerBound(rop, wr);
        assertTrue(reluObj >= lb, reluObj + " < " + lb);
        // ‖v‖ + ‖z‖ ≥ ‖v − z‖ = ‖w‖ per block
        for (int q = 0; q < gated.groups(); q++) {
            int p = ps.size();
            double nv = GroupNorms.norm(wr, q, 4, 4) + GroupNorms.norm(wr, p + q, 4, 4);
            assertTrue(nv >= GroupNorms.norm(gr.weights(), q, 4, 4) - 1e-12);
        }
    }

    @Test
    void trainerReportsHonestReluObjectiveAndBound() {
        Matrix x = data(25, 3, 5);
        double[] y = targets(x, 6);
        ConvexTrainer.Builder b = ConvexTrainer.builder().model(Model.RELU).loss(Loss.SQUARED).lambda(0.01)
                .patterns(50).seed(7).tol(1e-8).maxIterations(20000).threads(1);
        TwoLayerFit dec = b.solver(SolverKind.GATED_DECOMPOSITION).build().fit(x, y);
        TwoLayerFit gat = ConvexTrainer.builder().model(Model.GATED_RELU).loss(Loss.SQUARED).lambda(0.01)
                .patterns(50).seed(7).tol(1e-8).maxIterations(20000).threads(1).build().fit(x, y);
        var s = dec.summary();
        assertEquals("gated-decomposition", s.solver());
        assertTrue(s.objective() >= gat.summary().objective() - 1e-6, s + " vs " + gat.summary());
        assertTrue(s.objective() >= s.lowerBound() - 1e-12, s.toString());
        assertTrue(s.maxConeViolation() <= 1e-9, s.toString());
        if (s.status().isOptimal()) {
            assertTrue(s.relativeGap() <= 1e-8, s.toString());
        }
    }

    @Test
    void unregularizedBiasAndLogisticLossStayFeasible() {
        Matrix x = data(30, 2, 9);
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            double[] r = x.row(i);
            y[i] = Math.max(0, r[0]) - Math.max(0, r[1] - 0.3) > 0.2 ? 1 : -1;
        }
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(Loss.LOGISTIC).lambda(0.01)
                .bias(org.convexnn.api.BiasMode.UNREGULARIZED).patterns(40).seed(3).tol(1e-7).maxIterations(20000)
                .threads(1).solver(SolverKind.GATED_DECOMPOSITION).build().fit(x, y);
        var s = fit.summary();
        assertTrue(s.maxConeViolation() <= 1e-9, s.toString());
        assertTrue(s.objective() >= s.lowerBound() - 1e-12, s.toString());
        assertTrue(Double.isFinite(s.objective()), s.toString());
    }
}
