package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;

/** {@code fit --bias unregularized}, {@code --output-bias} and {@code --patterns lowrank:K}. */
class FitBiasOptionsTest extends T6FitFixture {
    private Result fit(String... extra) {
        List<String> args = new ArrayList<>(List.of("fit", "--data", data.toString(), "--summary", summary.toString(),
                "--quiet"));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void lowRankReportsItsBound() throws IOException {
        Result r = fit("--patterns", "lowrank:2", "--model", "relu", "--lambda", "0.06");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertTrue(s.get("approximation_bound").asDouble() >= 1.0, s.toString());
        assertTrue(s.get("lower_bound").asDouble() <= s.get("objective").asDouble(), s.toString());
    }

    @Test
    void outputBiasAndUnregularizedBiasRun() throws IOException {
        Result r = fit("--patterns", "exact", "--model", "relu", "--output-bias", "--lambda", "0.06");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals("OPTIMAL", s.get("status").asText(), s.toString());
        Result u = fit("--patterns", "exact", "--model", "relu", "--bias", "unregularized", "--lambda", "0.06",
                "--max-iter", "3000");
        assertEquals(0, u.code(), u.toString());
    }

    @Test
    void refusals() {
        Result a = fit("--patterns", "lowrank:0");
        assertEquals(2, a.code(), a.toString());
        Result b = fit("--patterns", "lowrank:2", "--model", "gated-relu");
        assertEquals(2, b.code(), b.toString());
        Result c = fit("--model", "relu", "--bias", "unregularized", "--solver", "fista");
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.err().contains("--solver al"), c.toString());
    }
}
