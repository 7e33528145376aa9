package org.convexnn.solver;

import java.util.Arrays;
import org.convexnn.linalg.VectorOps;
import org.convexnn.program.FeatureOperator;

/**
 * The semismooth Newton direction on ψ ({@link AugmentedDual}): the solution of {@code (∇²f*(ξ) + σAJAᵀ) dir = −∇ψ}
 * with the generalized Hessian formed and factored by {@link NewtonSystem}, or, where that pays, conjugate gradients
 * preconditioned by the last factor. With a single-precision factor every direction is CG in double precision on it.
 * Each direction comes with {@code Aᵀdir} for the line search.
 */
final class NewtonDirection {
    private final FeatureOperator op;
    private final NewtonSystem system;
    /** Whether the next direction may try CG on the last factor (not after a refactorization at the same σ). */
    private boolean tryCg = true;

    NewtonDirection(FeatureOperator op, NewtonSystem system) {
        this.op = op;
        this.system = system;
    }

    /** σ has changed: the next direction may try CG on the last factor again. */
    void allowCg() {
        tryCg = true;
    }

    /**
     * The Newton direction at the last evaluation of ψ into dir, and {@code Aᵀdir} into atd: CG on the last factor
     * when it pays ({@link NewtonSystem#conjugateGradientsPay}); failing that, or not tried, a fresh factor (then no
     * CG again before σ changes: the active groups are moving, so an older factor would not precondition the next
     * matrix either) and a direct solve, or CG on it in single precision.
     *
     * @param gnorm ‖∇ψ‖
     * @return false when the matrix could not be factored
     */
    boolean find(AugmentedDual dual, double gnorm, double[] dir, double[] atd) {
        double sigma = dual.sigma();
        double sl = sigma * dual.lambda;
        if (system.factored() && tryCg && system.conjugateGradientsPay(sl, dual.vNorm)
                && preconditionedCg(dual, dir, atd, gnorm, NewtonRules.PCG_RTOL) >= 0) {
            return true;
        }
        int n = dual.n;
        double[] curvature = new double[n];
        for (int i = 0; i < n; i++) {
            curvature[i] = dual.curvature(i);
        }
        if (!system.factor(sigma, sl, dual.v, dual.vNorm, curvature)) {
            return false;
        }
        // a single-precision factor of this very matrix: CG on it gives about the exact direction in one or two
        // iterations; when it does not, σ has grown too far for single precision
        if (system.single() && preconditionedCg(dual, dir, atd, gnorm, NewtonRules.FRESH_RTOL) < 0) {
            if (!system.useDouble() || !system.factor(sigma, sl, dual.v, dual.vNorm, curvature)) {
                return false;
            }
        }
        if (!system.single()) {
            for (int i = 0; i < n; i++) {
                dir[i] = -dual.grad[i];
            }
            system.solve(dir);
            op.adjoint(dir, atd);
        }
        tryCg = false;
        return true;
    }

    /**
     * Inexact Newton direction by conjugate gradients on {@code (∇²f*(ξ) + σAJAᵀ) dir = −∇ψ}, preconditioned by the
     * last Cholesky factor (of the same matrix at an earlier σ and J: close to it once the active groups settle) or
     * by a fresh single-precision one, with products applied as one adjoint and one forward pass. Stops at a residual
     * of rtol·‖∇ψ‖ and accumulates {@code Aᵀdir} on the way.
     *
     * @return the CG iterations used, or −1 when {@link NewtonRules#MAX_PCG} did not reach the tolerance
     */
    private int preconditionedCg(AugmentedDual dual, double[] dir, double[] atd, double gnorm, double rtol) {
        int n = dual.n;
        int pd = dual.p * dual.d;
        double sigma = dual.sigma();
        double[] r = new double[n];
        double[] z = new double[n];
        double[] pv = new double[n];
        double[] q = new double[n];
        double[] atp = new double[pd];
        double[] jw = new double[pd];
        Arrays.fill(dir, 0.0);
        Arrays.fill(atd, 0.0);
        for (int i = 0; i < n; i++) {
            r[i] = -dual.grad[i];
        }
        System.arraycopy(r, 0, z, 0, n);
        system.solve(z);
        System.arraycopy(z, 0, pv, 0, n);
        double rz = VectorOps.dot(r, z);
        double sl = sigma * dual.lambda;
        for (int k = 1; k <= NewtonRules.MAX_PCG; k++) {
            op.adjoint(pv, atp);
            system.applyJacobian(sl, dual.v, dual.vNorm, atp, jw);
            op.forward(jw, q, null);
            for (int i = 0; i < n; i++) {
                q[i] = dual.curvature(i) * pv[i] + sigma * q[i];
            }
            double pq = VectorOps.dot(pv, q);
            if (!(pq > 0)) {
                return -1;
            }
            double alpha = rz / pq;
            for (int i = 0; i < n; i++) {
                dir[i] += alpha * pv[i];
                r[i] -= alpha * q[i];
            }
            for (int j = 0; j < atd.length; j++) {
                atd[j] += alpha * atp[j];
            }
            if (VectorOps.norm(r) <= rtol * gnorm) {
                return k;
            }
            System.arraycopy(r, 0, z, 0, n);
            system.solve(z);
            double rzNew = VectorOps.dot(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < n; i++) {
                pv[i] = z[i] + beta * pv[i];
            }
        }
        return -1;
    }
}
