package org.convexnn.solver;

/**
 * What a solver returns: never a silent best effort — the status says whether the tolerance was met.
 *
 * @param status           outcome
 * @param weights          the returned point, G x d row-major (row g is group g)
 * @param iterations       iterations used (inner iterations for the augmented Lagrangian)
 * @param seconds          wall time
 * @param objective        convex objective at the returned point (spec §1.0)
 * @param lowerBound       best certified dual lower bound found for the program
 * @param maxConeViolation max over groups and rows of the cone violation (0 for gated programs)
 * @param solver           "fista" or "al"
 */
public record SolveResult(SolveStatus status, double[] weights, int iterations, double seconds, double objective,
                          double lowerBound, double maxConeViolation, String solver) {

    /** (objective − lowerBound) / max(1, |objective|). */
    public double relativeGap() {
        return relativeGap(objective, lowerBound);
    }

    /** The relative gap every solver stops on and reports: (objective − lowerBound) / max(1, |objective|). */
    public static double relativeGap(double objective, double lowerBound) {
        return (objective - lowerBound) / Math.max(1.0, Math.abs(objective));
    }
}
