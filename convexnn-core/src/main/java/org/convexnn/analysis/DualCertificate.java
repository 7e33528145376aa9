package org.convexnn.analysis;

import java.util.Objects;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.baseline.NetworkGradient;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;

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
 * <p><b>Modes.</b> {@link Mode#EXACT}: every pattern of X̄ from {@link org.convexnn.arrangement.ExactEnumerator} — the bound is valid for the
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
                throw new SettingException("subsampledTol", "{subsampledTol} must be in (0, 1), got " + subsampledTol);
            }
            if (!(subsampledTimeLimit > 0)) {
                throw new SettingException("subsampledTimeLimit", "{subsampledTimeLimit} must be > 0 seconds, got "
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
     * @param subsampled         the p(S_θ) solve ({@link SubsampledOptimum#value} NaN when not computed)
     * @param patternCount       patterns examined (0 in spectral mode)
     */
    public record Result(Mode mode, boolean valid, double objective, double balancedObjective, double lowerBound,
                         double gap, double relativeGap, double gamma, double gammaLower, double beta, double scale,
                         boolean stationary, double gradientNorm, double stationarityThreshold, Verdict verdict,
                         double subsampledOptimum, double negConjugateAtResidual, EscapeNeuron escape,
                         int patternCount, int outputs, boolean outputBiasNonZero, SubsampledOptimum subsampled) {
    }

    private DualCertificate() {
    }

    /**
     * Certifies network θ on data x (n x d) with targets y (n x c; ±1 for logistic loss) and weight decay λ &gt; 0:
     * balance θ (spec §1.1), take the dual point, its {@link DualConstraint} value, the {@link FixedBiasBound}, the
     * {@link EscapeNeuron} of a violated constraint and the {@link SubsampledOptimum} (spec §10.1, §10.2).
     *
     * @throws IllegalArgumentException for a gated or non-ReLU network, mismatched shapes, λ ≤ 0, or (exact mode)
     *                                  too many patterns — the message then suggests the other modes
     */
    public static Result certify(TwoLayerNetwork net, Matrix x, Matrix y, Loss loss, double lambda, Options opt) {
        Objects.requireNonNull(net, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(opt, "options");
        checkArguments(net, x, y, lambda);
        int n = x.rows();
        int c = net.outputs();
        double[] b2 = net.b2();
        boolean b2NonZero = false;
        for (double v : b2) {
            b2NonZero |= v != 0;
        }

        double objective = NetworkObjective.of(net, x, y, loss, lambda, true);
        TwoLayerNetwork bal = NetworkGradient.balance(net, true);
        double balObjective = NetworkObjective.of(bal, x, y, loss, lambda, true);
        double gradNorm = NetworkGradient.of(bal, x, y, loss, lambda, true).norm();
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
        DualConstraint dc = dualConstraint(xbar, g, n, c, bal, opt);
        double gamma = dc.gamma();
        double gammaLower = opt.mode() == Mode.SPECTRAL ? Double.NaN : dc.max();
        boolean valid = opt.mode() != Mode.SAMPLED;

        FixedBiasBound bound = FixedBiasBound.of(loss, g, yd, b2, n, c, gamma <= lambda ? 1.0 : lambda / gamma);
        double lb = bound.lowerBound();
        double gap = objective - lb;
        double relGap = gap / Math.max(1.0, Math.abs(objective));

        double tolGamma = lambda * (1 + GAMMA_RTOL);
        EscapeNeuron escape = EscapeNeuron.find(bal, x, y, loss, lambda, balObjective, dc, g, xbar, tolGamma);
        Verdict verdict;
        if (!stationary) {
            verdict = Verdict.NOT_STATIONARY;
        } else if (valid && (gamma <= tolGamma || relGap <= opt.stationarityTol())) {
            verdict = Verdict.GLOBAL_OPTIMUM;
        } else if (escape != null) {
            verdict = Verdict.SPURIOUS_STATIONARY_POINT;
        } else {
            verdict = Verdict.STATIONARY_INCONCLUSIVE;
        }

        SubsampledOptimum sub = opt.subsampled()
                ? SubsampledOptimum.solve(bal, x, y, loss, lambda, b2NonZero, opt.subsampledTol(),
                        opt.subsampledTimeLimit())
                : SubsampledOptimum.NONE;
        return new Result(opt.mode(), valid, objective, balObjective, lb, gap, relGap, gamma, gammaLower, lambda,
                bound.scale(), stationary, gradNorm, threshold, verdict, sub.value(), bound.atResidual(), escape,
                dc.patternCount(), c, b2NonZero, sub);
    }

    private static void checkArguments(TwoLayerNetwork net, Matrix x, Matrix y, double lambda) {
        if (net.isGated() || !net.activation().equals(Activation.RELU)) {
            throw new IllegalArgumentException("certificates are implemented for ordinary ReLU networks only (this one is "
                    + (net.isGated() ? "gated" : net.activation().name()) + ")");
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new SettingException("lambda", "{lambda} must be a finite number > 0, got " + lambda);
        }
        if (x.cols() != net.inputs()) {
            throw new IllegalArgumentException("the data has " + x.cols() + " feature columns but the network's W1 has "
                    + net.inputs() + " columns");
        }
        if (y.rows() != x.rows() || y.cols() != net.outputs()) {
            throw new IllegalArgumentException("targets are " + y.rows() + "x" + y.cols() + ", expected " + x.rows()
                    + "x" + net.outputs());
        }
    }

    /** The dual-constraint value of the mode: spectral, over every pattern, or over sampled and θ's own patterns. */
    private static DualConstraint dualConstraint(Matrix xbar, double[] g, int n, int c, TwoLayerNetwork bal,
                                                 Options opt) {
        if (opt.mode() == Mode.SPECTRAL) {
            return DualConstraint.spectral(xbar, g, n, c);
        }
        PatternSet patterns = opt.mode() == Mode.EXACT ? DualConstraint.exactPatterns(xbar, opt.maxPatterns())
                : DualConstraint.sampledPatterns(xbar, opt.samples(), opt.seed(), bal);
        return DualConstraint.overPatterns(xbar, patterns, g, n, c);
    }
}
