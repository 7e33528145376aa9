package org.convexnn.solver.ipm;

/**
 * The state of one iteration as the termination test sees it.
 *
 * @param iteration      iterations taken so far
 * @param primalCost     cᵀx/τ
 * @param dualCost       −(bᵀy + hᵀz)/τ
 * @param gap            sᵀz/τ²
 * @param gapScale       max(1, min(|primalCost|, |dualCost|))
 * @param primalResidual max(‖bτ − Ax‖/max(1,‖b‖), ‖hτ − Gx − s‖/max(1,‖h‖))/τ
 * @param dualResidual   ‖Aᵀy + Gᵀz + cτ‖/max(1,‖c‖)/τ
 * @param mu             (sᵀz + τκ)/(ν + 1)
 * @param tau            τ
 * @param kappa          κ
 * @param cx             cᵀx (unscaled)
 * @param byhz           bᵀy + hᵀz (unscaled)
 */
record ConicInfo(int iteration, double primalCost, double dualCost, double gap, double gapScale,
                 double primalResidual, double dualResidual, double mu, double tau, double kappa, double cx,
                 double byhz) {

    /** Whether μ, cᵀx and bᵀy + hᵀz are finite. */
    boolean isFinite() {
        return Double.isFinite(mu) && Double.isFinite(cx) && Double.isFinite(byhz);
    }

    /** max(residuals, gap/gapScale): the measure the best iterate is chosen by. */
    double merit() {
        return Math.max(Math.max(primalResidual, dualResidual), gap / gapScale);
    }
}
