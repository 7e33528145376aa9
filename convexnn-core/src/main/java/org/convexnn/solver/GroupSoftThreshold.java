package org.convexnn.solver;

/**
 * The group soft-threshold (spec §11.2), the prox of {@code τ Σ_b ‖w_b‖}: {@code prox(w)_b = (1 − τ/‖w_b‖)₊ w_b} on
 * P groups of d coordinates, applied to a point on a line {@code w = base − step·shift} without forming it unless
 * asked.
 */
final class GroupSoftThreshold {
    private GroupSoftThreshold() {
    }

    /**
     * Returns {@code Σ_b ‖prox(w)_b‖²} for {@code w = base − step·shift} and threshold τ; when {@code normOut} is
     * given, also stores w in {@code wOut}, its group norms in {@code normOut} and prox(w) in {@code proxOut}.
     *
     * @param wOut    w, or null (then the other two are null too)
     * @param normOut the P group norms of w, or null
     * @param proxOut prox(w), or null
     */
    static double apply(int p, int d, double threshold, double[] base, double[] shift, double step, double[] wOut,
                        double[] normOut, double[] proxOut) {
        double sq = 0;
        for (int b = 0; b < p; b++) {
            int o = b * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                double wj = base[o + j] - step * shift[o + j];
                if (wOut != null) {
                    wOut[o + j] = wj;
                }
                s += wj * wj;
            }
            double nw = Math.sqrt(s);
            double f = nw > threshold ? 1.0 - threshold / nw : 0.0;
            if (normOut != null) {
                normOut[b] = nw;
                for (int j = 0; j < d; j++) {
                    proxOut[o + j] = f * wOut[o + j];
                }
            }
            sq += f * f * s;
        }
        return sq;
    }
}
