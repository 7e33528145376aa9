package org.convexnn.api;

import java.util.Objects;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.KernelSettings;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.ParallelRows;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.NewtonSettings;

/**
 * Trains a two-layer network to the global optimum of its convex reformulation over a pattern set.
 * <pre>{@code
 * TwoLayerFit fit = ConvexTrainer.builder().model(Model.RELU).loss(Loss.LOGISTIC).lambda(1e-3)
 *         .patterns(1000).seed(7).build().fit(dataset);
 * }</pre>
 */
public final class ConvexTrainer {
    private final TrainerSettings settings;
    private final IterationListener listener;

    private ConvexTrainer(TrainerSettings settings, IterationListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TrainerSettings settings() {
        return settings;
    }

    /**
     * Fits a dataset (its encoded targets: ±1 for binary, one-hot for k classes, numbers for regression).
     * @throws IllegalArgumentException for data that does not fit the settings (e.g. logistic loss on a regression target)
     */
    public TwoLayerFit fit(Dataset data) {
        return ParallelRows.within(settings.threads(), () -> TrainingPipeline.run(settings, listener, data));
    }

    /** Fits raw arrays: n x d features and a length-n target (±1 labels for logistic loss). */
    public TwoLayerFit fit(Matrix x, double[] y) {
        return fit(ProgramBuilder.datasetOf(x, y, settings.loss()));
    }

    /** Builder with the defaults of {@link TrainerSettings} ({@code DEFAULT_*}); {@link #build()} validates. */
    public static final class Builder {
        private Model model = TrainerSettings.DEFAULT_MODEL;
        private Loss loss = TrainerSettings.DEFAULT_LOSS;
        private double lambda = TrainerSettings.DEFAULT_LAMBDA;
        private int patterns = TrainerSettings.DEFAULT_PATTERNS;
        private Matrix gates;
        private BiasMode bias = TrainerSettings.DEFAULT_BIAS;
        private boolean standardize;
        private SolverKind solver = TrainerSettings.DEFAULT_SOLVER;
        private double tol = TrainerSettings.DEFAULT_TOL;
        private int maxIterations = TrainerSettings.DEFAULT_MAX_ITERATIONS;
        private double timeLimitSeconds = TrainerSettings.DEFAULT_TIME_LIMIT_SECONDS;
        private int threads = TrainerSettings.DEFAULT_THREADS;
        private long seed = TrainerSettings.DEFAULT_SEED;
        private IterationListener listener = IterationListener.NONE;
        private double leakySlope = TrainerSettings.DEFAULT_LEAKY_SLOPE;
        private boolean leakySlopeSet;
        private boolean exactPatterns;
        private long maxPatterns = TrainerSettings.DEFAULT_MAX_PATTERNS;
        private boolean outputBias;
        private int lowRank;
        private FitOptions options = FitOptions.NONE;
        private EngineSettings engine = EngineSettings.DEFAULT;
        private org.convexnn.solver.SolveControl control = org.convexnn.solver.SolveControl.NONE;

        /** Default gated-relu; leaky-relu, abs and linear use the cone-constrained program of spec §5. */
        public Builder model(Model m) {
            this.model = Objects.requireNonNull(m);
            return this;
        }

        /** Default squared. */
        public Builder loss(Loss l) {
            this.loss = Objects.requireNonNull(l);
            return this;
        }

        /** Default {@link TrainerSettings#DEFAULT_LAMBDA}; must be finite and &gt; 0. */
        public Builder lambda(double v) {
            this.lambda = v;
            return this;
        }

        /** Number of sampled Gaussian gates; default 1000; must be &gt; 0. */
        public Builder patterns(int count) {
            this.patterns = count;
            return this;
        }

        /** Negative slope κ of leaky-relu; default 0.01; must be finite; only with {@code Model.LEAKY_RELU}. */
        public Builder leakySlope(double k) {
            this.leakySlope = k;
            this.leakySlopeSet = true;
            return this;
        }

        /**
         * Use every open-cell pattern of the training data (exact enumeration, spec §2.3) instead of sampled gates;
         * default off. The fit then reaches the global optimum of the non-convex problem (spec §3.3).
         */
        public Builder exactPatterns(boolean on) {
            this.exactPatterns = on;
            return this;
        }

        /** Refuse an exact enumeration whose predicted pattern count exceeds this; default 100000; must be &gt; 0. */
        public Builder maxPatterns(long max) {
            this.maxPatterns = max;
            return this;
        }

        /** Explicit gates (rows; d or d+1 columns with the bias coordinate last); overrides sampling. */
        public Builder gates(Matrix g) {
            this.gates = g;
            return this;
        }

        /**
         * Optional stages (pruning, extra pattern sources: networks whose patterns are added, a baseline run whose
         * patterns are added); default {@link FitOptions#NONE}.
         */
        public Builder options(FitOptions o) {
            this.options = Objects.requireNonNull(o);
            return this;
        }

        /** Prune the solution to at most n·c neurons before recovery (spec §3.7); default off. */
        public Builder prune(boolean on) {
            this.options = options.withPrune(on);
            return this;
        }

        /**
         * Column generation (spec §11.6): after solving on the sampled patterns, add violating patterns from fresh
         * Gaussian pools for at most {@code rounds} rounds (0: off, the default). See {@link ColumnGeneration}.
         */
        public Builder growPatterns(int rounds) {
            this.options = options.withGrowRounds(rounds);
            return this;
        }

        /**
         * Memory for the solver's n x G work buffers in bytes (Z is evaluated in row blocks that fit; see
         * {@link FitOptions#zBlockBytes}); 0 = default, 1/8 of the maximum heap; explicit values at least 16 MB.
         */
        public Builder memoryBudget(long bytes) {
            this.options = options.withMemoryBudget(bytes);
            return this;
        }

        /** Default regularized (B1). */
        public Builder bias(BiasMode b) {
            this.bias = Objects.requireNonNull(b);
            return this;
        }

        /** A free, unpenalised output bias b₀ (spec §6 B3; squared loss); default off. */
        public Builder outputBias(boolean on) {
            this.outputBias = on;
            return this;
        }

        /**
         * The low-rank scheme of spec §2.5 A: exact patterns of the best rank-K approximation of the training data,
         * solved on that approximation and evaluated on the real data; 0 (default) for off.
         */
        public Builder lowRank(int k) {
            this.lowRank = k;
            return this;
        }

        /** Default off. */
        public Builder standardize(boolean on) {
            this.standardize = on;
            return this;
        }

        /** Default auto. */
        public Builder solver(SolverKind s) {
            this.solver = Objects.requireNonNull(s);
            return this;
        }

        /** Relative duality-gap tolerance; default 1e-6. */
        public Builder tol(double t) {
            this.tol = t;
            return this;
        }

        /** Default 10000. */
        public Builder maxIterations(int it) {
            this.maxIterations = it;
            return this;
        }

        /** Default none. */
        public Builder timeLimitSeconds(double s) {
            this.timeLimitSeconds = s;
            return this;
        }

        /** Kernel threads; default 0 = all processors. */
        public Builder threads(int t) {
            this.threads = t;
            return this;
        }

        /** Gate-sampling seed; default 7. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Kernel and per-solver settings; default {@link EngineSettings#DEFAULT}. */
        public Builder engine(EngineSettings e) {
            this.engine = Objects.requireNonNull(e, "engine settings");
            return this;
        }

        /** Dense kernels: all of them ({@link KernelSettings}); default {@link KernelSettings#DEFAULT}. */
        public Builder kernels(KernelSettings k) {
            this.engine = engine.withKernels(Objects.requireNonNull(k, "kernel settings"));
            return this;
        }

        /** Which dense kernel (auto, native OpenBLAS or pure Java); default auto. */
        public Builder kernels(KernelSettings.Backend b) {
            return kernels(engine.kernels().withBackend(Objects.requireNonNull(b, "kernel backend")));
        }

        /** Who splits a native product across threads; default Java threads. */
        public Builder kernelThreading(KernelSettings.Threading t) {
            return kernels(engine.kernels().withThreading(Objects.requireNonNull(t, "kernel threading")));
        }

        /** Fused multiply-adds in the pure-Java kernel; default auto (where the CPU has them). */
        public Builder fma(KernelSettings.Fma f) {
            return kernels(engine.kernels().withFma(Objects.requireNonNull(f, "kernel fma")));
        }

        /** Working sets of patterns in the proximal gradient method; default on. */
        public Builder workingSets(boolean on) {
            this.engine = engine.withFista(engine.fista().withWorkingSets(on));
            return this;
        }

        /** Whitened coordinates where they pay (gated programs); false: never. Default on. */
        public Builder whitening(boolean on) {
            this.engine = engine.withFista(engine.fista().withWhitening(on));
            return this;
        }

        /** Precision of the Newton augmented Lagrangian's Newton matrix; default auto. */
        public Builder newtonPrecision(NewtonSettings.Precision p) {
            this.engine = engine.withNewton(new NewtonSettings(Objects.requireNonNull(p, "newton precision")));
            return this;
        }

        /** Progress callback; default none. */
        public Builder listener(IterationListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        /**
         * The fit's control (issue 18): its stop request ends the solve at the current point (status
         * {@link org.convexnn.solver.SolveStatus#INTERRUPTED}, or OPTIMAL where the certified gap meets the
         * tolerance), its checkpoint sink receives the point, and its resume point starts the solve; default none.
         */
        public Builder control(org.convexnn.solver.SolveControl c) {
            this.control = Objects.requireNonNull(c, "control");
            return this;
        }

        /** Validates (see {@link TrainerSettings}) and builds. */
        public ConvexTrainer build() {
            TrainerSettings s = new TrainerSettings(model, loss, lambda, patterns, gates, bias, standardize, solver, tol,
                    maxIterations, timeLimitSeconds, threads, seed, leakySlope, exactPatterns, maxPatterns, outputBias,
                    lowRank, options, engine);
            if (leakySlopeSet && model != Model.LEAKY_RELU) {
                throw new SettingException("leakySlope", "{leakySlope} applies to {model} leaky-relu only");
            }
            return new ConvexTrainer(s, control == org.convexnn.solver.SolveControl.NONE ? listener
                    : IterationListener.withControl(listener, control));
        }
    }
}
