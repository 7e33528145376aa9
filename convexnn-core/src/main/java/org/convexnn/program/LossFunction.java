package org.convexnn.program;

/**
 * A loss over the n x c predictions of a program, with what the dual bound needs of its conjugate (spec §1.0, §3.6):
 * {@code L(Z) = Σ ℓ(Z, Y)} (the public convention divides by n), its gradient, and the concave function
 * {@code s ↦ −L*(s·G)} of a dual candidate G scaled by s, with its maximiser. The per-entry losses ({@link Loss}:
 * squared, logistic) implement it; a loss coupling the outputs of a row (softmax cross-entropy, for vector outputs)
 * implements the same methods row by row.
 */
public interface LossFunction {

    /** {@code Σ ℓ(z, y)} over paired entries (n x c, row-major). */
    double sum(double[] z, double[] y);

    /** {@code out = scale · ∇L(z)} (n x c). */
    void gradient(double[] z, double[] y, double scale, double[] out);

    /**
     * {@code −L*(s·g)}, or −∞ outside the conjugate's domain; g is a dual candidate (typically the gradient at some
     * prediction).
     */
    double negConjugate(double[] g, double[] y, double s);

    /** The s in [0, sMax] maximising {@link #negConjugate} (a concave function of s). */
    double bestScale(double[] g, double[] y, double sMax);
}
