package org.convexnn.solver;

import org.convexnn.program.FeatureOperator;
import org.convexnn.solver.ProgramSocp;

/**
 * The dense primal-dual interior-point method on the program written as an SOCP ({@link ProgramSocp}, spec §11.1):
 * the high-accuracy reference for small programs (squared loss). Warm starts are ignored.
 */
public final class InteriorPointSolver implements ConvexSolver {
    private final InteriorPointSettings ipm;

    /** The method with default settings. */
    public InteriorPointSolver() {
        this(InteriorPointSettings.DEFAULT);
    }

    /** The method with these settings. */
    public InteriorPointSolver(InteriorPointSettings ipm) {
        this.ipm = java.util.Objects.requireNonNull(ipm, "interior-point settings");
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return ProgramSocp.solve(program, settings, ipm, l);
    }
}
