package org.convexnn.solver;

/**
 * Stopping rules shared by the solvers.
 *
 * @param tol              relative duality-gap tolerance: stop when (objective − bound)/max(1,|objective|) ≤ tol
 * @param maxIterations    iteration limit (total inner iterations for the augmented Lagrangian)
 * @param timeLimitSeconds wall-clock limit (POSITIVE_INFINITY for none)
 */
public record SolverSettings(double tol, int maxIterations, double timeLimitSeconds) {
    public SolverSettings {
        if (!(tol > 0)) {
            throw new IllegalArgumentException("tol must be > 0, got " + tol);
        }
        if (maxIterations <= 0) {
            throw new IllegalArgumentException("maxIterations must be > 0, got " + maxIterations);
        }
        if (!(timeLimitSeconds > 0)) {
            throw new IllegalArgumentException("timeLimitSeconds must be > 0, got " + timeLimitSeconds);
        }
    }

    long deadlineNanos(long start) {
        if (Double.isInfinite(timeLimitSeconds) || timeLimitSeconds > 1e9) {
            return Long.MAX_VALUE;
        }
        return start + (long) (timeLimitSeconds * 1e9);
    }
}
