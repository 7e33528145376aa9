package org.convexnn.io;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.linalg.KernelSettings;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.EngineSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Characterisation of the model and summary files (recorded before io was separated from api): two small seeded
 * fits, written with the library's writers, must give the committed JSON (see {@link #assertSameJson}) once the keys
 * that change from run to run or machine to machine ({@link #MODEL_IGNORED}, {@link #SUMMARY_IGNORED}) are removed.
 * Run with {@code -Dconvexnn.characterisation.record=true} to write the files again.
 */
class ModelFileCharacterisationTest {
    /**
     * Keys of a model file that are not fixed by the fit: the creation time, the Java and OS of the machine, and in the
     * summary the wall time, the peak heap and the BLAS kernel description (library and thread count).
     */
    static final Set<String> MODEL_IGNORED = Set.of("provenance.created", "provenance.seconds",
            "provenance.java_version", "provenance.os",
            "provenance.arch", "summary.seconds", "summary.peak_heap_mb", "summary.blas");
    /** The same keys of a summary file. */
    static final Set<String> SUMMARY_IGNORED = Set.of("seconds", "peak_heap_mb", "blas");

    static final Path RESOURCES = Path.of("src/test/resources/characterisation");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Gated ReLU, logistic loss on ±1 labels from raw arrays (default encoding), with a gates file name. */
    static TwoLayerFit gatedLogistic() {
        Matrix x = gaussian(24, 3, 11);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(i, 0) - 0.5 * x.get(i, 2) + 0.2 > 0 ? 1 : -1;
        }
        return ConvexTrainer.builder().engine(JAVA_KERNELS).model(Model.GATED_RELU).loss(Loss.LOGISTIC).lambda(1e-2).patterns(12)
                .bias(BiasMode.REGULARIZED).standardize(true).seed(5).threads(1).build().fit(x, y);
    }

    /** Leaky ReLU regression on exactly enumerated patterns with an output bias and pruning. */
    static TwoLayerFit leakyExactPruned() {
        Matrix x = gaussian(10, 2, 23);
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, x.get(i, 0) + 0.3) - 0.7 * Math.max(0, x.get(i, 1)) + 0.05 * i;
        }
        return ConvexTrainer.builder().engine(JAVA_KERNELS).model(Model.LEAKY_RELU).leakySlope(0.1).loss(Loss.SQUARED).lambda(5e-3)
                .exactPatterns(true).outputBias(true).prune(true).tol(1e-8).seed(3).threads(1).build().fit(x, y);
    }

    /** The engine the files were recorded with: the pure-Java kernels. */
    static final EngineSettings JAVA_KERNELS = EngineSettings.DEFAULT.withKernels(
            KernelSettings.DEFAULT.withBackend(KernelSettings.Backend.JAVA));

    /** Removes dotted key paths from a copy of the tree. */
    static JsonNode without(JsonNode root, Set<String> paths) {
        ObjectNode copy = root.deepCopy();
        for (String p : paths) {
            String[] parts = p.split("\\.");
            JsonNode parent = copy;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            if (parent instanceof ObjectNode o) {
                o.remove(parts[parts.length - 1]);
            }
        }
        return copy;
    }

    /** Compares a written file with its committed version (or records it). */
    static void check(Path written, String name, Set<String> ignored) throws IOException {
        Path golden = RESOURCES.resolve(name);
        if (Boolean.getBoolean("convexnn.characterisation.record")) {
            Files.createDirectories(RESOURCES);
            Files.copy(written, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        JsonNode want = without(JSON.readTree(golden.toFile()), ignored);
        JsonNode got = without(JSON.readTree(written.toFile()), ignored);
        assertSameJson(want, got, name);
    }

    /**
     * Same keys in the same order, same strings, booleans, nulls and integers; doubles to 1e-9 relative (plus 1e-14):
     * the last bits of a fit depend on which kernel (native or Java) the network's forward pass picked when its class
     * was first loaded, which earlier tests in the same JVM decide.
     */
    static void assertSameJson(JsonNode want, JsonNode got, String where) {
        if (want.isObject()) {
            assertTrue(got.isObject(), where + ": not an object: " + got);
            assertEquals(keys(want), keys(got), where + ": keys");
            want.fieldNames().forEachRemaining(k -> assertSameJson(want.get(k), got.get(k), where + "." + k));
        } else if (want.isArray()) {
            assertTrue(got.isArray(), where + ": not an array: " + got);
            assertEquals(want.size(), got.size(), where + ": length");
            for (int i = 0; i < want.size(); i++) {
                assertSameJson(want.get(i), got.get(i), where + "[" + i + "]");
            }
        } else if (want.isFloatingPointNumber() || got.isFloatingPointNumber()) {
            assertTrue(got.isNumber(), where + ": not a number: " + got);
            double a = want.doubleValue();
            double b = got.doubleValue();
            assertEquals(a, b, 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-14, where);
        } else {
            assertEquals(want, got, where);
        }
    }

    static List<String> keys(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    void writeAndCheck(TwoLayerFit fit, String gates, String name) throws IOException {
        Path model = dir.resolve(name + ".model.json");
        Path summary = dir.resolve(name + ".summary.json");
        FitFiles.writeModel(fit, model, gates);
        FitFiles.writeSummary(fit.summary(), fit.settings(), summary);
        check(model, name + ".model.json", MODEL_IGNORED);
        check(summary, name + ".summary.json", SUMMARY_IGNORED);
    }

    @Test
    void gatedLogisticFilesAreUnchanged() throws IOException {
        writeAndCheck(gatedLogistic(), "gates.csv", "gated-logistic");
    }

    @Test
    void leakyExactPrunedFilesAreUnchanged() throws IOException {
        writeAndCheck(leakyExactPruned(), null, "leaky-exact-pruned");
    }
}
