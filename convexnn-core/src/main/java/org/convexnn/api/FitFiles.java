package org.convexnn.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.io.ModelFile;
import org.convexnn.io.SummaryWriter;

/** Writes fits as model files and summary files (atomically), through {@link FitRecords}. */
public final class FitFiles {
    private FitFiles() {
    }

    /** Writes the model file of a fit. */
    public static void writeModel(TwoLayerFit fit, Path out) throws IOException {
        writeModel(fit, out, null);
    }

    /**
     * Writes the model file of a fit, recording the gates file it was trained with (or null).
     * @throws IOException when the file cannot be written (nothing is left behind)
     */
    public static void writeModel(TwoLayerFit fit, Path out, String gatesFile) throws IOException {
        ModelFile.write(FitRecords.document(fit, gatesFile), out);
    }

    /** Writes the model file of a non-convex baseline fit: its optimiser's settings and outcome included. */
    public static void writeBaselineModel(BaselineTrainer.Result res, BaselineTrainer.Settings bs, Path out)
            throws IOException {
        ModelFile.write(FitRecords.baselineDocument(res, bs), out);
    }

    /** The summary object of a fit: its summary, then model, loss and lambda of its settings. */
    public static ObjectNode summaryJson(FitSummary summary, TrainerSettings settings) {
        return SummaryWriter.toJson(FitRecords.summary(summary), FitRecords.training(settings, null));
    }

    /** Writes the summary file of a fit. */
    public static void writeSummary(FitSummary summary, TrainerSettings settings, Path out) throws IOException {
        SummaryWriter.write(summaryJson(summary, settings), out);
    }

    /** Writes the summary file of a non-convex baseline fit. */
    public static void writeBaselineSummary(BaselineTrainer.Result res, BaselineTrainer.Settings bs, Path out)
            throws IOException {
        SummaryWriter.write(FitRecords.baselineSummary(res), FitRecords.baselineTraining(res.fit().settings(), bs),
                out);
    }
}
