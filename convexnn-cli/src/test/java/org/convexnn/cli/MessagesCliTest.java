package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 defect 7: messages name what the user gave and never print placeholders or saturated counts. */
class MessagesCliTest {
    @TempDir
    Path dir;
    Path model;
    Path data;

    @BeforeEach
    void trainModel() throws IOException {
        StringBuilder b = new StringBuilder("a,b,c,label\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 40; i++) {
            double x = r.nextGaussian();
            double y = r.nextGaussian();
            b.append(x).append(',').append(y).append(',').append(r.nextGaussian()).append(',')
                    .append(x + y > 0 ? 1.5 : -0.5).append('\n');
        }
        data = write(dir, "d.csv", b.toString());
        model = dir.resolve("m.json");
        Result fit = run("fit", "--data", data.toString(), "--target", "label", "--patterns", "20", "--quiet",
                "--out", model.toString());
        assertEquals(0, fit.code(), fit.toString());
    }

    @Test
    void evaluateNamesTheMissingTarget() {
        Result res = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--target", "nosuch");
        assertEquals(2, res.code(), res.toString());
        assertTrue(res.err().contains("'nosuch'"), res.err());
    }

    @Test
    void libsvmMismatchDoesNotInventAFeatureCount() throws IOException {
        Path svm = write(dir, "d.libsvm", "1 1:0.5 2:1 13:2\n-1 1:1 5:3\n");
        Result res = run("evaluate", "--model", model.toString(), "--data", svm.toString());
        assertEquals(2, res.code(), res.toString());
        assertFalse(res.err().contains("f1..f3"), res.err());
        assertTrue(res.err().contains("f1, f2, …") && res.err().contains("a, b, c"), res.err());
    }

    @Test
    void infiniteLossIsPrintedAndWrittenConsistently() throws IOException {
        Path huge = write(dir, "huge.csv", "a,b,c,label\n1e300,1e300,1e300,1.5\n-1e300,1e300,-1e300,-0.5\n");
        Path summary = dir.resolve("s.json");
        Result res = run("evaluate", "--model", model.toString(), "--data", huge.toString(), "--summary",
                summary.toString());
        assertEquals(0, res.code(), res.toString());
        assertTrue(res.out().contains("loss      inf") && res.out().contains("null in --summary"), res.out());
        assertFalse(res.out().contains("Infinity"), res.out());
        JsonNode s = json(summary);
        assertTrue(s.get("loss").isNull(), s.toString());
        assertTrue(s.get("loss_note").asText().startsWith("inf"), s.toString());
        assertTrue(s.get("metric").isNull() && s.get("metric_note").asText().startsWith("inf"), s.toString());
    }

    @Test
    void idxMismatchHasNoPlaceholder() throws IOException {
        java.io.ByteArrayOutputStream img = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(img);
        o.writeInt(0x00000803);
        o.writeInt(2);
        o.writeInt(1);
        o.writeInt(3);
        o.write(new byte[] {1, 2, 3, 4, 5, 6});
        Path images = dir.resolve("img.idx");
        java.nio.file.Files.write(images, img.toByteArray());
        Result res = run("predict", "--model", model.toString(), "--data", images.toString(), "--format", "idx",
                "--out", dir.resolve("p.csv").toString());
        assertEquals(2, res.code(), res.toString());
        assertFalse(res.err().contains("{d-1}") || res.err().contains("{d"), res.err());
        assertTrue(res.err().contains("p0, p1, …") && res.err().contains("a, b, c"), res.err());
    }
}
