package org.convexnn.arrangement;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;

/**
 * Exact enumeration of the open-cell activation patterns {@code D(h) = 1[X h ≥ 0]} of the central arrangement
 * of the rows of X (spec §2.1–§2.3).
 *
 * <p>Step E0 drops zero rows (always active under the tie convention ≥), reduces X to its row space
 * {@code X̃ = X V_r} (numerical rank by SVD with relative tolerance 1e-10) and merges rows that are positive or
 * negative multiples of each other. The cells of the distinct hyperplanes are then enumerated with E1 (r = 1),
 * E2 (r = 2, angular sweep) or E4 (r ≥ 3, incremental insertion; the cells cut by each new hyperplane are found
 * from the arrangement restricted to it, with strict-feasibility LPs as the fallback whenever a witness is
 * numerically ambiguous). Patterns are expanded to all original rows, generating vectors are mapped back to
 * R^d and every pattern is verified on the original X. Cells thinner than about 1e-9 (relative) are treated as
 * absent, and rows whose unit normals agree to 1e-10 are treated as the same hyperplane.
 */
public final class ExactEnumerator {
    private ExactEnumerator() {
    }

    /**
     * All open-cell patterns of x (n x d, with its ones column when a bias is used), without the all-zero
     * pattern, each with a strictly interior generating vector as its gate.
     *
     * @param maxPatterns refuse (before enumerating) when the predicted count exceeds this
     * @throws IllegalArgumentException when {@link #predictedCount} exceeds maxPatterns
     */
    public static PatternSet enumerate(Matrix x, long maxPatterns) {
        return enumerateWithStats(x, maxPatterns).patterns();
    }

    /** As {@link #enumerate}, also reporting the number of cells (including the all-zero one) and the rank. */
    public static EnumerationResult enumerateWithStats(Matrix x, long maxPatterns) {
        return enumerateWithStats(x, maxPatterns, CellEnumerator.Algorithm.AUTO);
    }

    static EnumerationResult enumerateWithStats(Matrix x, long maxPatterns, CellEnumerator.Algorithm alg) {
        HyperplaneReduction red = HyperplaneReduction.of(x);
        long bound = countBound(red.distinct(), red.rank);
        if (bound > maxPatterns) {
            throw new IllegalArgumentException(refusal(bound, red, "above --max-patterns " + maxPatterns));
        }
        if (bound > Integer.MAX_VALUE - 16L) {
            throw new IllegalArgumentException(refusal(bound, red, "above the largest supported pattern set"));
        }
        CellEnumerator.Stats stats = new CellEnumerator.Stats();
        CellList cells = CellEnumerator.cells(red.normals, red.rank, alg, stats);
        return expand(x, red, cells);
    }

    private static String refusal(long bound, HyperplaneReduction red, String why) {
        String count = bound == Long.MAX_VALUE ? formatCount(exactBound(red.distinct(), red.rank)) : formatCount(bound);
        return "exact enumeration would produce up to " + count + " patterns (n=" + red.distinct()
                + (red.distinct() == red.n ? "" : " distinct hyperplanes") + ", rank " + red.rank + "), " + why
                + "; use sampled patterns (--patterns N) or lowrank:K";
    }

    static String formatCount(long c) {
        if (c == Long.MAX_VALUE) {
            return "more than 9.2e18";
        }
        if (c < 1_000_000L) {
            return Long.toString(c);
        }
        return String.format(Locale.ROOT, "%.1e", (double) c).replace("e+0", "e").replace("e+", "e");
    }

    /** {@link #countBound} without saturation. */
    static BigInteger exactBound(int n, int r) {
        if (n == 0) {
            return BigInteger.ONE;
        }
        BigInteger sum = BigInteger.ZERO;
        BigInteger c = BigInteger.ONE;
        int top = Math.min(r, n);
        for (int k = 0; k < top; k++) {
            if (k > 0) {
                c = c.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k));
            }
            sum = sum.add(c);
        }
        return sum.shiftLeft(1);
    }

    /** A count too large for a long, as {@code 3.4e27} (or {@code about 10^512} beyond the double range). */
    static String formatCount(BigInteger c) {
        if (c.bitLength() < 63) {
            return formatCount(c.longValue());
        }
        double v = c.doubleValue();
        if (Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e+", "e");
        }
        int digits = c.toString().length();
        return "about 10^" + (digits - 1);
    }

    /**
     * {@code 2 Σ_{k<r} C(n−1,k)}: the number of open cells of n distinct hyperplanes through the origin of
     * R^r in general position, an upper bound otherwise (spec §2.2). Saturates at Long.MAX_VALUE. One cell
     * (the whole space) when n = 0.
     */
    public static long countBound(int n, int r) {
        if (n < 0 || r < 0) {
            throw new IllegalArgumentException("negative n or r");
        }
        if (n == 0) {
            return 1;
        }
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger sum = BigInteger.ZERO;
        BigInteger c = BigInteger.ONE;
        int top = Math.min(r, n); // C(n-1, k) = 0 for k > n-1
        for (int k = 0; k < top; k++) {
            if (k > 0) {
                c = c.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k));
            }
            sum = sum.add(c);
            if (sum.shiftLeft(1).compareTo(max) > 0) {
                return Long.MAX_VALUE;
            }
        }
        return sum.shiftLeft(1).longValue();
    }

    /** The bound {@link #countBound} for x's distinct non-zero hyperplanes (after E0) and numerical rank. */
    public static long predictedCount(Matrix x) {
        HyperplaneReduction red = HyperplaneReduction.of(x);
        return countBound(red.distinct(), red.rank);
    }

    /** Numerical rank of x (SVD, relative tolerance 1e-10). */
    public static int rank(Matrix x) {
        return HyperplaneReduction.of(x).rank;
    }

    /**
     * Expands the cells to patterns on all original rows and verifies them on the original x: each witness is
     * lifted to R^d, every non-zero row must be strictly off its hyperplane, and rows merged into one hyperplane
     * must agree with their representative up to their recorded sign (zero rows are active).
     */
    private static EnumerationResult expand(Matrix x, HyperplaneReduction red, CellList cells) {
        int n = x.rows();
        int d = x.cols();
        double[] xd = x.data();
        int groups = red.distinct();
        // Representative row of each hyperplane (its first row).
        int[] rep = new int[groups];
        Arrays.fill(rep, -1);
        for (int i = 0; i < n; i++) {
            int g = red.rowGroup[i];
            if (g >= 0 && rep[g] < 0) {
                rep[g] = i;
            }
        }
        boolean duplicates = hasDuplicateHashes(cells);
        Set<PatternKey> seen = duplicates ? new HashSet<>() : null;
        int colWords = (n + 63) >>> 6;
        long[][] cols = new long[cells.size][];
        double[] gates = new double[cells.size * d];
        double[] s = new double[n];
        int kept = 0;
        long distinctCells = 0;
        for (int c = 0; c < cells.size; c++) {
            double[] h = red.lift(cells.witness(c));
            long[] col = new long[colWords];
            boolean useful = false;
            for (int i = 0; i < n; i++) {
                double v = VectorOps.dot(xd, i * d, h, d);
                s[i] = v;
                if (v >= 0) {
                    col[i >>> 6] |= 1L << (i & 63);
                }
            }
            for (int i = 0; i < n; i++) {
                int g = red.rowGroup[i];
                if (g < 0) {
                    if (s[i] < 0) {
                        throw verificationFailure(i);
                    }
                    continue;
                }
                if (s[i] == 0.0 || ((s[i] > 0) != (s[rep[g]] > 0)) != (red.rowFlip[i] != red.rowFlip[rep[g]])) {
                    throw verificationFailure(i);
                }
                useful |= s[i] > 0;
            }
            if (seen != null && !seen.add(new PatternKey(col))) {
                continue; // the same cell twice (only checked when two cells share a hash)
            }
            distinctCells++;
            if (!useful) {
                continue; // the all-zero cell: counted, not used
            }
            cols[kept] = col;
            System.arraycopy(h, 0, gates, kept * d, d);
            kept++;
        }
        long[][] used = Arrays.copyOf(cols, kept);
        Matrix g = Matrix.wrap(kept, d, Arrays.copyOf(gates, kept * d));
        return new EnumerationResult(PatternSet.fromColumns(n, used, g), distinctCells, red.rank, groups);
    }

    private static boolean hasDuplicateHashes(CellList cells) {
        long[] h = Arrays.copyOf(cells.hash, cells.size);
        Arrays.sort(h);
        for (int i = 1; i < h.length; i++) {
            if (h[i] == h[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private static IllegalStateException verificationFailure(int row) {
        return new IllegalStateException("exact enumeration: the generating vector of a pattern does not reproduce it"
                + " on row " + row + " (numerically degenerate data?)");
    }
}
