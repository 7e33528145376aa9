package org.convexnn.solver;

/** How a solve ended. Only {@link #OPTIMAL} means the stopping tolerance was actually met. */
public enum SolveStatus {
    /** Relative duality gap (and, for cone-constrained programs, cone violation) within tolerance. */
    OPTIMAL,
    /** Iteration limit reached before the tolerance was met. */
    MAX_ITERATIONS,
    /** Time limit reached before the tolerance was met. */
    TIME_LIMIT,
    /** Non-finite values or a breakdown of the method. */
    NUMERICAL_ERROR,
    /** The problem has no feasible point (an interior-point solver found a certificate). */
    PRIMAL_INFEASIBLE,
    /** The dual has no feasible point: the problem is unbounded below if it is feasible (certificate found). */
    DUAL_INFEASIBLE,
    /**
     * A stop was requested ({@link SolveControl#requestStop}, e.g. SIGINT/SIGTERM in the CLI) before the tolerance
     * was met: the point is the current one and the certified bound is valid.
     */
    INTERRUPTED;

    public boolean isOptimal() {
        return this == OPTIMAL;
    }
}
