package org.convexnn.api;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.convexnn.testing.TestMatrices.regressionTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.JavaBlas;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.Recovery;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Identities (O-I1), inequalities (O-N2, O-N3) and metamorphic relations (O-M1..O-M3) of spec §12. */
class EngineRelationsTest {

    static TwoLayerFit fit(Matrix x, double[] y, double lambda, Model model, Loss loss, int patterns, BiasMode bias) {
        return ConvexTrainer.builder().model(model).loss(loss).lambda(lambda).patterns(patterns).seed(3)
                .bias(bias).tol(1e-9).maxIterations(100000).build().fit(x, y);
    }

    /** O-I1: on cone-feasible points the recovered network's objective equals the convex objective. */
    @ParameterizedTest
    @EnumSource(value = Formulation.class)
    void recoveredObjectiveEqualsConvexObjective(Formulation form) {
        int n = 40;
        int d = 4;
        Matrix x = gaussian(n, d, 1).withOnesColumn();
        Matrix y = Matrix.column(regressionTarget(x, 2));
        Matrix gates = GaussianGateSampler.sample(25, d + 1, 5);
        PatternSet ps = PatternSet.fromGates(x, gates);
        for (Activation act : new Activation[] {Activation.RELU, Activation.leakyRelu(0.2), Activation.ABS}) {
            if (form == Formulation.GATED && act != Activation.RELU) {
                continue;
            }
            ConvexProgram p = new ConvexProgram(x, y, ps, form, act, Loss.SQUARED, 0.05);
            // a feasible point: each block is a positive multiple of its own pattern's generating gate
            double[] w = new double[p.groups() * p.d()];
            Random rng = new Random(9);
            for (int g = 0; g < p.groups(); g++) {
                if (rng.nextDouble() < 0.3) {
                    continue; // leave some groups at zero
                }
                double t = 0.1 + rng.nextDouble();
                int pat = p.blockPattern(g);
                for (int j = 0; j < p.d(); j++) {
                    w[g * p.d() + j] = form == Formulation.GATED ? rng.nextGaussian() : t * ps.gates().get(pat, j);
                }
            }
            FeatureOperator op = new MaskedFeatureOperator(p, new JavaBlas(1));
            double[] pred = new double[n];
            op.forward(w, pred, null);
            double convex = Loss.SQUARED.sum(pred, y.data()) / n + 0.05 * GroupNorms.sum(w, p.groups(), p.d(), p.d());
            TwoLayerNetwork net = Recovery.recover(p, w, true);
            Matrix xRaw = Matrix.zeros(n, d);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    xRaw.set(i, j, x.get(i, j));
                }
            }
            double network = NetworkObjective.of(net, xRaw, y, Loss.SQUARED, 0.05, true);
            assertEquals(convex, network, 1e-12 * Math.max(1, convex), form + " " + act);
        }
    }

    /** O-N3: the gated relaxation is never above the ReLU program on the same patterns; O-N2: more patterns never hurt. */
    @Test
    void gatedBelowReluAndMorePatternsNeverWorse() {
        Matrix x = gaussian(30, 3, 11);
        double[] y = regressionTarget(x, 12);
        TwoLayerFit gated = fit(x, y, 0.01, Model.GATED_RELU, Loss.SQUARED, 40, BiasMode.REGULARIZED);
        TwoLayerFit relu = fit(x, y, 0.01, Model.RELU, Loss.SQUARED, 40, BiasMode.REGULARIZED);
        assertEquals(SolveStatus.OPTIMAL, gated.summary().status());
        assertTrue(gated.summary().objective() <= relu.summary().objective() + 1e-8,
                () -> gated.summary().objective() + " > " + relu.summary().objective());
        // the gated optimum (certified) is a lower bound of the ReLU program over the same patterns
        assertTrue(gated.summary().lowerBound() <= relu.summary().objective());
        // nested pattern sets: the first 10 gates of seed 3 are a prefix of the first 40 gates of seed 3
        TwoLayerFit fewer = fit(x, y, 0.01, Model.GATED_RELU, Loss.SQUARED, 10, BiasMode.REGULARIZED);
        assertEquals(SolveStatus.OPTIMAL, fewer.summary().status());
        assertTrue(gated.summary().objective() <= fewer.summary().objective() + 1e-8);
        assertTrue(fewer.summary().patterns() <= gated.summary().patterns());
    }

    /** O-M1: p*(X, c·y, c·λ) = c²·p*(X, y, λ); O-M2: p*(c·X, y, c·λ) = p*(X, y, λ) (no bias column). */
    @Test
    void scalingRelations() {
        Matrix x = gaussian(25, 3, 21);
        double[] y = regressionTarget(x, 22);
        double base = fit(x, y, 0.02, Model.GATED_RELU, Loss.SQUARED, 30, BiasMode.NONE).summary().objective();
        double c = 3.0;
        double[] cy = y.clone();
        for (int i = 0; i < cy.length; i++) {
            cy[i] *= c;
        }
        double scaledY = fit(x, cy, c * 0.02, Model.GATED_RELU, Loss.SQUARED, 30, BiasMode.NONE).summary().objective();
        assertEquals(c * c * base, scaledY, 1e-7 * c * c * Math.max(1, base));
        Matrix cx = x.copy();
        for (int i = 0; i < cx.data().length; i++) {
            cx.data()[i] *= c;
        }
        double scaledX = fit(cx, y, c * 0.02, Model.GATED_RELU, Loss.SQUARED, 30, BiasMode.NONE).summary().objective();
        assertEquals(base, scaledX, 1e-7 * Math.max(1, base));
    }

    /** O-M3: permuting samples leaves the optimum unchanged (same gates give permuted patterns). */
    @ParameterizedTest
    @EnumSource(value = Model.class)
    void permutationInvariance(Model model) {
        Matrix x = gaussian(20, 2, 31);
        double[] y = regressionTarget(x, 32);
        int[] perm = new int[20];
        for (int i = 0; i < 20; i++) {
            perm[i] = (i * 7 + 3) % 20;
        }
        double[] py = new double[20];
        for (int i = 0; i < 20; i++) {
            py[i] = y[perm[i]];
        }
        double a = fit(x, y, 0.05, model, Loss.SQUARED, 30, BiasMode.REGULARIZED).summary().objective();
        double b = fit(x.selectRows(perm), py, 0.05, model, Loss.SQUARED, 30, BiasMode.REGULARIZED).summary().objective();
        assertEquals(a, b, 2e-6 * Math.max(1, a));
    }

    /** Duality gap is non-negative and within tolerance at OPTIMAL, for squared and logistic loss. */
    @ParameterizedTest
    @EnumSource(value = Loss.class)
    void gapNonNegativeAndWithinTolerance(Loss loss) {
        Matrix x = gaussian(50, 4, 41);
        double[] y = regressionTarget(x, 42);
        if (loss == Loss.LOGISTIC) {
            for (int i = 0; i < y.length; i++) {
                y[i] = y[i] >= 0 ? 1 : -1;
            }
        }
        FitSummary s = fit(x, y, 0.01, Model.GATED_RELU, loss, 50, BiasMode.REGULARIZED).summary();
        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertTrue(s.gap() >= 0);
        assertTrue(s.relativeGap() <= 1e-9);
        assertEquals(s.objective(), s.convexObjective(), 1e-10 * Math.max(1, s.objective()));
    }
}
