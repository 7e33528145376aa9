package org.convexnn.solver;

import org.convexnn.program.Loss;

/**
 * The rules of the semismooth Newton augmented Lagrangian ({@link NewtonAugmentedLagrangian}): the σ schedule, when an
 * outer iteration ends, the conjugate-gradient rules of the Newton direction and how often the second certified bound
 * (spec §3.6) is computed. The numbers are measured; the comments say on what.
 */
final class NewtonRules {
    /** σ₀ = SIGMA0 / L with L the Lipschitz constant of the loss part. */
    static final double SIGMA0 = 1e4;
    /**
     * σ₀ for the logistic loss: larger first steps drive the dual iterate t = −nyξ against the ends of [0, 1], where
     * the fraction-to-boundary rule leaves Newton little room (breast_cancer: fails at 1e3, 32–88 steps at 1e2).
     */
    static final double SIGMA0_LOGISTIC = 100.0;
    /**
     * σ₀ of a warm start, whose dual iterate is first scaled into the dual-feasible set, is this many times the cold
     * one. Newton steps of the regularization path (20 λ, tol 1e-6; the Newton part of the path) against no scaling
     * and factor 1: breast_cancer 143 → 124, digits 0 vs 1 151 → 111, diabetes 172 → 143, breast_cancer with the
     * logistic loss (ssnal all along) 291 → 271. The factor alone, without the scaling, was worse (148, 350, 231);
     * 3, 30 and 100 with the scaling gave 133, 128 and 124 on breast_cancer. For the logistic loss this starts warm
     * solves at 10³/L, where cold ones fail; warm ones did not (logistic ssnal paths with 300 gates, all OPTIMAL:
     * digits 0 vs 1 186 steps, heart_scale 227, breast_cancer 252).
     */
    static final double WARM_SIGMA = 10.0;
    /** σ grows by this factor per outer iteration … */
    static final double SIGMA_GROWTH = 5.0;
    /** … up to SIGMA_MAX / L. */
    static final double SIGMA_MAX = 1e8;
    /** Newton steps per outer iteration at most. */
    static final int MAX_INNER = 8;
    /** An outer iteration ends when ‖∇ψ‖ has fallen by this factor. */
    static final double INNER_DECREASE = 0.05;
    /**
     * Conjugate-gradient iterations per Newton direction before the matrix is formed and factored afresh. Fashion-MNIST
     * 0 vs 6 to gap 1e-4: 8 took 156 s (successful solves need 2–7), 4 took 192 s; when every preconditioner solve
     * still cost an n x n transposition inside LAPACKE (row-major calls), 4 took 244 s and 6 took 282 s.
     */
    static final int MAX_PCG = 8;
    /** CG stops at this residual relative to ‖∇ψ‖ (an inexact Newton step; the line search keeps it safe). */
    static final double PCG_RTOL = 0.05;
    /**
     * CG on a fresh single-precision factor of the same matrix stops at this residual relative to ‖∇ψ‖: close to the
     * exact direction that a double-precision factor gives.
     */
    static final double FRESH_RTOL = 1e-3;
    /**
     * The second bound (from the loss gradient at the candidate: an adjoint pass) is computed once the gap with the
     * first (from ξ, free) is within this factor of the tolerance …
     */
    static final double RESIDUAL_BOUND_NEAR = 100.0;
    /**
     * … and at least every this many steps (so that a program whose ξ-bound lags still stops). On breast_cancer the
     * ξ-bound certifies every solve of the path; computing the other at every step cost a sixth of Newton's time there.
     */
    static final int RESIDUAL_BOUND_EVERY = 5;
    /** Armijo's sufficient-decrease constant of the line search on ψ. */
    static final double ARMIJO = 1e-4;
    /** The first trial step stays this fraction of the way to the boundary of the domain of f* (logistic loss). */
    static final double TO_BOUNDARY = 0.995;
    /** The line search gives up halving below this step. */
    static final double MIN_STEP = 1e-10;

    private NewtonRules() {
    }

    /** σ₀ of a cold start, for a loss part with Lipschitz constant {@code lipschitz}. */
    static double initialSigma(Loss loss, double lipschitz) {
        return (loss == Loss.LOGISTIC ? SIGMA0_LOGISTIC : SIGMA0) / lipschitz;
    }
}
