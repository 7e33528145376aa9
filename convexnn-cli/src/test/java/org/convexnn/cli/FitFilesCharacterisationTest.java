package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Characterisation of the model and summary files (recorded before io was separated from api): a convex fit and the
 * non-convex baseline, written by {@code fit --out --summary} from a seeded CSV, must give the committed JSON (see
 * {@link #assertSameJson}) once the keys that change from run to run or machine to machine ({@link #MODEL_IGNORED},
 * {@link #SUMMARY_IGNORED}) are removed. Run with {@code -Dconvexnn.characterisation.record=true} to write the files
 * again.
 */
class FitFilesCharacterisationTest {
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

    Path csv() throws IOException {
        return CliTestSupport.csvRows(dir, "data.csv", "a,b,c,label", 30, 17, (rng, i) -> {
            double a = rng.nextGaussian();
            double bb = rng.nextGaussian();
            double c = rng.nextGaussian();
            return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s", a, bb, c, a - bb + 0.3 * c > 0 ? "yes" : "no");
        });
    }

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

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static void check(Path written, String name, Set<String> ignored) throws IOException {
        Path golden = RESOURCES.resolve(name);
        if (Boolean.getBoolean("convexnn.characterisation.record")) {
            Files.createDirectories(RESOURCES);
            Files.copy(written, golden, StandardCopyOption.REPLACE_EXISTING);
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

    void fitAndCheck(String name, String... flags) throws IOException {
        Path model = dir.resolve(name + ".model.json");
        Path summary = dir.resolve(name + ".summary.json");
        List<String> args = new ArrayList<>(List.of("fit", "--data", csv().toString(), "--target", "label",
                "--out", model.toString(), "--summary", summary.toString(), "--threads", "1", "--quiet"));
        args.addAll(List.of(flags));
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        check(model, name + ".model.json", MODEL_IGNORED);
        check(summary, name + ".summary.json", SUMMARY_IGNORED);
    }

    @Test
    void convexFitFilesAreUnchanged() throws IOException {
        fitAndCheck("cli-relu", "--model", "relu", "--patterns", "15", "--lambda", "0.01", "--standardize",
                "--seed", "4");
    }

    @Test
    void baselineFitFilesAreUnchanged() throws IOException {
        fitAndCheck("cli-baseline", "--model", "nonconvex-relu", "--optimizer", "adam", "--lr", "0.01", "--epochs",
                "20", "--batch-size", "8", "--width", "5", "--lambda", "0.01", "--standardize", "--seed", "9");
    }
}
