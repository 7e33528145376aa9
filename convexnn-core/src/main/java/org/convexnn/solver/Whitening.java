package org.convexnn.solver;

import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * An exact change of variables that whitens the data of a gated program (spec §4, §11.2): with the eigen
 * decomposition {@code X̄ᵀX̄/n = V Λ Vᵀ} and {@code S = Λ + δI}, every block is written {@code w_i = V S^{-1/2} u_i}.
 * The patterns do not change, the prediction is {@code Σ D_i (X̄VS^{-1/2}) u_i} and the penalty becomes
 * {@code λ Σ ‖S^{-1/2} u_i‖} (V is orthogonal), so the program in u is the same program, with whitened data and a
 * weighted group norm. Its smooth part is far better conditioned: for image data the spectrum of X̄ᵀX̄ spans many
 * decades, and first-order steps in w move the low-variance directions almost not at all. The weighted prox is
 * exact (one monotone scalar equation per group, {@link #prox}); the dual constraint of the original program is
 * read from the u-gradient as {@code ‖X̄ᵀD_i r‖ = ‖S^{1/2} g_u,i‖}, so certificates are unchanged.
 *
 * <p>Applies to gated programs whose whole block is penalized; the rotation would mix an unpenalized bias
 * coordinate into the norm.
 */
final class Whitening {
    /** δ relative to the largest eigenvalue: directions below it are not amplified further. */
    static final double RELATIVE_FLOOR = 1e-6;

    private final int d;
    private final double[] t;      // d x d, row-major: T = V S^{-1/2} (w = T u)
    private final double[] tInv;   // d x d: T⁻¹ = S^{1/2} Vᵀ (u = T⁻¹ w)
    private final double[] weight; // S^{-1/2} diagonal: the penalty ‖S^{-1/2} u‖
    private final double[] sqrtS;  // S^{1/2} diagonal
    private final ConvexProgram whitened;
    private final Blas blas;
    private final double condition;
    private final Matrix source; // the original data x: sub-programs over the same x reuse this change of variables

    private Whitening(int d, double[] t, double[] tInv, double[] weight, double[] sqrtS, ConvexProgram whitened,
                      Blas blas, double condition, Matrix source) {
        this.source = source;
        this.condition = condition;
        this.d = d;
        this.t = t;
        this.tInv = tInv;
        this.weight = weight;
        this.sqrtS = sqrtS;
        this.whitened = whitened;
        this.blas = blas;
    }

    /** Whether the program can be whitened: gated, every coordinate penalized. */
    static boolean applies(ConvexProgram p) {
        return p.formulation() == Formulation.GATED && p.penalized() == p.d();
    }

    static Whitening of(ConvexProgram p, Blas blas) {
        if (!applies(p)) {
            throw new IllegalArgumentException("whitening needs a gated program with every coordinate penalized");
        }
        int n = p.n();
        int d = p.d();
        double[] x = p.x().data();
        double[] cov = new double[d * d];
        blas.dgemm(true, false, d, d, n, 1.0 / n, x, 0, d, x, 0, d, 0.0, cov, 0, d);
        for (int i = 0; i < d; i++) { // exact symmetry for the symmetric solver
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (cov[i * d + j] + cov[j * d + i]);
                cov[i * d + j] = m;
                cov[j * d + i] = m;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(d, d, cov.clone()))) {
            throw new ArithmeticException("eigen decomposition of X̄ᵀX̄ failed");
        }
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < d; k++) {
            max = Math.max(max, eig.getEigenvalue(k).getReal());
            min = Math.min(min, eig.getEigenvalue(k).getReal());
        }
        double delta = Math.max(RELATIVE_FLOOR * max, Double.MIN_NORMAL);
        double[] t = new double[d * d];
        double[] tInv = new double[d * d];
        double[] weight = new double[d];
        double[] sqrtS = new double[d];
        for (int k = 0; k < d; k++) {
            double s = Math.max(eig.getEigenvalue(k).getReal(), 0.0) + delta;
            sqrtS[k] = Math.sqrt(s);
            weight[k] = 1.0 / sqrtS[k];
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                double vi = v.get(i, 0);
                t[i * d + k] = vi * weight[k];
                tInv[k * d + i] = vi * sqrtS[k];
            }
        }
        Matrix xw = Matrix.zeros(n, d);
        blas.dgemm(false, false, n, d, d, 1.0, x, 0, d, t, 0, d, 0.0, xw.data(), 0, d);
        ConvexProgram whitened = new ConvexProgram(xw, p.y(), p.patterns(), p.formulation(), p.activation(), p.loss(),
                p.lambda(), d, p.outputBias());
        return new Whitening(d, t, tInv, weight, sqrtS, whitened, blas, min > 0 ? max / min : Double.POSITIVE_INFINITY,
                p.x());
    }

    /**
     * The same change of variables for a sub-program over the same data (another pattern set, e.g. a working set):
     * no new eigendecomposition, and the whitened data matrix is shared.
     *
     * @throws IllegalArgumentException when sub's data is not this whitening's data (the same matrix object)
     */
    Whitening restrictedTo(ConvexProgram sub) {
        if (sub.x() != source || !applies(sub)) {
            throw new IllegalArgumentException("a whitening applies only to gated programs over its own data matrix");
        }
        ConvexProgram w = new ConvexProgram(whitened.x(), sub.y(), sub.patterns(), sub.formulation(), sub.activation(),
                sub.loss(), sub.lambda(), d, sub.outputBias());
        return new Whitening(d, t, tInv, weight, sqrtS, w, blas, condition, source);
    }

    /** λ_max / λ_min of X̄ᵀX̄/n (infinite when singular): how much whitening changes the conditioning. */
    double condition() {
        return condition;
    }

    /** The same program in u: whitened data, same patterns, targets and λ. */
    ConvexProgram program() {
        return whitened;
    }

    /** w = T u for every group (G x d, row per group). */
    double[] toOriginal(double[] u) {
        return apply(u, t);
    }

    /** u = T⁻¹ w for every group. */
    double[] toWhitened(double[] w) {
        return apply(w, tInv);
    }

    private double[] apply(double[] in, double[] m) {
        int g = in.length / d;
        double[] out = new double[in.length];
        // out_g = m · in_g for every group: OUT (G x d) = IN (G x d) · mᵀ
        blas.dgemm(false, true, g, d, d, 1.0, in, 0, d, m, 0, d, 0.0, out, 0, d);
        return out;
    }

    /** Σ_g ‖S^{-1/2} u_g‖: the original group norms. */
    double penalty(double[] u) {
        int g = u.length / d;
        double sum = 0;
        for (int q = 0; q < g; q++) {
            sum += weightedNorm(u, q * d);
        }
        return sum;
    }

    private double weightedNorm(double[] u, int off) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = weight[j] * u[off + j];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * Per output k (group q belongs to output q mod c), max over its groups of ‖S^{1/2} g_q‖: the original program's
     * dual-constraint values from a u-gradient.
     */
    double[] maxOriginalGradientNorms(double[] gu, int c) {
        int g = gu.length / d;
        double[] max = new double[c];
        for (int q = 0; q < g; q++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = sqrtS[j] * gu[q * d + j];
                s += v * v;
            }
            max[q % c] = Math.max(max[q % c], s);
        }
        for (int k = 0; k < c; k++) {
            max[k] = Math.sqrt(max[k]);
        }
        return max;
    }

    /**
     * Prox of {@code τ Σ_g ‖B u_g‖} with {@code B = S^{-1/2}} (in may alias out): per group, zero when
     * {@code ‖B⁻¹ z‖ ≤ τ}, else {@code u_j = z_j / (1 + μ b_j²)} with the unique μ &gt; 0 solving
     * {@code μ ‖B u(μ)‖ = τ} (increasing in μ), found by safeguarded Newton steps on a bracket.
     */
    void prox(double[] in, double[] out, double tau) {
        int g = in.length / d;
        for (int q = 0; q < g; q++) {
            int off = q * d;
            double outer = 0; // ‖B⁻¹ z‖²
            for (int j = 0; j < d; j++) {
                double v = in[off + j] * sqrtS[j];
                outer += v * v;
            }
            if (outer <= tau * tau) {
                java.util.Arrays.fill(out, off, off + d, 0.0);
                continue;
            }
            double mu = solveMu(in, off, tau);
            for (int j = 0; j < d; j++) {
                double b2 = weight[j] * weight[j];
                out[off + j] = in[off + j] / (1 + mu * b2);
            }
        }
    }

    /** The root μ of ψ(μ) = μ²Σ(b_j z_j/(1+μb_j²))² − τ² (ψ increasing from −τ² to ‖B⁻¹z‖² − τ² &gt; 0). */
    private double solveMu(double[] z, int off, double tau) {
        double tau2 = tau * tau;
        double lo = 0;
        double hi = Double.NaN;
        // start: the value for B = b_min I scaled, then bracket by doubling
        double mu = 1.0;
        for (int j = 0; j < d; j++) {
            mu = Math.min(mu, 1.0 / (weight[j] * weight[j]));
        }
        for (int it = 0; it < 200; it++) {
            double s = 0;
            double ds = 0;
            for (int j = 0; j < d; j++) {
                double b = weight[j];
                double b2 = b * b;
                double den = 1 + mu * b2;
                double a = b * z[off + j] / den;
                s += a * a;
                ds += -2 * a * a * b2 / den; // d/dμ of (b z/(1+μb²))²
            }
            double psi = mu * mu * s - tau2;
            double dpsi = 2 * mu * s + mu * mu * ds;
            if (psi > 0) {
                hi = mu;
            } else {
                lo = mu;
            }
            if (Math.abs(psi) <= 1e-14 * tau2) {
                return mu;
            }
            double next = dpsi > 0 ? mu - psi / dpsi : Double.NaN;
            if (Double.isNaN(hi)) {
                mu = Double.isFinite(next) && next > mu ? Math.min(next, 4 * mu) : 2 * mu;
                continue;
            }
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (hi - lo <= 1e-15 * hi) {
                return next;
            }
            mu = next;
        }
        return mu;
    }
}
