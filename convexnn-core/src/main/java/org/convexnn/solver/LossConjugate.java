package org.convexnn.solver;

import org.convexnn.program.Loss;

/**
 * The loss part of the dual of a one-output program (spec §3.6): {@code f*(ξ)} for {@code f(z) = (1/n) Σ_j ℓ(z_j, y_j)},
 * with its gradient, its (diagonal) Hessian and, for the logistic loss, its domain.
 * <ul>
 *   <li>squared: {@code f*(ξ) = ⟨ξ, y⟩ + (n/2)‖ξ‖²}, gradient {@code y + nξ}, curvature n;</li>
 *   <li>logistic: with {@code t_j = −n y_j ξ_j ∈ [0, 1]}, {@code f*(ξ) = (1/n) Σ [t log t + (1−t) log(1−t)]}
 *       (+∞ outside), gradient {@code −y_j log(t_j/(1−t_j))}, curvature {@code n/(t_j(1−t_j))}.</li>
 * </ul>
 * At {@code ξ = ℓ'(ŷ)/n} the gradient is the prediction ŷ, which is what makes ξ the natural dual iterate.
 */
final class LossConjugate {
    private final boolean logistic;
    private final double[] y;
    private final int n;

    LossConjugate(Loss loss, double[] y) {
        this.logistic = loss == Loss.LOGISTIC;
        this.y = y;
        this.n = y.length;
    }

    /** Whether the domain is bounded (logistic loss), so steps must stay inside it. */
    boolean bounded() {
        return logistic;
    }

    /** f*(ξ); +∞ outside the domain. */
    double value(double[] xi) {
        double s = 0;
        if (!logistic) {
            for (int i = 0; i < n; i++) {
                s += xi[i] * y[i] + 0.5 * n * xi[i] * xi[i];
            }
            return s;
        }
        for (int i = 0; i < n; i++) {
            double t = -n * y[i] * xi[i];
            if (!(t >= 0 && t <= 1)) {
                return Double.POSITIVE_INFINITY;
            }
            s += entropy(t) + entropy(1 - t);
        }
        return s / n;
    }

    /** ∇f*(ξ) into out. */
    void gradient(double[] xi, double[] out) {
        for (int i = 0; i < n; i++) {
            if (logistic) {
                double t = interior(-n * y[i] * xi[i]);
                out[i] = -y[i] * Math.log(t / (1 - t));
            } else {
                out[i] = y[i] + n * xi[i];
            }
        }
    }

    /** The i-th diagonal entry of ∇²f*(ξ). */
    double curvature(double[] xi, int i) {
        if (!logistic) {
            return n;
        }
        double t = interior(-n * y[i] * xi[i]);
        return n / (t * (1 - t));
    }

    /** The largest step along dir from ξ that stays in the domain (+∞ for the squared loss). */
    double stepToBoundary(double[] xi, double[] dir) {
        if (!logistic) {
            return Double.POSITIVE_INFINITY;
        }
        double max = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double t = -n * y[i] * xi[i];
            double dt = -n * y[i] * dir[i];
            if (dt > 0) {
                max = Math.min(max, (1 - t) / dt);
            } else if (dt < 0) {
                max = Math.min(max, -t / dt);
            }
        }
        return max;
    }

    /** Logistic: moves each t_j into [1e-12, 1 − 1e-12] (a starting point strictly inside); squared: nothing. */
    void moveInside(double[] xi) {
        if (!logistic) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double t = Math.min(1 - 1e-12, Math.max(1e-12, -n * y[i] * xi[i]));
            xi[i] = -t * y[i] / n;
        }
    }

    /**
     * t itself when inside (0, 1), else the nearest double inside: only a step that rounding carried onto the
     * boundary is moved, so the gradient and curvature stay those of f* (t legitimately gets far below 1e-15).
     */
    private static double interior(double t) {
        return t <= 0 ? Double.MIN_NORMAL : t >= 1 ? Math.nextDown(1.0) : t;
    }

    private static double entropy(double t) {
        return t > 0 ? t * Math.log(t) : 0.0;
    }
}
