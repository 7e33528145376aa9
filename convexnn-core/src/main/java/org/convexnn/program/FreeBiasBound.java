package org.convexnn.program;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Loss;

/**
 * Certified lower bounds for programs with unpenalized coordinates (spec §6: B2 unregularized first-layer bias,
 * B3 free output bias), where the plain scaled-gradient bound of {@link DualBound} is NOT valid.
 *
 * <p>Derivation (squared loss, canonical units; the public ones divide by n). The primal is
 * {@code min L(Σ_b D̃_b X̄ w_b + 1b₀ᵀ) + β Σ ‖P w_g‖ (+ ι_K)}, P keeping the first d−1 coordinates under B2.
 * Its Lagrange dual is {@code max −L*(λ)} subject to
 * <ul>
 *   <li>B3: {@code 1ᵀλ = 0} per output (otherwise the infimum over the free b₀ is −∞);</li>
 *   <li>B2: the bias component of every group's dual vector {@code g = X̄ᵀD̃_b λ} must vanish (the conjugate of
 *       {@code β‖P·‖} is the indicator of {@code {g : g_d = 0, ‖g_{1:d−1}‖ ≤ β}}). With a ones bias column this
 *       is {@code c₊ 1_{D}ᵀλ + c₋ 1_{¬D}ᵀλ = 0}, which holds for every activation when λ is orthogonal to the
 *       ones vector and to every pattern indicator {@code 1_D};</li>
 *   <li>and the usual {@code ‖g_{1:d−1}‖ ≤ β} (gated) / cone condition.</li>
 * </ul>
 * We take the loss gradient λ at the current prediction, project it orthogonally (exactly, by an orthonormal
 * basis) onto the subspace of those linear constraints — every such point is in dom L* for the squared loss —
 * and scale it by {@code s = min(1, λ/γ)}. For B3 alone γ is the existing exact dual-constraint value (group norm
 * or cone projection norm). For B2, γ = max ‖g_{1:d−1}‖ over all groups: with {@code g_d = 0} this bounds
 * {@code sup_v gᵀv − ‖Pv‖} over ALL v, hence also over the cones, so it is valid (but may be loose) for
 * cone-constrained programs. When the indicators span Rⁿ (e.g. exact patterns of 1-D data) the only such
 * point is 0 and the bound is {@code −L*(0) = 0}: valid, and exact for gated programs (whose optimum is then 0).
 * For B2 cone programs a second, tight bound uses the cone multipliers ({@link #coneBoundB2}); the larger of the
 * two is returned. The logistic loss is not covered (the projection can leave dom L*): the bound is then −∞
 * (no certificate).
 */
public final class FreeBiasBound {
    private final ConvexProgram prog;
    private final FeatureOperator op;
    private final ConeProjection cone;
    private final List<double[]> basis = new ArrayList<>();
    private final int n;
    private final int c;
    private final double[] lam;
    private final double[] g;
    private final ConeProjection scaledCone;
    /**
     * Gated B2 programs: the orthonormal basis of the pattern indicators costs O(n²) memory, so above this many rows
     * no bound is certified (−∞).
     */
    static final int MAX_INDICATOR_ROWS = 2000;
    private final boolean subspaceUsable;
    private final double biasWeight;

    public static boolean needed(ConvexProgram p) {
        return p.outputBias() || p.penalized() < p.d();
    }

    /** @param cone exact cone projections for a cone program (used only without B2), or null */
    public FreeBiasBound(FeatureOperator op, ConeProjection cone) {
        this.op = op;
        this.prog = op.program();
        this.cone = prog.coneConstrained() ? cone : null;
        this.n = prog.n();
        this.c = prog.outputs();
        this.lam = new double[n * c];
        this.g = new double[prog.groups() * prog.d()];
        if (prog.coneConstrained() && prog.penalized() < prog.d()) {
            // B2 cone programs: NNLS on data whose bias column is weighted by w, i.e. min ‖S(g + Aᵀμ)‖ with
            // S = diag(1, …, 1, w), which drives the bias component of g + Aᵀμ towards 0 (see coneGammaB2)
            Matrix xb = prog.x().copy();
            double rowMax = 0;
            for (int j = 0; j < n; j++) {
                double r = 0;
                for (int t = 0; t < prog.d() - 1; t++) {
                    r += xb.get(j, t) * xb.get(j, t);
                }
                rowMax = Math.max(rowMax, Math.sqrt(r));
            }
            biasWeight = 1e6 * Math.max(1.0, rowMax);
            for (int j = 0; j < n; j++) {
                xb.set(j, prog.d() - 1, xb.get(j, prog.d() - 1) * biasWeight);
            }
            scaledCone = new ConeProjection(xb);
        } else {
            scaledCone = null;
            biasWeight = 1.0;
        }
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        add(ones);
        subspaceUsable = !(prog.penalized() < prog.d() && (prog.coneConstrained() || n > MAX_INDICATOR_ROWS));
        if (prog.penalized() < prog.d() && subspaceUsable) {
            PatternSet ps = prog.patterns();
            for (int p = 0; p < ps.size() && basis.size() < n; p++) {
                boolean[] rows = ps.pattern(p);
                double[] v = new double[n];
                for (int j = 0; j < n; j++) {
                    v[j] = rows[j] ? 1.0 : 0.0;
                }
                add(v);
            }
        }
    }

    /** Modified Gram–Schmidt with one re-orthogonalisation; drops numerically dependent vectors. */
    private void add(double[] v) {
        double n0 = norm(v);
        if (n0 == 0) {
            return;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (double[] q : basis) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[j] * v[j];
                }
                for (int j = 0; j < n; j++) {
                    v[j] -= dot * q[j];
                }
            }
        }
        double nv = norm(v);
        if (nv <= 1e-10 * n0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            v[j] /= nv;
        }
        basis.add(v);
    }

    /** Writes {@code Mᵀ(λ/n)} into g for the current candidate λ and returns ‖λ‖₁. */
    private double adjointOfCandidate() {
        double[] scaled = new double[lam.length];
        double l1 = 0;
        for (int i = 0; i < lam.length; i++) {
            scaled[i] = lam[i] / n;
            l1 += Math.abs(lam[i]);
        }
        op.adjoint(scaled, g);
        return l1;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double t : v) {
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /**
     * @param lossGrad ℓ'(ŷ) (n x c), not divided by n
     * @return a certified lower bound in the public convention, or −∞ when none is available
     */
    public double lowerBound(double[] lossGrad) {
        if (prog.loss() != Loss.SQUARED) {
            return Double.NEGATIVE_INFINITY;
        }
        // cone B2 programs use the multiplier bound only (the subspace bound is weaker there)
        double subspace = subspaceUsable ? subspaceBound(lossGrad) : Double.NEGATIVE_INFINITY;
        return scaledCone == null ? subspace : Math.max(subspace, coneBoundB2(lossGrad));
    }

    /**
     * B2 cone programs: the dual constraint of a group with pattern D is {@code sup_{v ∈ K_D} gᵀv − β‖v_{1:d−1}‖ ≤ 0}.
     * For any μ ≥ 0, {@code gᵀv ≤ hᵀv} on K_D with {@code h = g + A_Dᵀμ}; so if {@code h_d = 0} then
     * {@code ‖h_{1:d−1}‖} is a valid dual-constraint value γ. μ comes from a weighted NNLS, then one entry is moved
     * so that h_d vanishes exactly (to rounding), and ‖h_{1:d−1}‖ is recomputed from that μ. The candidate λ is the
     * residual projected onto {1ᵀλ = 0} (needed by the all-active pattern, whose (0, ±b) directions are feasible).
     */
    private double coneBoundB2(double[] lossGrad) {
        System.arraycopy(lossGrad, 0, lam, 0, lam.length);
        OutputBias.center(lam, n, c);
        double l1 = adjointOfCandidate();
        int d = prog.d();
        int groups = prog.groups();
        double[] xd = prog.x().data();
        double tolBias = 1e-9 * (l1 / n + Double.MIN_NORMAL);
        double[] gamma = new double[c];
        double[] f = new double[d];
        double[] h = new double[d];
        for (int q = 0; q < groups; q++) {
            boolean[] active = prog.patterns().pattern(prog.blockPattern(q / c));
            for (int t = 0; t < d; t++) {
                f[t] = g[q * d + t];
            }
            f[d - 1] *= biasWeight;
            double[] mu = scaledCone.solve(active, f).dense(n);
            System.arraycopy(g, q * d, h, 0, d);
            for (int j = 0; j < n; j++) {
                if (mu[j] != 0) {
                    double sj = active[j] ? mu[j] : -mu[j];
                    for (int t = 0; t < d; t++) {
                        h[t] += sj * xd[j * d + t];
                    }
                }
            }
            double r = h[d - 1];
            double best = Double.POSITIVE_INFINITY;
            if (Math.abs(r) <= tolBias) {
                best = norm(h, d - 1);
            } else {
                // move one μ_j by Δ so that s_j x_{j,d} Δ = −r, keeping μ ≥ 0; keep the smallest resulting ‖h_u‖
                for (int j = 0; j < n; j++) {
                    double xb = xd[j * d + d - 1];
                    if (xb == 0) {
                        continue;
                    }
                    double s = active[j] ? 1.0 : -1.0;
                    double delta = -r / (s * xb);
                    if (mu[j] + delta < 0) {
                        continue;
                    }
                    double acc = 0;
                    for (int t = 0; t < d - 1; t++) {
                        double v = h[t] + s * delta * xd[j * d + t];
                        acc += v * v;
                    }
                    double hb = h[d - 1] + s * delta * xb;
                    if (Math.abs(hb) <= tolBias) {
                        best = Math.min(best, Math.sqrt(acc));
                    }
                }
            }
            if (!(best < Double.POSITIVE_INFINITY)) {
                return Double.NEGATIVE_INFINITY;
            }
            gamma[q % c] = Math.max(gamma[q % c], best);
        }
        return DualBound.lowerBound(prog.loss(), lam, prog.y().data(), n, prog.lambda(), gamma);
    }

    private static double norm(double[] v, int len) {
        double s = 0;
        for (int t = 0; t < len; t++) {
            s += v[t] * v[t];
        }
        return Math.sqrt(s);
    }

    /** The bound of the candidate projected onto the full linear subspace (see the class comment). */
    private double subspaceBound(double[] lossGrad) {
        System.arraycopy(lossGrad, 0, lam, 0, lam.length);
        if (basis.size() >= n) {
            java.util.Arrays.fill(lam, 0.0);
        } else {
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    for (int k = 0; k < c; k++) {
                        double dot = 0;
                        for (int j = 0; j < n; j++) {
                            dot += q[j] * lam[j * c + k];
                        }
                        for (int j = 0; j < n; j++) {
                            lam[j * c + k] -= dot * q[j];
                        }
                    }
                }
            }
        }
        double l1 = adjointOfCandidate();
        int d = prog.d();
        int pen = prog.penalized();
        int groups = prog.groups();
        double[] gamma;
        if (pen < d) {
            // the bias components are zero up to rounding (≈ eps·Σ|λ|/n); anything larger means the projection failed
            double tolBias = 1e-9 * (l1 / n + Double.MIN_NORMAL);
            for (int q = 0; q < groups; q++) {
                if (Math.abs(g[q * d + d - 1]) > tolBias) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            gamma = GroupNorms.maxPerOutput(g, groups, d, pen, c);
        } else {
            gamma = cone != null ? ConeChecks.gammaPerOutput(prog, cone, g)
                    : GroupNorms.maxPerOutput(g, groups, d, d, c);
        }
        return DualBound.lowerBound(prog.loss(), lam, prog.y().data(), n, prog.lambda(), gamma);
    }
}
