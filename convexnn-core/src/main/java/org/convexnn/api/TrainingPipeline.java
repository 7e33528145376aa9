package org.convexnn.api;

import org.convexnn.data.Dataset;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.IterationListener;

/** data → patterns → program → solver → recovery → summary (spec §11). */
final class TrainingPipeline {
    private TrainingPipeline() {
    }

    static TwoLayerFit run(TrainerSettings s, IterationListener listener, Dataset data) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static Dataset datasetOf(Matrix x, double[] y, Loss loss) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
