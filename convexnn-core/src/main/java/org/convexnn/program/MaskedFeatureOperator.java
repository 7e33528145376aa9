package org.convexnn.program;

import java.util.stream.IntStream;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;

/**
 * Applies the program's feature operator without ever materialising the n x (B·d) matrix (spec §11.2, §11.8):
 * over row blocks of X it forms {@code Z = X_blk Wᵀ} with one GEMM, then masks and sums (forward), or expands a
 * residual by the masks into {@code E} and accumulates {@code G += E_blkᵀ X_blk} with a second GEMM (adjoint).
 * Buffers are sized once; the hot loop allocates nothing. Not thread-safe (owns scratch space).
 */
public final class MaskedFeatureOperator {
    /** Default memory for one row block of Z, in bytes. */
    public static final long DEFAULT_BLOCK_BYTES = 64L << 20;

    /** Visits one row block of pre-activations {@code Z = X_blk Wᵀ} (rows x G, row stride G). */
    @FunctionalInterface
    public interface BlockVisitor {
        void visit(int rowStart, int rows, double[] z);
    }

    /**
     * Turns one row block of {@code Z} (rows x G) in place into the matrix {@code E} whose product {@code Eᵀ X_blk}
     * is accumulated into the gradient.
     */
    @FunctionalInterface
    public interface RowKernel {
        void apply(int rowStart, int rows, double[] z);
    }

    private final ConvexProgram program;
    private final Blas blas;
    private final int n;
    private final int d;
    private final int c;
    private final int groups;
    private final int rowBlock;
    private final double[] x;
    private final double[] z;
    private final long[] bits;
    private final int words;
    private final int[] blockPattern;
    private final double[] on;
    private final double[] off;

    public MaskedFeatureOperator(ConvexProgram program, Blas blas) {
        this(program, blas, DEFAULT_BLOCK_BYTES);
    }

    /**
     * @param blockBytes memory budget for one row block of Z (at least one row is always processed)
     */
    public MaskedFeatureOperator(ConvexProgram program, Blas blas, long blockBytes) {
        this.program = program;
        this.blas = blas;
        this.n = program.n();
        this.d = program.d();
        this.c = program.outputs();
        this.groups = program.groups();
        long rows = Math.max(1, blockBytes / (8L * groups));
        this.rowBlock = (int) Math.min(n, rows);
        this.x = program.x().data();
        this.z = new double[rowBlock * groups];
        PatternSet ps = program.patterns();
        this.bits = ps.packedBits();
        this.words = ps.wordsPerRow();
        int b = program.blocks();
        this.blockPattern = new int[b];
        this.on = new double[b];
        this.off = new double[b];
        for (int i = 0; i < b; i++) {
            blockPattern[i] = program.blockPattern(i);
            on[i] = program.onCoef(i);
            off[i] = program.offCoef(i);
        }
    }

    public ConvexProgram program() {
        return program;
    }

    public Blas blas() {
        return blas;
    }

    /** Rows per block. */
    public int rowBlock() {
        return rowBlock;
    }

    /** Coefficient of block b on global row i: c₊·sign if the pattern is active there, else c₋·sign. */
    public double coef(int i, int b) {
        int p = blockPattern[b];
        return (bits[i * words + (p >>> 6)] >>> (p & 63) & 1L) != 0 ? on[b] : off[b];
    }

    /** Whether global row i is active in block b's pattern (so the cone sign is +1). */
    public boolean active(int i, int b) {
        int p = blockPattern[b];
        return (bits[i * words + (p >>> 6)] >>> (p & 63) & 1L) != 0;
    }

    /**
     * Prediction {@code pred = Σ_b D̃_b X W_bᵀ} (n x c, modified). W (G x d) not modified.
     * @param visitor optional (may be null); sees each block of Z before it is overwritten
     */
    public void forward(double[] w, double[] pred, BlockVisitor visitor) {
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            blas.dgemm(false, true, rows, groups, d, 1.0, x, r0 * d, d, w, 0, d, 0.0, z, 0, groups);
            final int start = r0;
            forRows(rows, j -> maskedSum(z, j * groups, start + j, pred));
            if (visitor != null) {
                visitor.visit(r0, rows, z);
            }
        }
    }

    /** Adjoint {@code G = Σ_b (D̃_b X)ᵀ r} laid out as G x d (modified); r is n x c (not modified). */
    public void adjoint(double[] r, double[] g) {
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            final int start = r0;
            forRows(rows, j -> expand(start + j, j, r));
            blas.dgemm(true, false, groups, d, rows, 1.0, z, 0, groups, x, r0 * d, d, r0 == 0 ? 0.0 : 1.0, g, 0, d);
        }
    }

    /**
     * Fused pass: for each row block computes {@code Z = X_blk Wᵀ}, lets the kernel turn it into E in place, then
     * accumulates {@code G += Eᵀ X_blk}. G (G x d) is overwritten.
     */
    public void fused(double[] w, RowKernel kernel, double[] g) {
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            blas.dgemm(false, true, rows, groups, d, 1.0, x, r0 * d, d, w, 0, d, 0.0, z, 0, groups);
            kernel.apply(r0, rows, z);
            blas.dgemm(true, false, groups, d, rows, 1.0, z, 0, groups, x, r0 * d, d, r0 == 0 ? 0.0 : 1.0, g, 0, d);
        }
    }

    /**
     * pred[i,:] = Σ_b coef(i,b) zArr[zo + b·c : zo + b·c + c]: the prediction of global row i from its
     * pre-activation row starting at offset zo.
     */
    public void maskedSum(double[] zArr, int zo, int i, double[] pred) {
        int po = i * c;
        for (int k = 0; k < c; k++) {
            pred[po + k] = 0.0;
        }
        int rowWord = i * words;
        int blocks = blockPattern.length;
        for (int b = 0; b < blocks; b++) {
            int p = blockPattern[b];
            double cf = (bits[rowWord + (p >>> 6)] >>> (p & 63) & 1L) != 0 ? on[b] : off[b];
            if (cf == 0.0) {
                continue;
            }
            int base = zo + b * c;
            for (int k = 0; k < c; k++) {
                pred[po + k] += cf * zArr[base + k];
            }
        }
    }

    /** z[j, b·c + k] = coef(i,b) r[i,k]. */
    private void expand(int i, int j, double[] r) {
        int zo = j * groups;
        int ro = i * c;
        int rowWord = i * words;
        int blocks = blockPattern.length;
        for (int b = 0; b < blocks; b++) {
            int p = blockPattern[b];
            double cf = (bits[rowWord + (p >>> 6)] >>> (p & 63) & 1L) != 0 ? on[b] : off[b];
            int base = zo + b * c;
            for (int k = 0; k < c; k++) {
                z[base + k] = cf * r[ro + k];
            }
        }
    }

    /** Runs body over local rows [0, rows) in parallel chunks. */
    public static void forRows(int rows, java.util.function.IntConsumer body) {
        if (rows < 256) {
            for (int j = 0; j < rows; j++) {
                body.accept(j);
            }
            return;
        }
        int chunk = 64;
        int chunks = (rows + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int end = Math.min(rows, (ch + 1) * chunk);
            for (int j = ch * chunk; j < end; j++) {
                body.accept(j);
            }
        });
    }
}
