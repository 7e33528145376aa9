package org.convexnn.solver;

import org.convexnn.program.FeatureOperator;

/**
 * The interior-point method for accuracy, then a first-order polish from its point: the prox makes zero groups exactly
 * zero (interior solutions never are) and closes the certified gap in a few iterations. Reported as "ipm+fista"; its
 * bound is the better of the two solves' (capped by the polished objective) with that bound's dual candidate.
 */
public final class PolishedInteriorPoint implements ConvexSolver {
    private final FistaSettings fista;

    /** The polish runs plain FISTA (no working sets) with these settings. */
    public PolishedInteriorPoint(FistaSettings fista) {
        this.fista = java.util.Objects.requireNonNull(fista, "fista settings");
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        SolveResult ipm = new InteriorPointSolver().solve(program, WarmStart.NONE, settings, l);
        SolveResult polish = FistaSolver.solve(program, settings, fista, ipm.weights(), l);
        double ipmCapped = Math.min(ipm.lowerBound(), polish.objective());
        boolean ipmBetter = ipmCapped > polish.lowerBound();
        return new SolveResult(polish.status(), polish.weights(), ipm.iterations() + polish.iterations(),
                ipm.seconds() + polish.seconds(), polish.objective(), Math.max(polish.lowerBound(), ipmCapped),
                polish.maxConeViolation(), "ipm+fista", ipmBetter ? ipm.dualCandidate() : polish.dualCandidate());
    }
}
