package org.convexnn.analysis;

import java.util.Arrays;
import org.convexnn.arrangement.ExactEnumerator;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConeProjection;
import org.convexnn.settings.SettingException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The dual-constraint value of spec §10.1 step 2 at the dual point g (n x c, row-major): per output
 * {@code γ_k = max_{D, ±} ‖Π_{K_D}(±X̄ᵀ D g_k / n)‖} over a pattern set, or the spectral bound
 * {@code ‖X̄‖₂ max(‖g₊‖, ‖g₋‖)/n} (spec §3.6), with the maximising pattern and sign of each output; Γ combines the
 * outputs (see {@link DualCertificate}).
 */
final class DualConstraint {
    /** γ_k per output. */
    final double[] gammaK;
    /** Index in {@link #patterns} of the maximising pattern per output (0 in spectral mode). */
    final int[] bestPattern;
    /** Sign ± of the maximising projection per output. */
    final int[] bestSign;
    /** Patterns examined, null for the spectral bound. */
    final PatternSet patterns;
    /** Cone projection of X̄, null for the spectral bound. */
    final ConeProjection projection;

    private DualConstraint(int c, PatternSet patterns, ConeProjection projection) {
        this.gammaK = new double[c];
        this.bestPattern = new int[c];
        this.bestSign = new int[c];
        this.patterns = patterns;
        this.projection = projection;
    }

    /** The spectral bound {@code γ_k ≤ ‖X̄‖₂ max(‖g_k₊‖, ‖g_k₋‖)/n} (valid, loose). */
    static DualConstraint spectral(Matrix xbar, double[] g, int n, int c) {
        DualConstraint dc = new DualConstraint(c, null, null);
        double sx = spectralNorm(xbar) * (1 + 1e-9) + 1e-300;
        for (int k = 0; k < c; k++) {
            double pos = 0;
            double neg = 0;
            for (int i = 0; i < n; i++) {
                double v = g[i * c + k];
                if (v > 0) {
                    pos += v * v;
                } else {
                    neg += v * v;
                }
            }
            dc.gammaK[k] = sx * Math.sqrt(Math.max(pos, neg)) / n;
        }
        return dc;
    }

    /**
     * γ_k over the given patterns of X̄ (n x (d+1)). Since {@code ‖Π_K(±v)‖ ≤ ‖v‖}, patterns are visited by decreasing
     * ‖v‖ and projecting stops once ‖v‖ cannot beat γ_k: the maximum stays exact, most NNLS projections are skipped.
     */
    static DualConstraint overPatterns(Matrix xbar, PatternSet patterns, double[] g, int n, int c) {
        DualConstraint dc = new DualConstraint(c, patterns, new ConeProjection(xbar));
        double[] xdat = xbar.data();
        int dd = xbar.cols();
        int count = patterns.size();
        double[] v = new double[dd];
        double[] mv = new double[dd];
        double[] norms = new double[count];
        Integer[] order = new Integer[count];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < count; p++) {
                patternGradient(patterns.pattern(p), g, k, c, n, xdat, dd, v);
                norms[p] = VectorOps.norm(v);
                order[p] = p;
            }
            final double[] nk = norms;
            Arrays.sort(order, (a, b) -> Double.compare(nk[b], nk[a]));
            for (int q = 0; q < count; q++) {
                int p = order[q];
                if (norms[p] <= dc.gammaK[k]) {
                    break;
                }
                boolean[] act = patterns.pattern(p);
                patternGradient(act, g, k, c, n, xdat, dd, v);
                for (int t = 0; t < dd; t++) {
                    mv[t] = -v[t];
                }
                double plus = dc.projection.projectionNorm(act, v);
                double minus = dc.projection.projectionNorm(act, mv);
                if (plus > dc.gammaK[k]) {
                    dc.gammaK[k] = plus;
                    dc.bestPattern[k] = p;
                    dc.bestSign[k] = 1;
                }
                if (minus > dc.gammaK[k]) {
                    dc.gammaK[k] = minus;
                    dc.bestPattern[k] = p;
                    dc.bestSign[k] = -1;
                }
            }
        }
        return dc;
    }

    /**
     * Every pattern of X̄ (spec §3.6, valid for the global optimum).
     *
     * @throws IllegalArgumentException beyond {@code maxPatterns}, suggesting the sampled and spectral modes
     */
    static PatternSet exactPatterns(Matrix xbar, long maxPatterns) {
        try {
            return ExactEnumerator.enumerateWithStats(xbar, maxPatterns).patterns();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst(
                    "; use sampled patterns.*$", "") + "; use --mode sampled (a heuristic) or --mode spectral"
                    + " (a valid but loose bound) instead", e);
        }
    }

    /** Gaussian-gate patterns of X̄ plus the patterns of the network's own non-zero neurons (a lower estimate of γ). */
    static PatternSet sampledPatterns(Matrix xbar, int samples, long seed, TwoLayerNetwork net) {
        if (samples <= 0) {
            throw new SettingException("samples", "{samples} must be positive, got " + samples);
        }
        PatternSet patterns = PatternSet.fromGates(xbar, GaussianGateSampler.sample(samples, xbar.cols(), seed));
        Matrix own = SubsampledOptimum.neuronGates(net);
        return own == null ? patterns : patterns.union(PatternSet.fromGates(xbar, own));
    }

    /** Output with the largest γ_k (the first on ties; 0 when all are 0). */
    int argMax() {
        double best = 0;
        int arg = 0;
        for (int k = 0; k < gammaK.length; k++) {
            if (gammaK[k] > best) {
                best = gammaK[k];
                arg = k;
            }
        }
        return arg;
    }

    /** {@code max_k γ_k} (0 when all are 0): a value the multi-output constraint is at least. */
    double max() {
        double best = 0;
        for (double gk : gammaK) {
            if (gk > best) {
                best = gk;
            }
        }
        return best;
    }

    /** Γ: γ_1 for one output, else the valid bound {@code sqrt(Σ_k γ_k²)}. */
    double gamma() {
        if (gammaK.length == 1) {
            return gammaK[0];
        }
        double sq = 0;
        for (double gk : gammaK) {
            sq += gk * gk;
        }
        return Math.sqrt(sq);
    }

    /** Patterns examined (0 for the spectral bound). */
    int patternCount() {
        return patterns == null ? 0 : patterns.size();
    }

    /** {@code v = X̄ᵀ D g_k / n} for the pattern's active rows. */
    static void patternGradient(boolean[] act, double[] g, int k, int c, int n, double[] xdat, int dd, double[] v) {
        Arrays.fill(v, 0);
        for (int i = 0; i < n; i++) {
            if (act[i]) {
                double gi = g[i * c + k] / n;
                for (int t = 0; t < dd; t++) {
                    v[t] += gi * xdat[i * dd + t];
                }
            }
        }
    }


    /** ‖A‖₂ (largest singular value) by EJML's SVD. */
    static double spectralNorm(Matrix a) {
        DMatrixRMaj m = new DMatrixRMaj(a.rows(), a.cols(), true, a.data().clone());
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(a.rows(), a.cols(), false, false, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD failed");
        }
        double best = 0;
        for (double s : svd.getSingularValues()) {
            if (s > best) {
                best = s;
            }
        }
        return best;
    }
}
