package org.convexnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.api.BiasMode;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitSummary;
import org.convexnn.api.FitWarnings;
import org.convexnn.api.Model;
import org.convexnn.api.RegularizationPath;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TrainerSettings;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.GateFile;
import org.convexnn.data.LabeledTable;
import org.convexnn.io.AtomicFiles;
import org.convexnn.io.CheckpointFile;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveControl;
import org.convexnn.solver.SolveStatus;

/** The fit workflow shared by {@code fit} and {@code demo}: read, validate, train, save, report. */
final class FitRunner {
    /** Everything a fit needs from the command line. */
    static final class Request {
        Path data;
        DataFormat format;
        String target;
        TaskHint task = TaskHint.AUTO;
        Model model = TrainerSettings.DEFAULT_MODEL;
        Loss loss = TrainerSettings.DEFAULT_LOSS;
        double lambda = TrainerSettings.DEFAULT_LAMBDA;
        Integer patterns;
        boolean exactPatterns;
        int lowRank;
        boolean outputBias;
        Long maxPatterns;
        Double leakySlope;
        Path gates;
        BiasMode bias = TrainerSettings.DEFAULT_BIAS;
        boolean standardize;
        SolverKind solver = TrainerSettings.DEFAULT_SOLVER;
        double tol = TrainerSettings.DEFAULT_TOL;
        int maxIter = TrainerSettings.DEFAULT_MAX_ITERATIONS;
        Double timeLimit;
        int threads = TrainerSettings.DEFAULT_THREADS;
        EngineSettings engine = EngineSettings.DEFAULT;
        long seed = TrainerSettings.DEFAULT_SEED;
        Path out;
        Path summary;
        boolean quiet;
        boolean allowInaccurate; // issue 18: exit 0 instead of Main.INACCURATE
        Path labels;
        java.util.List<String> classes;
        Integer lambdaPath;
        Integer cv;
        boolean lambdaExplicit;
        Double lambdaRatio;
        // issue 5: pruning, extra pattern sources, the non-convex baseline (see FitExtras)
        boolean prune;
        java.util.List<Path> patternsFrom;
        int sgdEpochs;
        int growRounds;
        Integer sgdWidth;
        Long memoryBudget; // issue 4: --memory-budget (null = default)
        boolean patternsGiven;
        boolean nonConvex;
        org.convexnn.baseline.Optimizer optimizer;
        Double lr;
        Integer epochs;
        Integer batchSize;
        Integer width;
        // issue 18: checkpoints and resume
        Path checkpoint;
        Double checkpointEvery;
        Path resume;
    }

    /** Default seconds between checkpoints. */
    static final double DEFAULT_CHECKPOINT_EVERY = 60;

    static final int DEFAULT_PATTERNS = TrainerSettings.DEFAULT_PATTERNS;

    private FitRunner() {
    }

    static int run(Request r, PrintWriter out, PrintWriter err) throws IOException {
        if ((r.patterns != null || r.exactPatterns || r.lowRank > 0) && r.gates != null) {
            throw new UserException("--patterns and --gates are mutually exclusive (the gates file fixes the patterns)");
        }
        if (r.maxPatterns != null && !r.exactPatterns && r.lowRank == 0) {
            throw new UserException("--max-patterns applies to --patterns exact only (or lowrank:K)");
        }
        if ((r.lambdaPath != null || r.cv != null)
                && (r.outputBias || r.lowRank > 0 || r.bias == BiasMode.UNREGULARIZED)) {
            throw new UserException("--lambda-path/--cv do not support --output-bias, --bias unregularized or"
                    + " --patterns lowrank:K yet");
        }
        if (r.leakySlope != null && r.model != Model.LEAKY_RELU) {
            throw new UserException("--leaky-slope applies to --model leaky-relu only");
        }
        ConvexTrainer.Builder b = ConvexTrainer.builder().model(r.model).loss(r.loss).lambda(r.lambda)
                .patterns(r.patterns != null ? r.patterns : r.growRounds > 0 ? GrowOutput.GROW_START : DEFAULT_PATTERNS).bias(r.bias).standardize(r.standardize)
                .solver(r.solver).tol(r.tol).maxIterations(r.maxIter)
                .timeLimitSeconds(r.timeLimit != null ? r.timeLimit : TrainerSettings.DEFAULT_TIME_LIMIT_SECONDS)
                .threads(r.threads).engine(r.engine).seed(r.seed).exactPatterns(r.exactPatterns)
                .lowRank(r.lowRank).outputBias(r.outputBias);
        if (r.maxPatterns != null) {
            b.maxPatterns(r.maxPatterns);
        }
        if (r.leakySlope != null) {
            b.leakySlope(r.leakySlope);
        }
        FitExtras.validate(r);
        GrowOutput.validate(r);
        if (r.lambdaRatio != null) {
            if (r.lambdaExplicit) {
                throw new UserException("--lambda and --lambda-ratio are mutually exclusive: give one");
            }
            if (r.lambdaPath != null) {
                throw new UserException("--lambda-ratio does not apply to --lambda-path (which sets its own lambdas)");
            }
            if (!(r.lambdaRatio > 0) || Double.isInfinite(r.lambdaRatio)) {
                throw new UserException("--lambda-ratio must be a finite number > 0, got " + r.lambdaRatio);
            }
        }
        b.build(); // validate the settings before reading any data
        PathRunner.validate(r);
        b.options(FitExtras.options(r));
        if (r.memoryBudget != null) {
            b.memoryBudget(r.memoryBudget);
        }
        validateCheckpoints(r);
        OutputGuard guard = new OutputGuard().input("--data", r.data).input("--labels", r.labels)
                .input("--gates", r.gates).inputs("--patterns-from", r.patternsFrom).output("--out", r.out)
                .output("--summary", r.summary).output("--checkpoint", r.checkpoint);
        if (r.resume != null && (r.checkpoint == null
                || !r.resume.toAbsolutePath().normalize().equals(r.checkpoint.toAbsolutePath().normalize()))) {
            guard.input("--resume", r.resume); // resuming from the checkpoint being written is the usual case
        }
        guard.check();

        CheckpointFile resume = r.resume == null ? null : CheckpointFile.read(r.resume); // format errors before the data
        SolveControl control = new SolveControl();
        try (Interrupts interrupts = Interrupts.install(control, err)) {
            int code = fit(r, b, control, resume, out, err);
            return interrupts.received() ? Interrupts.EXIT_CODE : code;
        }
    }

    private static int fit(Request r, ConvexTrainer.Builder b, SolveControl stop, CheckpointFile resume,
                           PrintWriter out, PrintWriter err) throws IOException {
        LabeledTable table = DataInput.forTraining(r.data, r.format, r.target, r.labels, r.classes);
        TaskHint hint = r.task == TaskHint.AUTO && DataInput.isIdx(r.data, r.format) ? TaskHint.CLASSIFICATION : r.task;
        Dataset ds = DatasetLoader.forTraining(table, hint, r.loss == Loss.LOGISTIC);
        if (r.gates != null) {
            Matrix g = GateFile.read(r.gates, ds.d(), r.bias != BiasMode.NONE);
            b.gates(g);
        }
        IterationListener listener = r.quiet ? IterationListener.NONE : new ProgressPrinter(err);
        if (r.lambdaRatio != null && !r.nonConvex) {
            double lambdaMax = RegularizationPath.lambdaMax(b.build().settings(), ds);
            b.lambda(r.lambdaRatio * lambdaMax);
            err.println(String.format(java.util.Locale.ROOT, "lambda = %s x lambda_max %.6g = %.6g",
                    compact(r.lambdaRatio), lambdaMax, r.lambdaRatio * lambdaMax));
        }
        TrainerSettings settings = b.build().settings();
        SolveControl control = stop;
        if (r.checkpoint != null || resume != null) {
            java.util.Map<String, String> key = FitCheckpoint.settings(settings);
            if (resume != null) {
                FitCheckpoint.check(resume, r.resume, ds, key);
                control = control.withResumePoint(resume.point());
            }
            if (r.checkpoint != null) {
                control = control.withCheckpoints(r.checkpointEvery != null ? r.checkpointEvery
                        : DEFAULT_CHECKPOINT_EVERY, FitCheckpoint.sink(r.checkpoint, ds, key, err));
            }
        }
        ConvexTrainer trainer = b.listener(listener).control(control).build();
        if (r.nonConvex) {
            return FitExtras.runBaseline(r, trainer.settings(), ds, out, err);
        }
        if (r.lambdaPath != null) {
            return PathRunner.run(r, trainer.settings(), IterationListener.withControl(listener, control), ds, out,
                    err);
        }
        TwoLayerFit fit = trainer.fit(ds);

        java.util.List<String> warnings = FitWarnings.of(fit, ds);
        writeOutputs(fit, r, summary -> GrowOutput.writeSummary(fit, summary, warnings));
        GrowOutput.printRounds(fit, err);
        printSummary(fit, r, ds.n(), out);
        for (String w : warnings) {
            err.println("warning: " + w);
        }
        String inaccurate = fit.summary().status() == SolveStatus.INTERRUPTED ? null
                : inaccuracy(fit, trainer.settings(), ds); // an interrupted fit is reported as such (exit 130)
        if (inaccurate != null) {
            return inaccurateExit(inaccurate, r, err);
        }
        if (fit.summary().status() == SolveStatus.INTERRUPTED) {
            err.println("warning: interrupted: the model and summary hold the point the solver stopped at"
                    + " (status INTERRUPTED); the lower bound above still holds"
                    + (r.checkpoint != null ? "; continue with --resume " + r.checkpoint : ""));
        } else if (fit.summary().status() != SolveStatus.OPTIMAL) {
            err.println("warning: the solver stopped with status " + fit.summary().status()
                    + " before reaching --tol " + compact(r.tol) + "; the lower bound above still holds, but the gap is larger");
        }
        return Main.OK;
    }

    /**
     * Reports a fit whose result cannot be trusted (its files were written with the honest status) and returns the
     * exit code: {@link Main#INACCURATE}, or 0 with {@code --allow-inaccurate}.
     */
    static int inaccurateExit(String why, Request r, PrintWriter err) {
        err.println((r.allowInaccurate ? "warning: " : "error: ") + why + "; the model and summary files"
                + " were written with this status" + (r.allowInaccurate ? " (--allow-inaccurate: exit 0)"
                : " (exit " + Main.INACCURATE + "; pass --allow-inaccurate to accept the result)"));
        err.flush();
        return r.allowInaccurate ? Main.OK : Main.INACCURATE;
    }

    /** The checkpoint flags: where they apply, and the file checked writable before the solve. */
    static void validateCheckpoints(Request r) throws IOException {
        if (r.checkpointEvery != null && r.checkpoint == null) {
            throw new UserException("--checkpoint-every applies with --checkpoint FILE only");
        }
        if (r.checkpointEvery != null && !(r.checkpointEvery >= 0 && Double.isFinite(r.checkpointEvery))) {
            throw new UserException("--checkpoint-every must be a finite number of seconds >= 0, got "
                    + r.checkpointEvery);
        }
        if (r.checkpoint == null && r.resume == null) {
            return;
        }
        String flag = r.checkpoint != null ? "--checkpoint" : "--resume";
        if (r.lambdaPath != null || r.cv != null || r.growRounds > 0 || r.nonConvex) {
            throw new UserException(flag + " applies to a single convex solve; not with --lambda-path, --cv,"
                    + " --patterns grow or --model nonconvex-relu");
        }
        if (r.checkpoint != null) {
            AtomicFiles.checkWritableTarget(r.checkpoint);
            for (Path p : new Path[] {r.out, r.summary, r.data}) {
                if (p != null && p.toAbsolutePath().normalize().equals(r.checkpoint.toAbsolutePath().normalize())) {
                    throw new UserException("--checkpoint names the same file as another input or output: " + p);
                }
            }
        }
    }

    /**
     * Why a finished fit cannot be trusted, or null: status NUMERICAL_ERROR, or no neurons although the targets
     * vary and λ is below λ_max (where the zero network is not optimal, so a zero result is a solver failure).
     */
    static String inaccuracy(TwoLayerFit fit, TrainerSettings settings, Dataset ds) {
        FitSummary s = fit.summary();
        if (s.status() == SolveStatus.NUMERICAL_ERROR) {
            return "the solver ended with status NUMERICAL_ERROR (objective " + num(s.objective()) + ", lower bound "
                    + num(s.lowerBound()) + "): the data's range or conditioning defeated it";
        }
        if (s.neurons() > 0 || !targetsVary(ds.targets()) || settings.outputBias()
                || settings.bias() == BiasMode.UNREGULARIZED || settings.lowRank() > 0) {
            return null; // with an unpenalised bias the zero-neuron optimum is not the λ_max rule's zero network
        }
        double lambdaMax;
        try {
            lambdaMax = org.convexnn.api.RegularizationPath.lambdaMax(settings, ds);
        } catch (RuntimeException e) {
            return null; // a program the λ_max rule does not cover: no verdict
        }
        if (settings.lambda() < lambdaMax) {
            return "the fit has no neurons although lambda " + compact(settings.lambda()) + " is below lambda_max "
                    + compact(lambdaMax) + " (where the zero network stops being optimal) and the targets vary"
                    + " (status " + s.status() + ")";
        }
        return null;
    }

    private static boolean targetsVary(Matrix y) {
        for (int k = 0; k < y.cols(); k++) {
            for (int i = 1; i < y.rows(); i++) {
                if (y.get(i, k) != y.get(0, k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes a summary file. */
    interface SummaryWrite {
        void to(Path summary) throws IOException;
    }

    /**
     * Writes the model to --out (if given), then the summary to --summary (if given) by {@code summary}; nothing
     * partial: when the summary fails, the model just written is deleted again (no model without its summary).
     */
    static void writeOutputs(TwoLayerFit fit, Request r, SummaryWrite summary) throws IOException {
        boolean wroteModel = false;
        try {
            if (r.out != null) {
                FitFiles.writeModel(fit, r.out, r.gates == null ? null : r.gates.toString());
                wroteModel = true;
            }
            if (r.summary != null) {
                summary.to(r.summary);
            }
        } catch (IOException | RuntimeException e) {
            if (wroteModel) {
                Files.deleteIfExists(AtomicFiles.resolveTarget(r.out));
            }
            throw e;
        }
    }

    static void printSummary(TwoLayerFit fit, Request r, int n, PrintWriter out) {
        FitSummary s = fit.summary();
        out.println("data            " + r.data + " (n = " + n + ", " + rowsText(fit) + ")");
        out.println("model           " + fit.settings().model().cliName() + (fit.settings().model() == Model.LEAKY_RELU
                ? " (slope " + compact(fit.settings().leakySlope()) + ")" : "") + ", " + fit.settings().loss().cliName()
                + " loss, lambda " + compact(fit.settings().lambda()));
        out.println("status          " + s.status());
        out.println("objective       " + num(s.objective()));
        out.println("lower bound     " + num(s.lowerBound()));
        out.println("gap             " + sci(s.gap()) + " (relative " + sci(s.relativeGap()) + ")");
        out.println("neurons         " + s.neurons() + " (from " + s.patterns() + (s.patternsExact()
                ? " exact patterns, " + s.cells() + " cells" : " patterns") + ")");
        if (s.neuronsBeforePrune() != null) {
            out.println("before pruning  " + s.neuronsBeforePrune() + " neurons");
        }
        if (s.peakHeapMb() != null && Double.isFinite(s.peakHeapMb())) {
            out.printf(java.util.Locale.ROOT, "peak heap       %.0f MB%n", s.peakHeapMb());
        }
        if (s.maxConeViolation() > 0) {
            out.println("cone violation  " + sci(s.maxConeViolation()));
        }
        String metric = s.trainMetricName() == null ? "metric" : s.trainMetricName();
        out.println(pad("train " + metric, 16) + num(s.trainMetric()));
        out.println("solver          " + s.solver() + ", " + s.iterations() + " iterations, kernels: " + s.blas());
        out.println("seconds         " + String.format(Locale.ROOT, "%.2f", s.seconds()));
        out.println("model file      " + (r.out == null ? "(not saved; pass --out MODEL.json)" : r.out.toString()));
        if (r.summary != null) {
            out.println("summary file    " + r.summary);
        }
        out.flush();
    }

    private static String rowsText(TwoLayerFit fit) {
        return "d = " + fit.network().inputs() + (fit.encoding() == null ? ""
                : ", target '" + fit.encoding().targetName() + "', " + fit.encoding().task().name().toLowerCase(Locale.ROOT));
    }

    static String pad(String s, int w) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < w) {
            b.append(' ');
        }
        if (b.length() == s.length()) {
            b.append(' ');
        }
        return b.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.8g", v);
    }

    /** Up to 6 significant digits without trailing zeros: 0.001, 1e-06, 2.5. */
    static String compact(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }

    static String sci(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
