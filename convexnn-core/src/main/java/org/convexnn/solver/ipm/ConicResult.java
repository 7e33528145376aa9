package org.convexnn.solver.ipm;

/**
 * Outcome of {@link ConicSolver}. For {@link ConicStatus#OPTIMAL} (and the best iterate otherwise) x, s are the
 * primal point and y, z the dual point. For {@link ConicStatus#PRIMAL_INFEASIBLE}, (y, z) is a certificate:
 * {@code Aᵀy + Gᵀz ≈ 0, z ∈ K, bᵀy + hᵀz = −1}. For {@link ConicStatus#DUAL_INFEASIBLE}, (x, s) is a certificate:
 * {@code A x ≈ 0, G x + s ≈ 0, s ∈ K, cᵀx = −1} (the primal is unbounded if it is feasible).
 *
 * @param primalObjective cᵀx (NaN for certificates)
 * @param dualObjective   −bᵀy − hᵀz (NaN for certificates)
 * @param primalResidual  max(‖Ax − b‖/max(1,‖b‖), ‖Gx + s − h‖/max(1,‖h‖))
 * @param dualResidual    ‖Aᵀy + Gᵀz + c‖/max(1,‖c‖)
 * @param gap             sᵀz
 */
public record ConicResult(ConicStatus status, double[] x, double[] y, double[] z, double[] s, double primalObjective,
                          double dualObjective, int iterations, double primalResidual, double dualResidual,
                          double gap, double seconds) {
}
