package org.convexnn.arrangement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convexnn.linalg.Matrix;

/**
 * Complementary patterns {@code D} and {@code I − D} (on the non-zero rows; zero rows are always active under the
 * tie convention {@code >=}). Their cones are opposite, {@code 𝒦_{I−D} = −𝒦_D}, so for even activations ({@code σ(−t) = σ(t)}), i.e. the
 * absolute value, the two give the same neurons ({@code u ↔ −u}, spec §5) and one of each pair suffices. Pure functions.
 */
public final class ComplementaryPatterns {
    private ComplementaryPatterns() {
    }

    /**
     * Keeps one pattern of each complementary pair: every pattern is replaced by the member of its pair in which the
     * first non-zero row of {@code x} is active (flipping a pattern negates its gate), then duplicates are dropped,
     * keeping the first occurrence. A pattern whose complement is absent is kept (as its canonical member), so the
     * program over the result has the same optimum as over {@code s} for the absolute value (spec §5, O-I8). For a complete enumeration this halves the count.
     *
     * @param x n x d' data (the same rows the patterns were built on)
     * @param s the patterns
     */
    public static PatternSet keepOnePerPair(Matrix x, PatternSet s) {
        checkRows(x, s);
        boolean[] nonZero = nonZeroRows(x);
        int first = -1;
        for (int i = 0; i < nonZero.length; i++) {
            if (nonZero[i]) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s;
        }
        Map<PatternKey, double[]> kept = new LinkedHashMap<>();
        for (int p = 0; p < s.size(); p++) {
            long[] col = s.columnBits(p);
            double[] gate = s.gates().row(p).clone();
            if (!s.active(first, p)) {
                col = flip(col, nonZero);
                for (int t = 0; t < gate.length; t++) {
                    gate[t] = -gate[t];
                }
            }
            kept.putIfAbsent(new PatternKey(col), gate);
        }
        if (kept.size() == s.size() && sameOrder(kept, s)) {
            return s;
        }
        return build(s.rows(), kept, s.gates().cols());
    }

    /**
     * Appends the all-inactive pattern (no non-zero row active) as the complement of the all-active one, when the
     * set contains the latter but not the former. Exact enumerations leave the all-zero pattern out because it is
     * useless for ReLU; for an activation with {@code |c₋| > c₊} its neurons are not dominated by those of the
     * all-active pattern, so the program needs it back to stay exact.
     */
    public static PatternSet withAllInactive(Matrix x, PatternSet s) {
        checkRows(x, s);
        boolean[] nonZero = nonZeroRows(x);
        int full = -1;
        for (int p = 0; p < s.size(); p++) {
            boolean all = true;
            boolean none = true;
            for (int i = 0; i < nonZero.length; i++) {
                if (nonZero[i]) {
                    boolean a = s.active(i, p);
                    all &= a;
                    none &= !a;
                }
            }
            if (none) {
                return s; // already present
            }
            if (all && full < 0) {
                full = p;
            }
        }
        if (full < 0) {
            return s;
        }
        Map<PatternKey, double[]> out = new LinkedHashMap<>();
        for (int p = 0; p < s.size(); p++) {
            out.put(new PatternKey(s.columnBits(p)), s.gates().row(p));
        }
        double[] g = s.gates().row(full).clone();
        for (int t = 0; t < g.length; t++) {
            g[t] = -g[t];
        }
        out.put(new PatternKey(flip(s.columnBits(full), nonZero)), g);
        return build(s.rows(), out, s.gates().cols());
    }

    private static void checkRows(Matrix x, PatternSet s) {
        if (x.rows() != s.rows()) {
            throw new IllegalArgumentException("patterns over " + s.rows() + " rows but the data has " + x.rows());
        }
    }

    private static boolean[] nonZeroRows(Matrix x) {
        boolean[] nz = new boolean[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            for (double v : x.row(i)) {
                if (v != 0.0) {
                    nz[i] = true;
                    break;
                }
            }
        }
        return nz;
    }

    private static long[] flip(long[] col, boolean[] nonZero) {
        long[] out = col.clone();
        for (int i = 0; i < nonZero.length; i++) {
            if (nonZero[i]) {
                out[i >>> 6] ^= 1L << (i & 63);
            }
        }
        return out;
    }

    private static boolean sameOrder(Map<PatternKey, double[]> kept, PatternSet s) {
        int p = 0;
        for (PatternKey k : kept.keySet()) {
            if (!Arrays.equals(k.bits(), s.columnBits(p++))) {
                return false;
            }
        }
        return true;
    }

    private static PatternSet build(int n, Map<PatternKey, double[]> m, int d) {
        List<long[]> cols = new ArrayList<>();
        double[][] g = new double[m.size()][];
        int k = 0;
        for (Map.Entry<PatternKey, double[]> e : m.entrySet()) {
            cols.add(e.getKey().bits());
            g[k++] = e.getValue();
        }
        return PatternSet.fromColumns(n, cols.toArray(new long[0][]), g.length == 0 ? Matrix.zeros(0, d) : Matrix.of(g));
    }
}
