package org.convexnn.solver.ipm;

/**
 * The KKT system with z eliminated: the normal matrix {@code M = Gᵀ W⁻² G + AᵀA} (plus a small regularisation)
 * with the equalities, {@code M x + Aᵀy = r, A x = u_y}.
 */
interface ReducedKktSolver {

    /** Factors M (and its equality Schur complement) at the cones' current scaling; false when that fails. */
    boolean factor();

    /** Returns {x, y} for the right-hand side (r, u_y) with the current factorisation. */
    double[][] solve(double[] r, double[] uy);
}
