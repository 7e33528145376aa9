package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.convexnn.cli.CliTestSupport.Result;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code fit --patterns exact}, {@code --max-patterns}, {@code --model leaky-relu|abs|linear}, {@code --leaky-slope}. */
class FitExactAndActivationsTest extends T6FitFixture {
    private Result fit(String... extra) {
        List<String> args = new ArrayList<>(List.of("fit", "--data", data.toString(), "--out", model.toString(),
                "--summary", summary.toString(), "--quiet"));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void exactPatternsWriteTheirKeys() throws IOException {
        Result r = fit("--patterns", "exact", "--model", "relu", "--bias", "none", "--lambda", "0.06", "--tol", "1e-7",
                "--max-iter", "200000");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("9 exact patterns, 10 cells"), r.toString());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertTrue(s.get("patterns_exact").asBoolean());
        assertEquals(10, s.get("cells").asInt());
        assertEquals(9, s.get("patterns").asInt());
        assertEquals(1.8013129, s.get("objective").asDouble() * 5, 1e-5);
        for (String k : List.of("objective", "convex_objective", "lower_bound", "gap", "relative_gap", "status",
                "iterations", "seconds", "patterns", "neurons", "max_cone_violation", "train_metric",
                "train_metric_name", "solver", "blas", "model", "loss", "lambda")) {
            assertTrue(s.has(k), k);
        }
        LoadedModel m = ModelFile.read(model);
        assertTrue(m.summary().patternsExact());
        assertEquals(10L, m.summary().cells());
    }

    @Test
    void sampledPatternsKeepWorkingAndReportNullCells() throws IOException {
        Result r = fit("--patterns", "50", "--model", "relu");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertFalse(s.get("patterns_exact").asBoolean());
        assertTrue(s.get("cells").isNull());
        assertEquals(50, ModelFile.read(model).training().patterns());
    }

    @ParameterizedTest
    @CsvSource({"leaky-relu,fista,leaky-relu", "leaky-relu,al,leaky-relu", "abs,fista,abs", "abs,al,abs",
        "linear,fista,linear", "linear,al,linear"})
    void coneModelsWithBothSolvers(String modelName, String solver, String activation) throws IOException {
        Result r = fit("--model", modelName, "--solver", solver, "--patterns", "exact", "--lambda", "0.05");
        assertEquals(0, r.code(), r.toString());
        LoadedModel m = ModelFile.read(model);
        assertEquals(activation, m.network().activation().name());
        assertEquals(modelName, m.training().model());
        assertEquals(solver, new ObjectMapper().readTree(summary.toFile()).get("solver").asText());
    }

    @Test
    void theNewtonSolverCertifiesATightGapAndAgreesWithFista() throws IOException {
        Result r = fit("--solver", "ssnal", "--patterns", "exact", "--lambda", "0.05", "--tol", "1e-10");
        assertEquals(0, r.code(), r.toString());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals("ssnal", s.get("solver").asText());
        assertEquals("OPTIMAL", s.get("status").asText());
        assertTrue(s.get("relative_gap").asDouble() <= 1e-10, s.toString());
        double newton = s.get("objective").asDouble();
        Result f = fit("--solver", "fista", "--patterns", "exact", "--lambda", "0.05", "--tol", "1e-8",
                "--max-iter", "500000");
        assertEquals(0, f.code(), f.toString());
        JsonNode fs = new ObjectMapper().readTree(summary.toFile());
        assertTrue(fs.get("lower_bound").asDouble() <= newton + 1e-12);
        assertEquals(fs.get("objective").asDouble(), newton, 1e-8);
    }

    @Test
    void leakySlopeIsUsedAndSaved() throws IOException {
        Result r = fit("--model", "leaky-relu", "--leaky-slope", "0.25", "--patterns", "exact");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("leaky-relu (slope 0.25)"), r.toString());
        assertEquals(-0.25 * 2, ModelFile.read(model).network().activation().apply(-2), 0.0);
    }

    private void assertRefused(Result r, String fragment) throws IOException {
        List<Path> inputs = listing(dir).stream().filter(p -> !p.equals(model) && !p.equals(summary)).toList();
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in " + r);
        assertEquals(1, r.err().strip().split("\n").length, r.toString());
        assertEquals(inputs, listing(dir), "nothing may be left on disk");
        assertFalse(model.toFile().exists() || summary.toFile().exists());
    }

    @Test
    void nonsensicalCombinations() throws IOException {
        assertRefused(fit("--model", "relu", "--leaky-slope", "0.1"), "--leaky-slope applies to --model leaky-relu only");
        assertRefused(fit("--leaky-slope", "0.1"), "--leaky-slope applies to --model leaky-relu only");
        assertRefused(fit("--model", "leaky-relu", "--leaky-slope", "nan"), "--leaky-slope must be a finite number");
        assertRefused(fit("--max-patterns", "10"), "--max-patterns applies to --patterns exact only");
        assertRefused(fit("--patterns", "exact", "--max-patterns", "0"), "--max-patterns must be positive");
        assertRefused(fit("--patterns", "many"), "'many' is neither a whole number of sampled patterns nor 'exact'");
        assertRefused(fit("--model", "gated-relu", "--solver", "al"), "--solver al");
        assertRefused(fit("--model", "relu", "--solver", "ssnal"), "--solver ssnal solves gated-relu programs");
        assertRefused(fit("--solver", "ssnal", "--output-bias"), "--solver ssnal needs a penalized bias");
        assertRefused(fit("--solver", "ssnal", "--bias", "unregularized"), "--solver ssnal needs a penalized bias");
        assertRefused(fit("--model", "sigmoid"), "expected gated-relu, relu, leaky-relu, abs or linear");
        Path gates = write(dir, "g.txt", "1 0 0\n");
        assertEquals(2, fit("--patterns", "exact", "--gates", gates.toString()).code());
    }

    @Test
    void tooManyPatternsIsRefusedQuickly() throws IOException {
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < 20; j++) {
            b.append("x").append(j).append(',');
        }
        b.append("y\n");
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j <= 20; j++) {
                b.append(String.format(Locale.ROOT, "%.6f", rnd.nextGaussian())).append(j < 20 ? ',' : '\n');
            }
        }
        data = write(dir, "wide.csv", b.toString());
        long t0 = System.nanoTime();
        Result r = fit("--patterns", "exact", "--model", "relu");
        assertRefused(r, "exact enumeration would produce");
        assertTrue(r.err().contains("--patterns N"), r.toString());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refusal must not hang");
        assertRefused(fit("--patterns", "exact", "--max-patterns", "5"), "above --max-patterns 5");
    }
}
