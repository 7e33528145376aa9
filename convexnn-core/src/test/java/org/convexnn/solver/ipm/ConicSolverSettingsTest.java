package org.convexnn.solver.ipm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ConicSolver.Settings}: defaults, validation, and the dense-KKT and debug switches. */
class ConicSolverSettingsTest {

    @Test
    void defaults() {
        ConicSolver.Settings d = ConicSolver.Settings.defaults();
        assertEquals(new ConicSolver.Settings(100, 1e-8, 1e-8, Long.MAX_VALUE, false, false), d);
        assertEquals(d, new ConicSolver.Settings(100, 1e-8, 1e-8, Long.MAX_VALUE));
        ConicSolver.Settings s = d.withDenseKkt(true).withDebug(true);
        assertTrue(s.denseKkt() && s.debug());
        assertEquals(d.maxIterations(), s.maxIterations());
        assertEquals(d.feasTol(), s.feasTol());
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertMessage("maxIterations must be >= 0, got -1", () -> new ConicSolver.Settings(-1, 1e-8, 1e-8, 0));
        assertMessage("feasTol must be finite and > 0, got 0.0", () -> new ConicSolver.Settings(5, 0, 1e-8, 0));
        assertMessage("feasTol must be finite and > 0, got NaN",
                () -> new ConicSolver.Settings(5, Double.NaN, 1e-8, 0));
        assertMessage("gapTol must be finite and > 0, got Infinity",
                () -> new ConicSolver.Settings(5, 1e-8, Double.POSITIVE_INFINITY, 0));
        assertMessage("gapTol must be finite and > 0, got -1.0", () -> new ConicSolver.Settings(5, 1e-8, -1, 0));
    }

    private static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
    }

    /**
     * min t s.t. ‖Bx − f‖ ≤ t, |x_j| ≤ 1 with B 6 x 40: the loss cone is "wide" (41 columns, 7 rows), so the
     * structured factorisation applies; the dense one must reach the same optimum.
     */
    @Test
    void denseAndStructuredKktReachTheSameOptimum() {
        Random rnd = new Random(3);
        int rows = 6;
        int n = 40;
        List<ConicProblem.Block> blocks = new ArrayList<>();
        int[] lossCols = new int[n + 1];
        double[] lossG = new double[(rows + 1) * (n + 1)];
        double[] lossH = new double[rows + 1];
        lossCols[0] = n; // t
        lossG[0] = -1;
        for (int j = 0; j < n; j++) {
            lossCols[1 + j] = j;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                lossG[(1 + i) * (n + 1) + 1 + j] = -rnd.nextGaussian();
            }
            lossH[1 + i] = -20 * rnd.nextGaussian();
        }
        blocks.add(new ConicProblem.Block(ConeSpec.soc(rows + 1), lossCols, lossG, lossH));
        for (int j = 0; j < n; j++) {
            blocks.add(new ConicProblem.Block(ConeSpec.soc(2), new int[] {j}, new double[] {0, -1},
                    new double[] {1, 0}));
        }
        double[] c = new double[n + 1];
        c[n] = 1;
        ConicProblem p = new ConicProblem(c, null, null, blocks);
        ConicResult structured = ConicSolver.solve(p);
        ConicResult dense = ConicSolver.solve(p, ConicSolver.Settings.defaults().withDenseKkt(true));
        assertEquals(ConicStatus.OPTIMAL, structured.status(), structured::toString);
        assertEquals(ConicStatus.OPTIMAL, dense.status(), dense::toString);
        assertTrue(dense.primalObjective() > 1, "the box binds: " + dense.primalObjective());
        assertEquals(dense.primalObjective(), structured.primalObjective(), 1e-7 * dense.primalObjective());
    }

    @Test
    void debugPrintsOneLinePerIteration() {
        ConicProblem p = ConicProblem.dense(new double[] {-1, -1}, null, null,
                new double[][] {{1, 2}, {3, 1}, {-1, 0}, {0, -1}}, new double[] {4, 6, 0, 0},
                List.of(ConeSpec.nonneg(4)));
        String quiet = stderrOf(() -> ConicSolver.solve(p));
        assertEquals("", quiet);
        String[] noisy = stderrOf(() -> ConicSolver.solve(p, ConicSolver.Settings.defaults().withDebug(true)))
                .split("\\R");
        ConicResult r = ConicSolver.solve(p);
        assertEquals(r.iterations() + 1, noisy.length);
        assertTrue(noisy[0].startsWith("ipm   0 pcost "), noisy[0]);
        assertFalse(noisy[noisy.length - 1].isEmpty());
    }

    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
