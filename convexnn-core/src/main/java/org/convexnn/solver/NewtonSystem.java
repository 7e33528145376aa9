package org.convexnn.solver;

import java.util.Arrays;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Cholesky;
import org.convexnn.linalg.FloatSymmetricMatrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;

/**
 * The n x n Newton matrix of {@link NewtonAugmentedLagrangian}, {@code H = ∇²f*(ξ) + σAJAᵀ}, formed without the
 * n x dP matrix A and factored (spec §3.2: {@code A = [D_1X̄ … D_PX̄]}).
 *
 * <p>J is the generalized Jacobian of the group soft-threshold at σλ at {@code v = u − σAᵀξ}: on a group with
 * {@code ‖v_i‖ > σλ}, {@code J_i = a_i I + b_i v̂_i v̂_iᵀ} with {@code a_i = 1 − σλ/‖v_i‖}, {@code b_i = σλ/‖v_i‖};
 * zero elsewhere. Since {@code D_iX̄X̄ᵀD_i = (X̄X̄ᵀ) ∘ (m_i m_iᵀ)},
 * <pre>  AJAᵀ = (X̄X̄ᵀ) ∘ (M_S diag(a) M_Sᵀ) + G diag(b) Gᵀ,   G = M_S ∘ (X̄ V̂_Sᵀ)</pre>
 * with M_S the masks of the groups with a non-zero J as n x |S| columns: two GEMMs of n x n x |S| (each on the lower
 * block triangle only) and a Cholesky factorization. What depends on the data only (masks, {@code X̄X̄ᵀ}, the
 * buffers, the Lipschitz constant) is computed once and shared by the outputs of a program.
 *
 * <p><b>Single precision.</b> Where forming and factoring the matrix dominate ({@link #singlePays}), X̄X̄ᵀ and the
 * matrix are held off-heap in single precision ({@link FloatSymmetricMatrix}): both Gram products become rank-|S|
 * updates ({@code ssyrk}) and the factorization {@code spotrf}. Such a factor is only a preconditioner: the caller runs CG
 * in double precision on it, which on Fashion-MNIST 0 vs 6 reached 1e-4 of ‖∇ψ‖ in one iteration even at
 * σL = 10⁸ (BENCHMARKS.md). Should the single-precision matrix fail to factor, {@link #useDouble} switches to
 * double precision for good.
 */
final class NewtonSystem implements AutoCloseable {
    /** Row block of the triangular Gram products. */
    private static final int TILE = 512;
    /** A factorization must cost this many CG iterations for CG to be tried first. */
    static final double CG_WORTH = 8.0;

    private final Blas blas;
    private final int n;
    private final int d;
    private final int p;
    private final double[] x;
    private final double[] masks; // n x P, 0/1
    private final double lipschitz;
    private final int threads;
    /** Double precision: X̄X̄ᵀ (lower block triangle), the n x n work buffer and its factor; null until used. */
    private double[] kernel;
    private double[] matrix;
    private Cholesky chol;
    /** Single precision (off-heap): X̄X̄ᵀ and the matrix, factored in place; null in double precision. */
    private FloatSymmetricMatrix kernelSingle;
    private FloatSymmetricMatrix matrixSingle;
    private boolean factored;
    private final boolean nativeLapack;

    /**
     * @param single whether to form and factor the matrix in single precision ({@link #singlePays}); needs the
     *               native LAPACK ({@link FloatSymmetricMatrix#isAvailable})
     */
    NewtonSystem(FeatureOperator op, boolean single) {
        this(op, single, op.blas().isNative());
    }

    /**
     * @param single      as above
     * @param nativeLapack whether the double-precision factor may use LAPACK (else EJML; the kernels' setting)
     */
    NewtonSystem(FeatureOperator op, boolean single, boolean nativeLapack) {
        ConvexProgram prog = op.program();
        this.nativeLapack = nativeLapack;
        blas = op.blas();
        threads = blas.threads();
        n = prog.n();
        d = prog.d();
        p = prog.patterns().size();
        x = prog.x().data();
        masks = maskMatrix(prog.patterns());
        lipschitz = Lipschitz.estimate(op, org.convexnn.program.Loss.SQUARED);
        if (single) {
            kernelSingle = new FloatSymmetricMatrix(n, threads);
            kernelSingle.rankUpdate(x, d, 1.0, 0.0);
            matrixSingle = new FloatSymmetricMatrix(n, threads);
        } else {
            allocateDouble();
        }
    }

    /**
     * Whether single precision pays on a program of this size: it does where forming the matrix (with half the groups
     * active) and factoring it cost at least {@link #CG_WORTH} CG iterations, since each direction from a
     * single-precision factor then needs a CG iteration (a forward pass more than a direct solve) and small orders
     * gain little from the halved kernels. Measured (BENCHMARKS.md), with the ratio in CG iterations: Fashion-MNIST 0
     * vs 6 (n = 12000, d = 785, P = 1000; 19) 111 s against 175 s; digits, 10 classes (n = 1797, d = 65, P = 200; 26)
     * 13 s against 21 s; synthetic 2000 x 50 (P = 1000; 16) 3.2–3.5 s against 3.9–4.1 s: single. The Fashion test
     * set (n = 2000, d = 785; 1.1) about equal, breast_cancer (n = 569, d = 31, P = 1000; 5.4) 0.9 s against 0.5 s:
     * double.
     */
    static boolean singlePays(int n, int d, int p) {
        return FloatSymmetricMatrix.isAvailable() && formAndFactor(n, p / 2) >= CG_WORTH * cgIteration(n, d, p);
    }

    /** Whether the matrix is formed and factored in single precision (then a direction needs CG on it). */
    boolean single() {
        return matrixSingle != null;
    }

    /**
     * Switches to double precision for good (after a single-precision factor failed or was too coarse).
     *
     * @return false, with nothing changed, when the heap cannot hold the two n x n matrices of double precision
     */
    boolean useDouble() {
        if (matrix == null) {
            try {
                allocateDouble();
            } catch (OutOfMemoryError e) {
                // a single huge array that does not fit fails cleanly (after a full collection): report it to the
                // caller, which ends the solve with NUMERICAL_ERROR, instead of ending the process
                kernel = null;
                matrix = null;
                return false;
            }
        }
        releaseSingle();
        return true;
    }

    /** X̄X̄ᵀ, the work matrix and the Cholesky kernel of double precision. */
    private void allocateDouble() {
        kernel = new double[n * n];
        matrix = new double[n * n];
        lowerGram(x, x, d, 0.0, kernel);
        chol = new Cholesky(n, threads, nativeLapack);
    }

    /** Frees the single-precision matrices (off-heap), if held. */
    private void releaseSingle() {
        if (matrixSingle != null) {
            matrixSingle.close();
            kernelSingle.close();
            matrixSingle = null;
            kernelSingle = null;
            factored = false;
        }
    }

    /** ‖A‖₂²/n, the Lipschitz constant of the squared loss part (¼ of it for the logistic one). */
    double lipschitz() {
        return lipschitz;
    }

    /** Whether a factor is held (from the last successful {@link #factor}). */
    boolean factored() {
        return factored;
    }

    /**
     * Forms the lower triangle of {@code diag(curvature) + σAJAᵀ} at v (P x d, group norms vNorm, threshold
     * {@code sl = σλ}) and factors it.
     *
     * @return false when the factorization failed (the matrix is not numerically positive definite, in double
     *         precision or in single precision with no heap for double)
     */
    boolean factor(double sigma, double sl, double[] v, double[] vNorm, double[] curvature) {
        if (single()) {
            factored = factorSingle(sigma, sl, v, vNorm, curvature);
            if (factored) {
                return true;
            }
            if (!useDouble()) { // not positive definite in single precision: σ has grown too far for it
                return false;
            }
        }
        int s = activeGroups(sl, vNorm);
        if (s == 0) {
            Arrays.fill(matrix, 0.0); // otherwise the first Gram product (β = 0) overwrites the lower block triangle
        } else {
            int[] act = active(sl, vNorm, s);
            double[] ms = new double[n * s];
            double[] ma = new double[n * s];
            maskColumns(act, weights(act, sl, vNorm, false), ms, ma);
            // H = K ∘ (M_S diag(a) M_Sᵀ)
            lowerGram(ma, ms, s, 0.0, matrix);
            multiplyLowerBlocks(kernel, 1.0);
            // H += G diag(b) Gᵀ with G = M_S ∘ (X̄ V̂ᵀ): ma is reused for G·diag(√b)
            scaledG(sl, v, vNorm, act, ms, ma);
            lowerGram(ma, ma, s, 1.0, matrix);
        }
        multiplyLowerBlocks(null, sigma);
        for (int i = 0; i < n; i++) {
            matrix[i * n + i] += curvature[i];
        }
        if (!chol.isNative()) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    matrix[i * n + j] = matrix[j * n + i];
                }
            }
        }
        factored = chol.factor(matrix);
        return factored;
    }

    /**
     * The same matrix in single precision: both Gram products are rank-|S| updates ({@code a_i > 0} on the active
     * groups, so {@code M_S diag(a) M_Sᵀ = (M_S diag(√a))(M_S diag(√a))ᵀ}), σ enters as their scale.
     */
    private boolean factorSingle(double sigma, double sl, double[] v, double[] vNorm, double[] curvature) {
        int s = activeGroups(sl, vNorm);
        int[] act = active(sl, vNorm, s);
        double[] ms = new double[n * s];
        double[] ma = new double[n * s];
        maskColumns(act, weights(act, sl, vNorm, true), ms, ma);
        matrixSingle.rankUpdate(ma, s, sigma, 0.0);
        matrixSingle.multiplyEntrywise(kernelSingle);
        scaledG(sl, v, vNorm, act, ms, ma);
        matrixSingle.rankUpdate(ma, s, sigma, 1.0);
        matrixSingle.addToDiagonal(curvature);
        return matrixSingle.factor();
    }

    /** The indices of the s groups whose norm is above sl. */
    private int[] active(double sl, double[] vNorm, int s) {
        int[] act = new int[s];
        int k = 0;
        for (int b = 0; b < p; b++) {
            if (vNorm[b] > sl) {
                act[k++] = b;
            }
        }
        return act;
    }

    /** Per active group, {@code a_i = 1 − σλ/‖v_i‖} (in (0, 1)), or its square root. */
    private static double[] weights(int[] act, double sl, double[] vNorm, boolean sqrt) {
        double[] w = new double[act.length];
        for (int q = 0; q < act.length; q++) {
            double a = 1.0 - sl / vNorm[act[q]];
            w[q] = sqrt ? Math.sqrt(a) : a;
        }
        return w;
    }

    /** ms = M_S, the 0/1 masks of the groups act as n x s columns, and ma = M_S·diag(weight). */
    private void maskColumns(int[] act, double[] weight, double[] ms, double[] ma) {
        int s = act.length;
        for (int i = 0; i < n; i++) {
            int mo = i * p;
            int so = i * s;
            for (int q = 0; q < s; q++) {
                double m = masks[mo + act[q]];
                ms[so + q] = m;
                ma[so + q] = m * weight[q];
            }
        }
    }

    /** out = G·diag(√b) = (M_S ∘ (X̄ V̂_Sᵀ))·diag(√b), n x s, from the 0/1 masks ms (n x s) of the active groups. */
    private void scaledG(double sl, double[] v, double[] vNorm, int[] act, double[] ms, double[] out) {
        int s = act.length;
        double[] vhat = new double[s * d];
        double[] sqrtB = new double[s];
        for (int q = 0; q < s; q++) {
            int b = act[q];
            double nv = vNorm[b];
            for (int j = 0; j < d; j++) {
                vhat[q * d + j] = v[b * d + j] / nv;
            }
            sqrtB[q] = Math.sqrt(sl / nv);
        }
        blas.dgemm(false, true, n, s, d, 1.0, x, 0, d, vhat, 0, d, 0.0, out, 0, s);
        for (int i = 0; i < n; i++) {
            int so = i * s;
            for (int q = 0; q < s; q++) {
                out[so + q] *= ms[so + q] * sqrtB[q];
            }
        }
    }

    /** Solves with the last factor; b (length n) is overwritten. */
    void solve(double[] b) {
        if (single()) {
            matrixSingle.solve(b);
        } else {
            chol.solve(b);
        }
    }

    /** out = J·in (P x d) at v with group norms vNorm and threshold sl = σλ. */
    void applyJacobian(double sl, double[] v, double[] vNorm, double[] in, double[] out) {
        for (int b = 0; b < p; b++) {
            int o = b * d;
            double nv = vNorm[b];
            if (nv > sl) {
                double a = 1.0 - sl / nv;
                double proj = 0;
                for (int j = 0; j < d; j++) {
                    proj += v[o + j] * in[o + j];
                }
                proj *= sl / (nv * nv * nv);
                for (int j = 0; j < d; j++) {
                    out[o + j] = a * in[o + j] + proj * v[o + j];
                }
            } else {
                Arrays.fill(out, o, o + d, 0.0);
            }
        }
    }

    /**
     * Whether trying CG (an adjoint and a forward pass and a triangular solve per iteration) is likely cheaper than
     * forming and factoring the matrix afresh with the groups active at threshold sl (two Gram products of about
     * n²s flops each for s active groups, n³/3 for the factor), by flop counts: it is when a factorization costs at
     * least {@link #CG_WORTH} CG iterations (successful directions need 2–7, a failed attempt {@code MAX_PCG} and the
     * factorization on top). Fashion-MNIST 0 vs 6 (n = 12000, d = 785, P = 1000): a factorization costs about 15–18
     * iterations, CG is tried. Its test set (n = 2000) and breast_cancer (n = 569, d = 31, about 130–200 active
     * groups): 1–2, not tried. (The former rule, CG cheaper than half a factorization, let breast_cancer try it: on
     * its regularization path 46 of 119 attempts failed and CG took 3.4 of 9.7 s of Newton time.)
     */
    boolean conjugateGradientsPay(double sl, double[] vNorm) {
        return formAndFactor(n, activeGroups(sl, vNorm)) >= CG_WORTH * cgIteration(n, d, p);
    }

    /** Flops to form (two Gram products of about n²s each) and factor (n³/3) the matrix with s active groups. */
    private static double formAndFactor(int n, int s) {
        double nn = (double) n * n;
        return 2 * nn * s + nn * n / 3;
    }

    /** Flops of a CG iteration: an adjoint and a forward pass, and the two triangular solves. */
    private static double cgIteration(int n, int d, int p) {
        return 4.0 * n * d * p + 2.0 * n * n;
    }

    /** The groups whose prox at threshold sl is non-zero (norm above sl): those J acts on. */
    private int activeGroups(double sl, double[] vNorm) {
        int s = 0;
        for (int b = 0; b < p; b++) {
            if (vNorm[b] > sl) {
                s++;
            }
        }
        return s;
    }

    @Override
    public void close() {
        if (chol != null) {
            chol.close();
        }
        releaseSingle();
        factored = false;
    }

    /**
     * On the entries of the lower block triangle that {@link #lowerGram} computes: matrix ∘= factor (entrywise, when
     * given), else matrix *= scale.
     */
    private void multiplyLowerBlocks(double[] factor, double scale) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int r1 = Math.min(n, r0 + TILE);
            for (int i = r0; i < r1; i++) {
                int o = i * n;
                if (factor != null) {
                    for (int j = 0; j < r1; j++) {
                        matrix[o + j] *= factor[o + j];
                    }
                } else {
                    for (int j = 0; j < r1; j++) {
                        matrix[o + j] *= scale;
                    }
                }
            }
        }
    }

    /**
     * C = A·Bᵀ + beta·C (n x n) on the lower block triangle (row tiles of TILE rows, columns up to the tile's end),
     * A and B n x k row-major: about half the work of the full product.
     */
    private void lowerGram(double[] a, double[] b, int k, double beta, double[] c) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int r1 = Math.min(n, r0 + TILE);
            blas.dgemm(false, true, r1 - r0, r1, k, 1.0, a, r0 * k, k, b, 0, k, beta, c, r0 * n, n);
        }
    }

    /** The masks as an n x P 0/1 matrix. */
    static double[] maskMatrix(PatternSet patterns) {
        int rows = patterns.rows();
        int cols = patterns.size();
        double[] m = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int b = 0; b < cols; b++) {
                if (patterns.active(i, b)) {
                    m[i * cols + b] = 1.0;
                }
            }
        }
        return m;
    }
}
