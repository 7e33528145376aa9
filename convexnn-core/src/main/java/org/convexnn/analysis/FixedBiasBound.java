package org.convexnn.analysis;

import org.convexnn.program.Loss;

/**
 * The weak-duality bound of spec §10.1 step 3 with the output bias b2 held fixed: the loss is {@code ℓ(z + b2, y)},
 * whose conjugate is {@code L*(ν) − νᵀb2}, so the bound at scale s is {@code [−L*(s g) + s gᵀb2]/n}, maximised over
 * {@code s ∈ [0, sMax]}, {@code sMax = min(1, λ/Γ)}.
 *
 * @param lowerBound   the best bound found (a lower bound on the optimum when Γ is valid)
 * @param scale        the scale s that attains it
 * @param atResidual   the same value at s = 1, {@code −L*_{b2}(g)/n}: equal to J at a stationary point (spec §10.2 (ii))
 */
record FixedBiasBound(double lowerBound, double scale, double atResidual) {

    /**
     * @param g  the dual point ℓ'(ŷ) (n x c, row-major, not divided by n)
     * @param y  the targets (n x c, row-major)
     * @param b2 the fixed output bias (c)
     */
    static FixedBiasBound of(Loss loss, double[] g, double[] y, double[] b2, int n, int c, double sMax) {
        double gb = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                gb += g[i * c + k] * b2[k];
            }
        }
        double[] scale = new double[1];
        double lb = best(loss, g, y, b2, c, n, gb, sMax, scale);
        return new FixedBiasBound(lb, scale[0], value(loss, g, y, gb, n, 1.0));
    }

    /** {@code [−L*(s g) + s gᵀb2]/n} (−∞ outside the conjugate's domain). */
    private static double value(Loss loss, double[] g, double[] y, double gb, int n, double s) {
        double v = (loss.negConjugate(g, y, s) + s * gb) / n;
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static double best(Loss loss, double[] g, double[] y, double[] b2, int c, int n, double gb, double sMax,
                               double[] scaleOut) {
        if (loss == Loss.SQUARED) {
            // ℓ(z + b, y) = ℓ(z, y − b): the loss's own best scale with shifted targets
            double[] ys = y.clone();
            for (int i = 0; i < ys.length; i++) {
                ys[i] -= b2[i % c];
            }
            double s = loss.bestScale(g, ys, sMax);
            scaleOut[0] = s;
            return value(loss, g, ys, 0, n, s);
        }
        if (gb == 0) {
            scaleOut[0] = loss.bestScale(g, y, sMax);
            return value(loss, g, y, 0, n, scaleOut[0]);
        }
        // concave in s: golden-section search on [0, sMax], keeping the best evaluated point
        double lo = 0;
        double hi = sMax;
        double phi = (Math.sqrt(5) - 1) / 2;
        double bestS = 0;
        double best = value(loss, g, y, gb, n, 0);
        double vEnd = value(loss, g, y, gb, n, sMax);
        if (vEnd > best) {
            best = vEnd;
            bestS = sMax;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double a = hi - phi * (hi - lo);
            double b = lo + phi * (hi - lo);
            double fa = value(loss, g, y, gb, n, a);
            double fb = value(loss, g, y, gb, n, b);
            if (fa > best) {
                best = fa;
                bestS = a;
            }
            if (fb > best) {
                best = fb;
                bestS = b;
            }
            if (fa < fb) {
                lo = a;
            } else {
                hi = b;
            }
        }
        scaleOut[0] = bestS;
        return best;
    }
}
