package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.io.ModelDocument;
import org.convexnn.io.Provenance;
import org.convexnn.io.SummaryRecord;
import org.convexnn.io.TrainingRecord;
import org.convexnn.program.Loss;

/** Maps fits to the records of the io files (model documents, training settings, summaries). */
public final class FitRecords {
    /** The model name of the non-convex baseline in files and on the command line. */
    public static final String BASELINE_MODEL = "nonconvex-relu";

    private FitRecords() {
    }

    /** The model document of a fit, recording the gates file it was trained with (or null), written now. */
    public static ModelDocument document(TwoLayerFit fit, String gatesFile) {
        return new ModelDocument(fit.network(), fit.featureNames(), encoding(fit), fit.standardization(),
                training(fit.settings(), gatesFile), summary(fit.summary()), Provenance.current(fit.engineRecord())
                        .withSeconds(fit.summary().seconds()));
    }

    /** The model document of a non-convex baseline fit. */
    public static ModelDocument baselineDocument(BaselineTrainer.Result res, BaselineTrainer.Settings bs) {
        TwoLayerFit fit = res.fit();
        return new ModelDocument(fit.network(), fit.featureNames(), encoding(fit), fit.standardization(),
                baselineTraining(fit.settings(), bs), baselineSummary(res), Provenance.current());
    }

    /** The training record of a baseline: the shared settings and the optimiser's, without patterns or solver. */
    public static TrainingRecord baselineTraining(TrainerSettings s, BaselineTrainer.Settings bs) {
        return training(s, null).withBaseline(BASELINE_MODEL, new TrainingRecord.BaselineTraining(
                bs.optimizer().cliName(), bs.learningRate(), bs.epochs(), bs.batchSize(), bs.width()));
    }

    /** The summary record of a baseline: status {@link SummaryRecord#BASELINE_STATUS}, epochs run, divergence. */
    public static SummaryRecord baselineSummary(BaselineTrainer.Result res) {
        return summary(res.fit().summary()).asBaseline(
                new SummaryRecord.BaselineOutcome(res.training().epochs(), res.training().diverged()));
    }

    /** The training record of settings (null for null). */
    public static TrainingRecord training(TrainerSettings s, String gatesFile) {
        if (s == null) {
            return null;
        }
        FitOptions o = s.options();
        return new TrainingRecord(s.model().cliName(), s.loss(), s.lambda(), s.patterns(), s.exactPatterns(),
                s.maxPatterns(), s.model() == Model.LEAKY_RELU ? s.leakySlope() : null, s.bias().cliName(),
                s.outputBias(), s.lowRank(), s.standardize(), s.solver().cliName(), s.tol(), s.maxIterations(),
                s.timeLimitSeconds(), s.threads(), s.seed(), o.prune(), o.sgdEpochs(), o.sgdWidth(),
                o.patternNetworks().size(), gatesFile, null);
    }

    /** The summary record of a fit's summary (null for null). */
    public static SummaryRecord summary(FitSummary s) {
        if (s == null) {
            return null;
        }
        return new SummaryRecord(s.objective(), s.convexObjective(), s.lowerBound(), s.gap(), s.relativeGap(),
                s.status() == null ? null : s.status().name(), s.iterations(), s.seconds(), s.patterns(),
                s.neurons(), s.maxConeViolation(), s.trainMetric(), s.trainMetricName(), s.solver(), s.blas(),
                s.patternsExact(), s.cells(), s.approximationBound(), s.neuronsBeforePrune(), s.peakHeapMb(), null);
    }

    /** The fit's target encoding, or the one its outputs and loss imply when it was fitted from raw arrays. */
    static TargetEncoding encoding(TwoLayerFit fit) {
        if (fit.encoding() != null) {
            return fit.encoding();
        }
        int c = fit.network().outputs();
        if (c == 1) {
            return fit.settings() != null && fit.settings().loss() == Loss.LOGISTIC
                    ? new TargetEncoding(Task.BINARY, "target", List.of("-1", "1"))
                    : new TargetEncoding(Task.REGRESSION, "target", List.of());
        }
        if (c >= 3) {
            List<String> cl = new ArrayList<>();
            for (int k = 0; k < c; k++) {
                cl.add(Integer.toString(k));
            }
            return new TargetEncoding(Task.MULTICLASS, "target", cl);
        }
        throw new IllegalArgumentException("cannot save a 2-output network without a target encoding");
    }
}
