package org.convexnn.solver.ipm;

/**
 * One factor K_k of the cone K = K₁ × … × K_p, occupying rows {@code offset() … offset() + dim() − 1} of the
 * vectors s, z and λ. It holds its Nesterov–Todd scaling W (set by {@link #updateScaling}) and the cone's Jordan
 * algebra: the product u∘v, its inverse operation u⧵r, the identity e and the step to the boundary.
 */
sealed interface Cone permits NonnegativeCone, SecondOrderCone {

    /** First row of the cone in the stacked vectors. */
    int offset();

    int dim();

    /** Degree ν of the cone's barrier (its contribution to μ = (sᵀz + τκ)/(ν + 1)). */
    int degree();

    /** W = I (the starting point's scaling). */
    void setIdentityScaling();

    /**
     * Nesterov–Todd scaling of (s, z): W with {@code W z = W⁻¹ s}, and that point λ written into {@code lambda}.
     *
     * @return false when s or z is not in the interior
     */
    boolean updateScaling(double[] s, double[] z, double[] lambda);

    /** out = W in on this cone's rows. */
    void mulW(double[] in, double[] out);

    /** out = W⁻¹ in on this cone's rows. */
    void mulWInv(double[] in, double[] out);

    /** W⁻¹ G_k for this cone's block of G (dim x q, row-major), as a new matrix of the same shape. */
    double[] mulWInvBlock(double[] g, int q);

    /** out = u∘v on this cone's rows. */
    void jordanProduct(double[] u, double[] v, double[] out);

    /** out = u⧵r, the solution x of u∘x = r (u interior). */
    void jordanDivide(double[] u, double[] r, double[] out);

    /** u ← u + t·e. */
    void addIdentity(double[] u, double t);

    /** The smallest t with u + t·e on the closed cone (≤ 0 for a point of the cone). */
    double boundaryShift(double[] u);

    /** The largest α ≤ ∞ with u + α du in the cone (u interior). */
    double stepToBoundary(double[] u, double[] du);
}
