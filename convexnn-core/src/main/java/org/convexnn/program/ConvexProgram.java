package org.convexnn.program;

import java.util.Objects;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;

/**
 * The one core abstraction (spec §3.2, §4, §5): a masked feature operator {@code W ↦ Σ_b D̃_b X w_b}, the cone
 * constraints {@code (2D_b − I) X w_b ≥ 0} (for {@link Formulation#CONE_CONSTRAINED}), a loss and a group-ℓ2
 * regulariser, in the public convention of spec §1.0:
 * <pre>  F(W) = (1/n) Σ_{j,k} ℓ(Z_jk, Y_jk) + λ Σ_g ‖W_g‖,   Z = Σ_b D̃_b X W_bᵀ  </pre>
 * Blocks: for GATED, block b is pattern b with coefficients (1, 0); for CONE_CONSTRAINED, blocks 0..P−1 are the
 * v-blocks (pattern b, output sign +1) and P..2P−1 the w-blocks (pattern b−P, sign −1), with coefficients
 * {@code sign·(c₊, c₋)} of the activation. Each block has one group per output column, so the variable is a
 * {@code (B·c) x d} matrix whose row {@code b·c + k} is group (b, k). Immutable.
 */
public final class ConvexProgram {
    private final Matrix x;
    private final Matrix y;
    private final PatternSet patterns;
    private final Formulation formulation;
    private final Activation activation;
    private final Loss loss;
    private final double lambda;
    private final int[] blockPattern;
    private final double[] onCoef;
    private final double[] offCoef;
    private final int penalized;
    private final boolean outputBias;

    /**
     * @param x           n x d data in the training space (bias column included when used)
     * @param y           n x c targets (±1 for logistic loss)
     * @param patterns    the pattern set over the rows of x
     * @param formulation gated or cone-constrained
     * @param activation  activation (cone-constrained only; gated programs use ReLU gating)
     * @param loss        loss
     * @param lambda      λ &gt; 0 (spec §1.0)
     */
    public ConvexProgram(Matrix x, Matrix y, PatternSet patterns, Formulation formulation, Activation activation,
                         Loss loss, double lambda) {
        this(x, y, patterns, formulation, activation, loss, lambda, x.cols(), false);
    }

    /**
     * As above, with bias options (spec §6).
     *
     * @param penalized  leading coordinates of each group inside the group norm: d, or d − 1 for an unregularized
     *                   first-layer bias (B2; the last data column is then the ones column)
     * @param outputBias add a free (unpenalized) output bias b₀ ∈ R^c to the prediction (B3)
     */
    public ConvexProgram(Matrix x, Matrix y, PatternSet patterns, Formulation formulation, Activation activation,
                         Loss loss, double lambda, int penalized, boolean outputBias) {
        if (penalized < 0 || penalized > x.cols()) {
            throw new IllegalArgumentException("penalized coordinates " + penalized + " outside [0, " + x.cols() + "]");
        }
        this.penalized = penalized;
        this.outputBias = outputBias;
        this.x = Objects.requireNonNull(x, "x");
        this.y = Objects.requireNonNull(y, "y");
        this.patterns = Objects.requireNonNull(patterns, "patterns");
        this.formulation = Objects.requireNonNull(formulation, "formulation");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.loss = Objects.requireNonNull(loss, "loss");
        if (x.rows() != y.rows() || patterns.rows() != x.rows()) {
            throw new IllegalArgumentException("row counts differ: x " + x.rows() + ", y " + y.rows()
                    + ", patterns " + patterns.rows());
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number > 0, got " + lambda);
        }
        if (patterns.size() == 0) {
            throw new IllegalArgumentException("the pattern set is empty");
        }
        if (loss == Loss.LOGISTIC) {
            for (double v : y.data()) {
                if (v != 1.0 && v != -1.0) {
                    throw new IllegalArgumentException("logistic loss needs targets in {-1, +1}, found " + v);
                }
            }
        }
        this.lambda = lambda;
        int p = patterns.size();
        int blocks = formulation == Formulation.GATED ? p : 2 * p;
        blockPattern = new int[blocks];
        onCoef = new double[blocks];
        offCoef = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            blockPattern[b] = b % p;
            double sign = b < p ? 1.0 : -1.0;
            if (formulation == Formulation.GATED) {
                onCoef[b] = 1.0;
                offCoef[b] = 0.0;
            } else {
                onCoef[b] = sign * activation.positive();
                offCoef[b] = sign * activation.negative();
            }
        }
    }

    public Matrix x() {
        return x;
    }

    public Matrix y() {
        return y;
    }

    public PatternSet patterns() {
        return patterns;
    }

    public Formulation formulation() {
        return formulation;
    }

    public Activation activation() {
        return activation;
    }

    public Loss loss() {
        return loss;
    }

    public double lambda() {
        return lambda;
    }

    /** A copy of this program with another λ (same operator and patterns). */
    public ConvexProgram withLambda(double newLambda) {
        return new ConvexProgram(x, y, patterns, formulation, activation, loss, newLambda, penalized, outputBias);
    }

    /**
     * The same program over a subset of its patterns (a working set): the sub-program's pattern j is this program's
     * pattern {@code keep[j]}, so its block j is block {@code keep[j]} (and, cone programs, block {@code P + keep[j]}
     * for j ≥ |keep|) here. A point of the sub-program padded with zero groups is a point of this program with the
     * same predictions and objective.
     */
    public ConvexProgram withPatterns(int[] keep) {
        return new ConvexProgram(x, y, patterns.subset(keep), formulation, activation, loss, lambda, penalized,
                outputBias);
    }

    /** Leading coordinates of each group inside the group norm (d unless the first-layer bias is unregularized). */
    public int penalized() {
        return penalized;
    }

    /** Whether a free output bias b₀ (one per output) is part of the prediction (spec §6 B3). */
    public boolean outputBias() {
        return outputBias;
    }

    public boolean coneConstrained() {
        return formulation == Formulation.CONE_CONSTRAINED;
    }

    /** n. */
    public int n() {
        return x.rows();
    }

    /** d (training space, bias column included). */
    public int d() {
        return x.cols();
    }

    /** Number of outputs c. */
    public int outputs() {
        return y.cols();
    }

    /** Number of blocks B (P for gated, 2P for cone-constrained). */
    public int blocks() {
        return blockPattern.length;
    }

    /** Number of groups B·c (rows of the variable matrix). */
    public int groups() {
        return blockPattern.length * y.cols();
    }

    /** Pattern index of block b. */
    public int blockPattern(int b) {
        return blockPattern[b];
    }

    /** Coefficient of block b on rows where its pattern is active. */
    public double onCoef(int b) {
        return onCoef[b];
    }

    /** Coefficient of block b on rows where its pattern is inactive. */
    public double offCoef(int b) {
        return offCoef[b];
    }

    /**
     * The program's regulariser: the group-ℓ2 norm for gated programs, the cone-constrained one otherwise (a new
     * instance; cone programs hold exact projections over X).
     */
    public Regularizer regularizer() {
        return coneConstrained() ? new ConeConstrainedGroupL2(this) : new GroupL2(this);
    }

    /** The sign of block b's output weight (+1 for v-blocks and gated blocks, −1 for w-blocks). */
    public double blockSign(int b) {
        return formulation == Formulation.GATED || b < patterns.size() ? 1.0 : -1.0;
    }
}
