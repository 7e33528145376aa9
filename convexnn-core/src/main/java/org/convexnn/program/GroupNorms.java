package org.convexnn.program;

/**
 * Allocation-free kernels on the variable matrix W (G x d, row g is group g): group ℓ2 norms and the group
 * soft-threshold prox {@code w_g ← (1 − t/‖w_g‖)₊ w_g} (spec §11.2).
 */
public final class GroupNorms {
    private GroupNorms() {
    }

    /** Σ_g ‖w_g‖ over the first {@code penalized} coordinates of each group. */
    public static double sum(double[] w, int groups, int d, int penalized) {
        double s = 0;
        for (int g = 0; g < groups; g++) {
            s += norm(w, g, d, penalized);
        }
        return s;
    }

    /** ‖w_g‖ over the first {@code penalized} coordinates. */
    public static double norm(double[] w, int g, int d, int penalized) {
        double s = 0;
        int o = g * d;
        for (int j = 0; j < penalized; j++) {
            double v = w[o + j];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** max_g ‖w_g‖. */
    public static double max(double[] w, int groups, int d, int penalized) {
        double m = 0;
        for (int g = 0; g < groups; g++) {
            m = Math.max(m, norm(w, g, d, penalized));
        }
        return m;
    }

    /**
     * Per output k, the largest norm over the groups of that output (group g belongs to output g mod c): the
     * dual-constraint values of the c columns of a dual candidate (spec §3.6).
     */
    public static double[] maxPerOutput(double[] w, int groups, int d, int penalized, int c) {
        double[] m = new double[c];
        for (int g = 0; g < groups; g++) {
            m[g % c] = Math.max(m[g % c], norm(w, g, d, penalized));
        }
        return m;
    }

    /**
     * out = prox_{t Σ‖·‖}(in): group soft-threshold on the penalised coordinates; unpenalised coordinates are copied.
     * in: not modified (may alias out).
     */
    public static void softThreshold(double[] in, double[] out, int groups, int d, int penalized, double t) {
        for (int g = 0; g < groups; g++) {
            double nrm = norm(in, g, d, penalized);
            double scale = nrm > t ? 1.0 - t / nrm : 0.0;
            int o = g * d;
            for (int j = 0; j < penalized; j++) {
                out[o + j] = scale * in[o + j];
            }
            for (int j = penalized; j < d; j++) {
                out[o + j] = in[o + j];
            }
        }
    }

    /** Number of groups with a non-zero entry. */
    public static int nonZero(double[] w, int groups, int d) {
        int count = 0;
        for (int g = 0; g < groups; g++) {
            int o = g * d;
            for (int j = 0; j < d; j++) {
                if (w[o + j] != 0.0) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
