package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.TrainerSettings;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static final double[] TRICKY = {0.1, 1.0 / 3.0, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MIN_NORMAL, 4.9e-322, 1e-300, 123456789.123456789, Math.PI, -Math.E, 2.0 / 3.0, 1e22, 5e-324};

    static Matrix randomMatrix(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = i < TRICKY.length && rows * cols > 20 ? TRICKY[i] : r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
        }
        return Matrix.wrap(rows, cols, d);
    }

    static double[] randomVector(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(v[i])) {
                v[i] = r.nextDouble();
            }
        }
        return v;
    }

    static FitSummary summary() {
        return new FitSummary(0.25, 0.2499, 0.2498, 2e-4, 8e-4, SolveStatus.OPTIMAL, 120, 1.5, 40, 7, 0.0,
                0.97, "accuracy", "fista", "java");
    }

    static TwoLayerFit fit(TwoLayerNetwork net, TargetEncoding enc, Standardization st, TrainerSettings s) {
        List<String> names = Stream.iterate(0, i -> i + 1).limit(net.inputs()).map(i -> "x" + i).toList();
        return new TwoLayerFit(net, summary(), s, names, enc, st);
    }

    static TrainerSettings settings(Loss loss) {
        return ConvexTrainer.builder().model(Model.GATED_RELU).loss(loss).lambda(1e-3).patterns(50)
                .bias(BiasMode.REGULARIZED).standardize(true).seed(11).build().settings();
    }

    static TwoLayerFit sampleFit() {
        Random r = new Random(1);
        int d = 5;
        int m = 6;
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, randomMatrix(r, m, d), randomVector(r, m),
                randomMatrix(r, 1, m), randomVector(r, 1), randomMatrix(r, m, d), randomVector(r, m));
        TargetEncoding enc = new TargetEncoding(Task.BINARY, "label", List.of("benign", "malignant"));
        Standardization st = new Standardization(randomVector(r, d), new double[] {1, 2, 3, 0.5, 1e-3});
        return fit(net, enc, st, settings(Loss.LOGISTIC));
    }

    static void assertBitEqual(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]),
                    "entry " + i + ": " + a[i] + " vs " + b[i]);
        }
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Random r = new Random(3);
        int d = 7;
        int m = 9;
        // W1 of 63 entries starts with the tricky doubles
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, randomMatrix(r, m, d), randomVector(r, m),
                randomMatrix(r, 1, m), randomVector(r, 1), randomMatrix(r, m, d), randomVector(r, m));
        Standardization st = new Standardization(randomVector(r, d), new double[] {1, 2, 3, 4, 5, 6, 7});
        TwoLayerFit f = fit(net, new TargetEncoding(Task.BINARY, "y", List.of("0", "1")), st, settings(Loss.LOGISTIC));
        Path p = dir.resolve("model.json");
        FitFiles.writeModel(f, p);
        LoadedModel lm = ModelFile.read(p);
        TwoLayerNetwork back = lm.network();
        assertBitEqual(net.w1().data(), back.w1().data());
        assertBitEqual(net.b1(), back.b1());
        assertBitEqual(net.w2().data(), back.w2().data());
        assertBitEqual(net.b2(), back.b2());
        assertBitEqual(net.gates().data(), back.gates().data());
        assertBitEqual(net.gateBias(), back.gateBias());
        assertBitEqual(st.means(), lm.standardization().means());
        assertBitEqual(st.scales(), lm.standardization().scales());
        assertEquals(f.featureNames(), lm.featureNames());
        assertEquals(f.encoding(), lm.encoding());
        assertEquals("logistic", lm.lossName());
        assertEquals(0.2498, lm.summary().lowerBound());
        assertEquals("OPTIMAL", lm.summary().status());
        assertEquals(11L, lm.training().seed());
        assertEquals(Double.POSITIVE_INFINITY, lm.training().timeLimitSeconds());
        JsonNode written = Json.MAPPER.readTree(p.toFile());
        assertTrue(written.get("training").get("time_limit").isNull());
        assertTrue(written.get("provenance").get("created").asText().endsWith("Z"));
        assertEquals(written.get("provenance").get("created").asText(), lm.provenance().created().toString());
        Matrix x = Matrix.wrap(4, d, randomVector(new Random(9), 4 * d));
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = Math.scalb(x.data()[i] % 1.0, 2);
        }
        assertBitEqual(net.predict(x).data(), back.predict(x).data());
        // writing the loaded model again gives the same network section
        JsonNode a = Json.MAPPER.readTree(p.toFile()).get("network");
        TwoLayerFit again = new TwoLayerFit(back, summary(), f.settings(), lm.featureNames(), lm.encoding(), lm.standardization());
        Path q = dir.resolve("again.json");
        FitFiles.writeModel(again, q);
        assertEquals(a, Json.MAPPER.readTree(q.toFile()).get("network"));
    }

    @Test
    void randomDoublesRoundTripExactly() throws IOException {
        Random r = new Random(42);
        int d = 50;
        double[] w = randomVector(r, 4 * d);
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.leakyRelu(0.01), Matrix.wrap(4, d, w), null,
                Matrix.wrap(1, 4, randomVector(r, 4)), null, null, null);
        Path p = dir.resolve("m.json");
        FitFiles.writeModel(fit(net, new TargetEncoding(Task.REGRESSION, "y", List.of()), Standardization.identity(d),
                settings(Loss.SQUARED)), p);
        LoadedModel lm = ModelFile.read(p);
        assertBitEqual(w, lm.network().w1().data());
        assertEquals("leaky-relu", lm.network().activation().name());
        assertEquals(0.01, lm.network().activation().negative());
        assertFalse(lm.network().isGated());
        assertNull(lm.standardization(), "identity standardization is stored as null");
    }

    @Test
    void multiclassAndZeroWidthRoundTrip() throws IOException {
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, Matrix.zeros(0, 3), null, Matrix.zeros(3, 0),
                new double[] {1, 2, 3}, Matrix.zeros(0, 3), null);
        TargetEncoding enc = new TargetEncoding(Task.MULTICLASS, "species", List.of("a", "b", "c"));
        Path p = dir.resolve("mc.json");
        FitFiles.writeModel(fit(net, enc, null, settings(Loss.SQUARED)), p);
        LoadedModel lm = ModelFile.read(p);
        assertEquals(0, lm.network().width());
        assertEquals(enc, lm.encoding());
        assertArrayEquals(new double[] {1, 2, 3}, lm.predict(Matrix.zeros(1, 3)).data());
    }

    // ------------------------------------------------------------ corruption

    private Path written() throws IOException {
        Path p = dir.resolve("model.json");
        FitFiles.writeModel(sampleFit(), p);
        return p;
    }

    private Path edited(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(written().toFile());
        edit.accept(root);
        Path q = dir.resolve("bad.json");
        Files.write(q, Json.MAPPER.writeValueAsBytes(root));
        return q;
    }

    private static ObjectNode net(ObjectNode root) {
        return (ObjectNode) root.get("network");
    }

    private String failure(Path p) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFile() throws IOException {
        Path p = written();
        byte[] all = Files.readAllBytes(p);
        Path q = dir.resolve("trunc.json");
        Files.write(q, java.util.Arrays.copyOf(all, all.length / 2));
        String msg = failure(q);
        assertTrue(msg.contains("not valid JSON (truncated?) at line "), msg);
        assertTrue(msg.contains(" column "), msg);
    }

    @Test
    void notJson() throws IOException {
        Path q = dir.resolve("x.json");
        Files.writeString(q, "{\n  \"format\": convexnn\n}");
        String msg = failure(q);
        assertTrue(msg.contains("not valid JSON at line 2 column"), msg);
        Files.writeString(q, "");
        assertTrue(failure(q).contains("empty file"));
        Files.writeString(q, "[1, 2]");
        assertTrue(failure(q).contains("not a convexnn model file") || failure(q).contains("top level"));
        Files.writeString(q, "{\"a\":1} {\"b\":2}");
        assertTrue(failure(q).contains("not valid JSON"));
    }

    @Test
    void wrongFormatAndVersion() throws IOException {
        assertTrue(failure(edited(r -> r.put("format", "onnx"))).contains("not a convexnn model file"));
        assertTrue(failure(edited(r -> r.remove("format"))).contains("not a convexnn model file"));
        String msg = failure(edited(r -> r.put("format_version", 2)));
        assertTrue(msg.contains("unsupported format_version 2"), msg);
        assertTrue(failure(edited(r -> r.put("format_version", "1"))).contains("format_version"));
    }

    @Test
    void missingKeys() throws IOException {
        assertTrue(failure(edited(r -> r.remove("network"))).contains("missing key \"network\""));
        assertTrue(failure(edited(r -> net(r).remove("b1"))).contains("missing key \"network.b1\""));
        assertTrue(failure(edited(r -> net(r).remove("width"))).contains("network.width"));
        assertTrue(failure(edited(r -> ((ObjectNode) r.get("transform")).remove("feature_names")))
                .contains("transform.feature_names"));
        assertTrue(failure(edited(r -> ((ObjectNode) r.get("transform")).remove("target"))).contains("transform.target"));
        assertTrue(failure(edited(r -> r.remove("summary"))).contains("summary"));
        assertTrue(failure(edited(r -> r.remove("training"))).contains("training"));
    }

    @Test
    void wrongShapes() throws IOException {
        String msg = failure(edited(r -> ((ArrayNode) net(r).get("W1")).remove(0)));
        assertEquals(dir.resolve("bad.json") + ": W1 has 5 rows, expected width 6", msg);
        msg = failure(edited(r -> ((ArrayNode) net(r).get("W1").get(2)).add(1.0)));
        assertTrue(msg.contains("W1 row 2 has 6 entries, expected inputs 5"), msg);
        msg = failure(edited(r -> ((ArrayNode) net(r).get("b2")).add(1.0)));
        assertTrue(msg.contains("b2 has length 2, expected outputs 1"), msg);
        msg = failure(edited(r -> net(r).put("outputs", 2)));
        assertTrue(msg.contains("W2 has 1 rows, expected outputs 2"), msg);
        msg = failure(edited(r -> ((ArrayNode) net(r).get("gates")).remove(5)));
        assertTrue(msg.contains("gates has 5 rows, expected width 6"), msg);
        msg = failure(edited(r -> net(r).putNull("gates")));
        assertTrue(msg.contains("gated is true"), msg);
        msg = failure(edited(r -> ((ArrayNode) r.get("transform").get("feature_names")).add("extra")));
        assertTrue(msg.contains("feature_names has 6 names, expected inputs 5"), msg);
        msg = failure(edited(r -> ((ArrayNode) r.get("transform").get("standardization").get("scales")).remove(0)));
        assertTrue(msg.contains("transform.standardization.scales has length 4, expected inputs 5"), msg);
        msg = failure(edited(r -> net(r).put("W1", "oops")));
        assertTrue(msg.contains("\"network.W1\" must be an array"), msg);
    }

    @Test
    void nonNumericAndNonFiniteNumbers() throws IOException {
        String msg = failure(edited(r -> ((ArrayNode) net(r).get("W1").get(1)).set(3, "0.5")));
        assertTrue(msg.contains("W1[1][3] is not a number"), msg);
        msg = failure(edited(r -> ((ArrayNode) net(r).get("b1")).set(0, (JsonNode) null)));
        assertTrue(msg.contains("b1[0] is not a number"), msg);
        Path p = written();
        String text = Files.readString(p);
        Path q = dir.resolve("inf.json");
        Files.writeString(q, text.replaceFirst("\"b2\" : \\[ [^\\]]* \\]", "\"b2\" : [ 1e400 ]"));
        msg = failure(q);
        assertTrue(msg.contains("b2[0] is not finite"), msg);
        Files.writeString(q, text.replaceFirst("\"b2\" : \\[ [^\\]]* \\]", "\"b2\" : [ NaN ]"));
        assertTrue(failure(q).contains("not valid JSON"));
        msg = failure(edited(r -> ((ArrayNode) r.get("transform").get("standardization").get("scales")).set(1, 0.0)));
        assertTrue(msg.contains("scales[1] must be > 0"), msg);
    }

    @Test
    void unknownActivationAndTask() throws IOException {
        String msg = failure(edited(r -> net(r).put("activation", "tanh")));
        assertTrue(msg.contains("unknown activation 'tanh'"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("transform").get("target")).put("task", "ranking")));
        assertTrue(msg.contains("task 'ranking' is unknown"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("training")).put("loss", "hinge")));
        assertTrue(msg.contains("training.loss"), msg);
    }

    @Test
    void classListInconsistentWithOutputs() throws IOException {
        String msg = failure(edited(r -> ((ArrayNode) r.get("transform").get("target").get("classes")).add("third")));
        assertTrue(msg.contains("binary needs 2 classes, found 3"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("transform").get("target")).put("task", "multiclass")));
        assertTrue(msg.contains("multiclass needs at least 3 classes"), msg);
        msg = failure(edited(r -> {
            ((ObjectNode) r.get("transform").get("target")).put("task", "multiclass");
            ((ArrayNode) r.get("transform").get("target").get("classes")).add("c").add("d");
        }));
        assertTrue(msg.contains("has 4 classes but the network has outputs 1"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("transform").get("target")).put("task", "regression")));
        assertTrue(msg.contains("regression target has no classes"), msg);
        msg = failure(edited(r -> ((ArrayNode) r.get("transform").get("target").get("classes")).set(1, "benign")));
        assertTrue(msg.contains("repeated class"), msg);
    }

    // ------------------------------------------------------------ atomic writes

    @Test
    void missingDirectoryFailsAndLeavesNothing() throws IOException {
        Path out = dir.resolve("no-such-dir").resolve("model.json");
        assertThrows(IOException.class, () -> FitFiles.writeModel(sampleFit(), out));
        assertFalse(Files.exists(out.getParent()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void failedBodyLeavesNoTempFileAndKeepsOldTarget() throws IOException {
        Path out = dir.resolve("target.txt");
        Files.writeString(out, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, os -> {
            os.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList());
        }
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(out, os -> {
            throw new IllegalStateException("boom");
        }));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList());
        }
    }

    @Test
    void writingOntoADirectoryFails() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(IOException.class, () -> FitFiles.writeModel(sampleFit(), sub));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(sub), s.toList());
        }
    }

    @Test
    void successfulWriteLeavesOnlyTarget() throws IOException {
        Path p = written();
        FitFiles.writeModel(sampleFit(), p);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList());
        }
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelFile.read(dir.resolve("nope.json")));
    }
}
