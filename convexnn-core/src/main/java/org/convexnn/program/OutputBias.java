package org.convexnn.program;

import org.convexnn.settings.SettingException;

/**
 * The free output bias b₀ of spec §6 (B3), eliminated in closed form. For the squared loss,
 * {@code min_b ½‖Z + 1bᵀ − Y‖² } is attained at {@code b = mean_rows(Y − Z)}, so the smooth part of the convex
 * program becomes {@code h(Z) = L(Z + 1b*(Z)ᵀ)}, whose gradient (Danskin) is the loss gradient at the shifted
 * prediction — a residual whose columns sum to zero, i.e. a dual candidate that already satisfies the dual
 * constraint {@code 1ᵀλ = 0} of the free bias. The shift is affine in Z, so it commutes with FISTA's
 * extrapolation of the state.
 */
public final class OutputBias {
    private OutputBias() {
    }

    /** Refuses what the closed form does not cover. */
    public static void check(Loss loss) {
        if (loss != Loss.SQUARED) {
            throw new SettingException("outputBias", "{outputBias} is supported with {loss} squared only");
        }
    }

    /** The optimal bias for predictions pred (n x c, row-major) and targets y. */
    public static double[] optimal(double[] pred, double[] y, int n, int c) {
        double[] b = new double[c];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < c; k++) {
                b[k] += y[j * c + k] - pred[j * c + k];
            }
        }
        for (int k = 0; k < c; k++) {
            b[k] /= n;
        }
        return b;
    }

    /** pred ← pred + 1 b*ᵀ (in place); returns b*. */
    public static double[] shift(double[] pred, double[] y, int n, int c) {
        double[] b = optimal(pred, y, n, c);
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < c; k++) {
                pred[j * c + k] += b[k];
            }
        }
        return b;
    }

    /** Subtracts each column's mean (in place): the Euclidean projection onto {λ : 1ᵀλ = 0 per output}. */
    public static void center(double[] v, int n, int c) {
        for (int k = 0; k < c; k++) {
            double m = 0;
            for (int j = 0; j < n; j++) {
                m += v[j * c + k];
            }
            m /= n;
            for (int j = 0; j < n; j++) {
                v[j * c + k] -= m;
            }
        }
    }
}
