package org.convexnn.solver.ipm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Textbook conic instances with known solutions, and infeasibility certificates. */
class ConicSolverTest {

    private static void assertOptimal(ConicResult r, double expected, double tol) {
        assertEquals(ConicStatus.OPTIMAL, r.status(), () -> "status " + r);
        assertEquals(expected, r.primalObjective(), tol, "primal objective");
        assertEquals(expected, r.dualObjective(), tol, "dual objective");
        assertTrue(r.primalResidual() <= 1e-8 && r.dualResidual() <= 1e-8, () -> "residuals " + r);
        assertTrue(r.iterations() < 60, () -> "iterations " + r.iterations());
    }

    /** max x₁ + x₂ s.t. x₁ + 2x₂ ≤ 4, 3x₁ + x₂ ≤ 6, x ≥ 0: optimum at (8/5, 6/5), value 14/5. */
    @Test
    void smallLp() {
        ConicProblem p = ConicProblem.dense(new double[] {-1, -1}, null, null,
                new double[][] {{1, 2}, {3, 1}, {-1, 0}, {0, -1}}, new double[] {4, 6, 0, 0},
                List.of(ConeSpec.nonneg(4)));
        ConicResult r = ConicSolver.solve(p);
        assertOptimal(r, -2.8, 1e-8);
        assertEquals(1.6, r.x()[0], 1e-7);
        assertEquals(1.2, r.x()[1], 1e-7);
        // dual: z ≥ 0, Gᵀz + c = 0
        assertTrue(r.z()[0] > 0 && r.z()[1] > 0);
    }

    /** min x₁ + 2x₂ + 3x₃ s.t. x₁ + x₂ + x₃ = 1, x ≥ 0 (equality constraints). */
    @Test
    void lpWithEquality() {
        ConicProblem p = ConicProblem.dense(new double[] {1, 2, 3}, new double[][] {{1, 1, 1}}, new double[] {1},
                new double[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}, new double[3], List.of(ConeSpec.nonneg(3)));
        ConicResult r = ConicSolver.solve(p);
        assertOptimal(r, 1.0, 1e-8);
        assertEquals(1.0, r.x()[0], 1e-7);
        assertEquals(-1.0, r.y()[0], 1e-7);
    }

    /** min x₁ s.t. ‖(x₂, x₃)‖ ≤ x₁, x₂ = 1, x₃ = 1: √2. */
    @Test
    void socpSqrtTwo() {
        ConicProblem p = ConicProblem.dense(new double[] {1, 0, 0}, new double[][] {{0, 1, 0}, {0, 0, 1}},
                new double[] {1, 1}, new double[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}, new double[3],
                List.of(ConeSpec.soc(3)));
        ConicResult r = ConicSolver.solve(p);
        assertOptimal(r, Math.sqrt(2), 1e-8);
        assertEquals(1.0, r.x()[1], 1e-8);
    }

    /** min ‖x − f‖ s.t. ‖x‖ ≤ 1 with f = (3, 4): x = (0.6, 0.8), value 4. */
    @Test
    void leastSquaresWithActiveNormBall() {
        // variables (x₁, x₂, t): (t, x − f) ∈ SOC(3), (1, x) ∈ SOC(3)
        ConicProblem p = ConicProblem.dense(new double[] {0, 0, 1}, null, null,
                new double[][] {{0, 0, -1}, {-1, 0, 0}, {0, -1, 0}, {0, 0, 0}, {-1, 0, 0}, {0, -1, 0}},
                new double[] {0, -3, -4, 1, 0, 0}, List.of(ConeSpec.soc(3), ConeSpec.soc(3)));
        ConicResult r = ConicSolver.solve(p);
        assertOptimal(r, 4.0, 1e-8);
        assertEquals(0.6, r.x()[0], 1e-6);
        assertEquals(0.8, r.x()[1], 1e-6);
    }

    /** min ‖Bx − f‖ s.t. ‖x‖ ≤ ρ with an inactive ball equals ordinary least squares (B random 7 x 3). */
    @Test
    void leastSquaresWithInactiveNormBall() {
        Random rnd = new Random(5);
        int rows = 7;
        int d = 3;
        DMatrixRMaj bm = new DMatrixRMaj(rows, d);
        DMatrixRMaj f = new DMatrixRMaj(rows, 1);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                bm.set(i, j, rnd.nextGaussian());
            }
            f.set(i, 0, rnd.nextGaussian());
        }
        DMatrixRMaj ls = new DMatrixRMaj(d, 1);
        assertTrue(CommonOps_DDRM.solve(bm, f, ls));
        DMatrixRMaj res = new DMatrixRMaj(rows, 1);
        CommonOps_DDRM.mult(bm, ls, res);
        CommonOps_DDRM.subtractEquals(res, f);
        double expected = CommonOps_DDRM.dot(res, res);
        expected = Math.sqrt(expected);
        double rho = 100;
        // variables (x, t): (t, Bx − f) ∈ SOC(rows+1), (ρ, x) ∈ SOC(d+1)
        double[][] g = new double[rows + 1 + d + 1][d + 1];
        double[] h = new double[rows + 1 + d + 1];
        g[0][d] = -1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                g[1 + i][j] = -bm.get(i, j);
            }
            h[1 + i] = -f.get(i, 0);
        }
        h[rows + 1] = rho;
        for (int j = 0; j < d; j++) {
            g[rows + 2 + j][j] = -1;
        }
        double[] c = new double[d + 1];
        c[d] = 1;
        ConicResult r = ConicSolver.solve(ConicProblem.dense(c, null, null, g, h,
                List.of(ConeSpec.soc(rows + 1), ConeSpec.soc(d + 1))));
        assertOptimal(r, expected, 1e-7); // the gap tolerance is 1e-8 x |objective| ≈ 3e-8
        // the objective is second-order in x near the optimum: a 1e-8 gap pins x down to about 1e-4
        for (int j = 0; j < d; j++) {
            assertEquals(ls.get(j, 0), r.x()[j], 1e-3);
        }
    }

    /** max x₁ + x₂ over the unit disc cut by x₁ ≤ 0.5: both cone types. */
    @Test
    void mixedCones() {
        ConicProblem p = ConicProblem.dense(new double[] {-1, -1}, null, null,
                new double[][] {{0, 0}, {-1, 0}, {0, -1}, {1, 0}}, new double[] {1, 0, 0, 0.5},
                List.of(ConeSpec.soc(3), ConeSpec.nonneg(1)));
        ConicResult r = ConicSolver.solve(p);
        assertOptimal(r, -0.5 - Math.sqrt(0.75), 1e-8);
        assertEquals(0.5, r.x()[0], 1e-7);
        assertEquals(Math.sqrt(0.75), r.x()[1], 1e-6);
    }

    /** x ≥ 1 and x ≤ −1: a Farkas certificate z ≥ 0, Gᵀz = 0, hᵀz = −1. */
    @Test
    void primalInfeasibleLp() {
        double[][] g = {{-1}, {1}};
        double[] h = {-1, -1};
        ConicResult r = ConicSolver.solve(ConicProblem.dense(new double[] {1}, null, null, g, h,
                List.of(ConeSpec.nonneg(2))));
        assertEquals(ConicStatus.PRIMAL_INFEASIBLE, r.status(), () -> r.toString());
        assertTrue(r.z()[0] >= 0 && r.z()[1] >= 0);
        assertEquals(-1.0, h[0] * r.z()[0] + h[1] * r.z()[1], 1e-9);
        assertEquals(0.0, -r.z()[0] + r.z()[1], 1e-7);
    }

    /** The unit disc and x₁ ≥ 2: infeasible with both cone types. */
    @Test
    void primalInfeasibleMixed() {
        ConicResult r = ConicSolver.solve(ConicProblem.dense(new double[] {1, 1}, null, null,
                new double[][] {{0, 0}, {-1, 0}, {0, -1}, {-1, 0}}, new double[] {1, 0, 0, -2},
                List.of(ConeSpec.soc(3), ConeSpec.nonneg(1))));
        assertEquals(ConicStatus.PRIMAL_INFEASIBLE, r.status(), () -> r.toString());
    }

    /** min −x₁ − x₂ s.t. x ≥ 0, x₁ − x₂ ≤ 1: unbounded, a ray with cᵀx = −1 is returned. */
    @Test
    void unboundedLp() {
        double[][] g = {{-1, 0}, {0, -1}, {1, -1}};
        ConicResult r = ConicSolver.solve(ConicProblem.dense(new double[] {-1, -1}, null, null, g,
                new double[] {0, 0, 1}, List.of(ConeSpec.nonneg(3))));
        assertEquals(ConicStatus.DUAL_INFEASIBLE, r.status(), () -> r.toString());
        assertEquals(-1.0, -r.x()[0] - r.x()[1], 1e-9);
        assertTrue(r.x()[0] >= -1e-7 && r.x()[1] >= -1e-7 && r.x()[0] - r.x()[1] <= 1e-7);
    }

    @Test
    void iterationLimitIsReported() {
        ConicProblem p = ConicProblem.dense(new double[] {-1, -1}, null, null,
                new double[][] {{1, 2}, {3, 1}, {-1, 0}, {0, -1}}, new double[] {4, 6, 0, 0},
                List.of(ConeSpec.nonneg(4)));
        ConicResult r = ConicSolver.solve(p, new ConicSolver.Settings(2, 1e-8, 1e-8, Long.MAX_VALUE));
        assertEquals(ConicStatus.MAX_ITERATIONS, r.status());
        assertEquals(2, r.iterations());
    }

    @Test
    void socStepLength() {
        // u = (2, 0, 0), du = (−1, 1, 0): boundary where 2 − α = α → α = 1
        assertEquals(1.0, SecondOrderCone.stepToBoundary(new double[] {2, 0, 0}, new double[] {-1, 1, 0}, 0, 3), 1e-15);
        // moving into the cone: unbounded
        assertEquals(Double.POSITIVE_INFINITY, SecondOrderCone.stepToBoundary(new double[] {2, 0, 0},
                new double[] {1, 0.5, 0}, 0, 3));
        // straight down the axis: α = 2
        assertEquals(2.0, SecondOrderCone.stepToBoundary(new double[] {2, 0, 0}, new double[] {-1, 0, 0}, 0, 3), 1e-15);
    }
}
