package org.convexnn.arrangement;

import java.util.LinkedHashMap;
import java.util.Map;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;

/**
 * A de-duplicated set of activation patterns {@code D_p = diag(1[X h_p >= 0])} (spec §1, §2.4), stored as a
 * bit matrix of n rows by P patterns (row-major words, so masking a row block of {@code X V} reads contiguous
 * bits). Each pattern keeps one generating vector {@code h_p} (its gate), used by gated networks and as a
 * witness that the pattern is realisable. Never stores dense n x n diagonals.
 */
public final class PatternSet {
    private final int n;
    private final int count;
    private final int words;
    private final long[] bits;
    private final Matrix gates;

    private PatternSet(int n, int count, long[] bits, Matrix gates) {
        this.n = n;
        this.count = count;
        this.words = (count + 63) >>> 6;
        this.bits = bits;
        this.gates = gates;
    }

    /** {@link #fromGates(Matrix, Matrix, Blas)} with the default kernel. */
    public static PatternSet fromGates(Matrix x, Matrix gates) {
        return fromGates(x, gates, Blas.auto(0));
    }

    /**
     * Builds the patterns of the given gates on data {@code x} (n x d', bias column included when used),
     * with the tie convention {@code >=}; drops duplicates (keeping the first gate) and patterns whose
     * {@code D X} is zero (no active non-zero row). {@code X Gᵀ} is formed in row blocks with one GEMM each.
     *
     * @param x     n x d' data
     * @param gates G x d' gate vectors, one per row
     * @param blas  kernel for the products
     */
    public static PatternSet fromGates(Matrix x, Matrix gates, Blas blas) {
        if (x.cols() != gates.cols()) {
            throw new IllegalArgumentException("gates have " + gates.cols() + " columns but the data has " + x.cols());
        }
        int n = x.rows();
        int d = x.cols();
        int count = gates.rows();
        int colWords = (n + 63) >>> 6;
        double[] xd = x.data();
        long[][] cols = new long[count][colWords];
        boolean[] useful = new boolean[count];
        int rowBlock = (int) Math.max(1, Math.min(n, (32L << 20) / (8L * Math.max(1, count))));
        double[] z = new double[rowBlock * count];
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            blas.dgemm(false, true, rows, count, d, 1.0, xd, r0 * d, d, gates.data(), 0, d, 0.0, z, 0, count);
            for (int j = 0; j < rows; j++) {
                int i = r0 + j;
                boolean nonZero = false;
                for (int t = 0; t < d; t++) {
                    if (xd[i * d + t] != 0.0) {
                        nonZero = true;
                        break;
                    }
                }
                long bit = 1L << (i & 63);
                int word = i >>> 6;
                int zo = j * count;
                for (int g = 0; g < count; g++) {
                    if (z[zo + g] >= 0) {
                        cols[g][word] |= bit;
                        useful[g] |= nonZero;
                    }
                }
            }
        }
        Map<PatternKey, Integer> seen = new LinkedHashMap<>();
        for (int g = 0; g < count; g++) {
            if (useful[g]) {
                seen.putIfAbsent(new PatternKey(cols[g]), g);
            }
        }
        int p = seen.size();
        int[] gateIdx = new int[p];
        long[][] kept = new long[p][];
        int k = 0;
        for (Map.Entry<PatternKey, Integer> e : seen.entrySet()) {
            kept[k] = e.getKey().bits();
            gateIdx[k] = e.getValue();
            k++;
        }
        return fromColumns(n, kept, gates.selectRows(gateIdx));
    }

    /**
     * Builds a pattern set from column bitsets (pattern p's active rows), without de-duplication.
     * @param gates P x d' generating vectors, one per pattern
     */
    public static PatternSet fromColumns(int n, long[][] cols, Matrix gates) {
        int p = cols.length;
        if (gates.rows() != p) {
            throw new IllegalArgumentException(p + " patterns but " + gates.rows() + " gates");
        }
        int words = (p + 63) >>> 6;
        long[] bits = new long[n * words];
        for (int q = 0; q < p; q++) {
            long[] col = cols[q];
            for (int i = 0; i < n; i++) {
                if ((col[i >>> 6] >>> (i & 63) & 1L) != 0) {
                    bits[i * words + (q >>> 6)] |= 1L << (q & 63);
                }
            }
        }
        return new PatternSet(n, p, bits, gates);
    }

    /** Number of data rows n. */
    public int rows() {
        return n;
    }

    /** Number of patterns P. */
    public int size() {
        return count;
    }

    /** Whether row i is active ({@code D_p[i,i] = 1}) in pattern p. */
    public boolean active(int i, int p) {
        return (bits[i * words + (p >>> 6)] >>> (p & 63) & 1L) != 0;
    }

    /** Words per row of the packed bit matrix (for kernels). */
    public int wordsPerRow() {
        return words;
    }

    /** The packed bits, row-major: row i's patterns occupy words [i*wordsPerRow, (i+1)*wordsPerRow). Read-only. */
    public long[] packedBits() {
        return bits;
    }

    /** P x d' generating vectors (gates), one per pattern. */
    public Matrix gates() {
        return gates;
    }

    /** Pattern p as a boolean n-vector. */
    public boolean[] pattern(int p) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = active(i, p);
        }
        return out;
    }

    /** The patterns {@code keep[0], keep[1], …} of this set, in that order (with their gates). */
    public PatternSet subset(int[] keep) {
        int k = keep.length;
        double[][] g = new double[k][];
        for (int j = 0; j < k; j++) {
            if (keep[j] < 0 || keep[j] >= count) {
                throw new IllegalArgumentException("pattern " + keep[j] + " outside [0, " + count + ")");
            }
            g[j] = gates.row(keep[j]);
        }
        // row by row, straight from this set's row words (working sets take a subset every round)
        int outWords = (k + 63) >>> 6;
        long[] out = new long[n * outWords];
        for (int i = 0; i < n; i++) {
            int ro = i * words;
            int oo = i * outWords;
            for (int j = 0; j < k; j++) {
                int q = keep[j];
                if ((bits[ro + (q >>> 6)] >>> (q & 63) & 1L) != 0) {
                    out[oo + (j >>> 6)] |= 1L << (j & 63);
                }
            }
        }
        return new PatternSet(n, k, out, Matrix.of(g));
    }

    /** The union of this set and another over the same rows (duplicates removed, this set's order first). */
    public PatternSet union(PatternSet other) {
        if (other.n != n || other.gates.cols() != gates.cols()) {
            throw new IllegalArgumentException("pattern sets over different data");
        }
        Map<PatternKey, double[]> all = new LinkedHashMap<>();
        for (PatternSet s : new PatternSet[] {this, other}) {
            for (int q = 0; q < s.count; q++) {
                all.putIfAbsent(new PatternKey(s.columnBits(q)), s.gates.row(q));
            }
        }
        long[][] cols = new long[all.size()][];
        double[][] g = new double[all.size()][];
        int k = 0;
        for (Map.Entry<PatternKey, double[]> e : all.entrySet()) {
            cols[k] = e.getKey().bits();
            g[k++] = e.getValue();
        }
        return fromColumns(n, cols, Matrix.of(g));
    }

    /** Pattern p's active rows as a column bitset of (n+63)/64 words. */
    public long[] columnBits(int p) {
        long[] col = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            if (active(i, p)) {
                col[i >>> 6] |= 1L << (i & 63);
            }
        }
        return col;
    }
}
