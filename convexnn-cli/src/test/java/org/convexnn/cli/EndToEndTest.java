package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.convexnn.cli.CliTestSupport.Result;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.io.TrainingRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full fit → predict → evaluate runs on small generated data (needs the real trainer). */
class EndToEndTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTrainer() {
        Assumptions.assumeTrue(CliTestSupport.trainerAvailable(), "trainer is still a stub");
    }

    /** 60 rows, features (a, b); label 'pos' when a > b, else 'neg'; or y = a - 2b for regression. */
    private Path data(String name, boolean regression) throws IOException {
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder(regression ? "a,b,y\n" : "a,b,label\n");
        for (int i = 0; i < 60; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            String target = regression ? Double.toString(a - 2 * b) : (a > b ? "pos" : "neg");
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", a, b, target));
        }
        return write(dir, name, sb.toString());
    }

    @Test
    void fitPredictEvaluateBinary() throws IOException {
        Path train = data("train.csv", false);
        Path model = dir.resolve("model.json");
        Path summary = dir.resolve("summary.json");
        Result r = run("fit", "--data", train.toString(), "--loss", "logistic", "--lambda", "1e-3", "--patterns", "20",
                "--tol", "1e-4", "--standardize", "--out", model.toString(), "--summary", summary.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        for (String s : List.of("objective", "lower bound", "gap", "status", "neurons", "patterns", "train accuracy",
                "seconds", model.toString())) {
            assertTrue(r.out().contains(s), "summary lacks '" + s + "': " + r.out());
        }
        assertTrue(r.err().isEmpty() || r.err().startsWith("warning:"), "quiet run printed progress: " + r.err());

        JsonNode j = new ObjectMapper().readTree(summary.toFile());
        for (String k : List.of("objective", "convex_objective", "lower_bound", "gap", "status", "iterations",
                "seconds", "patterns", "neurons", "max_cone_violation", "train_metric", "relative_gap",
                "train_metric_name", "solver", "blas", "model", "loss", "lambda")) {
            assertTrue(j.has(k), "summary JSON lacks " + k);
        }
        assertEquals("accuracy", j.get("train_metric_name").asText());
        assertTrue(j.get("lower_bound").doubleValue() <= j.get("objective").doubleValue() + 1e-12);

        LoadedModel lm = ModelFile.read(model);
        assertEquals(List.of("a", "b"), lm.featureNames());
        assertEquals(List.of("neg", "pos"), lm.encoding().classes());
        assertTrue(lm.standardization() != null, "standardization recorded");

        Path preds = dir.resolve("preds.csv");
        r = run("predict", "--model", model.toString(), "--data", train.toString(), "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(preds);
        assertEquals(61, lines.size());
        assertEquals("prediction,output", lines.get(0));

        Path eval = dir.resolve("eval.json");
        r = run("evaluate", "--model", model.toString(), "--data", train.toString(), "--target", "label",
                "--summary", eval.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode e = new ObjectMapper().readTree(eval.toFile());
        assertEquals(j.get("train_metric").doubleValue(), e.get("accuracy").doubleValue(), 1e-12,
                "evaluate on the training data reproduces the training accuracy");
        assertTrue(e.get("accuracy").doubleValue() >= 0.9, e.toString());
    }

    @Test
    void fitRegressionWithGatesFile() throws IOException {
        Path train = data("train.csv", true);
        Path gates = write(dir, "gates.csv", "1,0,0\n0,1,0\n1,1,0.5\n-1,1,0\n");
        Path model = dir.resolve("model.json");
        Result r = run("fit", "--data", train.toString(), "--gates", gates.toString(), "--tol", "1e-4",
                "--out", model.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("train mse"), r.out());
        LoadedModel lm = ModelFile.read(model);
        assertEquals(gates.toString(), lm.training().gatesFile());
        assertEquals("regression", lm.encoding().task().name().toLowerCase(Locale.ROOT));
        r = run("evaluate", "--model", model.toString(), "--data", train.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("mse"), r.out());
    }

    @Test
    void mismatchedColumnsBetweenFitAndPredict() throws IOException {
        Path train = data("train.csv", false);
        Path model = dir.resolve("model.json");
        assertEquals(0, run("fit", "--data", train.toString(), "--loss", "logistic", "--patterns", "10",
                "--tol", "1e-3", "--out", model.toString(), "--quiet").code());
        Path other = write(dir, "other.csv", "a,c\n1,2\n");
        List<Path> before = listing(dir);
        Path preds = dir.resolve("preds.csv");
        Result r = run("predict", "--model", model.toString(), "--data", other.toString(), "--out", preds.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("other.csv"), r.err());
        assertEquals(before, listing(dir));
    }

    @Test
    void demoWithDataOverride() throws IOException {
        Path train = data("bc.csv", false);
        Path out = dir.resolve("demo.json");
        Result r = run("demo", "--data", train.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("gated-relu, logistic loss, lambda 0.001"), r.out());
        assertTrue(r.out().contains(out.toString()), r.out());
        TrainingRecord training = ModelFile.read(out).training();
        assertEquals(1000, training.patterns());
        assertTrue(training.standardize());
    }
}
