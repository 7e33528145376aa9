package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import org.convexnn.data.CsvReader;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.Standardization;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;

/**
 * With --standardize the saved network must act on RAW inputs: its predictions on raw data equal those of the
 * network fitted on explicitly standardised data (same gates, same program), for ReLU and gated models.
 */
class StandardizationRoundTripTest {

    @Test
    void rawInputNetworkEqualsStandardizedPipeline() {
        Path file = Path.of("..", "datasets", "diabetes.csv");
        Dataset raw = DatasetLoader.forTraining(CsvReader.read(file, "target", true), DatasetLoader.TaskHint.AUTO, false);
        Standardization std = Standardization.fit(raw.features());
        Dataset standardized = new Dataset(std.apply(raw.features()), raw.targets(), raw.featureNames(),
                raw.encoding(), "standardized");
        for (Model model : Model.values()) {
            ConvexTrainer.Builder b = ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(1.0)
                    .patterns(20).seed(5).tol(1e-8).maxIterations(3000);
            TwoLayerFit onRaw = b.standardize(true).build().fit(raw);
            TwoLayerFit onStd = b.standardize(false).build().fit(standardized);
            assertNotNull(onRaw.standardization());
            Matrix p1 = onRaw.network().predict(raw.features());
            Matrix p2 = onStd.network().predict(standardized.features());
            for (int i = 0; i < p1.rows(); i++) {
                assertEquals(p2.get(i, 0), p1.get(i, 0), 1e-8 * Math.max(1, Math.abs(p2.get(i, 0))), model + " row " + i);
            }
            assertEquals(onStd.summary().objective(), onRaw.summary().objective(), 1e-12);
        }
    }
}
