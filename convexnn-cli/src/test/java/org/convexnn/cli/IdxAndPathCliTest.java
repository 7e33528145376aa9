package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --format idx --labels --classes} on fit/predict/evaluate, and {@code fit --lambda-path N [--cv K]}. */
class IdxAndPathCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** 30 images of 2 x 2 pixels; class c ∈ {0, 3, 6} cycles; the first pixel is bright for class 6. */
    private Path[] idx(boolean gzip) throws IOException {
        int n = 30;
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(img);
        o.writeInt(0x00000803);
        o.writeInt(n);
        o.writeInt(2);
        o.writeInt(2);
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(lab);
        l.writeInt(0x00000801);
        l.writeInt(n);
        Random rng = new Random(1);
        int[] classes = {0, 3, 6};
        for (int i = 0; i < n; i++) {
            int c = classes[i % 3];
            l.writeByte(c);
            o.writeByte(c == 6 ? 200 + rng.nextInt(50) : rng.nextInt(100));
            for (int j = 1; j < 4; j++) {
                o.writeByte(rng.nextInt(256));
            }
        }
        return new Path[] {bytes("img" + gzip, img.toByteArray(), gzip), bytes("lab" + gzip, lab.toByteArray(), gzip)};
    }

    private Path bytes(String name, byte[] b, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            os.write(b);
        }
        return p;
    }

    private void badInput(Result r, String fragment) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in " + r);
    }

    @Test
    void idxFitPredictEvaluate() throws IOException {
        Path[] f = idx(true);
        Path model = dir.resolve("m.json");
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", f[0].toString(), "--format", "idx", "--labels", f[1].toString(), "--classes", "0,6",
                "--patterns", "10", "--standardize", "--quiet", "--out", model.toString(), "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode m = JSON.readTree(model.toFile());
        assertTrue(m.toString().contains("\"p3\""), m.toString());
        assertEquals("binary", JSON.readTree(model.toFile()).findValue("task").asText());
        Path preds = dir.resolve("p.csv");
        r = run("predict", "--model", model.toString(), "--data", f[0].toString(), "--format", "idx", "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(31, Files.readAllLines(preds).size());
        r = run("evaluate", "--model", model.toString(), "--data", f[0].toString(), "--format", "idx", "--labels",
                f[1].toString(), "--classes", "6,0");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("accuracy"), r.toString());
        // all classes: one-vs-all with 3 outputs, plain files
        Path[] plain = idx(false);
        r = run("fit", "--data", plain[0].toString(), "--format", "idx", "--labels", plain[1].toString(), "--patterns", "5",
                "--max-iter", "200", "--quiet", "--out", dir.resolve("m3.json").toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("multiclass", JSON.readTree(dir.resolve("m3.json").toFile()).findValue("task").asText());
    }

    @Test
    void idxErrors() throws IOException {
        Path[] f = idx(false);
        String img = f[0].toString();
        String lab = f[1].toString();
        List<Path> before = listing(dir);
        Path out = dir.resolve("m.json");
        badInput(run("fit", "--data", img, "--format", "idx", "--out", out.toString()), "--labels");
        badInput(run("fit", "--data", img, "--format", "idx", "--labels", lab, "--classes", "0,7", "--out", out.toString()),
                "class 7 does not occur");
        badInput(run("fit", "--data", lab, "--format", "idx", "--labels", img, "--out", out.toString()), "magic number");
        badInput(run("fit", "--data", img, "--format", "csv", "--labels", lab), "--labels applies to IDX");
        badInput(run("fit", "--data", img, "--format", "idx", "--labels", lab, "--target", "x"), "--target");
        assertEquals(before, listing(dir), "nothing may be left on disk");
    }

    @Test
    void classesSelectRowsOfCsvData() throws IOException {
        StringBuilder b = new StringBuilder("a,b,label\n");
        Random rng = new Random(3);
        for (int i = 0; i < 30; i++) {
            int c = i % 3; // 10 rows each of classes 0, 1 and 2
            b.append(c + rng.nextGaussian()).append(',').append(rng.nextGaussian()).append(',').append(c).append('\n');
        }
        Path data = CliTestSupport.write(dir, "three.csv", b.toString());
        Path summary = dir.resolve("s.json");
        Path model = dir.resolve("m.json");
        Result r = run("fit", "--data", data.toString(), "--task", "classification", "--classes", "0,2", "--patterns",
                "10", "--quiet", "--out", model.toString(), "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode m = JSON.readTree(model.toFile());
        assertEquals(List.of("0", "2"), JSON.convertValue(m.findValue("classes"), List.class), m.toString());
        Result e = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--classes", "2,0");
        assertEquals(0, e.code(), e.toString());
        assertTrue(e.out().matches("(?s).*\\bn\\s+20\\b.*"), "evaluate should see the 20 rows of classes 0 and 2: " + e.out());
        List<Path> before = listing(dir);
        badInput(run("fit", "--data", data.toString(), "--task", "classification", "--classes", "0,5"),
                "class '5' does not occur");
        assertEquals(before, listing(dir), "nothing may be left on disk");
    }

    private Path regression() throws IOException {
        StringBuilder b = new StringBuilder("a,b,y\n");
        Random rng = new Random(4);
        for (int i = 0; i < 30; i++) {
            double a = rng.nextGaussian();
            double c = rng.nextGaussian();
            b.append(a).append(',').append(c).append(',').append(Math.max(0, a) - 0.5 * Math.max(0, c) + 0.1 * rng.nextGaussian()).append('\n');
        }
        return CliTestSupport.write(dir, "reg.csv", b.toString());
    }

    @Test
    void lambdaPathSummaryAndModel() throws IOException {
        Path data = regression();
        Path model = dir.resolve("m.json");
        Path summary = dir.resolve("s.json");
        Result r = run("fit", "--data", data.toString(), "--lambda-path", "4", "--patterns", "10", "--quiet",
                "--out", model.toString(), "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("lambda_max"), r.out());
        JsonNode s = JSON.readTree(summary.toFile());
        JsonNode path = s.get("path");
        assertEquals(4, path.size());
        double lmax = s.get("lambda_max").asDouble();
        assertEquals(lmax, path.get(0).get("lambda").asDouble());
        assertEquals(0, path.get(0).get("neurons").asInt());
        assertEquals(1e-3 * lmax, path.get(3).get("lambda").asDouble(), 1e-12 * lmax);
        for (String k : new String[] {"lambda", "objective", "lower_bound", "gap", "relative_gap", "status", "iterations",
            "solver", "seconds", "neurons"}) {
            assertTrue(path.get(2).has(k), k);
        }
        assertEquals("closed-form", path.get(0).get("solver").asText());
        assertEquals(path.get(3).get("lambda").asDouble(), s.get("selected_lambda").asDouble());
        assertEquals(path.get(3).get("lambda").asDouble(), JSON.readTree(model.toFile()).findValue("lambda").asDouble());
        // explicit --lambda is λ_min
        r = run("fit", "--data", data.toString(), "--lambda-path", "2", "--lambda", "0.01", "--patterns", "10", "--quiet",
                "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(0.01, JSON.readTree(summary.toFile()).get("path").get(1).get("lambda").asDouble());
        badInput(run("fit", "--data", data.toString(), "--cv", "3"), "--lambda-path");
        badInput(run("fit", "--data", data.toString(), "--lambda-path", "1"), "at least 2");
        badInput(run("fit", "--data", data.toString(), "--lambda-path", "3", "--lambda", "1e6"), "λ_max");
    }

    @Test
    void crossValidatedPathIsReproducible() throws IOException {
        Path data = regression();
        Path[] summaries = {dir.resolve("a.json"), dir.resolve("b.json")};
        for (Path s : summaries) {
            Result r = run("fit", "--data", data.toString(), "--lambda-path", "4", "--cv", "3", "--seed", "3",
                    "--patterns", "10", "--tol", "1e-7", "--quiet", "--summary", s.toString());
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("validation_loss"), r.out());
        }
        JsonNode a = JSON.readTree(summaries[0].toFile());
        JsonNode b = JSON.readTree(summaries[1].toFile());
        assertEquals(3, a.get("cv_folds").asInt());
        assertEquals(a.get("cv_best_lambda"), b.get("cv_best_lambda"));
        boolean found = false;
        for (int i = 0; i < 4; i++) {
            JsonNode p = a.get("path").get(i);
            assertEquals(p.get("validation_loss"), b.get("path").get(i).get("validation_loss"));
            assertEquals(3, p.get("fold_losses").size());
            found |= p.get("lambda").asDouble() == a.get("cv_best_lambda").asDouble();
        }
        assertTrue(found);
        assertEquals(a.get("cv_best_lambda").asDouble(), a.get("lambda").asDouble());
    }
}
