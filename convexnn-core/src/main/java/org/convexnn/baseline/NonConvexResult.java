package org.convexnn.baseline;

import org.convexnn.network.TwoLayerNetwork;

/**
 * Outcome of {@link NonConvexTrainer#fit}. Objectives are the full public objective F of spec §1.0 on the
 * training data, evaluated once at the start and once at the end of every epoch.
 *
 * @param network          the final network; if training diverged, the last network whose F was finite
 * @param objective        F(network)
 * @param bestNetwork      the network with the lowest F seen (the initial one included)
 * @param bestObjective    F(bestNetwork)
 * @param initialObjective F at the starting network
 * @param history          F after each epoch run (length {@code epochs}); the last entry is non-finite when diverged
 * @param epochs           number of epochs run
 * @param seconds          wall-clock training time
 * @param diverged         true when F became non-finite and training stopped early
 */
public record NonConvexResult(TwoLayerNetwork network, double objective, TwoLayerNetwork bestNetwork,
                              double bestObjective, double initialObjective, double[] history, int epochs,
                              double seconds, boolean diverged) {
}
