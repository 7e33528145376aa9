package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitSummary;
import org.convexnn.api.RegularizationPath;
import org.convexnn.api.TrainerSettings;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.Dataset;
import org.convexnn.io.SummaryWriter;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveStatus;

/**
 * {@code fit --lambda-path N [--cv K]}: fits the regularization path ({@link RegularizationPath}), saves the model at
 * the smallest λ (or the cross-validated one), prints a table and writes the path summary.
 */
final class PathRunner {
    private PathRunner() {
    }

    /** Flag checks that need no data. */
    static void validate(FitRunner.Request r) {
        if (r.cv != null && r.lambdaPath == null) {
            throw new UserException("--cv selects a lambda on a path: use it with --lambda-path N");
        }
        if (r.lambdaPath != null && r.lambdaPath < 2) {
            throw new UserException("--lambda-path needs at least 2 lambdas, got " + r.lambdaPath);
        }
        if (r.cv != null && r.cv < 2) {
            throw new UserException("--cv needs at least 2 folds, got " + r.cv);
        }
    }

    static int run(FitRunner.Request r, TrainerSettings settings, IterationListener listener, Dataset ds, PrintWriter out,
                   PrintWriter err) throws IOException {
        if (r.cv != null && r.cv > ds.n()) {
            throw new UserException("--cv " + r.cv + " needs at least " + r.cv + " rows; " + r.data + " has " + ds.n());
        }
        RegularizationPath.Result res = RegularizationPath.fit(settings, listener, ds, r.lambdaPath,
                r.lambdaExplicit ? Double.valueOf(r.lambda) : null, r.cv == null ? 0 : r.cv);
        TwoLayerFit fit = res.model();
        FitRunner.writeOutputs(fit, r, summary -> SummaryWriter.write(toJson(res), summary));
        printTable(res, r, ds.n(), out);
        long notOptimal = res.points().stream().filter(p -> p.summary().status() != SolveStatus.OPTIMAL).count();
        if (notOptimal > 0) {
            err.println("warning: " + notOptimal + " of " + res.points().size() + " lambdas stopped before reaching --tol "
                    + FitRunner.compact(r.tol) + " (see the status column); their lower bounds still hold");
        }
        // the saved model's solve ended NUMERICAL_ERROR: exit 3 as for a single fit (issue 18)
        if (fit.summary().status() == SolveStatus.NUMERICAL_ERROR) {
            return FitRunner.inaccurateExit("the selected lambda's solve ended with status NUMERICAL_ERROR", r, err);
        }
        return Main.OK;
    }

    /**
     * The path summary: the selected model's usual summary keys, plus {@code lambda_max}, {@code selected_lambda},
     * {@code path} (one object per λ, descending) and, with cross-validation, {@code cv_folds} and
     * {@code cv_best_lambda} (each path entry then has {@code validation_loss} and {@code fold_losses}).
     */
    static ObjectNode toJson(RegularizationPath.Result res) {
        ObjectNode o = FitFiles.summaryJson(res.model().summary(), res.model().settings());
        SummaryWriter.putNumber(o, "lambda_max", res.lambdaMax());
        SummaryWriter.putNumber(o, "selected_lambda", res.selectedLambda());
        if (res.cvFolds() > 0) {
            o.put("cv_folds", res.cvFolds());
            SummaryWriter.putNumber(o, "cv_best_lambda", res.selectedLambda());
        }
        ArrayNode path = o.putArray("path");
        for (RegularizationPath.Point p : res.points()) {
            FitSummary s = p.summary();
            ObjectNode e = path.addObject();
            SummaryWriter.putNumber(e, "lambda", p.lambda());
            SummaryWriter.putNumber(e, "objective", s.objective());
            SummaryWriter.putNumber(e, "lower_bound", s.lowerBound());
            SummaryWriter.putNumber(e, "gap", s.gap());
            SummaryWriter.putNumber(e, "relative_gap", s.relativeGap());
            e.put("status", s.status().name());
            e.put("iterations", s.iterations());
            e.put("solver", s.solver());
            SummaryWriter.putNumber(e, "seconds", s.seconds());
            e.put("neurons", s.neurons());
            SummaryWriter.putNumber(e, "train_metric", s.trainMetric());
            if (res.cvFolds() > 0) {
                SummaryWriter.putNumber(e, "validation_loss", p.validationLoss());
                ArrayNode folds = e.putArray("fold_losses");
                for (double v : p.foldLosses()) {
                    if (Double.isFinite(v)) {
                        folds.add(v);
                    } else {
                        folds.addNull();
                    }
                }
            }
        }
        return o;
    }

    static void printTable(RegularizationPath.Result res, FitRunner.Request r, int n, PrintWriter out) {
        boolean cv = res.cvFolds() > 0;
        TwoLayerFit fit = res.model();
        out.println("data            " + r.data + " (n = " + n + ", d = " + fit.network().inputs() + ")");
        out.println("model           " + fit.settings().model().cliName() + ", " + fit.settings().loss().cliName()
                + " loss, " + res.points().size() + " lambdas from lambda_max " + FitRunner.compact(res.lambdaMax())
                + (cv ? ", " + res.cvFolds() + "-fold cross-validation" : ""));
        out.println(String.format(Locale.ROOT, "  %-12s %-15s %-15s %-9s %-14s %7s %8s %7s%s  %s", "lambda",
                "objective", "lower_bound", "rel_gap", "status", "neurons", "iters", "seconds",
                cv ? "  validation_loss" : "", "solver"));
        for (int i = 0; i < res.points().size(); i++) {
            RegularizationPath.Point p = res.points().get(i);
            FitSummary s = p.summary();
            out.println(String.format(Locale.ROOT, "%s %-12.5e %-15.8g %-15.8g %-9.2e %-14s %7d %8d %7.2f%s  %s",
                    i == res.selected() ? "*" : " ", p.lambda(), s.objective(), s.lowerBound(), s.relativeGap(),
                    s.status(), s.neurons(), s.iterations(), s.seconds(),
                    cv ? String.format(Locale.ROOT, "  %-15.8g", p.validationLoss()) : "", s.solver()));
        }
        out.println("selected        lambda " + FitRunner.compact(res.selectedLambda())
                + (cv ? " (lowest mean validation loss)" : " (smallest on the path)") + ", marked *");
        out.println("model file      " + (r.out == null ? "(not saved; pass --out MODEL.json)" : r.out.toString()));
        if (r.summary != null) {
            out.println("summary file    " + r.summary);
        }
        out.flush();
    }
}
