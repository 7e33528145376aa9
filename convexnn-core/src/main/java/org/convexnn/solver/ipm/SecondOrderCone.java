package org.convexnn.solver.ipm;

import java.util.Arrays;

/**
 * The second-order cone {@code {(u₀, u₁) : ‖u₁‖ ≤ u₀}} of dimension dim: Jordan product
 * {@code u∘v = (uᵀv, u₀v₁ + v₀u₁)}, e = (1, 0), and the Nesterov–Todd scaling
 * {@code W = β[[w̄₀, w̄₁ᵀ], [w̄₁, I + w̄₁w̄₁ᵀ/(1 + w̄₀)]]} (a scaled hyperbolic Householder matrix) with
 * {@code W⁻¹ = β⁻¹[[w̄₀, −w̄₁ᵀ], [−w̄₁, I + w̄₁w̄₁ᵀ/(1 + w̄₀)]]}.
 */
final class SecondOrderCone extends ConeRows implements Cone {
    // w: w̄, with w̄₀² − ‖w̄₁‖² = 1
    /** β = (det s / det z)^{1/4}. */
    private double beta;

    SecondOrderCone(int offset, int dim) {
        super(offset, dim);
    }

    @Override
    public int degree() {
        return 1;
    }

    @Override
    public void setIdentityScaling() {
        Arrays.fill(w, 0.0);
        w[0] = 1.0;
        beta = 1.0;
    }

    /**
     * With {@code s̄ = s/√det s}, {@code z̄ = z/√det z} and {@code γ = √((1 + s̄ᵀz̄)/2)}:
     * {@code w̄ = (s̄₀ + z̄₀, s̄₁ − z̄₁)/(2γ)}, {@code β = (det s/det z)^{1/4}}, λ = W z.
     */
    @Override
    public boolean updateScaling(double[] s, double[] z, double[] lambda) {
        int o = offset;
        double sdet = det(s, o, dim);
        double zdet = det(z, o, dim);
        if (!(sdet > 0) || !(zdet > 0) || !(s[o] > 0) || !(z[o] > 0)) {
            return false;
        }
        double sn = Math.sqrt(sdet);
        double zn = Math.sqrt(zdet);
        double sbzb = 0;
        for (int i = o; i < o + dim; i++) {
            sbzb += (s[i] / sn) * (z[i] / zn);
        }
        double gamma = Math.sqrt((1 + sbzb) / 2);
        w[0] = (s[o] / sn + z[o] / zn) / (2 * gamma);
        for (int i = 1; i < dim; i++) {
            w[i] = (s[o + i] / sn - z[o + i] / zn) / (2 * gamma);
        }
        beta = Math.sqrt(sn / zn);
        mulW(z, lambda);
        return true;
    }

    @Override
    public void mulW(double[] in, double[] out) {
        apply(in, offset, out, offset, 1, false);
    }

    @Override
    public void mulWInv(double[] in, double[] out) {
        apply(in, offset, out, offset, 1, true);
    }

    @Override
    public double[] mulWInvBlock(double[] g, int q) {
        double[] out = new double[dim * q];
        for (int j = 0; j < q; j++) {
            apply(g, j, out, j, q, true);
        }
        return out;
    }

    /** W (inverse: W⁻¹) applied to in[io + i·stride] into out[oo + i·stride]; in and out alias only if io == oo. */
    private void apply(double[] in, int io, double[] out, int oo, int stride, boolean inverse) {
        double w0 = w[0];
        double sgn = inverse ? -1.0 : 1.0;
        double f = inverse ? 1.0 / beta : beta;
        double u0 = in[io];
        double wu = 0;
        for (int i = 1; i < dim; i++) {
            wu += w[i] * in[io + i * stride];
        }
        double out0 = w0 * u0 + sgn * wu;
        double coef = sgn * u0 + wu / (1 + w0);
        for (int i = 1; i < dim; i++) {
            out[oo + i * stride] = f * (in[io + i * stride] + coef * w[i]);
        }
        out[oo] = f * out0;
    }

    @Override
    public void jordanProduct(double[] u, double[] v, double[] out) {
        int o = offset;
        double t = 0;
        for (int i = o; i < o + dim; i++) {
            t += u[i] * v[i];
        }
        for (int i = o + 1; i < o + dim; i++) {
            out[i] = u[o] * v[i] + v[o] * u[i];
        }
        out[o] = t;
    }

    /** x₀ = (u₀r₀ − u₁ᵀr₁)/det u, x₁ = (r₁ − x₀u₁)/u₀. */
    @Override
    public void jordanDivide(double[] u, double[] r, double[] out) {
        int o = offset;
        double det = det(u, o, dim);
        double ur = 0;
        for (int i = o + 1; i < o + dim; i++) {
            ur += u[i] * r[i];
        }
        double x0 = (u[o] * r[o] - ur) / det;
        for (int i = o + 1; i < o + dim; i++) {
            out[i] = (r[i] - x0 * u[i]) / u[o];
        }
        out[o] = x0;
    }

    @Override
    public void addIdentity(double[] u, double t) {
        u[offset] += t;
    }

    /** ‖u₁‖ − u₀. */
    @Override
    public double boundaryShift(double[] u) {
        int o = offset;
        double q = 0;
        for (int i = o + 1; i < o + dim; i++) {
            q += u[i] * u[i];
        }
        return Math.sqrt(q) - u[o];
    }

    @Override
    public double stepToBoundary(double[] u, double[] du) {
        return stepToBoundary(u, du, offset, dim);
    }

    /**
     * Largest α with u + α du in the second-order cone at rows o … o + dim − 1 (u interior): the smallest positive
     * root of {@code (u₀ + αd₀)² = ‖u₁ + αd₁‖²}, capped by {@code u₀ + αd₀ ≥ 0}.
     */
    static double stepToBoundary(double[] u, double[] du, int o, int dim) {
        double u0 = u[o];
        double d0 = du[o];
        double uu = 0;
        double ud = 0;
        double dd = 0;
        for (int i = o + 1; i < o + dim; i++) {
            uu += u[i] * u[i];
            ud += u[i] * du[i];
            dd += du[i] * du[i];
        }
        double qa = d0 * d0 - dd;
        double qb = 2 * (u0 * d0 - ud);
        double qc = (u0 - Math.sqrt(uu)) * (u0 + Math.sqrt(uu));
        double alpha = Double.POSITIVE_INFINITY;
        if (d0 < 0) {
            alpha = -u0 / d0;
        }
        double root;
        if (qa == 0) {
            root = qb < 0 ? -qc / qb : Double.POSITIVE_INFINITY;
        } else {
            double disc = qb * qb - 4 * qa * qc;
            if (disc < 0) {
                root = Double.POSITIVE_INFINITY;
            } else {
                double sq = Math.sqrt(disc);
                double q = -0.5 * (qb + Math.copySign(sq, qb));
                double r1 = q / qa;
                double r2 = q != 0 ? qc / q : Double.POSITIVE_INFINITY;
                root = Double.POSITIVE_INFINITY;
                if (r1 > 0) {
                    root = Math.min(root, r1);
                }
                if (r2 > 0) {
                    root = Math.min(root, r2);
                }
            }
        }
        return Math.min(alpha, root);
    }

    /** u₀² − ‖u₁‖² computed as (u₀ − ‖u₁‖)(u₀ + ‖u₁‖). */
    private static double det(double[] u, int o, int dim) {
        double t = 0;
        for (int i = o + 1; i < o + dim; i++) {
            t += u[i] * u[i];
        }
        t = Math.sqrt(t);
        return (u[o] - t) * (u[o] + t);
    }
}
