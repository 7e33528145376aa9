package org.convexnn.cli;

import java.nio.file.Path;
import org.convexnn.api.BiasMode;
import org.convexnn.api.FitOptions;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TrainerSettings;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn fit}: trains a model and saves it. */
@Command(name = "fit", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Trains a two-layer network to a certified optimum and saves it as JSON.", sortOptions = false,
        description = "The network is the global optimum of the convex program over the sampled gate patterns"
            + " (of the non-convex problem itself with --patterns exact).",
        footer = {"", "Progress lines go to stderr (after the first second, at most twice a second) unless --quiet.",
            "SIGINT/SIGTERM: the first stops the solve at the current point, which is certified and saved (status"
                + " INTERRUPTED, exit 130); a second aborts.",
            "Exit codes: 0 success, 2 bad input, 1 internal error, 130 interrupted."})
final class FitCommand extends BaseCommand {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (CSV with a header row, or LIBSVM).")
    Path data;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column of CSV data (default: the last column).")
    String target;

    @Option(names = "--task", paramLabel = "auto|regression|classification", defaultValue = "auto",
            converter = Converters.TaskConverter.class,
            description = "What the target is (default: ${DEFAULT-VALUE}: numbers mean regression unless the loss is logistic).")
    TaskHint task;

    @Option(names = "--model", paramLabel = "gated-relu|relu|leaky-relu|abs|linear|nonconvex-relu", defaultValue = "gated-relu",
            converter = Converters.FitModelConverter.class,
            description = "Model (default: ${DEFAULT-VALUE}); nonconvex-relu trains the non-convex baseline (no certificate).")
    Converters.ModelChoice model;

    @Option(names = "--leaky-slope", paramLabel = "K", converter = Converters.LenientDouble.class,
            description = "Negative-side slope of --model leaky-relu, a finite number (default: "
                    + TrainerSettings.DEFAULT_LEAKY_SLOPE + ").")
    Double leakySlope;

    @Option(names = "--loss", paramLabel = "squared|logistic", defaultValue = "squared",
            converter = Converters.LossConverter.class, description = "Loss (default: ${DEFAULT-VALUE}).")
    Loss loss;

    @Option(names = "--lambda", paramLabel = "X", defaultValue = "1e-3", converter = Converters.LenientDouble.class,
            description = "Regularisation strength, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--lambda-ratio", paramLabel = "R", converter = Converters.LenientDouble.class,
            description = {"Regularisation as a fraction of lambda_max, the smallest lambda at which the zero network is",
                "optimal: lambda = R x lambda_max, R > 0 (R >= 1 gives the zero network). Scale-free, so it suits any",
                "target scale; not with --lambda or --lambda-path."})
    Double lambdaRatio;

    @Option(names = "--patterns", paramLabel = "N|exact|lowrank:K[,sgd:EPOCHS][,grow[:ROUNDS]]", converter = Converters.PatternsConverter.class,
            description = "Number of sampled gate patterns (default: " + FitRunner.DEFAULT_PATTERNS + "), or exact: every"
                    + " open cell of the data (the global optimum; refused above --max-patterns), or lowrank:K: every"
                    + " cell of the best rank-K approximation (squared loss, ordinary networks; the summary's"
                    + " approximation_bound bounds objective/optimum); not with --gates. sgd:EPOCHS (alone or after a"
                    + " comma) first trains the Adam baseline and adds its patterns. grow[:ROUNDS] (alone: from "
                    + GrowOutput.GROW_START + " sampled patterns; or after N) adds violating patterns from fresh"
                    + " Gaussian pools by column generation for at most ROUNDS (default "
                    + FitOptions.DEFAULT_GROW_ROUNDS + ") rounds.")
    Converters.PatternsChoice patterns;

    @Option(names = "--max-patterns", paramLabel = "N",
            description = "With --patterns exact: refuse when the predicted pattern count exceeds N (default: "
                    + TrainerSettings.DEFAULT_MAX_PATTERNS + ").")
    Long maxPatterns;

    @Option(names = "--gates", paramLabel = "FILE",
            description = "Gate vectors, one per line (d numbers, or d+1 with --bias regularized); not with --patterns.")
    Path gates;

    @Option(names = "--bias", paramLabel = "regularized|unregularized|none", defaultValue = "regularized",
            converter = Converters.BiasConverter.class, description = "First-layer bias (default: ${DEFAULT-VALUE});"
                    + " unregularized leaves it out of the weight decay (relu-type models use --solver al).")
    BiasMode bias;

    @Option(names = "--output-bias", description = "Add a free, unpenalised output bias b2 (squared loss).")
    boolean outputBias;

    @Option(names = "--standardize", description = "Standardise the feature columns (folded back into the saved network).")
    boolean standardize;

    @Option(names = "--solver", paramLabel = "auto|fista|al|ipm|gated-decomposition|ssnal", defaultValue = "auto",
            converter = Converters.SolverConverter.class, description = "Solver (default: ${DEFAULT-VALUE}).")
    SolverKind solver;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-6", converter = Converters.LenientDouble.class,
            description = "Relative duality-gap tolerance (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_MAX_ITERATIONS, description = "Iteration limit (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--time-limit", paramLabel = "SECONDS", converter = Converters.LenientDouble.class,
            description = "Time limit for the solve (default: none).")
    Double timeLimit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_THREADS, description = "Kernel threads (default: 0 = all processors).")
    int threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_SEED, description = "Seed for gate sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EngineOptions engine;

    @Option(names = "--out", paramLabel = "MODEL.json", description = "Where to save the model (written atomically).")
    Path out;

    @Option(names = "--summary", paramLabel = "SUMMARY.json", description = "Also write the final numbers as JSON.")
    Path summary;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--allow-inaccurate", description = "Exit 0 even when the fit ends NUMERICAL_ERROR or with no"
            + " neurons on data that a network should fit (otherwise exit 3; the files are written either way).")
    boolean allowInaccurate;

    @Option(names = "--lambda-path", paramLabel = "N",
            description = "Fit N >= 2 log-spaced lambdas from lambda_max down to --lambda (default 1e-3 lambda_max), warm-started.")
    Integer lambdaPath;

    @Option(names = "--cv", paramLabel = "K", description = "With --lambda-path: K-fold cross-validation (seeded by --seed) selects lambda.")
    Integer cv;

    @Option(names = "--prune", description = "Prune the solution to at most n·c neurons (spec §3.7) before recovery.")
    boolean prune;

    @Option(names = "--patterns-from", paramLabel = "NET.json|NET.npz",
            description = "Add the activation patterns of this network's neurons (repeatable): the fit then never loses to it.")
    java.util.List<Path> patternsFrom;

    @Option(names = "--sgd-width", paramLabel = "M", description = "Width of the --patterns sgd:EPOCHS baseline (default: "
            + FitOptions.DEFAULT_SGD_WIDTH + ").")
    Integer sgdWidth;

    @Option(names = "--memory-budget", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "Memory for the solver's n x patterns work buffers, e.g. 512m or 2g; Z is evaluated in row blocks that fit (default: 1/8 of the maximum heap).")
    Long memoryBudget;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Write the solver's state to FILE (atomically, JSON) at most every --checkpoint-every seconds"
                    + " and when interrupted; continue later with --resume FILE.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "S", converter = Converters.LenientDouble.class,
            description = "With --checkpoint: seconds between checkpoints, a number >= 0 (default: "
                    + FitRunner.DEFAULT_CHECKPOINT_EVERY + ").")
    Double checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue from a --checkpoint FILE of the same data and settings (warm start on the same"
                    + " program); other data or settings are refused.")
    Path resume;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|gd", converter = Converters.OptimizerConverter.class,
            description = "--model nonconvex-relu: optimizer (default: adam).")
    org.convexnn.baseline.Optimizer optimizer;

    @Option(names = "--lr", paramLabel = "X", converter = Converters.LenientDouble.class,
            description = "--model nonconvex-relu: step size (default: 1e-3 for adam, 1e-2 otherwise).")
    Double lr;

    @Option(names = "--epochs", paramLabel = "N", description = "--model nonconvex-relu: epochs (default: "
            + NonConvexTrainer.DEFAULT_EPOCHS + ").")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "--model nonconvex-relu: mini-batch size, 0 = full"
            + " batch (default: " + NonConvexTrainer.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--width", paramLabel = "M", description = "--model nonconvex-relu: hidden width (default: "
            + NonConvexTrainer.DEFAULT_WIDTH + ").")
    Integer width;

    @Override
    int run() throws Exception {
        FitRunner.Request r = new FitRunner.Request();
        r.data = data;
        r.format = source.format;
        r.target = target;
        r.task = task;
        r.model = model.model();
        r.nonConvex = model.nonConvex();
        r.sgdEpochs = patterns == null ? 0 : patterns.sgdEpochs();
        r.growRounds = patterns == null ? 0 : patterns.growRounds();
        r.prune = prune;
        r.patternsFrom = patternsFrom;
        r.sgdWidth = sgdWidth;
        r.memoryBudget = memoryBudget;
        r.optimizer = optimizer;
        r.lr = lr;
        r.epochs = epochs;
        r.batchSize = batchSize;
        r.width = width;
        r.loss = loss;
        r.lambda = lambda;
        r.patterns = patterns == null || patterns.exact() || patterns.lowRank() > 0 ? null : patterns.count();
        r.patternsGiven = patterns != null;
        r.lowRank = patterns == null ? 0 : patterns.lowRank();
        r.outputBias = outputBias;
        r.exactPatterns = patterns != null && patterns.exact();
        r.maxPatterns = maxPatterns;
        r.leakySlope = leakySlope;
        r.gates = gates;
        r.bias = bias;
        r.standardize = standardize;
        r.solver = solver;
        r.tol = tol;
        r.maxIter = maxIter;
        r.timeLimit = timeLimit;
        r.threads = threads;
        r.engine = engine.settings();
        r.seed = seed;
        r.out = out;
        r.summary = summary;
        r.quiet = quiet;
        r.allowInaccurate = allowInaccurate;
        r.labels = source.labels;
        r.classes = source.classes;
        r.lambdaPath = lambdaPath;
        r.cv = cv;
        r.lambdaRatio = lambdaRatio;
        r.checkpoint = checkpoint;
        r.checkpointEvery = checkpointEvery;
        r.resume = resume;
        r.lambdaExplicit = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--lambda");
        return FitRunner.run(r, out(), err());
    }
}
