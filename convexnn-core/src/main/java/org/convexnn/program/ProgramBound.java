package org.convexnn.program;

import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;

/**
 * The certified lower bound of a program at an arbitrary point (spec §3.6, §10.1): the dual candidate is the loss
 * gradient at the point's predictions, scaled into the dual-feasible set with the exact cone γ (cone programs) or
 * the max group norm (gated), one scale per output ({@link DualBound#lowerBound(org.convexnn.program.Loss, double[],
 * double[], int, double, double[])}); programs with free bias parts use the free-bias bound. Public so that stages
 * outside the solvers (column generation, gated decomposition) can certify their points.
 */
public final class ProgramBound {
    private ProgramBound() {
    }

    /** Predictions at w (n x c), with the optimal free output bias added when the program has one. */
    public static double[] predictions(FeatureOperator op, double[] w) {
        ConvexProgram prog = op.program();
        double[] pred = new double[prog.n() * prog.outputs()];
        op.forward(w, pred, null);
        if (prog.outputBias()) {
            OutputBias.shift(pred, prog.y().data(), prog.n(), prog.outputs());
        }
        return pred;
    }

    /** r = ℓ'(ŷ, y)/n at w's predictions (n x c). */
    public static double[] scaledResidual(FeatureOperator op, double[] w) {
        ConvexProgram prog = op.program();
        double[] pred = predictions(op, w);
        double[] r = new double[pred.length];
        LossState.derivative(prog.loss(), pred, prog.y().data(), 1.0 / prog.n(), r);
        return r;
    }

    /** Convex objective at w (the recovered network's objective when w is feasible). */
    public static double objective(FeatureOperator op, double[] w) {
        ConvexProgram prog = op.program();
        double[] pred = predictions(op, w);
        return LossState.mean(prog.loss(), pred, prog.y().data(), prog.n())
                + prog.lambda() * GroupNorms.sum(w, prog.groups(), prog.d(), prog.penalized());
    }

    /** Max cone violation of w (0 for gated programs). */
    public static double maxConeViolation(FeatureOperator op, double[] w) {
        return op.program().coneConstrained() ? ConeChecks.maxViolation(op, w) : 0.0;
    }

    /** The certified lower bound on the program's optimum from the dual candidate at w. */
    public static double lowerBound(FeatureOperator op, double[] w) {
        return atPoint(op, cone(op.program()), w).lowerBound();
    }

    /** Exact projections onto the patterns' cones for a cone program, null for a gated one. */
    public static ConeProjection cone(ConvexProgram prog) {
        return prog.coneConstrained() ? new ConeProjection(prog.x()) : null;
    }

    /**
     * Objective and certified lower bound at w from one forward pass, for every program: the loss gradient at w's
     * predictions is the candidate, taken through {@link FreeBiasBound} when the program has free bias parts.
     *
     * @param cone {@link #cone} of the program
     */
    public static Evaluation atPoint(FeatureOperator op, ConeProjection cone, double[] w) {
        ConvexProgram prog = op.program();
        double[] pred = predictions(op, w);
        if (!FreeBiasBound.needed(prog)) {
            return evaluateAt(op, cone, w, pred, new double[prog.groups() * prog.d()]);
        }
        double objective = LossState.mean(prog.loss(), pred, prog.y().data(), prog.n())
                + prog.lambda() * GroupNorms.sum(w, prog.groups(), prog.d(), prog.penalized());
        double[] lossGrad = new double[pred.length];
        LossState.derivative(prog.loss(), pred, prog.y().data(), 1.0, lossGrad);
        return new Evaluation(objective, new FreeBiasBound(op, cone).lowerBound(lossGrad), lossGrad);
    }

    /**
     * The certified lower bound on the program's optimum from any dual candidate {@code ℓ'(ŷ)} (n x c, not divided by
     * n; spec §3.6, §10.1): with a free output bias or an unregularized first-layer bias it is first made to meet the
     * free parts' dual constraints ({@link FreeBiasBound}: centred for {@code 1ᵀλ = 0}, spec §6 B3, or projected, B2);
     * otherwise it is scaled into the dual-feasible set, {@code max_g ‖Φ_gᵀ λ‖ ≤ λ} (the polar of the
     * cone-constrained group norm for cone programs). Whatever the candidate, the result is a valid bound; −∞ for a candidate with
     * non-finite entries.
     *
     * @param candidate not modified
     */
    public static double lowerBoundOf(FeatureOperator op, double[] candidate) {
        return lowerBoundOf(op, cone(op.program()), candidate);
    }

    /** {@link #lowerBoundOf(FeatureOperator, double[])} with the program's {@link #cone} at hand. */
    public static double lowerBoundOf(FeatureOperator op, ConeProjection cone, double[] candidate) {
        ConvexProgram prog = op.program();
        int n = prog.n();
        if (candidate == null || candidate.length != n * prog.outputs()) {
            return Double.NEGATIVE_INFINITY;
        }
        for (double v : candidate) {
            if (!Double.isFinite(v)) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        if (FreeBiasBound.needed(prog)) {
            return new FreeBiasBound(op, cone).lowerBound(candidate);
        }
        double[] lossGrad = candidate;
        double[] scaled = new double[lossGrad.length];
        double inv = 1.0 / n;
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = lossGrad[i] * inv;
        }
        double[] grad = new double[prog.groups() * prog.d()];
        op.adjoint(scaled, grad);
        double[] gamma = regularizer(prog, cone).dualConstraint(grad);
        double lb = DualBound.lowerBound(prog.loss(), lossGrad, prog.y().data(), n, prog.lambda(), gamma);
        return Double.isNaN(lb) ? Double.NEGATIVE_INFINITY : lb;
    }

    /** Objective and certified lower bound at one point, with the bound's dual candidate {@code ℓ'(ŷ)} (n x c). */
    public record Evaluation(double objective, double lowerBound, double[] candidate) {
    }

    /**
     * Objective and certified lower bound at w from one forward and one adjoint pass, for programs without free bias
     * parts; {@code grad} (G x d) receives the loss gradient {@code ∇f(w) = Mᵀℓ'(ŷ)/n}, whose group norms rank the
     * groups' KKT violations.
     *
     * @param cone exact cone projections for a cone program, null for a gated one
     */
    public static Evaluation evaluate(FeatureOperator op, ConeProjection cone, double[] w, double[] grad) {
        ConvexProgram prog = op.program();
        if (FreeBiasBound.needed(prog)) {
            throw new IllegalArgumentException("programs with free bias parts are certified by FreeBiasBound");
        }
        return evaluateAt(op, cone, w, predictions(op, w), grad);
    }

    /**
     * {@link #evaluate} when the predictions at w are already at hand (one adjoint pass, no forward pass).
     *
     * @param pred the predictions at w (n x c), as {@link #predictions} gives them; not modified
     */
    public static Evaluation evaluateAt(FeatureOperator op, ConeProjection cone, double[] w, double[] pred,
                                 double[] grad) {
        ConvexProgram prog = op.program();
        int n = prog.n();
        int d = prog.d();
        double[] y = prog.y().data();
        double objective = LossState.mean(prog.loss(), pred, y, n)
                + prog.lambda() * GroupNorms.sum(w, prog.groups(), d, prog.penalized());
        double[] lossGrad = new double[pred.length];
        LossState.derivative(prog.loss(), pred, y, 1.0 / n, lossGrad);
        op.adjoint(lossGrad, grad);
        double[] gamma = regularizer(prog, cone).dualConstraint(grad);
        LossState.derivative(prog.loss(), pred, y, 1.0, lossGrad);
        return new Evaluation(objective, DualBound.lowerBound(prog.loss(), lossGrad, y, n, prog.lambda(), gamma),
                lossGrad);
    }

    /** The program's regulariser with the cone projections at hand (null for a gated program). */
    static Regularizer regularizer(ConvexProgram prog, ConeProjection cone) {
        return cone != null ? new ConeConstrainedGroupL2(prog, cone) : new GroupL2(prog);
    }
}
