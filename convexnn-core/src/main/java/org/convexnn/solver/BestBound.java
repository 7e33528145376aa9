package org.convexnn.solver;

/**
 * The best dual lower bound a solver has found and the dual candidate {@code ℓ'(ŷ)} (n x c, not divided by n) that
 * gave it, so that the candidate can be certified again outside the solver ({@link SolveResult#dualCandidate}).
 */
final class BestBound {
    private double value;
    private double[] candidate;

    /** No bound yet. */
    BestBound() {
        this(Double.NEGATIVE_INFINITY, null);
    }

    /** Starts from a bound already known (and its candidate, or null). */
    BestBound(double value, double[] candidate) {
        this.value = value;
        this.candidate = candidate;
    }

    /** Keeps {@code lb} and a copy of its candidate when it is larger than the best so far. */
    void offer(double lb, double[] lossGrad) {
        if (lb > value) {
            value = lb;
            candidate = lossGrad.clone(); // a fresh copy: earlier candidates may be shared with returned results
        }
    }

    /** Keeps another solve's best bound and its candidate (not copied) when larger. */
    void offer(SolveResult r) {
        if (r.lowerBound() > value) {
            value = r.lowerBound();
            candidate = r.dualCandidate();
        }
    }

    double value() {
        return value;
    }

    /** The candidate of the best bound, or null. */
    double[] candidate() {
        return candidate;
    }
}
