package org.convexnn.solver;

import org.convexnn.program.Loss;

/** Small helpers for loss values and gradients over n x c prediction arrays (public convention, spec §1.0). */
final class LossState {
    private LossState() {
    }

    /** (1/n) Σ ℓ(pred, y). */
    static double mean(Loss loss, double[] pred, double[] y, int n) {
        return loss.sum(pred, y) / n;
    }

    /** out = ℓ'(pred, y) · scale. */
    static void derivative(Loss loss, double[] pred, double[] y, double scale, double[] out) {
        for (int i = 0; i < pred.length; i++) {
            out[i] = loss.derivative(pred[i], y[i]) * scale;
        }
    }
}
