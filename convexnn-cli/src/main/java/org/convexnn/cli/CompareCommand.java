package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.api.BiasMode;
import org.convexnn.api.Comparison;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.TrainerSettings;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.data.LabeledTable;
import org.convexnn.io.SummaryWriter;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn compare}: convex gated-ReLU and ReLU fits against the Adam baseline at six step sizes, and the Adam-seeded ReLU fit. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Compares the convex programs with the non-convex baseline (Adam) on one objective.", sortOptions = false,
        description = {"Fits the convex gated-relu and relu programs, then trains the non-convex ReLU network with Adam",
            "at step sizes 1e-4, 3e-4, 1e-3, 3e-3, 1e-2 and 3e-2, each for the same wall time (the longer convex solve,",
            "or --time-limit, which then also limits the convex solves), and last the relu program with the best Adam",
            "network's patterns added, started from that network (row 'convex relu+adam', same wall time): it never",
            "ends above the best Adam run. Prints method, objective, certified lower bound (convex rows, for the",
            "patterns used), gap and seconds."},
        footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class CompareCommand extends BaseCommand {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (CSV with a header row, or LIBSVM).")
    Path data;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column (default: the last column).")
    String target;

    @Option(names = "--task", paramLabel = "auto|regression|classification", defaultValue = "auto",
            converter = Converters.TaskConverter.class, description = "What the target is (default: ${DEFAULT-VALUE}).")
    TaskHint task;

    @Option(names = "--loss", paramLabel = "squared|logistic", defaultValue = "squared",
            converter = Converters.LossConverter.class, description = "Loss (default: ${DEFAULT-VALUE}).")
    Loss loss;

    @Option(names = "--lambda", paramLabel = "X", defaultValue = "1e-3", converter = Converters.LenientDouble.class,
            description = "Regularisation strength > 0 (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--patterns", paramLabel = "N|exact", converter = Converters.PatternsConverter.class,
            description = "Sampled gate patterns of the convex fits (default: " + FitRunner.DEFAULT_PATTERNS + "), or exact.")
    Converters.PatternsChoice patterns;

    @Option(names = "--time-limit", paramLabel = "SECONDS", converter = Converters.LenientDouble.class,
            description = "Wall time of every method (default: the convex fits run to --tol; Adam gets the longer one's time).")
    Double timeLimit;

    @Option(names = "--bias", paramLabel = "regularized|none", defaultValue = "regularized",
            converter = Converters.BiasConverter.class, description = "First-layer bias (default: ${DEFAULT-VALUE}).")
    BiasMode bias;

    @Option(names = "--standardize", description = "Standardise the feature columns.")
    boolean standardize;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-6", converter = Converters.LenientDouble.class,
            description = "Relative duality-gap tolerance of the convex fits (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_MAX_ITERATIONS, description = "Iteration limit of the convex fits (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--width", paramLabel = "M", defaultValue = "" + NonConvexTrainer.DEFAULT_WIDTH, description = "Hidden width of the Adam runs (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "" + NonConvexTrainer.DEFAULT_BATCH_SIZE, description = "Mini-batch size of the Adam runs, 0 = full batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_THREADS, description = "Kernel threads (default: 0 = all processors).")
    int threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TrainerSettings.DEFAULT_SEED, description = "Seed for gate sampling and the Adam init (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EngineOptions engine;

    @Option(names = "--summary", paramLabel = "OUT.json", description = "Also write the table as JSON.")
    Path summary;

    @Override
    int run() throws Exception {
        if (timeLimit != null && !(timeLimit > 0 && Double.isFinite(timeLimit))) {
            throw new UserException("--time-limit must be a finite number of seconds > 0, got " + timeLimit);
        }
        NonConvexTrainer.checkWidth("width", width); // the baseline's own rules, before any fit
        NonConvexTrainer.checkBatchSize(batchSize);
        if (patterns != null && patterns.sgdEpochs() > 0) {
            throw new UserException("--patterns sgd:EPOCHS is a fit option, not a compare option");
        }
        boolean exact = patterns != null && patterns.exact();
        ConvexTrainer.Builder b = ConvexTrainer.builder().loss(loss).lambda(lambda)
                .patterns(patterns == null || exact || patterns.count() == null ? FitRunner.DEFAULT_PATTERNS : patterns.count())
                .exactPatterns(exact).bias(bias).standardize(standardize).tol(tol).maxIterations(maxIter)
                .threads(threads).seed(seed).engine(engine.settings());
        b.build(); // validate before reading data
        new OutputGuard().input("--data", data).input("--labels", source.labels).output("--summary", summary).check();
        LabeledTable table = DataInput.forTraining(data, source.format, target, source.labels, source.classes);
        TaskHint hint = task == TaskHint.AUTO && DataInput.isIdx(data, source.format) ? TaskHint.CLASSIFICATION : task;
        Dataset ds = DatasetLoader.forTraining(table, hint, loss == Loss.LOGISTIC);
        Comparison.Result res = Comparison.run(b, width, batchSize, timeLimit == null ? Double.NaN : timeLimit, ds);
        var out = out();
        out.println("data " + data + " (n = " + ds.n() + ", d = " + ds.d() + "), " + loss.cliName() + " loss, lambda "
                + FitRunner.compact(lambda) + "; Adam: width " + width + ", batch " + batchSize + ", "
                + String.format(Locale.ROOT, "%.2f", res.baselineSeconds()) + " s each");
        out.println(String.format(Locale.ROOT, "%-20s %16s %16s %10s %8s  %s", "method", "objective", "lower_bound",
                "gap", "seconds", "status"));
        for (Comparison.Row row : res.rows()) {
            out.println(String.format(Locale.ROOT, "%-20s %16.8g %16s %10s %8.2f  %s", row.method(), row.objective(),
                    Double.isNaN(row.lowerBound()) ? "-" : String.format(Locale.ROOT, "%.8g", row.lowerBound()),
                    Double.isNaN(row.gap()) ? "-" : String.format(Locale.ROOT, "%.2e", row.gap()), row.seconds(),
                    row.status()));
        }
        if (summary != null) {
            ObjectNode o = SummaryWriter.newObject();
            o.put("loss", loss.cliName());
            o.put("lambda", lambda);
            o.put("baseline_seconds", res.baselineSeconds());
            ArrayNode rows = o.putArray("rows");
            for (Comparison.Row row : res.rows()) {
                ObjectNode r = rows.addObject();
                r.put("method", row.method());
                SummaryWriter.putNumber(r, "objective", row.objective());
                SummaryWriter.putNumber(r, "lower_bound", row.lowerBound());
                SummaryWriter.putNumber(r, "gap", row.gap());
                r.put("seconds", row.seconds());
                r.put("status", row.status());
            }
            SummaryWriter.write(o, summary);
            out.println("summary file " + summary);
        }
        out.flush();
        return Main.OK;
    }

}
