package org.convexnn.network;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;

/** The training objective of spec §1.0 for a network, computed through its true forward pass. */
public final class NetworkObjective {
    private NetworkObjective() {
    }

    /**
     * {@code (1/n) Σ ℓ(f(x_j), y_j) + (λ/2) Σ_j (‖u_j‖² + b_j² + ‖α_j‖²)}, b1 penalised when {@code biasPenalized}.
     * @param x n x d inputs in the network's input space; y n x c targets (±1 for logistic)
     */
    public static double of(Network net, Matrix x, Matrix y, Loss loss, double lambda, boolean biasPenalized) {
        return net.objective(x, y, loss, lambda, biasPenalized);
    }
}
