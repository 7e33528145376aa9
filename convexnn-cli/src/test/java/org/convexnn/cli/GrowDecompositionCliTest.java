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

/** fit --patterns grow[:ROUNDS] (column generation) and --solver gated-decomposition. */
class GrowDecompositionCliTest {
    @TempDir
    Path dir;

    Path csv(int n, long seed) throws IOException {
        return csvRows(dir, "d" + n + ".csv", "a,b,c,y", n, seed, (r, i) -> {
            double a = r.nextGaussian();
            double bb = r.nextGaussian();
            double c = r.nextGaussian();
            double y = Math.max(0, a + c) - Math.max(0, bb - a) + 0.1 * r.nextGaussian();
            return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", a, bb, c, y);
        });
    }

    @Test
    void growReportsRoundsInTheSummaryAndOnStderr() throws IOException {
        Path data = csv(40, 1);
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", data.toString(), "--model", "relu", "--patterns", "5,grow:4", "--lambda",
                "0.01", "--tol", "1e-8", "--max-iter", "50000", "--summary", summary.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("grow round 0: patterns"), r.err());
        JsonNode s = json(summary);
        JsonNode rounds = s.get("rounds");
        assertTrue(rounds.size() >= 2, s.toString());
        assertTrue(rounds.get(0).get("patterns").asInt() <= 5);
        for (int i = 1; i < rounds.size(); i++) {
            assertTrue(rounds.get(i).get("objective").asDouble() <= rounds.get(i - 1).get("objective").asDouble() + 1e-12);
        }
        assertEquals(s.get("patterns").asInt(), rounds.get(rounds.size() - 1).get("patterns").asInt());
        assertTrue(s.has("grow_closed"));
    }

    @Test
    void growConverterForms() throws IOException {
        Path data = csv(12, 2);
        assertEquals(0, run("fit", "--data", data.toString(), "--patterns", "grow", "--quiet").code());
        Result bad = run("fit", "--data", data.toString(), "--patterns", "grow:0");
        assertEquals(2, bad.code(), bad.toString());
        Result ex = run("fit", "--data", data.toString(), "--patterns", "exact,grow");
        assertEquals(2, ex.code(), ex.toString());
        assertEquals(0, run("fit", "--data", data.toString(), "--patterns", "20", "--quiet").code());
    }

    @Test
    void gatedDecompositionSolver() throws IOException {
        Path data = csv(30, 3);
        Path summary = dir.resolve("g.json");
        Result r = run("fit", "--data", data.toString(), "--model", "relu", "--solver", "gated-decomposition",
                "--patterns", "30", "--lambda", "0.01", "--tol", "1e-8", "--max-iter", "50000", "--summary",
                summary.toString(), "--quiet");
        assertTrue(r.code() == 0, r.toString());
        JsonNode s = json(summary);
        assertEquals("gated-decomposition", s.get("solver").asText());
        assertTrue(s.get("objective").asDouble() >= s.get("lower_bound").asDouble() - 1e-12, s.toString());
        Result g = run("fit", "--data", data.toString(), "--model", "gated-relu", "--solver", "gated-decomposition");
        assertEquals(2, g.code(), g.toString());
    }
}
