package org.convexnn.solver;

import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.LossState;

/**
 * The upper end of the regularization path (spec §3.8) in the public convention (§1.0): W = 0 is optimal for the
 * program iff λ ≥ λ_max := γ(G₀), where {@code G₀ = adjoint(ℓ'(0)/n)} is the gradient of the mean loss at W = 0 and
 * γ is the dual-constraint value the solvers certify with — the largest group norm for gated programs, the largest
 * cone-projection norm {@code ‖Π_{K_D}(·)‖} for cone-constrained ones (spec §3.6).
 */
public final class LambdaMax {
    private LambdaMax() {
    }

    /** λ_max of the operator's program (its own λ is irrelevant). */
    public static double of(FeatureOperator op) {
        ConvexProgram prog = op.program();
        double[] g = zeroGradient(op);
        if (prog.coneConstrained()) {
            return ConeChecks.gamma(prog, new ConeProjection(prog.x()), g);
        }
        return GroupNorms.max(g, prog.groups(), prog.d(), prog.d());
    }

    /** The mean loss at zero prediction: ½ mean ‖y‖² (squared) or log 2 (logistic). */
    public static double lossAtZero(ConvexProgram prog) {
        double[] y = prog.y().data();
        return prog.loss().sum(new double[y.length], y) / prog.n();
    }

    /**
     * The certified result of spec §3.8 for λ ≥ λ_max: W = 0, objective {@code L(0)}, and the dual bound of the
     * candidate ℓ'(0) (equal to L(0) up to rounding, since γ(ℓ'(0)) = λ_max ≤ λ), without running a solver.
     */
    public static SolveResult zeroSolution(FeatureOperator op, double lambdaMax) {
        ConvexProgram prog = op.program();
        if (prog.lambda() < lambdaMax) {
            throw new IllegalArgumentException("λ = " + prog.lambda() + " is below λ_max = " + lambdaMax);
        }
        long start = System.nanoTime();
        double[] y = prog.y().data();
        double[] lossGrad = new double[y.length];
        LossState.derivative(prog.loss(), new double[y.length], y, 1.0, lossGrad);
        double lb = DualBound.lowerBound(prog.loss(), lossGrad, y, prog.n(), prog.lambda(), lambdaMax);
        double obj = lossAtZero(prog);
        SolveStatus status = SolveResult.relativeGap(obj, lb) <= 1e-12 ? SolveStatus.OPTIMAL
                : SolveStatus.NUMERICAL_ERROR;
        return new SolveResult(status, new double[prog.groups() * prog.d()], 0, (System.nanoTime() - start) / 1e9, obj,
                Math.min(lb, obj), 0.0, "closed-form", lossGrad);
    }

    private static double[] zeroGradient(FeatureOperator op) {
        ConvexProgram prog = op.program();
        double[] y = prog.y().data();
        double[] r = new double[y.length];
        LossState.derivative(prog.loss(), new double[y.length], y, 1.0 / prog.n(), r);
        double[] g = new double[prog.groups() * prog.d()];
        op.adjoint(r, g);
        return g;
    }
}
