package org.convexnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convexnn.api.BaselineTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitOptions;
import org.convexnn.api.FitSummary;
import org.convexnn.api.TrainerSettings;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.data.Dataset;
import org.convexnn.io.ModelFile;
import org.convexnn.io.NpzReader;
import org.convexnn.io.SummaryRecord;
import org.convexnn.network.TwoLayerNetwork;

/**
 * {@code fit} flags of issue 5: {@code --prune}, {@code --patterns-from}, {@code --patterns sgd:EPOCHS} and
 * {@code --model nonconvex-relu} (the non-convex baseline with {@code --optimizer --lr --epochs --batch-size --width}).
 */
final class FitExtras {
    /** Summary {@code status} of a baseline fit (it has no certificate). */
    static final String BASELINE_STATUS = SummaryRecord.BASELINE_STATUS;

    private FitExtras() {
    }

    static void validate(FitRunner.Request r) {
        if (r.nonConvex) {
            String bad = r.prune ? "--prune" : r.patternsFrom != null ? "--patterns-from" : r.patternsGiven ? "--patterns"
                    : r.gates != null ? "--gates" : r.lambdaPath != null ? "--lambda-path" : r.cv != null ? "--cv"
                    : r.sgdWidth != null ? "--sgd-width" : null;
            if (bad != null) {
                throw new UserException(bad + " applies to the convex models, not --model " + Converters.NONCONVEX_RELU);
            }
        } else {
            String bad = r.optimizer != null ? "--optimizer" : r.lr != null ? "--lr" : r.epochs != null ? "--epochs"
                    : r.batchSize != null ? "--batch-size" : r.width != null ? "--width" : null;
            if (bad != null) {
                throw new UserException(bad + " applies to --model " + Converters.NONCONVEX_RELU + " only");
            }
        }
        if (r.sgdWidth != null && r.sgdEpochs == 0) {
            throw new UserException("--sgd-width applies to --patterns sgd:EPOCHS only");
        }
        if (r.prune && r.lambdaPath != null) {
            throw new UserException("--prune does not apply to --lambda-path");
        }
        // the values themselves are checked once, by the library (BaselineTrainer.Settings, FitOptions); the
        // CLI reports those errors with its flags (SettingFlags)
        baselineSettings(r);
        if (r.sgdWidth != null) {
            NonConvexTrainer.checkWidth("sgdWidth", r.sgdWidth);
        }
    }

    /** The optional stages of a convex fit; reads the {@code --patterns-from} networks. */
    static FitOptions options(FitRunner.Request r) throws IOException {
        List<TwoLayerNetwork> nets = new ArrayList<>();
        if (r.patternsFrom != null) {
            for (Path p : r.patternsFrom) {
                nets.add(readNetwork(p));
            }
        }
        return new FitOptions(r.prune, nets, r.sgdEpochs,
                r.sgdWidth != null ? r.sgdWidth : FitOptions.DEFAULT_SGD_WIDTH, FitOptions.DEFAULT_SGD_LEARNING_RATE,
                r.growRounds);
    }

    /** A network on RAW inputs from a convexnn model (.json) or a NumPy archive (.npz). */
    static TwoLayerNetwork readNetwork(Path p) throws IOException {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npz") ? NpzReader.readNetwork(p) : ModelFile.read(p).network();
    }

    static BaselineTrainer.Settings baselineSettings(FitRunner.Request r) {
        Optimizer opt = r.optimizer != null ? r.optimizer : NonConvexTrainer.DEFAULT_OPTIMIZER;
        return new BaselineTrainer.Settings(opt, r.lr != null ? r.lr : NonConvexTrainer.defaultLearningRate(opt),
                r.epochs != null ? r.epochs : NonConvexTrainer.DEFAULT_EPOCHS,
                r.batchSize != null ? r.batchSize : NonConvexTrainer.DEFAULT_BATCH_SIZE,
                r.width != null ? r.width : NonConvexTrainer.DEFAULT_WIDTH,
                r.timeLimit != null ? r.timeLimit : Double.POSITIVE_INFINITY);
    }

    /** {@code fit --model nonconvex-relu}: trains the baseline and writes the same model and summary files. */
    static int runBaseline(FitRunner.Request r, TrainerSettings settings, Dataset ds, PrintWriter out, PrintWriter err)
            throws IOException {
        BaselineTrainer.Settings bs = baselineSettings(r);
        BaselineTrainer.Result res = BaselineTrainer.fit(settings, bs, ds);
        TwoLayerFit fit = res.fit();
        boolean wroteModel = false;
        try {
            if (r.out != null) {
                FitFiles.writeBaselineModel(res, bs, r.out);
                wroteModel = true;
            }
            if (r.summary != null) {
                FitFiles.writeBaselineSummary(res, bs, r.summary);
            }
        } catch (IOException | RuntimeException e) {
            if (wroteModel) {
                Files.deleteIfExists(r.out);
            }
            throw e;
        }
        FitSummary s = fit.summary();
        out.println("data            " + r.data + " (n = " + ds.n() + ", d = " + fit.network().inputs() + ")");
        out.println("model           " + Converters.NONCONVEX_RELU + " (" + bs.optimizer().cliName() + ", lr "
                + FitRunner.compact(bs.learningRate()) + ", width " + bs.width() + ", batch " + bs.batchSize() + "), "
                + settings.loss().cliName() + " loss, lambda " + FitRunner.compact(settings.lambda()));
        out.println("status          " + BASELINE_STATUS + " (no certificate)");
        out.println("objective       " + FitRunner.num(s.objective()) + " (best of " + s.iterations() + " epochs)");
        out.println("neurons         " + s.neurons());
        String metric = s.trainMetricName() == null ? "metric" : s.trainMetricName();
        out.println(FitRunner.pad("train " + metric, 16) + FitRunner.num(s.trainMetric()));
        out.println("seconds         " + String.format(Locale.ROOT, "%.2f", s.seconds()));
        out.println("model file      " + (r.out == null ? "(not saved; pass --out MODEL.json)" : r.out.toString()));
        if (r.summary != null) {
            out.println("summary file    " + r.summary);
        }
        out.flush();
        if (res.training().diverged()) {
            err.println("warning: training diverged (non-finite objective); the best finite network was kept");
        }
        return Main.OK;
    }
}
