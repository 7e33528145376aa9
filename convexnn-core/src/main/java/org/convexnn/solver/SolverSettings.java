package org.convexnn.solver;

/**
 * Stopping rules shared by the solvers.
 *
 * @param tol              relative duality-gap tolerance: stop when (objective − bound)/max(1,|objective|) ≤ tol
 * @param maxIterations    iteration limit (total inner iterations for the augmented Lagrangian)
 * @param timeLimitSeconds wall-clock limit (POSITIVE_INFINITY for none)
 * @param control          the stop request and checkpoint sink of this solve ({@link SolveControl#NONE}: none)
 */
public record SolverSettings(double tol, int maxIterations, double timeLimitSeconds, SolveControl control) {
    /** Settings without a stop request or checkpoints. */
    public SolverSettings(double tol, int maxIterations, double timeLimitSeconds) {
        this(tol, maxIterations, timeLimitSeconds, SolveControl.NONE);
    }

    public SolverSettings {
        control = control == null ? SolveControl.NONE : control;
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

    /** These settings with another control (the same limits). */
    public SolverSettings withControl(SolveControl c) {
        return new SolverSettings(tol, maxIterations, timeLimitSeconds, c);
    }

    /** Whether a stop was requested ({@link SolveControl#stopRequested}). */
    public boolean stopRequested() {
        return control.stopRequested();
    }
}
