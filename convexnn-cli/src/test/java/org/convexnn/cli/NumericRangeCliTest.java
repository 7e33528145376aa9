package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 defect 2 and "numerical range": extreme scales give a correct fit, a clear refusal, or exit 3. */
class NumericRangeCliTest {
    @TempDir
    Path dir;

    /** 60 rows of (a, b, c, t): Gaussian features times fx, target (a·b + 0.3c > 0) or, numeric, times fy. */
    private Path data(String name, double fx, double fy, boolean classes) throws IOException {
        Random r = new Random(1);
        StringBuilder b = new StringBuilder("a,b,c,t\n");
        for (int i = 0; i < 60; i++) {
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double y = x0 * x1 + 0.3 * x2;
            b.append(x0 * fx).append(',').append(x1 * fx).append(',').append(x2 * fx).append(',')
                    .append(classes ? (y > 0 ? "yes" : "no") : Double.toString(y * fy)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, b.toString());
        return p;
    }

    private Result fit(Path data, String... extra) {
        String[] base = {"fit", "--data", data.toString(), "--target", "t", "--patterns", "50", "--quiet",
            "--out", dir.resolve("m.json").toString(), "--summary", dir.resolve("s.json").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void standardizeHandlesHugeAndTinyFeatures() throws IOException {
        Result ref = fit(data("ref.csv", 1, 1, true), "--standardize");
        assertEquals(0, ref.code(), ref.toString());
        double refAcc = json(dir.resolve("s.json")).get("train_metric").asDouble();
        for (double f : new double[] {1e300, 1e-300}) {
            Path d = data("x" + f + ".csv", f, 1, true);
            Result res = fit(d, "--standardize");
            assertEquals(0, res.code(), res.toString());
            JsonNode s = json(dir.resolve("s.json"));
            assertEquals("OPTIMAL", s.get("status").asText(), res.toString());
            assertTrue(s.get("neurons").asInt() > 0, res.toString());
            assertEquals(refAcc, s.get("train_metric").asDouble(), 1e-9, res.toString());
            JsonNode scales = json(dir.resolve("m.json")).get("transform").get("standardization").get("scales");
            for (JsonNode v : scales) {
                assertTrue(v.isNumber() && v.asDouble() > 0.5 * f && v.asDouble() < 2 * f, scales.toString());
            }
            // the tool reads its own model back
            Result ev = run("evaluate", "--model", dir.resolve("m.json").toString(), "--data", d.toString(),
                    "--target", "t");
            assertEquals(0, ev.code(), ev.toString());
        }
    }

    @Test
    void rawDataOutOfRangeIsRefusedUpFront() throws IOException {
        for (double f : new double[] {1e300, 1e100, 1e-300}) {
            Path d = data("raw" + f + ".csv", f, 1, true);
            Result res = fit(d);
            assertEquals(2, res.code(), res.toString());
            assertTrue(res.err().contains(d.toString()) && res.err().contains("column 'a'"), res.err());
            assertTrue(res.err().contains("--standardize"), res.err());
            assertTrue(Files.notExists(dir.resolve("m.json")) && Files.notExists(dir.resolve("s.json")),
                    listing(dir).toString());
        }
        Path y = data("bigy.csv", 1, 1e100, false);
        Result res = fit(y);
        assertEquals(2, res.code(), res.toString());
        assertTrue(res.err().contains("target 't'") && res.err().contains(y.toString()), res.err());
        assertTrue(Files.notExists(dir.resolve("m.json")) && Files.notExists(dir.resolve("s.json")));
    }

    @Test
    void zeroNetworkBelowLambdaMaxExitsThreeButWritesTheFiles() throws IOException {
        // features at 1e60 and targets at 1e-60: the objective is ~1e-120, far below the absolute floor of the
        // relative gap, and the solver used to report OPTIMAL with the zero network at exit 0
        Path d = data("skew.csv", 1e60, 1e-60, false);
        Result res = fit(d);
        assertEquals(3, res.code(), res.toString());
        assertTrue(res.err().contains("no neurons") && res.err().contains("lambda_max"), res.err());
        assertTrue(res.err().contains("--allow-inaccurate"), res.err());
        assertEquals(0, json(dir.resolve("s.json")).get("neurons").asInt());
        assertTrue(Files.exists(dir.resolve("m.json")));
        Result ok = fit(d, "--allow-inaccurate");
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.err().contains("warning"), ok.err());
    }

    @Test
    void constantTargetIsTrivialAndExitsZero() throws IOException {
        // a constant target is trivial: the zero network is right and the exit code stays 0
        Path c = dir.resolve("const.csv");
        Files.writeString(c, "a,b,t\n1,2,5\n3,1,5\n0,4,5\n2,2,5\n");
        Result res = fit(c);
        assertEquals(0, res.code(), res.toString());
    }
}
