package org.convexnn.solver;

import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.ProgramBound;

/**
 * The certified interval of one output's solve: the best primal point and its objective, and the best certified dual
 * bound (spec §3.6) with its candidate. Every Newton step offers the candidate {@code prox(u − σAᵀξ)}, the bound from
 * ξ itself (with the group norms of {@code Aᵀξ}, already at hand) and, near the tolerance or every few steps
 * ({@link NewtonRules#RESIDUAL_BOUND_NEAR}, {@link NewtonRules#RESIDUAL_BOUND_EVERY}), the bound from the loss gradient
 * at the candidate (one adjoint pass).
 */
final class CertifiedInterval {
    private final FeatureOperator op;
    private final BestBound best = new BestBound();
    private final double[] bestW;
    /** Work array of the residual bound's adjoint pass. */
    private final double[] residAdj;
    private double bestObjective;
    /** Steps since the residual bound was last computed. */
    private int sinceResidualBound;

    /** Starts from the point w (copied) with this objective, and no bound. */
    CertifiedInterval(FeatureOperator op, double objective, double[] w) {
        this.op = op;
        this.bestObjective = objective;
        this.bestW = w.clone();
        this.residAdj = new double[w.length];
    }

    /**
     * The certified bound from the dual candidate ξ (loss gradient nξ), with the group norms of Aᵀξ; offered to the
     * best bound with its candidate. Returns the bound.
     */
    double offerXi(AugmentedDual dual) {
        int n = dual.n;
        double[] scaledXi = new double[n];
        for (int i = 0; i < n; i++) {
            scaledXi[i] = n * dual.xi[i];
        }
        double lb = DualBound.lowerBound(dual.loss(), scaledXi, op.program().y().data(), n, dual.lambda,
                GroupNorms.maxPerOutput(dual.atxi, dual.p, dual.d, dual.d, 1));
        best.offer(lb, scaledXi);
        return lb;
    }

    /**
     * Offers the bounds at the last evaluation of ψ: the one from ξ and, once the gap with it is within
     * {@link NewtonRules#RESIDUAL_BOUND_NEAR} of the tolerance or every {@link NewtonRules#RESIDUAL_BOUND_EVERY}
     * steps, the one from the loss gradient at the candidate {@code dual.up}.
     *
     * @param objective the objective at the candidate
     */
    void offerBounds(AugmentedDual dual, double objective, double tol) {
        double lbXi = offerXi(dual);
        sinceResidualBound++;
        double gapXi = SolveResult.relativeGap(Math.min(objective, bestObjective), Math.max(best.value(), lbXi));
        if (sinceResidualBound >= NewtonRules.RESIDUAL_BOUND_EVERY || gapXi <= NewtonRules.RESIDUAL_BOUND_NEAR * tol) {
            ProgramBound.Evaluation res = ProgramBound.evaluateAt(op, null, dual.up, dual.pred, residAdj);
            best.offer(res.lowerBound(), res.candidate());
            sinceResidualBound = 0;
        }
    }

    /** Keeps w (copied) when its objective is below the best so far. */
    void offerPoint(double objective, double[] w) {
        if (objective < bestObjective) {
            bestObjective = objective;
            System.arraycopy(w, 0, bestW, 0, w.length);
        }
    }

    double objective() {
        return bestObjective;
    }

    double bound() {
        return best.value();
    }

    /** The certified relative gap of the interval. */
    double gap() {
        return SolveResult.relativeGap(bestObjective, best.value());
    }

    /** The best point (not copied). */
    double[] point() {
        return bestW;
    }

    /** The dual candidate of the best bound, or null. */
    double[] candidate() {
        return best.candidate();
    }
}
