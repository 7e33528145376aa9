package org.convexnn.api;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §6 B2 (T8, T9), B3 (output bias) and the low-rank scheme of §2.5 A (O-N7). */
class BiasModesTest {

    private static ConvexTrainer.Builder exact(Model model, double lambda, BiasMode bias) {
        return ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(lambda).bias(bias).exactPatterns(true)
                .tol(1e-10).maxIterations(60000).threads(1);
    }

    /** T8: x = (−1, 0, 1), unregularized bias, y = (1, 0, 1): p*(β) = 2β − 3β² (canonical), public /3 with λ = β/3. */
    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1, 0.2, 0.3})
    void t8UnregularizedBias(double beta) {
        Matrix x = Matrix.of(new double[][] {{-1}, {0}, {1}});
        double[] y = {1, 0, 1};
        TwoLayerFit fit = exact(Model.RELU, beta / 3, BiasMode.UNREGULARIZED).build().fit(x, y);
        double expected = (2 * beta - 3 * beta * beta) / 3;
        assertEquals(expected, fit.summary().objective(), 1e-6, "objective");
        // the objective is that of the returned network through its true forward pass, bias unpenalised
        double j = NetworkObjective.of(fit.network(), x, Matrix.column(y), Loss.SQUARED, beta / 3, false);
        assertEquals(fit.summary().objective(), j, 1e-12);
        double[] pred = fit.network().predict(x).data();
        assertEquals(1 - beta, pred[0], 1e-3);
        assertEquals(2 * beta, pred[1], 1e-3);
        assertEquals(1 - beta, pred[2], 1e-3);
        // the certified bound is valid and, through the cone multipliers of the B2 dual, tight
        assertTrue(fit.summary().lowerBound() <= expected + 1e-12, fit.summary().toString());
        assertEquals(expected, fit.summary().lowerBound(), 1e-6, fit.summary().toString());
        assertTrue(fit.summary().relativeGap() <= 1e-8, fit.summary().toString());
    }

    /** Gated B2 with all patterns of 1-D data: the free constants span Rⁿ, so p* = 0 and the bound 0 certifies it. */
    @Test
    void gatedUnregularizedBiasInterpolatesAtZeroCost() {
        Matrix x = Matrix.of(new double[][] {{-1}, {0}, {1}});
        double[] y = {1, 0, 1};
        TwoLayerFit fit = exact(Model.GATED_RELU, 0.1 / 3, BiasMode.UNREGULARIZED).tol(1e-8).build().fit(x, y);
        assertEquals(0.0, fit.summary().lowerBound(), 0.0);
        assertTrue(fit.summary().objective() < 1e-7, "objective " + fit.summary().objective());
        assertEquals(SolveStatus.OPTIMAL, fit.summary().status());
    }

    @Test
    void fistaRefusesConeProgramsWithUnregularizedBias() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.RELU).bias(BiasMode.UNREGULARIZED).solver(SolverKind.FISTA)
                        .build());
        assertTrue(e.getMessage().contains("solver al"), e.getMessage());
    }

    /** T9: random 1-D data, n = 7, unregularized bias, β = 0.05: the ReLU program equals the ramp Lasso. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void t9RampLasso(long seed) {
        int n = 7;
        double beta = 0.05;
        Random rng = new Random(seed);
        double[] xs = new double[n];
        double[] y = new double[n];
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            xs[i] = rng.nextGaussian();
            y[i] = Math.sin(2 * xs[i]) + 0.3 * rng.nextGaussian();
            rows[i][0] = xs[i];
        }
        double lasso = rampLasso(xs, y, beta) / n;
        TwoLayerFit fit = exact(Model.RELU, beta / n, BiasMode.UNREGULARIZED).build().fit(Matrix.of(rows), y);
        assertEquals(lasso, fit.summary().objective(), 1e-6 * Math.max(1, lasso), "seed " + seed);
        // certified: the B2 cone dual bound (spec §6) closes the gap
        assertTrue(fit.summary().lowerBound() <= lasso + 1e-9, fit.summary().toString());
        assertEquals(lasso, fit.summary().lowerBound(), 1e-6 * Math.max(1, lasso), fit.summary().toString());
    }

    /**
     * min ½‖Φa + c·1 − y‖² + β‖a‖₁ over the ramps (x − x_k)₊, (x_k − x)₊ with a free intercept c, by cyclic
     * coordinate descent on centred columns (the intercept is eliminated by centring); canonical units.
     */
    static double rampLasso(double[] x, double[] y, double beta) {
        int n = x.length;
        double[][] cols = new double[2 * n][n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                cols[2 * k][i] = Math.max(0, x[i] - x[k]);
                cols[2 * k + 1][i] = Math.max(0, x[k] - x[i]);
            }
        }
        double[] yc = center(y.clone());
        double[] sq = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            center(cols[j]);
            for (double v : cols[j]) {
                sq[j] += v * v;
            }
        }
        double[] a = new double[cols.length];
        double[] r = yc.clone();
        for (int sweep = 0; sweep < 200000; sweep++) {
            double change = 0;
            for (int j = 0; j < cols.length; j++) {
                if (sq[j] < 1e-14) {
                    continue;
                }
                double rho = a[j] * sq[j];
                for (int i = 0; i < n; i++) {
                    rho += cols[j][i] * r[i];
                }
                double nu = Math.signum(rho) * Math.max(0, Math.abs(rho) - beta) / sq[j];
                double delta = nu - a[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        r[i] -= delta * cols[j][i];
                    }
                    a[j] = nu;
                    change = Math.max(change, Math.abs(delta));
                }
            }
            if (change < 1e-15) {
                break;
            }
        }
        double obj = 0;
        for (double v : r) {
            obj += 0.5 * v * v;
        }
        for (double v : a) {
            obj += beta * Math.abs(v);
        }
        return obj;
    }

    private static double[] center(double[] v) {
        double m = 0;
        for (double t : v) {
            m += t;
        }
        m /= v.length;
        for (int i = 0; i < v.length; i++) {
            v[i] -= m;
        }
        return v;
    }

    private static double[] target(Matrix x, long seed, double shift) {
        Random rng = new Random(seed);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, x.get(i, 0)) - 0.5 * Math.max(0, x.get(i, 1)) + 0.1 * rng.nextGaussian() + shift;
        }
        return y;
    }

    /** B3: the output bias can only lower the optimum, and makes it invariant to a constant shift of y. */
    @ParameterizedTest
    @ValueSource(strings = {"GATED_RELU", "RELU"})
    void outputBias(String modelName) {
        Model model = Model.valueOf(modelName);
        Matrix x = gaussian(15, 2, 11);
        double[] y = target(x, 5, 1.0);
        double[] shifted = y.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 5;
        }
        double lambda = 0.02;
        TwoLayerFit plain = exact(model, lambda, BiasMode.REGULARIZED).tol(1e-8).build().fit(x, y);
        TwoLayerFit withB = exact(model, lambda, BiasMode.REGULARIZED).tol(1e-8).outputBias(true).build().fit(x, y);
        TwoLayerFit withBShift = exact(model, lambda, BiasMode.REGULARIZED).tol(1e-8).outputBias(true).build()
                .fit(x, shifted);
        for (TwoLayerFit f : new TwoLayerFit[] {plain, withB, withBShift}) {
            assertEquals(SolveStatus.OPTIMAL, f.summary().status(), "certified: " + f.summary());
            assertTrue(f.summary().lowerBound() <= f.summary().objective() + 1e-12);
        }
        assertTrue(withB.summary().objective() <= plain.summary().objective() + 1e-7,
                withB.summary().objective() + " > " + plain.summary().objective());
        assertEquals(withB.summary().objective(), withBShift.summary().objective(),
                1e-6 * Math.max(1, withB.summary().objective()));
        // the network carries b2 and its true objective is the reported one (b2 unpenalised)
        double j = NetworkObjective.of(withBShift.network(), x, Matrix.column(shifted), Loss.SQUARED, lambda, true);
        assertEquals(withBShift.summary().objective(), j, 1e-10);
        assertEquals(withB.network().b2()[0] + 5, withBShift.network().b2()[0], 1e-3);
    }

    @Test
    void outputBiasRefusesLogistic() {
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().loss(Loss.LOGISTIC).outputBias(true).build());
    }

    /** O-N7: p*(exact, real data) ≤ J_X(θ_K) ≤ κ²·p*, and the reported lower bound is below p*. */
    @Test
    void lowRankBound() {
        Matrix x = gaussian(12, 3, 21);
        double[] y = target(x, 8, 0.0);
        double lambda = 0.05;
        TwoLayerFit full = exact(Model.RELU, lambda, BiasMode.REGULARIZED).tol(1e-7).build().fit(x, y);
        // p* lies in [pLow, pHigh] (certified bound and objective of the exact fit on the real data)
        double pLow = full.summary().lowerBound();
        double pHigh = full.summary().objective();
        assertTrue(pHigh - pLow <= 1e-5 * Math.max(1, pHigh), full.summary().toString());
        for (int k = 1; k <= 3; k++) {
            TwoLayerFit low = ConvexTrainer.builder().model(Model.RELU).loss(Loss.SQUARED).lambda(lambda).lowRank(k)
                    .tol(1e-7).maxIterations(60000).threads(1).build().fit(x, y);
            FitSummary s = low.summary();
            assertNotNull(s.approximationBound());
            assertTrue(s.approximationBound() > 1);
            double jk = NetworkObjective.of(low.network(), x, Matrix.column(y), Loss.SQUARED, lambda, true);
            assertEquals(s.objective(), jk, 1e-10, "objective through the true forward pass on the real data");
            assertTrue(pLow <= jk + 1e-9, pLow + " > " + jk);
            assertTrue(jk <= s.approximationBound() * pLow, jk + " > κ² p* >= " + s.approximationBound() * pLow);
            assertTrue(s.lowerBound() <= pHigh, "lower bound " + s.lowerBound() + " above p* <= " + pHigh);
        }
    }

    @Test
    void lowRankRefusals() {
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.RELU).loss(Loss.LOGISTIC).lowRank(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConvexTrainer.builder().model(Model.GATED_RELU).lowRank(2).build());
    }
}
