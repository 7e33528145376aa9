package org.convexnn.solver;

import org.convexnn.program.FeatureOperator;

/**
 * The interior-point method for accuracy, then a first-order polish from its point: the prox makes zero groups exactly
 * zero (interior solutions never are) and closes the certified gap in a few iterations. Reported as "ipm+fista"; its
 * bound is the better of the two solves' (capped by the polished objective) with that bound's dual candidate.
 */
public final class PolishedInteriorPoint implements ConvexSolver {
    private final FistaSettings fista;
    private final InteriorPointSettings ipm;

    /** The interior-point method with these settings, polished by plain FISTA (no working sets) with these. */
    public PolishedInteriorPoint(InteriorPointSettings ipm, FistaSettings fista) {
        this.ipm = java.util.Objects.requireNonNull(ipm, "interior-point settings");
        this.fista = java.util.Objects.requireNonNull(fista, "fista settings");
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        SolveResult first = new InteriorPointSolver(ipm).solve(program, WarmStart.NONE, settings, l);
        SolveResult polish = FistaSolver.solve(program, settings, fista, first.weights(), l);
        double firstCapped = Math.min(first.lowerBound(), polish.objective());
        boolean firstBetter = firstCapped > polish.lowerBound();
        return new SolveResult(polish.status(), polish.weights(), first.iterations() + polish.iterations(),
                first.seconds() + polish.seconds(), polish.objective(), Math.max(polish.lowerBound(), firstCapped),
                polish.maxConeViolation(), "ipm+fista", firstBetter ? first.dualCandidate() : polish.dualCandidate());
    }
}
