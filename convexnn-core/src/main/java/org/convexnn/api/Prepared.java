package org.convexnn.api;

import java.util.List;
import org.convexnn.data.Dataset;
import org.convexnn.data.Standardization;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConvexProgram;

/**
 * Everything fixed before a solve: data in the training space, targets as the loss sees them, the pattern set
 * and the program (at the settings' λ; {@link ConvexProgram#withLambda} gives other λ on the same patterns), and
 * the networks whose patterns were added ({@code --patterns-from}, {@code sgd:EPOCHS}; training space).
 */
record Prepared(TrainerSettings settings, Dataset data, Standardization std, Matrix xs, Matrix y, boolean bias,
                ConvexProgram program, Long cells, Blas blas, LowRankScheme.Approx lowRank,
                List<TwoLayerNetwork> seeds) {
    /** The model's definition: its program, recovery, reverse map and certificate rule. */
    ModelDefinition model() {
        return ModelDefinition.of(settings.model(), settings.leakySlope());
    }

    /** The same preparation with another program (column generation's grown pattern set). */
    Prepared withProgram(ConvexProgram next) {
        return new Prepared(settings, data, std, xs, y, bias, next, cells, blas, lowRank, seeds);
    }
}

