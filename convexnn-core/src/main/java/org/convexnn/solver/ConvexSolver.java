package org.convexnn.solver;

import org.convexnn.program.FeatureOperator;

/**
 * A method that solves a convex program (spec §11): given the program's operator (which carries the program: data,
 * patterns, loss, regulariser and λ), a warm start, the stopping rules and a listener, it returns a {@link
 * SolveResult} with a status, a point and its own best bound. It never throws for non-convergence (that is a
 * status); it throws {@link IllegalArgumentException} for programs it does not solve. Its result names the method as
 * the summary reports it ({@link SolveResult#solver}). Implementations are immutable
 * and hold their own settings (for example {@link FistaSettings}); there are no hidden switches.
 *
 * <p>The bound a fit reports is not the solver's: {@code org.convexnn.certificate.ProgramCertificate} recomputes it
 * from the returned point and dual candidate.
 */
public interface ConvexSolver {

    /**
     * Solves the program of {@code program}.
     *
     * @param program  the program's feature operator ({@link FeatureOperator#program()} is the program)
     * @param warm     starting point ({@link WarmStart#NONE} for the method's own start); methods without warm
     *                 starts ignore it
     * @param settings stopping rules
     * @param listener progress, per iteration
     */
    SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener listener);
}
