package org.convexnn.network;

import java.util.Map;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;

/**
 * A trained network of any architecture the engine recovers (two-layer today; vector-output, convolutional and
 * three-layer models add their own): its forward pass, its weight decay and its named parameters. Its objective in
 * the public convention (spec §1.0) is computed through the true forward pass, so it is the number every certificate
 * is compared with. Implementations are immutable.
 */
public interface Network {
    /** Input dimension d (raw features). */
    int inputs();

    /** Output dimension c. */
    int outputs();

    /** Predictions (n x c) for inputs x (n x d). */
    Matrix predict(Matrix x);

    /**
     * The weight-decay term {@code (λ/2) Σ ‖θ‖²} of spec §1.0 over the decayed parameters.
     *
     * @param biasPenalized whether the first-layer bias is decayed too
     */
    double weightDecay(double lambda, boolean biasPenalized);

    /** The parameters by name ({@code "W1"}, {@code "b1"}, ...), in a fixed order; arrays are copies. */
    Map<String, Matrix> parameters();

    /**
     * {@code (1/n) Σ ℓ(f(x_j), y_j) + weightDecay}: the training objective of spec §1.0 through the true forward pass.
     *
     * @param x n x d inputs in the network's input space; y n x c targets (±1 for logistic)
     */
    default double objective(Matrix x, Matrix y, Loss loss, double lambda, boolean biasPenalized) {
        Matrix pred = predict(x);
        return loss.sum(pred.data(), y.data()) / x.rows() + weightDecay(lambda, biasPenalized);
    }
}
