package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitRecords;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files carry the activation of every cone model (and the exact-pattern keys) through a round trip. */
class ActivationRoundTripTest {
    @TempDir
    Path dir;

    static final Matrix X = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 2}, {2, -1}, {-0.5, -1}});
    static final double[] Y = {1, -1, 2, 0.5, -0.5, 0.7};
    static final Matrix PROBE = Matrix.of(new double[][] {{0.3, -2}, {-1.5, 0.2}, {4, 1}, {-3, -3}});

    TwoLayerFit roundTrip(ConvexTrainer.Builder b, Activation expected, String file) throws IOException {
        TwoLayerFit fit = b.lambda(0.02).exactPatterns(true).tol(1e-7).build().fit(X, Y);
        assertEquals(expected, fit.network().activation());
        Path out = dir.resolve(file);
        FitFiles.writeModel(fit, out);
        LoadedModel m = ModelFile.read(out);
        assertEquals(expected, m.network().activation(), file);
        Matrix p0 = fit.network().predict(PROBE);
        Matrix p1 = m.network().predict(PROBE);
        for (int i = 0; i < PROBE.rows(); i++) {
            assertEquals(p0.get(i, 0), p1.get(i, 0), 0.0, file + " row " + i);
        }
        assertTrue(m.summary().patternsExact());
        assertTrue(m.summary().cells() >= m.summary().patterns());
        assertTrue(m.training().patternsExact());
        assertEquals(fit.settings().model().cliName(), m.training().model());
        return fit;
    }

    @Test
    void everyActivationSurvivesAWriteAndRead() throws IOException {
        roundTrip(ConvexTrainer.builder().model(Model.RELU), Activation.RELU, "relu.json");
        TwoLayerFit leaky = roundTrip(ConvexTrainer.builder().model(Model.LEAKY_RELU).leakySlope(0.2),
                Activation.leakyRelu(0.2), "leaky.json");
        JsonNode net = ModelWriter.toJson(FitRecords.document(leaky, null)).get("network");
        assertEquals("leaky-relu", net.get("activation").asText());
        assertEquals(0.2, net.get("negative_slope").asDouble());
        assertEquals(0.2, ModelWriter.toJson(FitRecords.document(leaky, null)).get("training").get("leaky_slope")
                .asDouble());
        roundTrip(ConvexTrainer.builder().model(Model.ABS), Activation.ABS, "abs.json");
        roundTrip(ConvexTrainer.builder().model(Model.LINEAR), Activation.LINEAR, "linear.json");
    }

    @Test
    void sampledFitsWriteNullCells() {
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.ABS).lambda(0.02).patterns(30).build().fit(X, Y);
        ObjectNode s = FitFiles.summaryJson(fit.summary(), fit.settings());
        assertFalse(s.get("patterns_exact").asBoolean());
        assertTrue(s.has("cells") && s.get("cells").isNull());
        assertEquals("abs", s.get("model").asText());
    }
}
