package org.convexnn.api;

import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.EngineSettings;

/**
 * Validated, immutable training settings. Built by {@link ConvexTrainer.Builder}.
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
    /** Default leaky-relu slope. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;
    /** Default bound for exact enumeration. */
    public static final long DEFAULT_MAX_PATTERNS = 100_000L;

    public TrainerSettings {
        options = options == null ? FitOptions.NONE : options;
        engine = engine == null ? EngineSettings.DEFAULT : engine;
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
