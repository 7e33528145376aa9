package org.convexnn.program;

import org.convexnn.linalg.Blas;

/**
 * The feature operator of a convex program (spec §3.2, §4, §5, §11.8): {@code W ↦ Σ_b Φ_b W_bᵀ} over the program's
 * blocks, with {@code Φ_b = D̃_b X} for the two-layer programs, and its adjoint {@code r ↦ (Φ_bᵀ r)_b}. The variable W
 * is a {@code G x d} row-major array (row g is group g = b·c + k of block b and output k), predictions and residuals
 * are {@code n x c}. Implementations never materialise the {@code n x (B·d)} matrix; {@link MaskedFeatureOperator}
 * is the one for activation-pattern masks and {@link DenseReferenceOperator} its materialised test oracle.
 * Implementations own scratch space and are not thread-safe.
 */
public interface FeatureOperator {

    /** Visits one row block of pre-activations {@code Z = X_blk Wᵀ} (rows x G, row stride G). */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(int rowStart, int rows, double[] z);
    }

    /**
     * Turns one row block of {@code Z} (rows x G) in place into the matrix {@code E} whose product {@code Eᵀ X_blk}
     * is accumulated into the gradient.
     */
    @FunctionalInterface
    interface RowKernel {
        void apply(int rowStart, int rows, double[] z);
    }

    /** The program whose operator this is (data, patterns, loss, regulariser). */
    ConvexProgram program();

    /** The dense kernel the operator runs on. */
    Blas blas();

    /** Rows per block of pre-activations. */
    int rowBlock();

    /** Coefficient of block b on global row i (the activation's slope on that row's side of the pattern). */
    double coef(int i, int b);

    /** Whether global row i is active in block b's pattern (so the cone sign is +1). */
    boolean active(int i, int b);

    /**
     * Prediction {@code pred = Σ_b Φ_b W_bᵀ} (n x c, modified). W (G x d) not modified.
     *
     * @param visitor optional (may be null); sees each block of Z before it is overwritten
     */
    void forward(double[] w, double[] pred, BlockVisitor visitor);

    /** Adjoint {@code G = (Φ_bᵀ r)_b} laid out as G x d (modified); r is n x c (not modified). */
    void adjoint(double[] r, double[] g);

    /**
     * Fused pass: per row block forms {@code Z = X_blk Wᵀ}, lets the kernel turn it into E in place, then
     * accumulates {@code G += Eᵀ X_blk}. G (G x d) is overwritten.
     */
    void fused(double[] w, RowKernel kernel, double[] g);

    /**
     * The prediction of global row i from its pre-activation row {@code zArr[zo .. zo + G)}, into
     * {@code pred[i·c .. i·c + c)}.
     */
    void maskedSum(double[] zArr, int zo, int i, double[] pred);
}
