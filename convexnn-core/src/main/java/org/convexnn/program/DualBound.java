package org.convexnn.program;

import org.convexnn.program.Loss;

/**
 * The certified lower bound of spec §3.6 / §10.1 in the public convention (§1.0). Given the loss gradient
 * {@code g = ℓ'(ŷ)} at any prediction and an upper bound γ on the dual-constraint value of {@code g/n}
 * (max group norm for gated programs, max cone-projection norm for cone programs), the point {@code s·g} with
 * {@code s ∈ [0, min(1, λ/γ)]} is dual feasible, so {@code −L*(s g)/n ≤ p*} by weak duality. The scale s is
 * chosen to maximise the bound.
 */
public final class DualBound {
    private DualBound() {
    }

    /**
     * @param loss     the loss
     * @param lossGrad ℓ'(ŷ, y) entrywise (n x c), not divided by n
     * @param y        targets (n x c)
     * @param n        number of samples
     * @param lambda   λ
     * @param gamma    dual-constraint value of lossGrad/n (≥ 0)
     * @return the lower bound (public convention)
     */
    public static double lowerBound(Loss loss, double[] lossGrad, double[] y, int n, double lambda, double gamma) {
        double sMax = gamma <= lambda ? 1.0 : lambda / gamma;
        double s = loss.bestScale(lossGrad, y, sMax);
        double v = loss.negConjugate(lossGrad, y, s) / n;
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    /**
     * The bound with one scale per output: when every group belongs to one output and the loss is a sum over
     * entries (squared, logistic), the dual constraints of the c columns of the candidate are separate and so is
     * the dual objective, so column k may be scaled by its own {@code s_k ∈ [0, min(1, λ/γ_k)]} (spec §3.6; the
     * program is the sum of the c scalar programs, spec §12 O-N5, and so is this bound). The
     * result is never below the single-scale bound with {@code γ = max_k γ_k}, and equals it when c = 1.
     *
     * @param lossGrad ℓ'(ŷ, y) entrywise (n x c, row-major), not divided by n
     * @param y        targets (n x c)
     * @param gamma    per output k, the dual-constraint value of column k of lossGrad/n
     */
    public static double lowerBound(Loss loss, double[] lossGrad, double[] y, int n, double lambda, double[] gamma) {
        int c = gamma.length;
        if (c == 1) {
            return lowerBound(loss, lossGrad, y, n, lambda, gamma[0]);
        }
        double[] gk = new double[n];
        double[] yk = new double[n];
        double sum = 0;
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < n; i++) {
                gk[i] = lossGrad[i * c + k];
                yk[i] = y[i * c + k];
            }
            sum += lowerBound(loss, gk, yk, n, lambda, gamma[k]);
        }
        return sum;
    }
}
