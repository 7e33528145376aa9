package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.junit.jupiter.api.Test;

/** The whitened change of variables (spec §4, §11.2) is exact, its prox is the prox, and it certifies the same optimum. */
class WhiteningTest {
    static final Blas BLAS = Blas.auto(1);

    /** Ill-conditioned correlated features: column scales from 1e-2 to 1e2, plus a shared component. */
    static Matrix data(int n, int d, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] r : x) {
            double common = rng.nextGaussian();
            for (int j = 0; j < d - 1; j++) {
                double scale = Math.pow(10, -2 + 4.0 * j / Math.max(1, d - 2));
                r[j] = scale * (0.7 * common + rng.nextGaussian());
            }
            r[d - 1] = 1.0; // bias column
        }
        return Matrix.of(x);
    }

    static ConvexProgram program(int n, int d, int gates, double lambda, long seed) {
        Matrix x = data(n, d, seed);
        Random rng = new Random(seed + 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0, x.get(i, 0) * 50 - x.get(i, d - 2) * 0.02) + 0.1 * rng.nextGaussian();
        }
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(gates, d, seed + 2), BLAS);
        return new ConvexProgram(x, Matrix.column(y), ps, Formulation.GATED, Activation.RELU, Loss.SQUARED, lambda);
    }

    @Test
    void changeOfVariablesIsExact() {
        ConvexProgram p = program(40, 5, 12, 1e-2, 1);
        Whitening wh = Whitening.of(p, BLAS);
        Random rng = new Random(3);
        double[] w = new double[p.groups() * p.d()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] u = wh.toWhitened(w);
        double[] back = wh.toOriginal(u);
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], back[i], 1e-9 * (1 + Math.abs(w[i])));
        }
        // same penalty, same predictions, same objective
        assertEquals(GroupNorms.sum(w, p.groups(), p.d(), p.d()), wh.penalty(u), 1e-9);
        double[] a = ProgramBound.predictions(new MaskedFeatureOperator(p, BLAS), w);
        double[] b = ProgramBound.predictions(new MaskedFeatureOperator(wh.program(), BLAS), u);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-8 * (1 + Math.abs(a[i])));
        }
    }

    @Test
    void proxSatisfiesItsOptimalityConditions() {
        ConvexProgram p = program(60, 6, 30, 1e-2, 4);
        Whitening wh = Whitening.of(p, BLAS);
        int d = p.d();
        Random rng = new Random(5);
        double[] z = new double[p.groups() * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2);
        }
        int zeros = 0;
        int nonZeros = 0;
        for (double tau : new double[] {1e-3, 0.1, 3.0, 1e3, 1e5}) {
            double[] u = new double[z.length];
            wh.prox(z, u, tau);
            for (int q = 0; q < p.groups(); q++) {
                double[] zq = java.util.Arrays.copyOfRange(z, q * d, (q + 1) * d);
                double[] uq = java.util.Arrays.copyOfRange(u, q * d, (q + 1) * d);
                double f0 = proxObjective(wh, zq, uq, tau);
                // no random nearby point does better (the prox objective is strongly convex)
                for (int k = 0; k < 50; k++) {
                    double[] v = uq.clone();
                    for (int j = 0; j < d; j++) {
                        v[j] += 1e-4 * rng.nextGaussian() * (1 + Math.abs(uq[j]));
                    }
                    assertTrue(proxObjective(wh, zq, v, tau) >= f0 - 1e-12 * (1 + Math.abs(f0)),
                            "group " + q + ", tau " + tau);
                }
                if (wh.penalty(uq) == 0) {
                    zeros++;
                } else {
                    nonZeros++;
                }
            }
        }
        assertTrue(zeros > 0 && nonZeros > 0, zeros + " zero and " + nonZeros + " non-zero groups");
    }

    /** ½‖u − z‖² + τ‖S^{-1/2}u‖ for one group. */
    private static double proxObjective(Whitening wh, double[] z, double[] u, double tau) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            s += 0.5 * (u[j] - z[j]) * (u[j] - z[j]);
        }
        return s + tau * wh.penalty(u);
    }

    @Test
    void whitenedSolveCertifiesTheSameOptimum() {
        ConvexProgram p = program(80, 6, 25, 5e-3, 7);
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        SolverSettings s = new SolverSettings(1e-5, 200000, 600);
        SolveResult plain = FistaSolver.solve(op, s, null, i -> { }, false);
        SolveResult white = FistaSolver.solve(op, s, null, i -> { }, true);
        assertEquals(SolveStatus.OPTIMAL, white.status(), white.iterations() + " its, gap " + white.relativeGap());
        // plain FISTA, same iteration budget, stays far from the tolerance: the columns span four decades of scale
        assertTrue(plain.relativeGap() > 10 * white.relativeGap(), plain.relativeGap() + " vs " + white.relativeGap());
        assertEquals("fista-whitened", white.solver());
        // each bound is a certificate: below the other's objective; the objectives agree within the gaps
        assertTrue(white.lowerBound() <= plain.objective() + 1e-12);
        assertTrue(plain.lowerBound() <= white.objective() + 1e-12);
        assertTrue(white.objective() <= plain.objective() + 1e-12);
        // the returned point is in the original coordinates: its objective is the reported one
        assertEquals(white.objective(), ProgramBound.objective(op, white.weights()), 1e-9);
        assertTrue(ProgramBound.lowerBound(op, white.weights()) <= white.objective());
    }

    @Test
    void restrictionToASubProgramEqualsItsOwnWhitening() {
        ConvexProgram p = program(50, 5, 20, 1e-2, 8);
        ConvexProgram sub = p.withPatterns(new int[] {1, 3, 6});
        Whitening own = Whitening.of(sub, BLAS);
        Whitening restricted = Whitening.of(p, BLAS).restrictedTo(sub);
        Random rng = new Random(9);
        double[] u = new double[sub.groups() * sub.d()];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        double[] a = ProgramBound.predictions(new MaskedFeatureOperator(own.program(), BLAS), u);
        double[] b = ProgramBound.predictions(new MaskedFeatureOperator(restricted.program(), BLAS), u);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * (1 + Math.abs(a[i])));
        }
        assertEquals(own.penalty(u), restricted.penalty(u), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> restricted.restrictedTo(program(50, 5, 20, 1e-2, 8)));
    }
}
