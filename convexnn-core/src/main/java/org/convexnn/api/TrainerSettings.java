package org.convexnn.api;

import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.settings.Require;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.EngineSettings;

/**
 * Validated, immutable training settings. Built by {@link ConvexTrainer.Builder}. The constructor is the one
 * validation of each setting; it throws a {@link SettingException} named by the record component (e.g.
 * {@code "lambda must be a finite number > 0, got -1"}). The {@code DEFAULT_*} constants are the defaults.
 *
 * @param model           gated-relu, relu, leaky-relu, abs or linear
 * @param loss            squared or logistic
 * @param lambda          regularisation strength λ &gt; 0 (spec §1.0)
 * @param patterns        number of Gaussian gates to sample (ignored when gates is non-null)
 * @param gates           explicit gate vectors (rows), d or d+1 columns (bias coordinate last), or null
 * @param bias            first-layer bias handling
 * @param standardize     standardise columns before solving (folded back into the saved network)
 * @param solver          auto, fista or al
 * @param tol             relative duality-gap tolerance
 * @param maxIterations   iteration limit
 * @param timeLimitSeconds time limit in seconds (Double.POSITIVE_INFINITY for none)
 * @param threads         kernel threads (0 = all processors)
 * @param seed            random seed for gate sampling
 * @param leakySlope      negative slope κ of leaky-relu (ignored by the other models)
 * @param exactPatterns   enumerate every open cell exactly (spec §2.3) instead of sampling gates
 * @param maxPatterns     refuse an exact enumeration whose predicted count exceeds this
 * @param outputBias      add a free, unpenalised output bias b₀ (spec §6 B3)
 * @param lowRank         K &gt; 0: the low-rank scheme of spec §2.5 A (exact patterns of the best rank-K
 *                        approximation); 0 for off
 * @param options         optional stages: pruning, extra pattern sources (never null; {@link FitOptions#NONE})
 * @param engine          kernel and per-solver settings (never null; {@link EngineSettings#DEFAULT})
 */
public record TrainerSettings(Model model, Loss loss, double lambda, int patterns, Matrix gates, BiasMode bias,
                              boolean standardize, SolverKind solver, double tol, int maxIterations,
                              double timeLimitSeconds, int threads, long seed, double leakySlope,
                              boolean exactPatterns, long maxPatterns, boolean outputBias, int lowRank,
                              FitOptions options, EngineSettings engine) {
    /** Default model. */
    public static final Model DEFAULT_MODEL = Model.GATED_RELU;
    /** Default loss. */
    public static final Loss DEFAULT_LOSS = Loss.SQUARED;
    /** Default regularisation strength λ. */
    public static final double DEFAULT_LAMBDA = 1e-3;
    /** Default number of sampled gates. */
    public static final int DEFAULT_PATTERNS = 1000;
    /** Default first-layer bias. */
    public static final BiasMode DEFAULT_BIAS = BiasMode.REGULARIZED;
    /** Default solver. */
    public static final SolverKind DEFAULT_SOLVER = SolverKind.AUTO;
    /** Default relative duality-gap tolerance. */
    public static final double DEFAULT_TOL = 1e-6;
    /** Default iteration limit. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Default time limit: none. */
    public static final double DEFAULT_TIME_LIMIT_SECONDS = Double.POSITIVE_INFINITY;
    /** Default kernel threads: all processors. */
    public static final int DEFAULT_THREADS = 0;
    /** Default gate-sampling seed. */
    public static final long DEFAULT_SEED = 7;
    /** Default leaky-relu slope. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;
    /** Default bound for exact enumeration. */
    public static final long DEFAULT_MAX_PATTERNS = 100_000L;

    public TrainerSettings {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(loss, "loss");
        java.util.Objects.requireNonNull(bias, "bias");
        java.util.Objects.requireNonNull(solver, "solver");
        options = options == null ? FitOptions.NONE : options;
        engine = engine == null ? EngineSettings.DEFAULT : engine;
        Require.positiveFinite("lambda", lambda);
        if (gates == null && !exactPatterns && patterns <= 0) {
            throw new SettingException("patterns", "{patterns} must be a positive number of gates, got " + patterns);
        }
        Require.positiveFinite("tol", tol);
        Require.positive("maxIterations", maxIterations);
        Require.seconds("timeLimitSeconds", timeLimitSeconds);
        Require.atLeast("threads", threads, 0, "");
        if (solver == SolverKind.AL && model == Model.GATED_RELU) {
            throw new SettingException("solver", "{solver} al solves the cone-constrained programs (relu, leaky-relu,"
                    + " abs, linear); use {solver} fista (or auto) for {model} gated-relu");
        }
        if (solver == SolverKind.SSNAL && model != Model.GATED_RELU) {
            throw new SettingException("solver", "{solver} ssnal solves gated-relu programs; use {solver} fista, al"
                    + " (or auto) for " + model.cliName());
        }
        Require.finite("leakySlope", leakySlope);
        Require.positive("maxPatterns", maxPatterns);
        if (exactPatterns && gates != null) {
            throw new SettingException("exactPatterns", "{exactPatterns} and {gates} are mutually exclusive (the gates"
                    + " file fixes the patterns)");
        }
        BiasOptions.validate(model, loss, bias, solver, outputBias, lowRank, exactPatterns, gates, leakySlope);
    }

    /** Settings with the default engine. */
    public TrainerSettings(Model model, Loss loss, double lambda, int patterns, Matrix gates, BiasMode bias,
                           boolean standardize, SolverKind solver, double tol, int maxIterations,
                           double timeLimitSeconds, int threads, long seed, double leakySlope,
                           boolean exactPatterns, long maxPatterns, boolean outputBias, int lowRank,
                           FitOptions options) {
        this(model, loss, lambda, patterns, gates, bias, standardize, solver, tol, maxIterations, timeLimitSeconds,
                threads, seed, leakySlope, exactPatterns, maxPatterns, outputBias, lowRank, options,
                EngineSettings.DEFAULT);
    }

    /** Settings without an output bias, the low-rank scheme or optional stages. */
    public TrainerSettings(Model model, Loss loss, double lambda, int patterns, Matrix gates, BiasMode bias,
                           boolean standardize, SolverKind solver, double tol, int maxIterations,
                           double timeLimitSeconds, int threads, long seed, double leakySlope,
                           boolean exactPatterns, long maxPatterns) {
        this(model, loss, lambda, patterns, gates, bias, standardize, solver, tol, maxIterations, timeLimitSeconds,
                threads, seed, leakySlope, exactPatterns, maxPatterns, false, 0, FitOptions.NONE);
    }

    /** Settings with an output bias / low-rank choice and no optional stages. */
    public TrainerSettings(Model model, Loss loss, double lambda, int patterns, Matrix gates, BiasMode bias,
                           boolean standardize, SolverKind solver, double tol, int maxIterations,
                           double timeLimitSeconds, int threads, long seed, double leakySlope,
                           boolean exactPatterns, long maxPatterns, boolean outputBias, int lowRank) {
        this(model, loss, lambda, patterns, gates, bias, standardize, solver, tol, maxIterations, timeLimitSeconds,
                threads, seed, leakySlope, exactPatterns, maxPatterns, outputBias, lowRank, FitOptions.NONE);
    }

    /** Settings with optional stages and no output bias or low-rank scheme. */
    public TrainerSettings(Model model, Loss loss, double lambda, int patterns, Matrix gates, BiasMode bias,
                           boolean standardize, SolverKind solver, double tol, int maxIterations,
                           double timeLimitSeconds, int threads, long seed, double leakySlope,
                           boolean exactPatterns, long maxPatterns, FitOptions options) {
        this(model, loss, lambda, patterns, gates, bias, standardize, solver, tol, maxIterations, timeLimitSeconds,
                threads, seed, leakySlope, exactPatterns, maxPatterns, false, 0, options);
    }

    /** The activation of the trained network. */
    public org.convexnn.program.Activation activation() {
        return model.activation(leakySlope);
    }

    /** These settings with another λ (used along a regularization path). */
    public TrainerSettings withLambda(double newLambda) {
        return new TrainerSettings(model, loss, newLambda, patterns, gates, bias, standardize, solver, tol, maxIterations,
                timeLimitSeconds, threads, seed, leakySlope, exactPatterns, maxPatterns, outputBias, lowRank, options,
                engine);
    }

    /** These settings with other engine settings. */
    public TrainerSettings withEngine(EngineSettings e) {
        return new TrainerSettings(model, loss, lambda, patterns, gates, bias, standardize, solver, tol, maxIterations,
                timeLimitSeconds, threads, seed, leakySlope, exactPatterns, maxPatterns, outputBias, lowRank, options,
                e);
    }

    /** The dense kernel these settings ask for ({@link EngineSettings#kernels}, {@link #threads}). */
    public Blas blas() {
        return Blas.create(engine.kernels(), threads);
    }
}
