package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.csvRows;
import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit --prune, --patterns-from, --patterns sgd:EPOCHS, --model nonconvex-relu, and compare. */
class PruneBaselineCompareTest {
    @TempDir
    Path dir;

    Path csv(int n, long seed) throws IOException {
        return csvRows(dir, "d" + n + ".csv", "a,b,c,y", n, seed, (r, i) -> {
            double a = 3 + 2 * r.nextGaussian();
            double bb = -1 + 0.5 * r.nextGaussian();
            double c = r.nextGaussian();
            double y = Math.max(0, a - 3 + c) - Math.max(0, 2 * (bb + 1)) + 0.3 * Math.sin(i);
            return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", a, bb, c, y);
        });
    }

    @Test
    void baselineWritesTheSameFilesWithoutACertificate() throws IOException {
        Path data = csv(30, 1);
        Path model = dir.resolve("m.json");
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", data.toString(), "--model", "nonconvex-relu", "--optimizer", "adam", "--lr", "0.01",
                "--epochs", "30", "--batch-size", "8", "--width", "6", "--lambda", "0.01", "--standardize",
                "--out", model.toString(), "--summary", summary.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = json(summary);
        assertEquals("BASELINE", s.get("status").asText());
        assertTrue(s.get("lower_bound").isNull());
        assertTrue(s.get("gap").isNull());
        assertEquals("nonconvex-relu", s.get("model").asText());
        assertEquals(30, s.get("epochs_run").asInt());
        JsonNode m = json(model);
        assertEquals("nonconvex-relu", m.get("training").get("model").asText());
        assertEquals("BASELINE", m.get("summary").get("status").asText());
        Result p = run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.resolve("p.csv").toString());
        assertEquals(0, p.code(), p.toString());

        // a convex fit with the baseline's patterns is never worse than the baseline (same standardisation)
        Path s2 = dir.resolve("s2.json");
        Result f = run("fit", "--data", data.toString(), "--model", "relu", "--patterns", "2", "--patterns-from",
                model.toString(), "--lambda", "0.01", "--standardize", "--tol", "1e-9", "--max-iter", "100000",
                "--summary", s2.toString(), "--quiet");
        assertEquals(0, f.code(), f.toString());
        assertTrue(json(s2).get("objective").asDouble() <= s.get("objective").asDouble() + 1e-6,
                json(s2) + " vs " + s);
    }

    @Test
    void baselineFlagsNeedTheBaselineModel() throws IOException {
        Path data = csv(10, 2);
        Result r = run("fit", "--data", data.toString(), "--lr", "0.1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--lr applies to --model nonconvex-relu only"), r.err());
        Result p = run("fit", "--data", data.toString(), "--model", "nonconvex-relu", "--prune");
        assertEquals(2, p.code(), p.toString());
        Result m = run("fit", "--data", data.toString(), "--model", "sigmoid");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("nonconvex-relu"), m.err());
    }

    @Test
    void pruneLeavesAtMostNNeurons() throws IOException {
        Path data = csv(5, 3);
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", data.toString(), "--model", "gated-relu", "--lambda", "1e-4", "--patterns", "300",
                "--tol", "1e-10", "--max-iter", "200000", "--prune", "--summary", summary.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = json(summary);
        assertTrue(s.get("neurons").asInt() <= 5, s.toString());
        assertTrue(s.get("neurons_before_prune").asInt() >= s.get("neurons").asInt(), s.toString());
        assertTrue(r.out().contains("before pruning"), r.out());
    }

    @Test
    void sgdPatternsAreAdded() throws IOException {
        Path data = csv(20, 4);
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", data.toString(), "--model", "relu", "--patterns", "2,sgd:20", "--sgd-width", "8",
                "--lambda", "0.01", "--summary", summary.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(json(summary).get("patterns").asInt() > 2);
        Result bad = run("fit", "--data", data.toString(), "--patterns", "sgd:x");
        assertEquals(2, bad.code());
    }

    @Test
    void compareTable() throws IOException {
        Path data = csv(20, 5);
        Path summary = dir.resolve("c.json");
        Result r = run("compare", "--data", data.toString(), "--lambda", "0.01", "--patterns", "20", "--time-limit", "0.2",
                "--width", "8", "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        for (String s : new String[] {"convex gated-relu", "convex relu", "adam lr=1e-04", "adam lr=3e-02",
            "convex relu+adam", "lower_bound"}) {
            assertTrue(r.out().contains(s), r.out());
        }
        JsonNode rows = json(summary).get("rows");
        assertEquals(9, rows.size());
        assertTrue(rows.get(0).get("lower_bound").isNumber());
        assertTrue(rows.get(7).get("lower_bound").isNull());
        // the Adam-seeded ReLU program never ends above the best Adam run (spec §10.2 (iii))
        double bestAdam = Double.POSITIVE_INFINITY;
        for (int i = 2; i < 8; i++) {
            bestAdam = Math.min(bestAdam, rows.get(i).get("objective").asDouble());
        }
        JsonNode seeded = rows.get(8);
        assertEquals("convex relu+adam", seeded.get("method").asText());
        assertTrue(seeded.get("objective").asDouble() <= bestAdam + 1e-9 * Math.max(1, bestAdam), rows.toString());
        assertTrue(seeded.get("lower_bound").asDouble() <= seeded.get("objective").asDouble() + 1e-12);
        for (JsonNode row : rows) {
            assertTrue(row.get("seconds").asDouble() < 5, row.toString());
        }
    }
}
