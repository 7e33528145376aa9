package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.program.Loss;
import org.convexnn.testing.TestMatrices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Column generation over patterns (spec §11.6): monotone objective (spec §2.4), growth, and the T7 optimum. */
class ColumnGenerationTest {

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"RELU", "GATED_RELU"})
    void growingNeverIncreasesTheObjectiveAndAddsPatterns(Model model) {
        TestMatrices.Sample data = TestMatrices.sample(new Random(3), 40, 3,
                (row, rng) -> Math.max(0, row[0] + row[1]) - Math.max(0, row[2] - row[0]) + 0.1 * rng.nextGaussian());
        double[][] x = data.x();
        double[] y = data.y();
        ConvexTrainer.Builder b = ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(0.01).patterns(5)
                .seed(11).tol(1e-8).maxIterations(50000).threads(1);
        TwoLayerFit start = b.build().fit(Matrix.of(x), y);
        TwoLayerFit grown = b.growPatterns(4).build().fit(Matrix.of(x), y);
        List<GrowRound> rounds = grown.rounds();
        assertTrue(rounds.size() >= 2, rounds.toString());
        assertEquals(start.summary().patterns(), rounds.get(0).patterns());
        assertEquals(start.summary().convexObjective(), rounds.get(0).objective(), 1e-12);
        for (int i = 1; i < rounds.size(); i++) {
            assertTrue(rounds.get(i).objective() <= rounds.get(i - 1).objective() + 1e-12, rounds.toString());
            assertEquals(rounds.get(i - 1).patterns() + rounds.get(i).added(), rounds.get(i).patterns());
        }
        assertTrue(grown.summary().patterns() > start.summary().patterns(), rounds.toString());
        assertTrue(grown.summary().objective() <= start.summary().objective() + 1e-9,
                grown.summary() + " vs " + start.summary());
        assertTrue(grown.summary().lowerBound() <= grown.summary().objective() + 1e-12);
        double j = NetworkObjective.of(grown.network(), Matrix.of(x), Matrix.column(y), Loss.SQUARED, 0.01, true);
        assertEquals(grown.summary().objective(), j, 1e-9);
    }

    /** T7 (n = 6, d = 3, 32 patterns): growing from 3 sampled patterns reaches p* = 1.4022397 (canonical, β = 0.2). */
    @Test
    void t7GrowsFromThreePatternsToTheExactOptimum() {
        double[][] x = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {1, 2, -1}, {-1, 3, 2}};
        double[] y = {1, 2, -1, 0.5, 0, 1};
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(Loss.SQUARED).lambda(0.2 / 6).patterns(3)
                .seed(1).bias(BiasMode.NONE).tol(1e-8).maxIterations(200000).growPatterns(60).build()
                .fit(Matrix.of(x), y);
        List<GrowRound> rounds = fit.rounds();
        assertTrue(rounds.get(0).patterns() <= 3, rounds.toString()); // 3 gates (duplicates removed)
        assertTrue(rounds.size() > 2, rounds.toString());
        GrowRound last = rounds.get(rounds.size() - 1);
        assertEquals(0, last.violating(), "not closed: " + rounds);
        assertEquals(1.4022397, fit.summary().objective() * 6, 1e-5, rounds.toString());
        assertTrue(fit.summary().patterns() <= 32);
    }
}
