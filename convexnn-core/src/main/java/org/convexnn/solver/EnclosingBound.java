package org.convexnn.solver;

import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;

/**
 * The enclosing program's lower bound from a sub-program's dual candidates (spec §3.6): for a candidate
 * {@code ℓ'(ŷ)} the enclosing program's dual-constraint value is the larger of the sub-program's (computed by the
 * solver anyway) and that of the groups outside it — one adjoint pass over the outside patterns only. Used by
 * {@link WorkingSetSolver} so that the bound of the whole program moves during a round, not only between rounds.
 */
final class EnclosingBound {
    /**
     * Iterations between certifications on the enclosing program when the outside is no larger than the sub-program;
     * a larger outside is certified proportionally less often, so that it costs about a tenth of the sub-solve.
     */
    static final int EVERY = 10;

    private final ConvexProgram whole;
    private final FeatureOperator outside;
    private final ConeProjection projection;
    private final double tol;
    private final double[] scaled;
    private final double[] grad;
    private final int every;
    private final BestBound best;

    /**
     * @param whole      the enclosing program
     * @param outside    operator of the sub-program over the patterns outside the working set, or null when none is
     * @param projection exact cone projections over the whole program's data (cone programs), or null
     * @param tol        relative gap at which the enclosing program counts as solved
     * @param start      a lower bound of the enclosing program already known, with its dual candidate
     */
    EnclosingBound(ConvexProgram whole, FeatureOperator outside, ConeProjection projection, double tol,
                   BestBound start) {
        this.whole = whole;
        this.outside = outside;
        this.projection = projection;
        this.tol = tol;
        this.best = new BestBound(start.value(), start.candidate());
        int n = whole.n();
        this.scaled = new double[n * whole.outputs()];
        this.grad = outside == null ? null : new double[outside.program().groups() * whole.d()];
        int rest = outside == null ? 0 : outside.program().patterns().size();
        int inside = whole.patterns().size() - rest;
        this.every = (int) Math.max(EVERY, Math.ceil(EVERY * (double) rest / Math.max(1, inside)));
    }

    /** Whether iteration {@code iter} of the sub-solve certifies its candidate here. */
    boolean due(int iter) {
        return iter == 1 || iter % every == 0;
    }

    /**
     * Certifies a candidate on the enclosing program.
     *
     * @param lossGrad {@code ℓ'(ŷ)} (n x c, not divided by n)
     * @param subGamma per output, the candidate's dual-constraint value over the sub-program's groups
     */
    void offer(double[] lossGrad, double[] subGamma) {
        int n = whole.n();
        double[] gamma = subGamma.clone();
        if (outside != null) {
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = lossGrad[i] / n;
            }
            outside.adjoint(scaled, grad);
            ConvexProgram out = outside.program();
            double[] rest = projection != null ? ConeChecks.gammaPerOutput(out, projection, grad)
                    : GroupNorms.maxPerOutput(grad, out.groups(), out.d(), out.d(), out.outputs());
            for (int k = 0; k < gamma.length; k++) {
                gamma[k] = Math.max(gamma[k], rest[k]);
            }
        }
        best.offer(DualBound.lowerBound(whole.loss(), lossGrad, whole.y().data(), n, whole.lambda(), gamma), lossGrad);
    }

    /** Best lower bound of the enclosing program so far. */
    double lowerBound() {
        return best.value();
    }

    /** The best bound so far with its candidate. */
    BestBound best() {
        return best;
    }

    /** Whether the enclosing program's relative gap at this objective is within the tolerance. */
    boolean closed(double objective) {
        return SolveResult.relativeGap(objective, best.value()) <= tol;
    }
}
