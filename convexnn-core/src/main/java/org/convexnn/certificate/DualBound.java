package org.convexnn.certificate;

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
}
