package org.convexnn.solver.ipm;

/** The stopping rules of {@link ConicSolver}. */
final class Termination {
    private final ConicData data;
    private final ConicSolver.Settings settings;

    Termination(ConicData data, ConicSolver.Settings settings) {
        this.data = data;
        this.settings = settings;
    }

    /**
     * The status to stop with, the first that holds in the order NUMERICAL_ERROR (non-finite values), OPTIMAL,
     * PRIMAL_INFEASIBLE, DUAL_INFEASIBLE, MAX_ITERATIONS, TIME_LIMIT; null to iterate on.
     */
    ConicStatus checkTermination(ConicInfo info, Iterate v) {
        if (!info.isFinite()) {
            return ConicStatus.NUMERICAL_ERROR;
        }
        if (isOptimal(info)) {
            return ConicStatus.OPTIMAL;
        }
        if (isPrimalInfeasible(info, v)) {
            return ConicStatus.PRIMAL_INFEASIBLE;
        }
        if (isDualInfeasible(info, v)) {
            return ConicStatus.DUAL_INFEASIBLE;
        }
        if (info.iteration() >= settings.maxIterations()) {
            return ConicStatus.MAX_ITERATIONS;
        }
        if (settings.deadlineNanos() != Long.MAX_VALUE && System.nanoTime() - settings.deadlineNanos() > 0) {
            return ConicStatus.TIME_LIMIT;
        }
        if (settings.interrupted()) {
            return ConicStatus.INTERRUPTED;
        }
        return null;
    }

    /** Residuals within feasTol, gap and |pcost − dcost| within gapTol·gapScale. */
    private boolean isOptimal(ConicInfo info) {
        double gapTol = settings.gapTol() * info.gapScale();
        return info.primalResidual() <= settings.feasTol() && info.dualResidual() <= settings.feasTol()
                && info.gap() <= gapTol && Math.abs(info.primalCost() - info.dualCost()) <= gapTol + info.gap();
    }

    /** bᵀy + hᵀz &lt; 0, τ &lt; κ and ‖Aᵀy + Gᵀz‖/−(bᵀy + hᵀz)/max(1,‖c‖) ≤ feasTol. */
    private boolean isPrimalInfeasible(ConicInfo info, Iterate v) {
        double byhz = info.byhz();
        return byhz < 0 && info.tau() < info.kappa()
                && Vec.norm(data.dualOperator(v.y, v.z)) / -byhz / data.normC <= settings.feasTol();
    }

    /** cᵀx &lt; 0, τ &lt; κ and the ray residual of (x, s) ≤ feasTol. */
    private boolean isDualInfeasible(ConicInfo info, Iterate v) {
        double cx = info.cx();
        return cx < 0 && info.tau() < info.kappa() && data.rayResidual(v.x, v.s, cx) <= settings.feasTol();
    }
}
