package org.convexnn.solver.ipm;

/**
 * One factor of the cone K of a {@link ConicProblem}: the nonnegative orthant R₊^m or the second-order cone
 * {@code {(s₀, s₁) ∈ R × R^{m−1} : ‖s₁‖ ≤ s₀}}.
 *
 * @param kind orthant or second-order cone
 * @param dim  number of rows m ≥ 1
 */
public record ConeSpec(Kind kind, int dim) {
    /** The two cone types. */
    public enum Kind {
        NONNEG, SOC
    }

    public ConeSpec {
        if (kind == null) {
            throw new IllegalArgumentException("cone kind is null");
        }
        if (dim < 1) {
            throw new IllegalArgumentException("cone dimension must be >= 1, got " + dim);
        }
    }

    public static ConeSpec nonneg(int m) {
        return new ConeSpec(Kind.NONNEG, m);
    }

    public static ConeSpec soc(int m) {
        return new ConeSpec(Kind.SOC, m);
    }

    /** Degree of the cone's barrier: m for the orthant, 1 for a second-order cone. */
    public int degree() {
        return kind == Kind.NONNEG ? dim : 1;
    }
}
