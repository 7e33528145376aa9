package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.binaryModel;
import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.multiclassLibsvmModel;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictEvaluateTest {
    @TempDir
    Path dir;
    Path model;
    Path preds;

    @BeforeEach
    void setUp() throws IOException {
        model = binaryModel(dir, "model.json");
        preds = dir.resolve("predictions.csv");
    }

    private void assertBadInput(Result r, List<Path> before, String... fragments) throws IOException {
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in " + r);
        }
        assertEquals(before, listing(dir), "nothing may be left on disk");
    }

    @Test
    void predictWritesDecodedLabelsAndOutputs() throws IOException {
        // columns in another order, target present (ignored), one row with an unseen label
        Path data = write(dir, "test.csv", "label,b,a\nyes,0,2\nno,3,1\nmaybe,1,1\n");
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("prediction,output", "yes,2.5", "no,-1.5", "yes,0.5"), Files.readAllLines(preds));
        assertTrue(r.out().contains("3 predictions"), r.out());
    }

    @Test
    void predictWithoutTargetColumn() throws IOException {
        Path data = write(dir, "test.csv", "a,b\n0,1\n");
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("prediction,output", "no,-0.5"), Files.readAllLines(preds));
    }

    @Test
    void predictMulticlassOnLibsvm() throws IOException {
        Path mc = multiclassLibsvmModel(dir, "mc.json");
        Path data = write(dir, "test.libsvm", "1 1:2 2:1\n2 2:3\n3 1:0.1\n");
        Result r = run("predict", "--model", mc.toString(), "--data", data.toString(), "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("prediction,score_1,score_2,score_3", "1,2.0,1.0,0.5", "2,0.0,3.0,0.5", "3,0.1,0.0,0.5"),
                Files.readAllLines(preds));
        r = run("evaluate", "--model", mc.toString(), "--data", data.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("accuracy  1.00000"), r.out());
    }

    @Test
    void predictWithMissingColumn() throws IOException {
        Path data = write(dir, "test.csv", "a,label\n1,yes\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "test.csv:1", "'b'", "missing");
    }

    @Test
    void predictWithExtraColumn() throws IOException {
        Path data = write(dir, "test.csv", "a,b,c\n1,2,3\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "test.csv:1", "'c'");
    }

    @Test
    void predictNamedModelOnLibsvmData() throws IOException {
        Path data = write(dir, "test.libsvm", "1 1:2 2:1\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "named columns");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] all = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(all, all.length - 40));
        Path data = write(dir, "test.csv", "a,b\n0,1\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "model.json: not valid JSON (truncated?) at line");
        r = run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertBadInput(r, before, "not valid JSON (truncated?)");
    }

    @Test
    void corruptedModel() throws IOException {
        String text = Files.readString(model);
        Files.writeString(model, text.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        Path data = write(dir, "test.csv", "a,b\n0,1\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "unsupported format_version 7");
        Files.writeString(model, "this is not json");
        r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertBadInput(r, before, "not valid JSON");
    }

    @Test
    void missingModelAndDataFiles() throws IOException {
        Path data = write(dir, "test.csv", "a,b\n0,1\n");
        List<Path> before = listing(dir);
        Result r = run("predict", "--model", dir.resolve("none.json").toString(), "--data", data.toString(),
                "--out", preds.toString());
        assertBadInput(r, before, "none.json");
        r = run("predict", "--model", model.toString(), "--data", dir.resolve("none.csv").toString(),
                "--out", preds.toString());
        assertBadInput(r, before, "none.csv: no such file");
        r = run("predict", "--model", model.toString(), "--data", data.toString());
        assertBadInput(r, before, "--out");
    }

    @Test
    void evaluatePrintsAccuracyAndWritesSummary() throws IOException {
        Path data = write(dir, "test.csv", "a,b,label\n2,0,yes\n1,3,no\n0,2,yes\n3,3,yes\n");
        Path summary = dir.resolve("eval.json");
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--target", "label",
                "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("accuracy  0.750000"), r.out());
        assertTrue(r.out().contains("n         4"), r.out());
        assertTrue(r.out().contains("logistic loss"), r.out());
        JsonNode j = new ObjectMapper().readTree(summary.toFile());
        assertEquals(0.75, j.get("accuracy").doubleValue());
        assertEquals(4, j.get("n").asInt());
        double expectedLoss = (Math.log1p(Math.exp(-2.5)) + Math.log1p(Math.exp(-1.5)) + Math.log1p(Math.exp(1.5))
                + Math.log1p(Math.exp(-0.5))) / 4;
        assertEquals(expectedLoss, j.get("loss").doubleValue(), 1e-12);
    }

    @Test
    void evaluateWithoutTarget() throws IOException {
        Path data = write(dir, "test.csv", "a,b\n2,0\n");
        List<Path> before = listing(dir);
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--summary", dir.resolve("s.json").toString());
        assertBadInput(r, before, "no target column 'label'");
    }

    @Test
    void evaluateUnknownClass() throws IOException {
        Path data = write(dir, "test.csv", "a,b,label\n2,0,maybe\n");
        List<Path> before = listing(dir);
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertBadInput(r, before, "maybe");
    }

    @Test
    void csvFieldsAreQuoted() {
        assertEquals("plain", PredictCommand.csvField("plain"));
        assertEquals("\"a,b\"", PredictCommand.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", PredictCommand.csvField("say \"hi\""));
        assertFalse(PredictCommand.csvField("x").startsWith("\""));
    }
}
