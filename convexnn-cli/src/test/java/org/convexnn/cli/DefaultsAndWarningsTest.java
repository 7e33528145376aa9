package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --lambda-ratio} and the fit warnings (stderr and the summary's {@code warnings}). */
class DefaultsAndWarningsTest {
    @TempDir
    Path dir;

    static Path diabetes() {
        return DemoCommand.locateDataset().toAbsolutePath().getParent().resolve("diabetes.csv");
    }

    static boolean warns(JsonNode s, String fragment) {
        for (JsonNode w : s.get("warnings")) {
            if (w.asText().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void lambdaRatioScalesLambdaMax() throws Exception {
        Path half = dir.resolve("half.json");
        Path two = dir.resolve("two.json");
        CliTestSupport.Result a = run("fit", "--data", diabetes().toString(), "--standardize", "--patterns", "50",
                "--lambda-ratio", "0.5", "--quiet", "--summary", half.toString());
        assertEquals(0, a.code(), a.toString());
        CliTestSupport.Result b = run("fit", "--data", diabetes().toString(), "--standardize", "--patterns", "50",
                "--lambda-ratio", "2", "--quiet", "--summary", two.toString());
        assertEquals(0, b.code(), b.toString());
        // λ = r·λ_max: the two λ are in ratio 4, and at r = 2 the zero network is optimal (and said to be)
        assertEquals(4.0, json(two).get("lambda").asDouble() / json(half).get("lambda").asDouble(), 1e-12);
        assertEquals(0, json(two).get("neurons").asInt());
        assertTrue(warns(json(two), "zero network is optimal"), json(two).toString());
        assertTrue(json(half).get("neurons").asInt() > 0);
        CliTestSupport.Result both = run("fit", "--data", diabetes().toString(), "--lambda", "0.1", "--lambda-ratio",
                "0.5");
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void warningsSayWhatWentWrong() throws Exception {
        Path s = dir.resolve("s.json");
        CliTestSupport.Result r = run("fit", "--data", diabetes().toString(), "--quiet", "--summary", s.toString(),
                "--patterns", "100", "--max-iter", "300");
        assertEquals(0, r.code(), r.toString());
        assertTrue(warns(json(s), "distinct activation patterns"), json(s).get("warnings").toString());
        assertTrue(warns(json(s), "standard deviation"), json(s).get("warnings").toString());
        assertTrue(r.err().contains("warning: only "), r.err());
        // interpolation: 5 regression rows, a wide network and a tiny lambda
        Path tiny = write(dir, "tiny.csv", "a,b,y\n0,0,1\n1,0,-2\n0,1,3\n1,1,0.5\n2,1,4\n");
        Path t = dir.resolve("t.json");
        CliTestSupport.Result ri = run("fit", "--data", tiny.toString(), "--lambda", "1e-12", "--patterns", "exact",
                "--quiet", "--summary", t.toString());
        assertEquals(0, ri.code(), ri.toString());
        assertTrue(warns(json(t), "interpolates"), json(t).get("warnings").toString());
        // a clean fit has none
        Path c = dir.resolve("c.json");
        assertEquals(0, run("fit", "--data", diabetes().toString(), "--standardize", "--lambda-ratio", "0.05",
                "--patterns", "50", "--quiet", "--summary", c.toString()).code());
        assertEquals(0, json(c).get("warnings").size(), json(c).get("warnings").toString());
    }
}
