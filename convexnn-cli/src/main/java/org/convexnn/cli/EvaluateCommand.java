package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.LabeledTable;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.io.AtomicFiles;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.io.SummaryWriter;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn evaluate}: scores a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Scores a saved model on labelled data (accuracy or MSE, and the loss).", sortOptions = false,
        description = {"Scores a saved model on labelled data: accuracy (classification) or mean squared error",
            "(regression), the number of rows n, and the mean training loss."},
        footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class EvaluateCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model saved by 'convexnn fit'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data (CSV with a header row, or LIBSVM).")
    Path data;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column of CSV data (default: the model's target name).")
    String target;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the results as JSON (atomically).")
    Path summary;

    /** The numbers evaluate reports. */
    record Scores(String metricName, double metric, int n, String lossName, double loss) {
    }

    @Override
    int run() throws Exception {
        if (summary != null) {
            AtomicFiles.checkWritableTarget(summary);
        }
        if (target != null && DataFormat.resolve(source.format, data) == DataFormat.LIBSVM) {
            throw new UserException("--target applies to CSV data only; in LIBSVM data the label is the first entry of each line");
        }
        if (source.labels == null && DataInput.isIdx(data, source.format)) {
            throw new UserException(data + ": evaluating IDX images needs their label file: pass --labels FILE");
        }
        LoadedModel lm = ModelFile.read(model);
        LabeledTable table = DataInput.forModel(data, source.format, lm, target, source.labels, source.classes);
        if (!table.hasTarget()) {
            String t = target != null ? target : lm.encoding().targetName();
            throw new UserException(data + ": no target column '" + t + "' to evaluate against"
                    + (target == null ? " (name it with --target NAME)" : ""));
        }
        Dataset ds = DatasetLoader.forPrediction(table, lm.encoding());
        Scores s = score(lm, ds);
        printReport(out(), s, model, data);
        if (summary != null) {
            ObjectNode o = SummaryWriter.newObject();
            o.put("model_file", model.toString());
            o.put("data", data.toString());
            o.put("n", s.n());
            o.put("metric_name", s.metricName());
            SummaryWriter.putNumber(o, "metric", s.metric());
            SummaryWriter.putNumber(o, s.metricName(), s.metric());
            o.put("loss_name", s.lossName());
            SummaryWriter.putNumber(o, "loss", s.loss());
            if (!Double.isFinite(s.metric())) {
                o.put("metric_note", Double.isNaN(s.metric()) ? "nan" : "inf: the mean squared error overflows a double");
            }
            if (!Double.isFinite(s.loss())) {
                // JSON has no infinity: "loss" is null and the note says what it stands for
                o.put("loss_note", lossNote(s.loss()));
            }
            SummaryWriter.write(o, summary);
        }
        return Main.OK;
    }

    static Scores score(LoadedModel lm, Dataset ds) {
        Matrix z = lm.predict(ds.features());
        Matrix y = ds.targets();
        TargetEncoding enc = lm.encoding();
        int n = ds.n();
        int c = z.cols();
        double metric;
        String metricName;
        if (enc.isClassification()) {
            int correct = 0;
            for (int i = 0; i < n; i++) {
                if (enc.predictedClass(z.row(i)) == trueClass(enc, y.row(i))) {
                    correct++;
                }
            }
            metric = (double) correct / n;
            metricName = "accuracy";
        } else {
            double se = 0;
            for (int i = 0; i < n; i++) {
                double r = z.get(i, 0) - y.get(i, 0);
                se += r * r;
            }
            metric = se / n;
            metricName = "mse";
        }
        String lossName = lm.lossName() != null ? lm.lossName() : (enc.isClassification() ? "logistic" : "squared");
        Loss loss = Loss.fromCliName(lossName);
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                double t = y.get(i, k);
                if (loss == Loss.LOGISTIC && enc.task() == Task.MULTICLASS) {
                    t = 2 * t - 1; // one-vs-all: one-hot 0/1 becomes -1/+1
                }
                total += loss.value(z.get(i, k), t);
            }
        }
        return new Scores(metricName, metric, n, lossName, total / n);
    }

    private static int trueClass(TargetEncoding enc, double[] y) {
        if (enc.task() == Task.BINARY) {
            return y[0] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < y.length; k++) {
            if (y[k] > y[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The human-readable report. */
    static void printReport(java.io.PrintWriter out, Scores s, Path model, Path data) {
        out.println("model     " + model);
        out.println("data      " + data);
        out.println("n         " + s.n());
        out.println(FitRunner.pad(s.metricName(), 10) + (Double.isFinite(s.metric())
                ? String.format(Locale.ROOT, "%.6g", s.metric()) : (Double.isNaN(s.metric()) ? "nan" : "inf")
                + " (null in --summary)"));
        out.println("loss      " + (Double.isFinite(s.loss()) ? String.format(Locale.ROOT, "%.6g", s.loss()) + " (mean "
                + s.lossName() + " loss)" : lossNote(s.loss()) + " (mean " + s.lossName() + " loss; null in --summary)"));
        out.flush();
    }

    /** The text for a non-finite mean loss: "inf" when it overflows, "nan" otherwise. */
    static String lossNote(double loss) {
        return Double.isNaN(loss) ? "nan: the loss is undefined for these predictions"
                : "inf: the mean loss overflows a double (predictions far from the targets)";
    }
}
