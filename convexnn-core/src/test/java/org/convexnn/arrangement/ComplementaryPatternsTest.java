package org.convexnn.arrangement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.junit.jupiter.api.Test;

class ComplementaryPatternsTest {
    static final Matrix T6 = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 2}, {2, -1}});
    static final Matrix T6_Y = Matrix.column(new double[] {1, -1, 2, 0.5, -0.5});

    static String key(boolean[] p) {
        StringBuilder b = new StringBuilder();
        for (boolean a : p) {
            b.append(a ? '1' : '0');
        }
        return b.toString();
    }

    /** The full open-cell set of T6, all-zero pattern included: 10 patterns. */
    static PatternSet fullT6() {
        PatternSet enumerated = ExactEnumerator.enumerate(T6, 1000);
        assertEquals(9, enumerated.size());
        PatternSet full = ComplementaryPatterns.withAllInactive(T6, enumerated);
        assertEquals(10, full.size());
        return full;
    }

    @Test
    void halvesAFullEnumerationAndKeepsTheFirstRowActive() {
        PatternSet full = fullT6();
        PatternSet half = ComplementaryPatterns.keepOnePerPair(T6, full);
        assertEquals(5, half.size());
        Set<String> all = new HashSet<>();
        for (int p = 0; p < full.size(); p++) {
            all.add(key(full.pattern(p)));
        }
        for (int p = 0; p < half.size(); p++) {
            assertTrue(half.active(0, p), "canonical member has the first non-zero row active");
            assertTrue(all.contains(key(half.pattern(p))));
            // the (possibly negated) gate still generates its pattern, strictly
            double[] g = half.gates().row(p);
            for (int i = 0; i < T6.rows(); i++) {
                double z = T6.get(i, 0) * g[0] + T6.get(i, 1) * g[1];
                assertEquals(half.active(i, p), z > 0, "gate of pattern " + p + " row " + i);
            }
        }
        // the enumeration without the all-zero pattern halves the same way (its complement, all-ones, is there)
        assertEquals(5, ComplementaryPatterns.keepOnePerPair(T6, ExactEnumerator.enumerate(T6, 1000)).size());
    }

    @Test
    void zeroRowsStayActiveAndUnpairedPatternsAreKept() {
        Matrix x = Matrix.of(new double[][] {{0, 0}, {1, 0}, {0, 1}});
        long[] a = {0b011L}; // rows 0 and 1 active
        long[] b = {0b101L}; // rows 0 and 2 active: the complement of a on the non-zero rows
        long[] c = {0b111L};
        PatternSet s = PatternSet.fromColumns(3, new long[][] {b, a, c},
                Matrix.of(new double[][] {{-1, 1}, {1, -1}, {1, 1}}));
        PatternSet h = ComplementaryPatterns.keepOnePerPair(x, s);
        assertEquals(2, h.size());
        assertArrayEquals(new boolean[] {true, true, false}, h.pattern(0));
        assertArrayEquals(new double[] {1, -1}, h.gates().row(0));
        assertArrayEquals(new boolean[] {true, true, true}, h.pattern(1));
        PatternSet canonical = PatternSet.fromColumns(3, new long[][] {a}, Matrix.of(new double[][] {{1, -1}}));
        assertSame(canonical, ComplementaryPatterns.keepOnePerPair(x, canonical));
    }

    static double solve(PatternSet patterns, Activation act, double beta) {
        return solve(patterns, act, beta, T6_Y);
    }

    static double solve(PatternSet patterns, Activation act, double beta, Matrix y) {
        ConvexProgram program = new ConvexProgram(T6, y, patterns, Formulation.CONE_CONSTRAINED, act,
                Loss.SQUARED, beta / 5);
        SolveResult r = FistaSolver.solve(new MaskedFeatureOperator(program, Blas.auto(1)),
                new SolverSettings(1e-8, 200000, Double.POSITIVE_INFINITY), null, IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        return r.objective() * 5;
    }

    /** O-I8: the absolute value reaches the same optimum with half of the patterns. */
    @Test
    void absoluteValueSameOptimumWithHalfThePatterns() {
        PatternSet full = fullT6();
        double all = solve(full, Activation.ABS, 0.3);
        double half = solve(ComplementaryPatterns.keepOnePerPair(T6, full), Activation.ABS, 0.3);
        assertEquals(1.5715552, all, 1e-6 * 1.5715552);
        assertEquals(all, half, 1e-6 * all);
    }

    /** For leaky slopes |κ| &gt; 1 the all-inactive pattern matters (so the pipeline adds it back). */
    @Test
    void allInactivePatternMattersForSteepNegativeSlopes() {
        PatternSet enumerated = ExactEnumerator.enumerate(T6, 1000);
        Activation steep = Activation.leakyRelu(3.0);
        // y = X h with h = (-1, -1) in the all-inactive cell: one neuron there is three times cheaper than any other
        Matrix y = Matrix.column(new double[] {-1, -1, -2, -1, -1});
        double without = solve(enumerated, steep, 0.3, y);
        double with = solve(ComplementaryPatterns.withAllInactive(T6, enumerated), steep, 0.3, y);
        assertTrue(with < without - 1e-4, with + " vs " + without);
        // ... and is redundant for |κ| <= 1
        Activation flat = Activation.leakyRelu(0.1);
        assertEquals(solve(enumerated, flat, 0.3),
                solve(ComplementaryPatterns.withAllInactive(T6, enumerated), flat, 0.3), 1e-6);
    }
}
