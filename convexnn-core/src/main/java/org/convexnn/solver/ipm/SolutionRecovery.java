package org.convexnn.solver.ipm;

/**
 * Turns an iterate of the embedding into a {@link ConicResult}: the solution (x, y, z, s)/τ, or a certificate
 * normalised to −(bᵀy + hᵀz) = 1 or −cᵀx = 1.
 */
final class SolutionRecovery {
    private final ConicData data;
    private final long start;

    /** @param start {@link System#nanoTime()} at the start of the solve */
    SolutionRecovery(ConicData data, long start) {
        this.data = data;
        this.start = start;
    }

    /** The result for a status from {@link Termination#checkTermination}. */
    ConicResult terminal(ConicStatus status, ConicInfo info, Iterate v, BestIterate best) {
        return switch (status) {
            case OPTIMAL -> solution(status, v, info.iteration(), info.primalResidual(), info.dualResidual());
            case PRIMAL_INFEASIBLE -> primalCertificate(info, v);
            case DUAL_INFEASIBLE -> dualCertificate(info, v);
            case MAX_ITERATIONS, TIME_LIMIT, INTERRUPTED -> best(status, best, info.iteration());
            case NUMERICAL_ERROR -> failure(status, v, info.iteration());
        };
    }

    /** (x, y, z, s)/τ with its objectives and sᵀz. */
    ConicResult solution(ConicStatus status, Iterate v, int iterations, double pres, double dres) {
        double f = 1.0 / v.tau;
        double[] xs = Vec.scaled(v.x, f);
        double[] ys = Vec.scaled(v.y, f);
        double[] zs = Vec.scaled(v.z, f);
        double[] ss = Vec.scaled(v.s, f);
        return new ConicResult(status, xs, ys, zs, ss, Vec.dot(data.c, xs),
                -Vec.dot(data.b, ys) - Vec.dot(data.h, zs), iterations, pres, dres, Vec.dot(ss, zs), seconds());
    }

    /** The best iterate seen, with a non-optimal status. */
    ConicResult best(ConicStatus status, BestIterate best, int iterations) {
        return solution(status, best.point(), iterations, best.primalResidual(), best.dualResidual());
    }

    /** (y, z)/−(bᵀy + hᵀz); the dual residual is ‖Aᵀy + Gᵀz‖ of it over max(1,‖c‖). */
    ConicResult primalCertificate(ConicInfo info, Iterate v) {
        double[] aty = data.dualOperator(v.y, v.z);
        double f = 1.0 / -info.byhz();
        return new ConicResult(ConicStatus.PRIMAL_INFEASIBLE, new double[data.nx], Vec.scaled(v.y, f),
                Vec.scaled(v.z, f), new double[data.m], Double.NaN, Double.NaN, info.iteration(), Double.NaN,
                Vec.norm(aty) * f / data.normC, Double.NaN, seconds());
    }

    /** (x, s)/−cᵀx; the primal residual is its ray residual. */
    ConicResult dualCertificate(ConicInfo info, Iterate v) {
        double res = data.rayResidual(v.x, v.s, info.cx());
        double f = 1.0 / -info.cx();
        return new ConicResult(ConicStatus.DUAL_INFEASIBLE, Vec.scaled(v.x, f), new double[data.ny],
                new double[data.m], Vec.scaled(v.s, f), Double.NaN, Double.NaN, info.iteration(), res, Double.NaN,
                Double.NaN, seconds());
    }

    /** The raw iterate with NaN objectives, residuals and gap. */
    ConicResult failure(ConicStatus status, Iterate v, int iterations) {
        return new ConicResult(status, v.x, v.y, v.z, v.s, Double.NaN, Double.NaN, iterations, Double.NaN, Double.NaN,
                Double.NaN, seconds());
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
