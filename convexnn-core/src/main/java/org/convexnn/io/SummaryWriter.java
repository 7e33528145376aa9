package org.convexnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.io.TrainingRecord.BaselineTraining;

/**
 * Writes the {@code --summary} JSON of a fit atomically. Keys (always present; non-finite numbers are null):
 * objective, convex_objective, lower_bound, gap, relative_gap, status, iterations, seconds, patterns, neurons,
 * max_cone_violation, train_metric, train_metric_name, solver, blas, patterns_exact, cells (null unless the patterns
 * were enumerated exactly), model, loss, lambda; approximation_bound only with {@code --patterns lowrank:K}; for the
 * non-convex baseline, epochs_run, diverged, optimizer and lr last.
 */
public final class SummaryWriter {
    private SummaryWriter() {
    }

    /** The summary object of a fit: its summary, then model, loss and lambda of its settings (when given). */
    public static ObjectNode toJson(SummaryRecord summary, TrainingRecord training) {
        ObjectNode o = SectionWriter.summary(summary);
        if (training != null) {
            o.put("model", training.model());
            o.put("loss", training.loss() == null ? null : training.loss().cliName());
            putNumber(o, "lambda", training.lambda() == null ? Double.NaN : training.lambda());
        }
        SectionWriter.outcome(o, summary);
        BaselineTraining b = training == null ? null : training.baseline();
        if (b != null) {
            o.put("optimizer", b.optimizer());
            if (b.learningRate() != null) {
                putNumber(o, "lr", b.learningRate());
            }
        }
        return o;
    }

    /** Writes the summary of a fit atomically to {@code out}. */
    public static void write(SummaryRecord summary, TrainingRecord training, Path out) throws IOException {
        write(toJson(summary, training), out);
    }

    /** Writes any JSON object atomically (pretty-printed, trailing newline). */
    public static void write(JsonNode json, Path out) throws IOException {
        Json.write(json, out);
    }

    /** Puts a finite number under key, or JSON null for NaN and infinities (which JSON cannot hold). */
    public static void putNumber(ObjectNode o, String key, double v) {
        Json.putNumber(o, key, v);
    }

    /** A fresh empty object for callers that build their own summaries (e.g. evaluate). */
    public static ObjectNode newObject() {
        return Json.MAPPER.createObjectNode();
    }
}
