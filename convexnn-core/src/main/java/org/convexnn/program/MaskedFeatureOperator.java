package org.convexnn.program;

import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.ParallelRows;

/**
 * Applies the program's feature operator without ever materialising the n x (B·d) matrix (spec §11.2, §11.8):
 * over row blocks of X it forms {@code Z = X_blk Wᵀ} with one GEMM, then masks and sums (forward), or expands a
 * residual by the masks into {@code E} and accumulates {@code G += E_blkᵀ X_blk} with a second GEMM (adjoint).
 * Buffers are sized once; the hot loop allocates nothing. Not thread-safe (owns scratch space).
 */
public final class MaskedFeatureOperator implements FeatureOperator {
    /** Default memory for one row block of Z, in bytes. */
    public static final long DEFAULT_BLOCK_BYTES = 64L << 20;

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
    private final int patternCount;
    private final int families;
    private final double[] famOn;
    private final double[] famOff;

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
        this.patternCount = ps.size();
        this.families = b / patternCount;
        this.famOn = new double[families];
        this.famOff = new double[families];
        for (int f = 0; f < families; f++) {
            famOn[f] = on[f * patternCount];
            famOff[f] = off[f * patternCount];
            for (int q = 0; q < patternCount; q++) {
                if (blockPattern[f * patternCount + q] != q || on[f * patternCount + q] != famOn[f]
                        || off[f * patternCount + q] != famOff[f]) {
                    throw new IllegalArgumentException("blocks must come in families of P with shared coefficients");
                }
            }
        }
    }

    @Override
    public ConvexProgram program() {
        return program;
    }

    @Override
    public Blas blas() {
        return blas;
    }

    /** Rows per block. */
    @Override
    public int rowBlock() {
        return rowBlock;
    }

    /** Coefficient of block b on global row i: c₊·sign if the pattern is active there, else c₋·sign. */
    @Override
    public double coef(int i, int b) {
        int p = blockPattern[b];
        return (bits[i * words + (p >>> 6)] >>> (p & 63) & 1L) != 0 ? on[b] : off[b];
    }

    /** Whether global row i is active in block b's pattern (so the cone sign is +1). */
    @Override
    public boolean active(int i, int b) {
        int p = blockPattern[b];
        return (bits[i * words + (p >>> 6)] >>> (p & 63) & 1L) != 0;
    }

    /**
     * Prediction {@code pred = Σ_b D̃_b X W_bᵀ} (n x c, modified). W (G x d) not modified.
     * @param visitor optional (may be null); sees each block of Z before it is overwritten
     */
    @Override
    public void forward(double[] w, double[] pred, BlockVisitor visitor) {
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            blas.dgemm(false, true, rows, groups, d, 1.0, x, r0 * d, d, w, 0, d, 0.0, z, 0, groups);
            final int start = r0;
            ParallelRows.forEach(rows, groups, j -> maskedSum(z, j * groups, start + j, pred));
            if (visitor != null) {
                visitor.visit(r0, rows, z);
            }
        }
    }

    /** Adjoint {@code G = Σ_b (D̃_b X)ᵀ r} laid out as G x d (modified); r is n x c (not modified). */
    @Override
    public void adjoint(double[] r, double[] g) {
        for (int r0 = 0; r0 < n; r0 += rowBlock) {
            int rows = Math.min(rowBlock, n - r0);
            final int start = r0;
            ParallelRows.forEach(rows, groups, j -> expand(start + j, j, r));
            blas.dgemm(true, false, groups, d, rows, 1.0, z, 0, groups, x, r0 * d, d, r0 == 0 ? 0.0 : 1.0, g, 0, d);
        }
    }

    /**
     * Fused pass: for each row block computes {@code Z = X_blk Wᵀ}, lets the kernel turn it into E in place, then
     * accumulates {@code G += Eᵀ X_blk}. G (G x d) is overwritten.
     */
    @Override
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
     * pre-activation row starting at offset zo. Blocks come in families of P (one for gated programs; v and w for
     * cone programs) whose coefficients depend only on the family, so the sum runs over the set bits of the row's
     * pattern words plus, when c₋ ≠ 0, a plain sum of the family.
     */
    @Override
    public void maskedSum(double[] zArr, int zo, int i, double[] pred) {
        int po = i * c;
        for (int k = 0; k < c; k++) {
            pred[po + k] = 0.0;
        }
        int rowWord = i * words;
        for (int f = 0; f < families; f++) {
            int fo = zo + f * patternCount * c;
            double onF = famOn[f];
            double offF = famOff[f];
            if (offF != 0.0) {
                for (int p = 0; p < patternCount; p++) {
                    int base = fo + p * c;
                    for (int k = 0; k < c; k++) {
                        pred[po + k] += offF * zArr[base + k];
                    }
                }
            }
            double delta = onF - offF;
            if (delta == 0.0) {
                continue;
            }
            if (c == 1) {
                double acc = 0.0;
                for (int wi = 0; wi < words; wi++) {
                    long m = bits[rowWord + wi];
                    int base = fo + (wi << 6);
                    while (m != 0) {
                        acc += zArr[base + Long.numberOfTrailingZeros(m)];
                        m &= m - 1;
                    }
                }
                pred[po] += delta * acc;
            } else {
                for (int wi = 0; wi < words; wi++) {
                    long m = bits[rowWord + wi];
                    while (m != 0) {
                        int base = fo + ((wi << 6) + Long.numberOfTrailingZeros(m)) * c;
                        for (int k = 0; k < c; k++) {
                            pred[po + k] += delta * zArr[base + k];
                        }
                        m &= m - 1;
                    }
                }
            }
        }
    }

    /** z[j, b·c + k] = coef(i,b) r[i,k]: fill each family with its off-coefficient, then set the active bits. */
    private void expand(int i, int j, double[] r) {
        int zo = j * groups;
        int ro = i * c;
        int rowWord = i * words;
        for (int f = 0; f < families; f++) {
            int fo = zo + f * patternCount * c;
            double onF = famOn[f];
            double offF = famOff[f];
            if (c == 1) {
                double rv = r[ro];
                java.util.Arrays.fill(z, fo, fo + patternCount, offF * rv);
                double on = onF * rv;
                for (int wi = 0; wi < words; wi++) {
                    long m = bits[rowWord + wi];
                    int base = fo + (wi << 6);
                    while (m != 0) {
                        z[base + Long.numberOfTrailingZeros(m)] = on;
                        m &= m - 1;
                    }
                }
            } else {
                for (int p = 0; p < patternCount; p++) {
                    int base = fo + p * c;
                    for (int k = 0; k < c; k++) {
                        z[base + k] = offF * r[ro + k];
                    }
                }
                for (int wi = 0; wi < words; wi++) {
                    long m = bits[rowWord + wi];
                    while (m != 0) {
                        int base = fo + ((wi << 6) + Long.numberOfTrailingZeros(m)) * c;
                        for (int k = 0; k < c; k++) {
                            z[base + k] = onF * r[ro + k];
                        }
                        m &= m - 1;
                    }
                }
            }
        }
    }
}
