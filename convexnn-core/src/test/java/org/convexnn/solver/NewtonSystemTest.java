package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DenseReferenceOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.MaskedFeatureOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Newton matrix formed from two masked GEMMs against the explicit {@code diag(c) + σAJAᵀ} over the dense
 * operator, and J against central differences of the group soft-threshold.
 */
class NewtonSystemTest {

    /** Group soft-threshold of w at sl. */
    private static double[] prox(double[] w, int groups, int d, double sl) {
        double[] out = new double[w.length];
        for (int b = 0; b < groups; b++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += w[b * d + j] * w[b * d + j];
            }
            double f = Math.sqrt(s) > sl ? 1 - sl / Math.sqrt(s) : 0;
            for (int j = 0; j < d; j++) {
                out[b * d + j] = f * w[b * d + j];
            }
        }
        return out;
    }

    private static double[] norms(double[] v, int groups, int d) {
        double[] out = new double[groups];
        for (int b = 0; b < groups; b++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += v[b * d + j] * v[b * d + j];
            }
            out[b] = Math.sqrt(s);
        }
        return out;
    }

    @Test
    void theJacobianIsTheDerivativeOfTheGroupSoftThreshold() {
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 40, 5, 1, 12, 0.05, 2);
        int d = p.d();
        int groups = p.groups();
        Random rng = new Random(3);
        double[] v = new double[groups * d];
        double[] w = new double[groups * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
            w[i] = rng.nextGaussian();
        }
        double[] vNorm = norms(v, groups, d);
        double sl = 1.5; // some groups below the threshold, most above
        double[] jw = new double[v.length];
        try (NewtonSystem system = new NewtonSystem(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), false)) {
            system.applyJacobian(sl, v, vNorm, w, jw);
        }
        double eps = 1e-6;
        double[] plus = v.clone();
        double[] minus = v.clone();
        for (int i = 0; i < v.length; i++) {
            plus[i] += eps * w[i];
            minus[i] -= eps * w[i];
        }
        double[] fp = prox(plus, groups, d, sl);
        double[] fm = prox(minus, groups, d, sl);
        int zero = 0;
        for (int b = 0; b < groups; b++) {
            zero += vNorm[b] <= sl ? 1 : 0;
        }
        assertTrue(zero > 0 && zero < groups, "want both kinds of groups, got " + zero + " zero of " + groups);
        for (int i = 0; i < v.length; i++) {
            assertEquals((fp[i] - fm[i]) / (2 * eps), jw[i], 1e-7);
        }
    }

    /** A system whose Cholesky is LAPACK's (javaCholesky false) or EJML's (the fallback, which needs both triangles). */
    private static NewtonSystem system(ConvexProgram p, boolean javaCholesky) {
        return new NewtonSystem(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), false, !javaCholesky);
    }

    /**
     * The matrix formed and factored by each kernel solves with the explicit {@code diag(c) + σAJAᵀ}: LAPACK and
     * EJML in double precision to 1e-9; single precision to single-precision accuracy, and again to 1e-9 once it has
     * switched to double precision (what a failed single-precision factor leads to).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lapack", "ejml", "single"})
    void theFormedMatrixIsDiagonalPlusSigmaAJAt(String kernel) {
        boolean single = kernel.equals("single");
        if (single) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    org.convexnn.linalg.FloatSymmetricMatrix.isAvailable(), "native OpenBLAS not loadable here");
        }
        ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, 37, 4, 1, 9, 0.05, 6);
        int n = p.n();
        int d = p.d();
        int groups = p.groups();
        Random rng = new Random(8);
        double[] v = new double[groups * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] vNorm = norms(v, groups, d);
        double sigma = 3.7;
        double sl = 1.2;
        double[] curvature = new double[n];
        for (int i = 0; i < n; i++) {
            curvature[i] = 1 + rng.nextDouble();
        }
        // explicit H = diag(c) + σ A J Aᵀ, J applied column by column to Aᵀ
        Matrix a = new DenseReferenceOperator(p).matrix();
        double[][] h = new double[n][n];
        try (NewtonSystem system = single
                ? new NewtonSystem(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), true)
                : system(p, kernel.equals("ejml"))) {
            assertEquals(single, system.single());
            double[] row = new double[groups * d];
            double[] jrow = new double[groups * d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = a.get(i, k);
                }
                system.applyJacobian(sl, v, vNorm, row, jrow);
                for (int m = 0; m < n; m++) {
                    double s = 0;
                    for (int k = 0; k < row.length; k++) {
                        s += a.get(m, k) * jrow[k];
                    }
                    h[m][i] = sigma * s + (m == i ? curvature[i] : 0.0);
                }
            }
            assertTrue(system.factor(sigma, sl, v, vNorm, curvature));
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = rng.nextGaussian();
            }
            assertSolves(system, h, b, single ? 1e-5 : 1e-9);
            if (single) {
                assertTrue(system.useDouble());
                assertFalse(system.single());
                assertFalse(system.factored(), "the single-precision factor is gone");
                assertTrue(system.factor(sigma, sl, v, vNorm, curvature));
                assertSolves(system, h, b, 1e-9);
            }
        }
    }

    /** H·(system's solution of b) = b, entry by entry, to tol·(1 + |b|). */
    private static void assertSolves(NewtonSystem system, double[][] h, double[] b, double tol) {
        int n = b.length;
        double[] sol = b.clone();
        system.solve(sol);
        double worst = 0;
        for (int m = 0; m < n; m++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += h[m][i] * sol[i];
            }
            assertEquals(b[m], s, tol * (1 + Math.abs(b[m])));
            worst = Math.max(worst, Math.abs(b[m] - s) / (1 + Math.abs(b[m])));
        }
        if (tol > 1e-9) {
            // single precision cannot solve to double rounding: the check above is not met by accident
            assertTrue(worst > 1e-12, "residual " + worst);
        }
    }

    /**
     * CG is tried when a factorization (2n²s + n³/3 flops) costs at least 8 CG iterations (4ndP + 2n² each): never
     * for few rows against dP, always for many rows against dP (n³/3 alone outweighs).
     */
    @Test
    void conjugateGradientsArePreferredOnlyWhenAFactorizationCostsManyOfTheirIterations() {
        for (int[] c : new int[][] {{20, 2, 3, 0}, {200, 2, 3, 1}, {100, 10, 100, 0}}) {
            ConvexProgram p = WorkingSetSolverTest.program(Formulation.GATED, c[0], c[1], 1, c[2], 0.01, 4);
            int groups = p.patterns().size();
            double[] vNorm = new double[groups];
            java.util.Arrays.fill(vNorm, 1.0); // every group active at threshold 0.5
            try (NewtonSystem sys = new NewtonSystem(new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS), false)) {
                double n = p.n();
                double form = 2 * n * n * groups + n * n * n / 3;
                double cg = 4 * n * p.d() * groups + 2 * n * n;
                assertEquals(form >= NewtonSystem.CG_WORTH * cg, sys.conjugateGradientsPay(0.5, vNorm));
                assertEquals(c[3] == 1, sys.conjugateGradientsPay(0.5, vNorm), "n = " + c[0]);
            }
        }
    }
}
