package org.convexnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.api.FitSummary;
import org.convexnn.api.TrainerSettings;

/**
 * Writes the {@code --summary} JSON of a fit atomically. Keys (always present; non-finite numbers are null):
 * objective, convex_objective, lower_bound, gap, relative_gap, status, iterations, seconds, patterns, neurons,
 * max_cone_violation, train_metric, train_metric_name, solver, blas, patterns_exact, cells (null unless the patterns
 * were enumerated exactly), model, loss, lambda; approximation_bound only with {@code --patterns lowrank:K}.
 */
public final class SummaryWriter {
    private SummaryWriter() {
    }

    /** The summary object of a fit. */
    public static ObjectNode toJson(FitSummary summary, TrainerSettings settings) {
        ObjectNode o = ModelFile.summaryJson(summary);
        if (settings != null) {
            o.put("model", settings.model().cliName());
            o.put("loss", settings.loss().cliName());
            putNumber(o, "lambda", settings.lambda());
        }
        return o;
    }

    /** Writes the summary of a fit atomically to {@code out}. */
    public static void write(FitSummary summary, TrainerSettings settings, Path out) throws IOException {
        write(toJson(summary, settings), out);
    }

    /** Writes any JSON object atomically (pretty-printed, trailing newline). */
    public static void write(JsonNode json, Path out) throws IOException {
        ModelFile.writeJson(json, out);
    }

    /** Puts a finite number under key, or JSON null for NaN and infinities (which JSON cannot hold). */
    public static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** A fresh empty object for callers that build their own summaries (e.g. evaluate). */
    public static ObjectNode newObject() {
        return ModelFile.MAPPER.createObjectNode();
    }
}
