package org.convexnn.solver.ipm;

/** How a {@link ConicSolver} run ended; the caller maps it to its own status. */
public enum ConicStatus {
    /** Residuals and gap within the tolerances. */
    OPTIMAL,
    /** A certificate (y, z) of primal infeasibility was found. */
    PRIMAL_INFEASIBLE,
    /** A certificate (x, s) of dual infeasibility (primal unboundedness) was found. */
    DUAL_INFEASIBLE,
    /** Iteration limit reached first. */
    MAX_ITERATIONS,
    /** Deadline reached first. */
    TIME_LIMIT,
    /** A stop was requested ({@link ConicSolver.Settings#interrupt}) before the tolerances were met. */
    INTERRUPTED,
    /** Non-finite values, a failed factorisation or a vanishing step. */
    NUMERICAL_ERROR
}
