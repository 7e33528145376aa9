package org.convexnn.program;


/** Small helpers for loss values and gradients over n x c prediction arrays (public convention, spec §1.0). */
public final class LossState {
    private LossState() {
    }

    /** (1/n) Σ ℓ(pred, y). */
    public static double mean(Loss loss, double[] pred, double[] y, int n) {
        return loss.sum(pred, y) / n;
    }

    /** out = ℓ'(pred, y) · scale. */
    public static void derivative(Loss loss, double[] pred, double[] y, double scale, double[] out) {
        loss.gradient(pred, y, scale, out);
    }
}
