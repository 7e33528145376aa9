package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.io.SummaryRecord.BaselineOutcome;
import org.convexnn.io.TrainingRecord.BaselineTraining;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model documents built from io's own records: the typed sections round-trip, and wrong types name file and key. */
class ModelDocumentTest {
    @TempDir
    Path dir;

    static TwoLayerNetwork network() {
        return new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{1, -1}, {0.5, 2}}),
                new double[] {0.1, -0.2}, Matrix.of(new double[][] {{1, -0.5}}), new double[] {0.3}, null, null);
    }

    static TrainingRecord convexTraining() {
        return new TrainingRecord("relu", Loss.SQUARED, 0.01, 20, false, 100_000L, null, "regularized", true, 0, true,
                "auto", 1e-6, 10_000, Double.POSITIVE_INFINITY, 1, 7L, true, 0, 0, 2, "gates.csv", null);
    }

    static SummaryRecord summary() {
        return new SummaryRecord(0.5, 0.5, 0.49, 0.01, 0.01, "OPTIMAL", 100, 0.25, 20, 2, 0.0, 0.9, "accuracy",
                "fista", "java", false, null, null, 5, 12.5, null);
    }

    static Provenance provenance() {
        Map<String, Object> solver = new LinkedHashMap<>();
        solver.put("solver", "fista");
        solver.put("restart", true);
        solver.put("max_iter", 10_000L);
        solver.put("step", 0.25);
        return new Provenance("0.1.0-SNAPSHOT", "17.0.15", "Linux", "amd64", Instant.parse("2026-12-04T21:10:44.528Z"),
                1.25,
                solver);
    }

    static ModelDocument document(TrainingRecord t, SummaryRecord s, Provenance p) {
        return new ModelDocument(network(), List.of("a", "b"),
                new TargetEncoding(Task.BINARY, "label", List.of("no", "yes")), null, t, s, p);
    }

    @Test
    void typedSectionsRoundTrip() throws IOException {
        Path p = dir.resolve("m.json");
        ModelFile.write(document(convexTraining(), summary(), provenance()), p);
        LoadedModel m = ModelFile.read(p);
        assertEquals(convexTraining(), m.training());
        assertEquals(summary().lowerBound(), m.summary().lowerBound());
        assertEquals(summary().status(), m.summary().status());
        assertEquals(summary().neuronsBeforePrune(), m.summary().neuronsBeforePrune());
        assertNull(m.summary().cells());
        assertEquals(provenance(), m.provenance());
        assertEquals(List.of("solver", "restart", "max_iter", "step"),
                List.copyOf(m.provenance().solverSettings().keySet()));
        assertEquals("squared", m.lossName());
    }

    @Test
    void withoutSolverSettingsTheProvenanceHasTheFiveVersion1Keys() {
        JsonNode p = ModelWriter.toJson(document(convexTraining(), summary(), Provenance.current())).get("provenance");
        List<String> keys = new java.util.ArrayList<>();
        p.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("convexnn_version", "java_version", "os", "arch", "created"), keys);
    }

    @Test
    void baselineDocumentIsWrittenOnceWithItsKeys() throws IOException {
        TrainingRecord t = convexTraining().withBaseline("nonconvex-relu",
                new BaselineTraining("adam", 0.01, 20, 8, 5));
        SummaryRecord s = summary().asBaseline(new BaselineOutcome(20, false));
        Path p = dir.resolve("b.json");
        ModelFile.write(document(t, s, provenance()), p);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
        JsonNode root = Json.MAPPER.readTree(p.toFile());
        List<String> keys = new java.util.ArrayList<>();
        root.get("training").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("model", "loss", "lambda", "bias", "output_bias", "standardize", "time_limit", "threads",
                "seed", "prune", "pattern_networks", "gates_file", "optimizer", "lr", "epochs", "batch_size", "width"),
                keys);
        assertEquals("BASELINE", root.get("summary").get("status").asText());
        assertEquals(20, root.get("summary").get("epochs_run").asInt());
        LoadedModel m = ModelFile.read(p);
        assertEquals(t, m.training());
        assertEquals(new BaselineOutcome(20, false), m.summary().baseline());
        assertEquals(SummaryRecord.BASELINE_STATUS, m.summary().status());
    }

    private Path edited(Consumer<ObjectNode> edit) throws IOException {
        Path p = dir.resolve("m.json");
        ModelFile.write(document(convexTraining(), summary(), provenance()), p);
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(p.toFile());
        edit.accept(root);
        Path q = dir.resolve("bad.json");
        Files.write(q, Json.MAPPER.writeValueAsBytes(root));
        return q;
    }

    private String failure(Path p) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void wronglyTypedSectionEntriesNameTheFileAndTheKey() throws IOException {
        String msg = failure(edited(r -> ((ObjectNode) r.get("training")).put("seed", "seven")));
        assertTrue(msg.contains("\"training.seed\" must be an integer"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("training")).put("standardize", 1)));
        assertTrue(msg.contains("\"training.standardize\" must be true or false"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("summary")).put("iterations", 1.5)));
        assertTrue(msg.contains("\"summary.iterations\" must be an integer"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("summary")).put("objective", "low")));
        assertTrue(msg.contains("\"summary.objective\" must be a number"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("provenance")).put("created", "yesterday")));
        assertTrue(msg.contains("provenance.created"), msg);
        msg = failure(edited(r -> ((ObjectNode) r.get("provenance").get("solver_settings")).putArray("x")));
        assertTrue(msg.contains("\"provenance.solver_settings.x\""), msg);
    }

    @Test
    void missingSectionEntriesAreNull() throws IOException {
        LoadedModel m = ModelFile.read(edited(r -> {
            r.set("training", Json.MAPPER.createObjectNode());
            r.set("summary", Json.MAPPER.createObjectNode());
            r.remove("provenance");
        }));
        assertNull(m.training().model());
        assertNull(m.training().seed());
        assertNull(m.lossName());
        assertTrue(Double.isNaN(m.summary().objective()));
        assertNull(m.summary().status());
        assertNull(m.provenance());
    }
}
