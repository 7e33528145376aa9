package org.convexnn.solver;

import org.convexnn.linalg.VectorOps;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.LossState;

/**
 * The function Newton minimises on one output (spec §4, the gated group lasso {@code min_u f(Au) + λ Σ_i ‖u_i‖}): the
 * augmented Lagrangian of the dual {@code min f*(ξ) + p*(z) s.t. Aᵀξ + z = 0}, minimised over z in closed form,
 * <pre>  ψ(ξ) = f*(ξ) + ‖prox_{σλ‖·‖}(u − σAᵀξ)‖²/(2σ),   ∇ψ(ξ) = ∇f*(ξ) − A·prox(u − σAᵀξ),</pre>
 * with its state: the multiplier u (the primal point), the penalty σ, the dual iterate ξ and {@code Aᵀξ}, and what an
 * evaluation leaves for the Newton direction and the certificate: {@code v = u − σAᵀξ}, its group norms,
 * {@code prox(v)} (the candidate primal point), {@code A·prox(v)} and ∇ψ. Also the Armijo line search on ψ.
 */
final class AugmentedDual {
    private final FeatureOperator op;
    private final LossConjugate conjugate;
    private final Loss loss;
    private final double[] y;
    final int n;
    final int d;
    final int p;
    final double lambda;
    /** The multiplier: the primal point, P x d. */
    final double[] u;
    /** The dual iterate, n. */
    final double[] xi;
    /** Aᵀξ, P x d. */
    final double[] atxi;
    /** v = u − σAᵀξ at the last evaluation, and its P group norms. */
    final double[] v;
    final double[] vNorm;
    /** prox(v), the candidate primal point, and A·prox(v) (or A·u after {@link #startAtPrimal}). */
    final double[] up;
    final double[] pred;
    /** ∇ψ at the last evaluation. */
    final double[] grad;
    private double sigma;

    /** @param warmStart P x d starting multiplier, or null for zero */
    AugmentedDual(FeatureOperator op, double[] warmStart) {
        this.op = op;
        ConvexProgram prog = op.program();
        this.n = prog.n();
        this.d = prog.d();
        this.p = prog.patterns().size();
        this.lambda = prog.lambda();
        this.loss = prog.loss();
        this.y = prog.y().data();
        this.conjugate = new LossConjugate(loss, y);
        this.u = warmStart != null ? warmStart.clone() : new double[p * d];
        this.xi = new double[n];
        this.atxi = new double[p * d];
        this.v = new double[p * d];
        this.vNorm = new double[p];
        this.up = new double[p * d];
        this.pred = new double[n];
        this.grad = new double[n];
    }

    Loss loss() {
        return loss;
    }

    double sigma() {
        return sigma;
    }

    void setSigma(double sigma) {
        this.sigma = sigma;
    }

    /**
     * ξ = ℓ'(Au)/n at the multiplier (moved inside the conjugate's domain for the logistic loss) and Aᵀξ; leaves
     * {@code pred = Au}.
     */
    void startAtPrimal() {
        op.forward(u, pred, null);
        LossState.derivative(loss, pred, y, 1.0 / n, xi);
        conjugate.moveInside(xi);
        op.adjoint(xi, atxi);
    }

    /** The program's objective at w, whose predictions are {@link #pred}. */
    double objective(double[] w) {
        return LossState.mean(loss, pred, y, n) + lambda * GroupNorms.sum(w, p, d, d);
    }

    /**
     * Scales ξ into the dual-feasible set, {@code ‖Aᵀξ‖ ≤ λ} on every group (inside the logistic domain too, which
     * holds 0): at the previous λ's optimum, prox(u − σAᵀξ) is then about u whatever σ, so a larger σ₀ does not throw
     * the first iterate far from a warm start (the bound from ξ is unchanged: it scales the same way).
     */
    void scaleIntoDualFeasibleSet() {
        double gamma = GroupNorms.maxPerOutput(atxi, p, d, d, 1)[0];
        if (gamma > lambda) {
            double f = lambda / gamma;
            for (int i = 0; i < n; i++) {
                xi[i] *= f;
            }
            for (int j = 0; j < atxi.length; j++) {
                atxi[j] *= f;
            }
        }
    }

    /** At the current ξ: v, its norms, up = prox(v), pred = A·up, ∇ψ; returns ψ. */
    double evaluate() {
        double upSq = GroupSoftThreshold.apply(p, d, sigma * lambda, u, atxi, sigma, v, vNorm, up);
        op.forward(up, pred, null);
        conjugate.gradient(xi, grad);
        for (int i = 0; i < n; i++) {
            grad[i] -= pred[i];
        }
        return upSq / (2 * sigma) + conjugate.value(xi);
    }

    /** ‖∇ψ‖ at the last evaluation. */
    double gradientNorm() {
        return VectorOps.norm(grad);
    }

    /** The i-th diagonal entry of ∇²f*(ξ). */
    double curvature(int i) {
        return conjugate.curvature(xi, i);
    }

    /** The directional derivative {@code ∇ψᵀdir}. */
    double slope(double[] dir) {
        return VectorOps.dot(grad, dir);
    }

    /**
     * Armijo backtracking on ψ along dir from ψ(ξ) = {@code psi} with slope {@code slope < 0}, starting inside the
     * domain of f* ({@link NewtonRules#TO_BOUNDARY}); returns the step.
     *
     * @param atd Aᵀdir: ψ along the line needs no operator pass (v moves along −σtAᵀdir)
     */
    double lineSearch(double psi, double slope, double[] dir, double[] atd) {
        double t = Math.min(1.0, NewtonRules.TO_BOUNDARY * conjugate.stepToBoundary(xi, dir));
        double[] xiTrial = new double[n];
        while (true) {
            for (int i = 0; i < n; i++) {
                xiTrial[i] = xi[i] + t * dir[i];
            }
            double trial = GroupSoftThreshold.apply(p, d, sigma * lambda, v, atd, sigma * t, null, null, null)
                    / (2 * sigma) + conjugate.value(xiTrial);
            if (trial <= psi + NewtonRules.ARMIJO * t * slope || t < NewtonRules.MIN_STEP) {
                return t;
            }
            t *= 0.5;
        }
    }

    /** ξ ← ξ + t·dir and Aᵀξ ← Aᵀξ + t·Aᵀdir. */
    void move(double t, double[] dir, double[] atd) {
        for (int i = 0; i < n; i++) {
            xi[i] += t * dir[i];
        }
        for (int j = 0; j < atxi.length; j++) {
            atxi[j] += t * atd[j];
        }
    }

    /** The multiplier update {@code u ← prox(u − σAᵀξ)}: a proximal-point step on the primal. */
    void updateMultiplier() {
        System.arraycopy(up, 0, u, 0, u.length);
    }
}
