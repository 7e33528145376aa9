package org.convexnn.solver;

/**
 * What a solver returns: never a silent best effort — the status says whether the tolerance was met.
 *
 * <p>The solver's {@code lowerBound} drives its own stopping rule only. What a fit reports is recomputed from the
 * returned point and the returned dual candidate by {@code org.convexnn.certificate.ProgramCertificate}, so a solver
 * cannot certify itself: any dual candidate, scaled into the dual-feasible set there, gives a valid bound (spec §3.6,
 * §10.1).
 *
 * @param status           outcome
 * @param weights          the returned point, G x d row-major (row g is group g)
 * @param iterations       iterations used (inner iterations for the augmented Lagrangian)
 * @param seconds          wall time
 * @param objective        convex objective at the returned point (spec §1.0)
 * @param lowerBound       the best dual lower bound the solver found (its stopping rule's)
 * @param maxConeViolation max over groups and rows of the cone violation (0 for gated programs)
 * @param solver           the method, as the summary reports it ("fista", "ssnal", ...)
 * @param dualCandidate    the loss gradient {@code ℓ'(ŷ)} (n x c, not divided by n) at which the solver found its best
 *                         bound, or null when it has none beyond the returned point
 */
public record SolveResult(SolveStatus status, double[] weights, int iterations, double seconds, double objective,
                          double lowerBound, double maxConeViolation, String solver, double[] dualCandidate) {

    /** A result whose bound is the one at the returned point. */
    public SolveResult(SolveStatus status, double[] weights, int iterations, double seconds, double objective,
                       double lowerBound, double maxConeViolation, String solver) {
        this(status, weights, iterations, seconds, objective, lowerBound, maxConeViolation, solver, null);
    }

    /** (objective − lowerBound) / max(1, |objective|). */
    public double relativeGap() {
        return relativeGap(objective, lowerBound);
    }

    /** The relative gap every solver stops on and reports: (objective − lowerBound) / max(1, |objective|). */
    public static double relativeGap(double objective, double lowerBound) {
        return (objective - lowerBound) / Math.max(1.0, Math.abs(objective));
    }
}
