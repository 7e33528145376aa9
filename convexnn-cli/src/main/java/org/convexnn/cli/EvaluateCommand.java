package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.api.Metrics;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.LabeledTable;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.io.SummaryWriter;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Probabilities;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn evaluate}: scores a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Scores a saved model on labelled data.", sortOptions = false,
        description = {"Scores a saved model on labelled data. Classification: accuracy, balanced accuracy, the",
            "confusion matrix, per-class precision, recall and F1, and for logistic-loss models (whose outputs are",
            "probabilities) the log-loss and the ROC AUC (one-vs-rest, averaged for more than two classes).",
            "Regression: MSE, MAE and R². Always the number of rows n and the mean training loss."},
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

    /** The numbers evaluate reports: the headline metric, the loss, and the full metrics of the task. */
    record Scores(String metricName, double metric, int n, String lossName, double loss,
                  Metrics.Classification classification, Metrics.Regression regression) {
    }

    @Override
    int run() throws Exception {
        new OutputGuard().input("--model", model).input("--data", data).input("--labels", source.labels)
                .output("--summary", summary).check();
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
            putMetrics(o, s);
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
        String lossName = lm.lossName() != null ? lm.lossName() : (enc.isClassification() ? "logistic" : "squared");
        Loss loss = Loss.fromCliName(lossName);
        Metrics.Classification cls = null;
        Metrics.Regression reg = null;
        double metric;
        String metricName;
        if (enc.isClassification()) {
            Matrix proba = Probabilities.available(enc, loss) ? Probabilities.of(z, enc, loss) : null;
            cls = Metrics.classification(enc, z, y, proba);
            metric = cls.accuracy();
            metricName = "accuracy";
        } else {
            reg = Metrics.regression(z, y);
            metric = reg.mse();
            metricName = "mse";
        }
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
        return new Scores(metricName, metric, n, lossName, total / n, cls, reg);
    }

    /** The full metrics as summary keys (see README, "evaluate"). */
    static void putMetrics(ObjectNode o, Scores s) {
        if (s.classification() != null) {
            Metrics.Classification m = s.classification();
            SummaryWriter.putNumber(o, "balanced_accuracy", m.balancedAccuracy());
            if (m.logLoss() != null) {
                SummaryWriter.putNumber(o, "log_loss", m.logLoss());
                SummaryWriter.putNumber(o, "roc_auc", m.rocAuc());
            } else {
                o.putNull("log_loss");
                o.putNull("roc_auc");
            }
            com.fasterxml.jackson.databind.node.ArrayNode classes = o.putArray("classes");
            m.classes().forEach(classes::add);
            com.fasterxml.jackson.databind.node.ArrayNode conf = o.putArray("confusion");
            for (long[] row : m.confusion()) {
                com.fasterxml.jackson.databind.node.ArrayNode r = conf.addArray();
                for (long v : row) {
                    r.add(v);
                }
            }
            ObjectNode per = o.putObject("per_class");
            for (int k = 0; k < m.classes().size(); k++) {
                ObjectNode one = per.putObject(m.classes().get(k));
                SummaryWriter.putNumber(one, "precision", m.precision()[k]);
                SummaryWriter.putNumber(one, "recall", m.recall()[k]);
                SummaryWriter.putNumber(one, "f1", m.f1()[k]);
                long support = 0;
                for (long v : m.confusion()[k]) {
                    support += v;
                }
                one.put("support", support);
            }
        } else if (s.regression() != null) {
            SummaryWriter.putNumber(o, "mae", s.regression().mae());
            SummaryWriter.putNumber(o, "r2", s.regression().r2());
        }
    }

    private static String g(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, "%.6g", v);
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
        if (s.classification() != null) {
            Metrics.Classification m = s.classification();
            out.println("balanced  " + g(m.balancedAccuracy()) + " (balanced accuracy)");
            if (m.logLoss() != null) {
                out.println("log-loss  " + g(m.logLoss()));
                out.println("ROC AUC   " + g(m.rocAuc()) + (m.classes().size() > 2 ? " (one-vs-rest mean)" : ""));
            } else {
                out.println("          no probabilities: the scores of a " + s.lossName()
                        + "-loss classifier are not probabilities (no log-loss or ROC AUC)");
            }
            out.println("class      precision  recall     F1         support");
            for (int k = 0; k < m.classes().size(); k++) {
                long support = 0;
                for (long v : m.confusion()[k]) {
                    support += v;
                }
                out.println(FitRunner.pad(m.classes().get(k), 10) + " " + FitRunner.pad(g(m.precision()[k]), 10) + " "
                        + FitRunner.pad(g(m.recall()[k]), 10) + " " + FitRunner.pad(g(m.f1()[k]), 10) + " " + support);
            }
            out.println("confusion (rows: true class, columns: predicted, order as above)");
            for (long[] row : m.confusion()) {
                StringBuilder b = new StringBuilder("          ");
                for (long v : row) {
                    b.append(FitRunner.pad(Long.toString(v), 8));
                }
                out.println(b.toString().stripTrailing());
            }
        } else if (s.regression() != null) {
            out.println("MAE       " + g(s.regression().mae()));
            out.println("R²        " + g(s.regression().r2()));
        }
        out.flush();
    }

    /** The text for a non-finite mean loss: "inf" when it overflows, "nan" otherwise. */
    static String lossNote(double loss) {
        return Double.isNaN(loss) ? "nan: the loss is undefined for these predictions"
                : "inf: the mean loss overflows a double (predictions far from the targets)";
    }
}
