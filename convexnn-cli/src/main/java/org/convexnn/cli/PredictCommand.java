package org.convexnn.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.LabeledTable;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.io.AtomicFiles;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Probabilities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn predict}: applies a saved model to data and writes a CSV of predictions. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Applies a saved model to data and writes predictions as CSV.", sortOptions = false,
        description = {"Applies a saved model to data and writes predictions as CSV: the column 'prediction' (the decoded",
            "label or value), then the raw outputs ('output' for one output, else 'score_<class>' per class).",
            "CSV columns are matched by name to the model's features; the target column is ignored if present."},
        footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class PredictCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model saved by 'convexnn fit'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Data to predict (CSV with a header row, or LIBSVM).")
    Path data;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--out", required = true, paramLabel = "predictions.csv", description = "Where to write the predictions (atomically).")
    Path out;

    @Option(names = "--proba", description = {"Also write class probabilities, one 'proba_<class>' column per class",
        "(logistic-loss classifiers: the sigmoid of the log-odds; one-vs-all fits normalised to sum to 1).",
        "Refused for squared-loss classifiers, whose scores are not probabilities."})
    boolean proba;

    @Override
    int run() throws Exception {
        new OutputGuard().input("--model", model).input("--data", data).input("--labels", source.labels)
                .output("--out", out).check();
        LoadedModel lm = ModelFile.read(model);
        LabeledTable table = DataInput.forModel(data, source.format, lm, null, source.labels, source.classes);
        // the target is ignored: predict needs only the features
        LabeledTable features = new LabeledTable(table.source(), table.featureNames(), table.features(), null, null,
                table.lines());
        Dataset ds = DatasetLoader.forPrediction(features, lm.encoding());
        Matrix outputs = lm.predict(ds.features());
        Matrix probabilities = null;
        if (proba) {
            try { // the outputs at hand; the library says why a model has no probabilities
                probabilities = Probabilities.of(outputs, lm.encoding(), lm.training() == null ? null
                        : lm.training().loss());
            } catch (IllegalArgumentException e) {
                throw new UserException("--proba: " + model + ": " + e.getMessage());
            }
        }
        writePredictions(out, lm.encoding(), outputs, probabilities);
        out().println("wrote " + ds.n() + " predictions to " + out);
        return Main.OK;
    }

    static List<String> header(TargetEncoding enc, int c) {
        List<String> h = new ArrayList<>();
        h.add("prediction");
        if (c == 1) {
            h.add("output");
        } else {
            for (int k = 0; k < c; k++) {
                h.add("score_" + (enc.task() == Task.MULTICLASS ? enc.classes().get(k) : Integer.toString(k)));
            }
        }
        return h;
    }

    static void writePredictions(Path file, TargetEncoding enc, Matrix outputs) throws java.io.IOException {
        writePredictions(file, enc, outputs, null);
    }

    /** The predictions, then {@code proba_<class>} columns when probabilities are given. */
    static void writePredictions(Path file, TargetEncoding enc, Matrix outputs, Matrix probabilities)
            throws java.io.IOException {
        int c = outputs.cols();
        List<String> header = header(enc, c);
        if (probabilities != null) {
            for (String cls : enc.classes()) {
                header.add("proba_" + cls);
            }
        }
        AtomicFiles.write(file, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            writeRow(w, header);
            List<String> row = new ArrayList<>(c + 1);
            for (int i = 0; i < outputs.rows(); i++) {
                double[] o = outputs.row(i);
                row.clear();
                row.add(enc.decode(o));
                for (double v : o) {
                    row.add(Double.toString(v));
                }
                if (probabilities != null) {
                    for (double v : probabilities.row(i)) {
                        row.add(Double.toString(v));
                    }
                }
                writeRow(w, row);
            }
            w.flush();
        });
    }

    private static void writeRow(Writer w, List<String> fields) throws java.io.IOException {
        for (int j = 0; j < fields.size(); j++) {
            if (j > 0) {
                w.write(',');
            }
            w.write(csvField(fields.get(j)));
        }
        w.write('\n');
    }

    static String csvField(String s) {
        boolean quote = s.isEmpty() ? false : s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0 || Character.isWhitespace(s.charAt(0))
                || Character.isWhitespace(s.charAt(s.length() - 1));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
