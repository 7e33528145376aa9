package org.convexnn.solver.ipm;

/**
 * The cone K = K₁ × … × K_p of a problem, acting on stacked vectors of length m, and the scaled point
 * {@code λ = W z = W⁻¹ s} of the current Nesterov–Todd scaling.
 */
final class ProductCone {
    private final Cone[] cones;
    private final int m;
    private final int degree;
    private final double[] lambda;

    ProductCone(ConicData data) {
        this.cones = new Cone[data.blocks.length];
        int deg = 0;
        for (int k = 0; k < cones.length; k++) {
            ConeSpec spec = data.blocks[k].cone();
            int o = data.offsets[k];
            cones[k] = spec.kind() == ConeSpec.Kind.NONNEG ? new NonnegativeCone(o, spec.dim())
                    : new SecondOrderCone(o, spec.dim());
            deg += cones[k].degree();
        }
        this.m = data.m;
        this.degree = deg;
        this.lambda = new double[m];
    }

    /** Cone k, the one of block k of the problem. */
    Cone cone(int k) {
        return cones[k];
    }

    /** Barrier degree ν = Σ ν_k. */
    int degree() {
        return degree;
    }

    /** The scaled point λ (valid after {@link #updateScaling}). */
    double[] lambda() {
        return lambda;
    }

    void setIdentityScaling() {
        for (Cone k : cones) {
            k.setIdentityScaling();
        }
    }

    /** Nesterov–Todd scaling of (s, z) on every cone; false when either left the interior. */
    boolean updateScaling(double[] s, double[] z) {
        for (Cone k : cones) {
            if (!k.updateScaling(s, z, lambda)) {
                return false;
            }
        }
        return true;
    }

    /** out = W in (W is symmetric). */
    void mulW(double[] in, double[] out) {
        for (Cone k : cones) {
            k.mulW(in, out);
        }
    }

    /** out = W⁻¹ in. */
    void mulWInv(double[] in, double[] out) {
        for (Cone k : cones) {
            k.mulWInv(in, out);
        }
    }

    void jordanProduct(double[] u, double[] v, double[] out) {
        for (Cone k : cones) {
            k.jordanProduct(u, v, out);
        }
    }

    void jordanDivide(double[] u, double[] r, double[] out) {
        for (Cone k : cones) {
            k.jordanDivide(u, r, out);
        }
    }

    void addIdentity(double[] u, double t) {
        for (Cone k : cones) {
            k.addIdentity(u, t);
        }
    }

    /** u ← u + (1 + t)e when t = max boundary shift ≥ −1e-8·max(1, ‖u‖) (CVXOPT-style start). */
    void shiftIntoInterior(double[] u) {
        double t = Double.NEGATIVE_INFINITY;
        for (Cone k : cones) {
            t = Math.max(t, k.boundaryShift(u));
        }
        if (m > 0 && t >= -1e-8 * Math.max(1.0, Vec.norm(u))) {
            addIdentity(u, 1.0 + t);
        }
    }

    /** Largest α ≤ ∞ with u + α du ∈ K. */
    double stepToBoundary(double[] u, double[] du) {
        double alpha = Double.POSITIVE_INFINITY;
        for (Cone k : cones) {
            alpha = Math.min(alpha, k.stepToBoundary(u, du));
        }
        return alpha;
    }
}
