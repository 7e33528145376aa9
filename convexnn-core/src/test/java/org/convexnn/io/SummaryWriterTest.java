package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitSummary;
import org.convexnn.api.TrainerSettings;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesAllContractKeys() throws IOException {
        Path p = dir.resolve("summary.json");
        FitSummary s = new FitSummary(0.5, 0.49, 0.48, 0.02, 0.02, SolveStatus.MAX_ITERATIONS, 10000, 3.25, 812, 37,
                1e-9, 0.1234, "mse", "al", "openblas");
        TrainerSettings settings = ModelFileTest.settings(Loss.SQUARED);
        FitFiles.writeSummary(s, settings, p);
        JsonNode j = Json.MAPPER.readTree(p.toFile());
        for (String k : List.of("objective", "convex_objective", "lower_bound", "gap", "status", "iterations", "seconds",
                "patterns", "neurons", "max_cone_violation", "train_metric", "relative_gap", "train_metric_name",
                "solver", "blas", "model", "loss", "lambda")) {
            assertTrue(j.has(k), "missing " + k);
        }
        assertEquals("MAX_ITERATIONS", j.get("status").asText());
        assertEquals(10000, j.get("iterations").asInt());
        assertEquals(0.48, j.get("lower_bound").doubleValue());
        assertEquals("gated-relu", j.get("model").asText());
        assertEquals("squared", j.get("loss").asText());
        assertEquals(1e-3, j.get("lambda").doubleValue());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void nonFiniteNumbersBecomeNull() throws IOException {
        Path p = dir.resolve("s.json");
        FitSummary s = new FitSummary(Double.NaN, 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1,
                SolveStatus.NUMERICAL_ERROR, 3, 0.1, 5, 0, 0, Double.NaN, "accuracy", "fista", "java");
        FitFiles.writeSummary(s, null, p);
        JsonNode j = Json.MAPPER.readTree(p.toFile());
        assertTrue(j.get("objective").isNull());
        assertTrue(j.get("lower_bound").isNull());
        assertEquals("NUMERICAL_ERROR", j.get("status").asText());
    }
}
