package org.convexnn.certificate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitOptions;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.arrangement.ExactEnumerator;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.baseline.NetworkGradient;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.Loss;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Optimality certificate for an arbitrary two-layer ReLU network θ (spec §10.1) plus the stationary-point analysis
 * of spec §10.2, in the public convention of spec §1.0.
 *
 * <p><b>Problem certified.</b> {@code J(θ) = (1/n) Σ ℓ(f_θ(x_k), y_k) + (λ/2) Σ_j (‖u_j‖² + b_j² + ‖W2[:,j]‖²)}: the
 * first-layer bias is a regularised ones column (bias mode B1, {@code X̄ = [X, 1]}), and the output bias b2 is
 * <i>held fixed</i> at the network's value ({@code "output_bias": "fixed"}). With b2 free, the dual would need the
 * extra constraint {@code Σ_rows g = 0}; fixing b2 instead certifies the problem whose loss is
 * {@code ℓ(z + b2, y)}, whose conjugate is {@code L*(ν) − νᵀb2} (spec §1 conjugate with a shift). When b2 is the
 * optimal output bias (e.g. b2 = 0 in a model trained without one, or at any stationary point in b2) the two optima
 * coincide.
 *
 * <p><b>Dual point.</b> {@code g = ℓ'(ŷ)} (n x c, not divided by n). For output k,
 * {@code γ_k = max_{D, ±} ‖Π_{K_D}(±X̄ᵀ D g_k / n)‖}. For scalar output the dual constraint is {@code γ_1 ≤ λ}. For
 * c &gt; 1 outputs with the penalty {@code ‖W2[:,j]‖²} the constraint is {@code max_{‖u‖≤1} ‖Gᵀ(X̄u)₊‖/n ≤ λ}, which is
 * bounded by {@code Γ = sqrt(Σ_k γ_k²)} (valid) and from below by {@code max_k γ_k}.
 *
 * <p><b>Modes.</b> {@link Mode#EXACT}: every pattern of X̄ from {@link ExactEnumerator} — the bound is valid for the
 * global optimum. {@link Mode#SAMPLED}: Gaussian-gate patterns plus the network's own neurons' patterns — Γ is only a
 * lower estimate of γ, so the "bound" is a heuristic ({@code valid = false}); but {@code γ > λ} over sampled patterns
 * still proves dual infeasibility and a spurious stationary point. {@link Mode#SPECTRAL}: the cheap bound
 * {@code ‖X̄‖₂ max(‖g₊‖, ‖g₋‖)/n} of spec §3.6 (valid, loose).
 *
 * <p><b>Stationarity.</b> θ is balanced first (spec §1.1; predictions unchanged, J never increases). It is called
 * stationary when {@code ‖∇J‖ ≤ tol · max(1, J)} (gradient over W1, b1, W2 with σ'(0) = 1; default tol 1e-6).
 */
public final class DualCertificate {
    /** Relative slack on the comparison γ ≤ λ. */
    public static final double GAMMA_RTOL = 1e-9;

    /** How the dual-constraint value Γ is obtained. */
    public enum Mode {
        EXACT("exact"), SAMPLED("sampled"), SPECTRAL("spectral");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Mode fromLabel(String s) {
            for (Mode m : values()) {
                if (m.label.equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + s + "' (expected exact, sampled or spectral)");
        }
    }

    /** Outcome of the stationary-point analysis (spec §10.2). */
    public enum Verdict {
        /** Stationary and certified: Γ ≤ λ (or the certified relative gap is within the stationarity tolerance). */
        GLOBAL_OPTIMUM,
        /** Stationary, but some pattern violates the dual constraint (γ &gt; λ): an escape neuron lowers J. */
        SPURIOUS_STATIONARY_POINT,
        /** The gradient norm is above the stationarity threshold. */
        NOT_STATIONARY,
        /** Stationary, but the mode can neither certify nor refute optimality (sampled with γ ≤ λ, loose spectral). */
        STATIONARY_INCONCLUSIVE
    }

    /**
     * Settings; immutable with withers.
     *
     * @param subsampledTol       relative-gap tolerance of the p(S_θ) solve
     * @param subsampledTimeLimit wall-clock limit of the p(S_θ) solve in seconds (the result then carries its status
     *                            and certified bracket instead of an optimum)
     */
    public record Options(Mode mode, int samples, long seed, long maxPatterns, double stationarityTol,
                          boolean subsampled, double subsampledTol, double subsampledTimeLimit) {
        /** Default relative-gap tolerance of the p(S_θ) solve. */
        public static final double DEFAULT_SUBSAMPLED_TOL = 1e-8;
        /** Default time limit of the p(S_θ) solve, seconds. */
        public static final double DEFAULT_SUBSAMPLED_TIME_LIMIT = 120;

        public Options {
            if (!(subsampledTol > 0) || !(subsampledTol < 1)) {
                throw new IllegalArgumentException("--subsampled-tol must be in (0, 1), got " + subsampledTol);
            }
            if (!(subsampledTimeLimit > 0)) {
                throw new IllegalArgumentException("--subsampled-time-limit must be > 0 seconds, got "
                        + subsampledTimeLimit);
            }
        }

        public static Options defaults() {
            return new Options(Mode.EXACT, 1000, 7, 100_000, 1e-6, true, DEFAULT_SUBSAMPLED_TOL,
                    DEFAULT_SUBSAMPLED_TIME_LIMIT);
        }

        public Options withMode(Mode m) {
            return new Options(m, samples, seed, maxPatterns, stationarityTol, subsampled, subsampledTol,
                    subsampledTimeLimit);
        }

        public Options withSamples(int s) {
            return new Options(mode, s, seed, maxPatterns, stationarityTol, subsampled, subsampledTol,
                    subsampledTimeLimit);
        }

        public Options withSeed(long s) {
            return new Options(mode, samples, s, maxPatterns, stationarityTol, subsampled, subsampledTol,
                    subsampledTimeLimit);
        }

        public Options withMaxPatterns(long p) {
            return new Options(mode, samples, seed, p, stationarityTol, subsampled, subsampledTol,
                    subsampledTimeLimit);
        }

        public Options withStationarityTol(double t) {
            return new Options(mode, samples, seed, maxPatterns, t, subsampled, subsampledTol, subsampledTimeLimit);
        }

        public Options withSubsampled(boolean on) {
            return new Options(mode, samples, seed, maxPatterns, stationarityTol, on, subsampledTol,
                    subsampledTimeLimit);
        }

        /** The p(S_θ) solve's tolerance and time limit (seconds). */
        public Options withSubsampledBudget(double tol, double timeLimitSeconds) {
            return new Options(mode, samples, seed, maxPatterns, stationarityTol, subsampled, tol, timeLimitSeconds);
        }
    }

    /**
     * The p(S_θ) solve (spec §10.2): the program over θ's own neurons' patterns, started at θ's convex image.
     *
     * @param value      objective of the recovered network (an upper bound on p(S_θ), equal to it when OPTIMAL)
     * @param lowerBound certified lower bound on p(S_θ)
     * @param status     solver status ({@code OPTIMAL} only when the relative gap met the tolerance)
     * @param iterations solver iterations
     * @param seconds    wall-clock time of the solve
     */
    public record Subsampled(double value, double lowerBound, String status, int iterations, double seconds) {
        static final Subsampled NONE = new Subsampled(Double.NaN, Double.NaN, null, 0, 0);
    }

    /**
     * A neuron that lowers J when added with a small scale (spec §10.2): first-layer weights and bias (unit norm
     * together), the output index it feeds and the sign of its output weight.
     *
     * @param rate     first-order change of J per unit t, {@code λ − ‖Π_K(−ς X̄ᵀDg_k/n)‖} (negative)
     * @param step     the t at which {@code decrease} was measured
     * @param decrease {@code J(θ) − J(θ + neuron(t))} computed through the real network (positive when it helps)
     */
    public record EscapeNeuron(double[] weights, double bias, int output, int sign, double rate, double step,
                               double decrease) {
    }

    /**
     * Everything the certificate reports.
     *
     * @param objective          J(θ) of the network as given
     * @param balancedObjective  J of the balanced network (≤ objective)
     * @param lowerBound         the dual bound (a certified bound on the global optimum when {@code valid})
     * @param gamma              Γ: the dual-constraint value used for the bound (see class doc)
     * @param gammaLower         a value γ is known to be at least (max_k γ_k; NaN in spectral mode)
     * @param scale              the dual scale s ∈ [0, min(1, λ/Γ)]
     * @param subsampledOptimum  p(S_θ) (the recovered value; see {@code subsampled} for status and bracket), or NaN
     *                           when not computed
     * @param subsampled         the p(S_θ) solve ({@link Subsampled#value} NaN when not computed)
     * @param patternCount       patterns examined (0 in spectral mode)
     */
    public record Result(Mode mode, boolean valid, double objective, double balancedObjective, double lowerBound,
                         double gap, double relativeGap, double gamma, double gammaLower, double beta, double scale,
                         boolean stationary, double gradientNorm, double stationarityThreshold, Verdict verdict,
                         double subsampledOptimum, double negConjugateAtResidual, EscapeNeuron escape,
                         int patternCount, int outputs, boolean outputBiasNonZero, Subsampled subsampled) {
    }

    private DualCertificate() {
    }

    /**
     * Certifies network θ on data x (n x d) with targets y (n x c; ±1 for logistic loss) and weight decay λ &gt; 0.
     *
     * @throws IllegalArgumentException for a gated or non-ReLU network, mismatched shapes, λ ≤ 0, or (exact mode)
     *                                  too many patterns — the message then suggests the other modes
     */
    public static Result certify(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda, Options opt) {
        Objects.requireNonNull(net, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(opt, "options");
        if (net.isGated() || !net.activation().equals(Activation.RELU)) {
            throw new IllegalArgumentException("certificates are implemented for ordinary ReLU networks only (this one is "
                    + (net.isGated() ? "gated" : net.activation().name()) + ")");
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be a finite number > 0, got " + lambda);
        }
        if (x.cols() != net.inputs()) {
            throw new IllegalArgumentException("the data has " + x.cols() + " feature columns but the network's W1 has "
                    + net.inputs() + " columns");
        }
        if (y.rows() != x.rows() || y.cols() != net.outputs()) {
            throw new IllegalArgumentException("targets are " + y.rows() + "x" + y.cols() + ", expected " + x.rows()
                    + "x" + net.outputs());
        }
        int n = x.rows();
        int d = x.cols();
        int c = net.outputs();
        double[] b2 = net.b2();
        boolean b2NonZero = false;
        for (double v : b2) {
            b2NonZero |= v != 0;
        }

        double objective = NetworkObjective.of(net, x, y, loss, lambda, true);
        TwoLayerNetwork bal = NetworkGradient.balance(net, true);
        double balObjective = NetworkObjective.of(bal, x, y, loss, lambda, true);
        NetworkGradient.Gradient grad = NetworkGradient.of(bal, x, y, loss, lambda, true);
        double gradNorm = grad.norm();
        double threshold = opt.stationarityTol() * Math.max(1.0, balObjective);
        boolean stationary = gradNorm <= threshold;

        // dual point g = ℓ'(ŷ), n x c row-major
        double[] pred = bal.predict(x).data();
        double[] yd = y.data();
        double[] g = new double[n * c];
        for (int i = 0; i < g.length; i++) {
            g[i] = loss.derivative(pred[i], yd[i]);
        }
        Matrix xbar = x.withOnesColumn();
        int dd = d + 1;

        double[] gammaK = new double[c];
        int[] bestPattern = new int[c];
        int[] bestSign = new int[c];
        PatternSet patterns = null;
        ConeProjection proj = null;
        if (opt.mode() == Mode.SPECTRAL) {
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
                gammaK[k] = sx * Math.sqrt(Math.max(pos, neg)) / n;
            }
        } else {
            if (opt.mode() == Mode.EXACT) {
                try {
                    patterns = ExactEnumerator.enumerateWithStats(xbar, opt.maxPatterns()).patterns();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().replaceFirst(
                            "; use sampled patterns.*$", "") + "; use --mode sampled (a heuristic) or --mode spectral"
                            + " (a valid but loose bound) instead", e);
                }
            } else {
                if (opt.samples() <= 0) {
                    throw new IllegalArgumentException("--samples must be positive, got " + opt.samples());
                }
                patterns = PatternSet.fromGates(xbar, GaussianGateSampler.sample(opt.samples(), dd, opt.seed()));
                Matrix own = neuronGates(bal);
                if (own != null) {
                    patterns = patterns.union(PatternSet.fromGates(xbar, own));
                }
            }
            proj = new ConeProjection(xbar);
            double[] xdat = xbar.data();
            int count = patterns.size();
            // ‖Π_K(±v)‖ ≤ ‖v‖: visit patterns by decreasing ‖v‖ and stop projecting once ‖v‖ cannot beat γ_k (the
            // maximum stays exact, most NNLS projections are skipped)
            double[] v = new double[dd];
            double[] mv = new double[dd];
            double[] norms = new double[count];
            Integer[] order = new Integer[count];
            for (int k = 0; k < c; k++) {
                for (int p = 0; p < count; p++) {
                    patternGradient(patterns.pattern(p), g, k, c, n, xdat, dd, v);
                    norms[p] = norm(v);
                    order[p] = p;
                }
                final double[] nk = norms;
                java.util.Arrays.sort(order, (a, b) -> Double.compare(nk[b], nk[a]));
                for (int q = 0; q < count; q++) {
                    int p = order[q];
                    if (norms[p] <= gammaK[k]) {
                        break;
                    }
                    boolean[] act = patterns.pattern(p);
                    patternGradient(act, g, k, c, n, xdat, dd, v);
                    for (int t = 0; t < dd; t++) {
                        mv[t] = -v[t];
                    }
                    double plus = proj.projectionNorm(act, v);
                    double minus = proj.projectionNorm(act, mv);
                    if (plus > gammaK[k]) {
                        gammaK[k] = plus;
                        bestPattern[k] = p;
                        bestSign[k] = 1;
                    }
                    if (minus > gammaK[k]) {
                        gammaK[k] = minus;
                        bestPattern[k] = p;
                        bestSign[k] = -1;
                    }
                }
            }
        }
        double gammaMax = 0;
        double gammaSq = 0;
        int argK = 0;
        for (int k = 0; k < c; k++) {
            if (gammaK[k] > gammaMax) {
                gammaMax = gammaK[k];
                argK = k;
            }
            gammaSq += gammaK[k] * gammaK[k];
        }
        double gamma = c == 1 ? gammaK[0] : Math.sqrt(gammaSq);
        double gammaLower = opt.mode() == Mode.SPECTRAL ? Double.NaN : gammaMax;
        boolean valid = opt.mode() != Mode.SAMPLED;

        // lower bound with b2 fixed: −L*_{b2}(s g)/n = [−L*(s g) + s gᵀb2]/n, s ∈ [0, min(1, λ/Γ)]
        double sMax = gamma <= lambda ? 1.0 : lambda / gamma;
        double gb = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                gb += g[i * c + k] * b2[k];
            }
        }
        double[] scaleOut = new double[1];
        double lb = shiftedBound(loss, g, yd, b2, c, n, gb, sMax, scaleOut);
        double gap = objective - lb;
        double relGap = gap / Math.max(1.0, Math.abs(objective));
        double negConjR = shiftedValue(loss, g, yd, gb, n, 1.0);

        double tolGamma = lambda * (1 + GAMMA_RTOL);
        Verdict verdict;
        EscapeNeuron escape = null;
        if (opt.mode() != Mode.SPECTRAL && gammaMax > tolGamma) {
            escape = escapeNeuron(bal, x, y, loss, lambda, balObjective, proj, patterns.pattern(bestPattern[argK]),
                    g, argK, bestSign[argK], gammaMax, xbar);
        }
        if (!stationary) {
            verdict = Verdict.NOT_STATIONARY;
        } else if (valid && (gamma <= tolGamma || relGap <= opt.stationarityTol())) {
            verdict = Verdict.GLOBAL_OPTIMUM;
        } else if (escape != null) {
            verdict = Verdict.SPURIOUS_STATIONARY_POINT;
        } else {
            verdict = Verdict.STATIONARY_INCONCLUSIVE;
        }

        Subsampled sub = Subsampled.NONE;
        if (opt.subsampled()) {
            sub = subsampledOptimum(bal, x, y, loss, lambda, b2NonZero, opt);
        }
        return new Result(opt.mode(), valid, objective, balObjective, lb, gap, relGap, gamma, gammaLower, lambda,
                scaleOut[0], stationary, gradNorm, threshold, verdict, sub.value(), negConjR, escape,
                patterns == null ? 0 : patterns.size(), c, b2NonZero, sub);
    }

    /** {@code v = X̄ᵀ D g_k / n} for the pattern's active rows. */
    private static void patternGradient(boolean[] act, double[] g, int k, int c, int n, double[] xdat, int dd,
                                        double[] v) {
        java.util.Arrays.fill(v, 0);
        for (int i = 0; i < n; i++) {
            if (act[i]) {
                double gi = g[i * c + k] / n;
                for (int t = 0; t < dd; t++) {
                    v[t] += gi * xdat[i * dd + t];
                }
            }
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** {@code [−L*(s g) + s gᵀb2]/n}. */
    private static double shiftedValue(Loss loss, double[] g, double[] y, double gb, int n, double s) {
        double v = (loss.negConjugate(g, y, s) + s * gb) / n;
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static double shiftedBound(Loss loss, double[] g, double[] y, double[] b2, int c, int n, double gb,
                                       double sMax, double[] scaleOut) {
        if (loss == Loss.SQUARED) {
            // ℓ(z + b, y) = ℓ(z, y − b): DualBound with shifted targets
            double[] ys = y.clone();
            for (int i = 0; i < ys.length; i++) {
                ys[i] -= b2[i % c];
            }
            double s = loss.bestScale(g, ys, sMax);
            scaleOut[0] = s;
            return shiftedValue(loss, g, ys, 0, n, s);
        }
        if (gb == 0) {
            scaleOut[0] = loss.bestScale(g, y, sMax);
            return shiftedValue(loss, g, y, 0, n, scaleOut[0]);
        }
        // concave in s: golden-section search on [0, sMax], keeping the best evaluated point
        double lo = 0;
        double hi = sMax;
        double phi = (Math.sqrt(5) - 1) / 2;
        double bestS = 0;
        double best = shiftedValue(loss, g, y, gb, n, 0);
        double vEnd = shiftedValue(loss, g, y, gb, n, sMax);
        if (vEnd > best) {
            best = vEnd;
            bestS = sMax;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double a = hi - phi * (hi - lo);
            double b = lo + phi * (hi - lo);
            double fa = shiftedValue(loss, g, y, gb, n, a);
            double fb = shiftedValue(loss, g, y, gb, n, b);
            if (fa > best) {
                best = fa;
                bestS = a;
            }
            if (fb > best) {
                best = fb;
                bestS = b;
            }
            if (fa < fb) {
                lo = a;
            } else {
                hi = b;
            }
        }
        scaleOut[0] = bestS;
        return best;
    }

    /** Rows (u_j, b_j) of the neurons with non-zero input and output weights, or null when there are none. */
    public static Matrix neuronGates(TwoLayerNetwork net) {
        int m = net.width();
        int d = net.inputs();
        int c = net.outputs();
        double[] w1 = net.w1().data();
        double[] b1 = net.b1();
        double[] w2 = net.w2().data();
        List<double[]> rows = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            boolean in = b1[j] != 0;
            for (int t = 0; t < d; t++) {
                in |= w1[j * d + t] != 0;
            }
            boolean out = false;
            for (int o = 0; o < c; o++) {
                out |= w2[o * m + j] != 0;
            }
            if (in && out) {
                double[] r = new double[d + 1];
                System.arraycopy(w1, j * d, r, 0, d);
                r[d] = b1[j];
                rows.add(r);
            }
        }
        return rows.isEmpty() ? null : Matrix.of(rows.toArray(new double[0][]));
    }

    private static EscapeNeuron escapeNeuron(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                                             double j0, ConeProjection proj, boolean[] act, double[] g, int k,
                                             int projSign, double gammaK, Matrix xbar) {
        int n = x.rows();
        int d = x.cols();
        int dd = d + 1;
        int c = net.outputs();
        double[] v = new double[dd];
        patternGradient(act, g, k, c, n, xbar.data(), dd, v);
        for (int t = 0; t < dd; t++) {
            v[t] *= projSign;
        }
        double[] u = new double[dd];
        double norm = proj.project(act, v, u);
        for (int t = 0; t < dd; t++) {
            u[t] /= norm;
        }
        int sign = -projSign; // ς: the projected vector is −ς X̄ᵀ D g_k / n
        double rate = lambda - gammaK;
        double bestT = 0;
        double bestDec = Double.NEGATIVE_INFINITY;
        for (int e = 2; e >= -12; e--) {
            double t = Math.pow(10, e);
            double dec = j0 - NetworkObjective.of(withNeuron(net, u, sign * Math.sqrt(t), k, Math.sqrt(t)), x, y, loss,
                    lambda, true);
            if (dec > bestDec) {
                bestDec = dec;
                bestT = t;
            }
        }
        double[] w = java.util.Arrays.copyOf(u, d);
        return new EscapeNeuron(w, u[d], k, sign, rate, bestT, bestDec);
    }

    /** The network with one more neuron {@code (scale·u[0..d), scale·u[d])} feeding output k with weight alpha. */
    public static TwoLayerNetwork withNeuron(TwoLayerNetwork net, double[] u, double alpha, int k, double scale) {
        int m = net.width();
        int d = net.inputs();
        int c = net.outputs();
        double[] w1 = java.util.Arrays.copyOf(net.w1().data(), (m + 1) * d);
        for (int t = 0; t < d; t++) {
            w1[m * d + t] = scale * u[t];
        }
        double[] b1 = java.util.Arrays.copyOf(net.b1(), m + 1);
        b1[m] = scale * u[d];
        double[] w2old = net.w2().data();
        double[] w2 = new double[c * (m + 1)];
        for (int o = 0; o < c; o++) {
            System.arraycopy(w2old, o * m, w2, o * (m + 1), m);
        }
        w2[k * (m + 1) + m] = alpha;
        return new TwoLayerNetwork(net.activation(), Matrix.wrap(m + 1, d, w1), b1, Matrix.wrap(c, m + 1, w2),
                net.b2(), null, null);
    }

    /**
     * p(S_θ): the ReLU convex program (bias B1) restricted to the patterns of θ's non-zero neurons on X̄, solved to a
     * tight tolerance; the value is the objective of the recovered network (public convention). Scalar output only
     * (NaN otherwise), and for logistic loss only when b2 = 0 (squared loss folds a fixed b2 into the targets).
     */
    static Subsampled subsampledOptimum(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda,
                                        boolean b2NonZero, Options opt) {
        int n = x.rows();
        if (net.outputs() != 1 || (b2NonZero && loss != Loss.SQUARED)) {
            return Subsampled.NONE;
        }
        double b = net.b2()[0];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y.get(i, 0) - (loss == Loss.SQUARED ? b : 0);
        }
        Matrix gates = neuronGates(net);
        if (gates == null) {
            double v = loss.sum(new double[n], ys) / n;
            return new Subsampled(v, v, "OPTIMAL", 0, 0);
        }
        // θ itself (b2 folded into the targets) is a feasible point of p(S_θ): the solve starts from its convex image
        // and never ends above it; at a stationary point it is already (near) optimal there
        TwoLayerNetwork start = new TwoLayerNetwork(net.activation(), net.w1(), net.b1(), net.w2(),
                new double[1], null, null);
        FitOptions fo = FitOptions.NONE.withPatternNetworks(List.of(start));
        TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(loss).lambda(lambda).gates(gates)
                .bias(BiasMode.REGULARIZED).tol(opt.subsampledTol()).maxIterations(Integer.MAX_VALUE)
                .timeLimitSeconds(opt.subsampledTimeLimit()).options(fo).build().fit(x, ys);
        FitSummary s = fit.summary();
        return new Subsampled(s.objective(), s.lowerBound(), s.status().name(), s.iterations(), s.seconds());
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
