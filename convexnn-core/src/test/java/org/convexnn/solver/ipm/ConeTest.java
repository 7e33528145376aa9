package org.convexnn.solver.ipm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-cone maths against hand computations: Nesterov–Todd scaling, Jordan algebra, step to the boundary. */
class ConeTest {

    /** s = (4, 9), z = (1, 4): W = diag(2, 1.5), λ = √(sz) = (2, 6), and W z = W⁻¹ s = λ. */
    @Test
    void orthantScaling() {
        NonnegativeCone k = new NonnegativeCone(0, 2);
        double[] s = {4, 9};
        double[] z = {1, 4};
        double[] lambda = new double[2];
        assertTrue(k.updateScaling(s, z, lambda));
        assertArrayEquals(new double[] {2, 6}, lambda, 0.0);
        double[] out = new double[2];
        k.mulW(z, out);
        assertArrayEquals(lambda, out, 0.0);
        k.mulWInv(s, out);
        assertArrayEquals(lambda, out, 0.0);
        // W⁻¹G by rows: (1/2, 1/1.5) times the rows of G
        assertArrayEquals(new double[] {0.5, -1, 2.0 / 3, 0}, k.mulWInvBlock(new double[] {1, -2, 1, 0}, 2), 1e-16);
        assertFalse(k.updateScaling(new double[] {4, 0}, z, lambda), "s on the boundary");
    }

    /** Rows 1..2 of a vector of three: step, boundary shift, Jordan product and division act only there. */
    @Test
    void orthantAlgebraAtAnOffset() {
        NonnegativeCone k = new NonnegativeCone(1, 2);
        double[] u = {-7, 1, 2};
        assertEquals(2.0, k.stepToBoundary(u, new double[] {-100, -0.5, -1}), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, k.stepToBoundary(u, new double[] {-100, 0, 1}));
        assertEquals(3.0, k.boundaryShift(new double[] {-100, 1, -3}), 0.0);
        double[] out = {5, 0, 0};
        k.jordanProduct(u, new double[] {9, 3, 4}, out);
        assertArrayEquals(new double[] {5, 3, 8}, out, 0.0);
        k.jordanDivide(u, new double[] {9, 3, 8}, out);
        assertArrayEquals(new double[] {5, 3, 4}, out, 0.0);
        k.addIdentity(out, 0.5);
        assertArrayEquals(new double[] {5, 3.5, 4.5}, out, 0.0);
    }

    /**
     * s = (5, 3, 0), z = (1, 0, 0): det s = 16, s̄ = (5/4, 3/4, 0), z̄ = z, γ = √((1 + 5/4)/2) = 3/(2√2),
     * w̄ = (9/4, 3/4, 0)/(2γ) = (3/(2√2), 1/(2√2), 0), β = 2 and λ = W z = (3/√2, 1/√2, 0).
     */
    @Test
    void secondOrderConeScalingByHand() {
        SecondOrderCone k = new SecondOrderCone(0, 3);
        double[] s = {5, 3, 0};
        double[] z = {1, 0, 0};
        double[] lambda = new double[3];
        assertTrue(k.updateScaling(s, z, lambda));
        double r = Math.sqrt(2);
        assertArrayEquals(new double[] {3 / r, 1 / r, 0}, lambda, 1e-15);
        double[] out = new double[3];
        k.mulWInv(s, out);
        assertArrayEquals(lambda, out, 1e-15);
        // W = β[[w̄₀, w̄₁ᵀ], [w̄₁, I + w̄₁w̄₁ᵀ/(1 + w̄₀)]] applied to e₂ = (0, 1, 0): β(w̄₁, 1 + w̄₁²/(1 + w̄₀), 0)
        double w0 = 3 / (2 * r);
        double w1 = 1 / (2 * r);
        k.mulW(new double[] {0, 1, 0}, out);
        assertArrayEquals(new double[] {2 * w1, 2 * (1 + w1 * w1 / (1 + w0)), 0}, out, 1e-15);
        // W⁻¹G column by column equals W⁻¹ applied to each column
        double[] g = {1, 2, -1, 0, 3, 1}; // 3 x 2
        double[] wg = k.mulWInvBlock(g, 2);
        for (int j = 0; j < 2; j++) {
            double[] col = {g[j], g[2 + j], g[4 + j]};
            k.mulWInv(col, out);
            assertArrayEquals(out, new double[] {wg[j], wg[2 + j], wg[4 + j]}, 0.0);
        }
        assertFalse(k.updateScaling(new double[] {1, 1, 0}, z, lambda), "s on the boundary");
    }

    /** u = (2, 1, 0), v = (3, 0, 1): u∘v = (uᵀv, u₀v₁ + v₀u₁) = (6, 3, 2), and u⧵(6, 3, 2) = v. */
    @Test
    void secondOrderConeJordanAlgebra() {
        SecondOrderCone k = new SecondOrderCone(1, 3);
        double[] u = {0, 2, 1, 0};
        double[] out = {-1, 0, 0, 0};
        k.jordanProduct(u, new double[] {0, 3, 0, 1}, out);
        assertArrayEquals(new double[] {-1, 6, 3, 2}, out, 0.0);
        k.jordanDivide(u, new double[] {0, 6, 3, 2}, out);
        assertArrayEquals(new double[] {-1, 3, 0, 1}, out, 1e-15);
        assertEquals(5.0 - 2.0, k.boundaryShift(new double[] {0, 2, 3, 4}), 0.0);
        k.addIdentity(out, 1.5);
        assertArrayEquals(new double[] {-1, 4.5, 0, 1}, out, 1e-15);
    }

    /** u = (3, 0, 0) + α(−1, 1, 1): on the boundary when (3 − α)² = 2α², α = 3/(1 + √2). */
    @Test
    void secondOrderConeStepToBoundary() {
        SecondOrderCone k = new SecondOrderCone(1, 3);
        double alpha = k.stepToBoundary(new double[] {-5, 3, 0, 0}, new double[] {9, -1, 1, 1});
        assertEquals(3 / (1 + Math.sqrt(2)), alpha, 1e-15);
        // moving into the cone: unbounded
        assertEquals(Double.POSITIVE_INFINITY, k.stepToBoundary(new double[] {0, 3, 1, 0},
                new double[] {0, 1, -0.1, 0}));
    }
}
