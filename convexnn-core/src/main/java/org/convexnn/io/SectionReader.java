package org.convexnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convexnn.io.SummaryRecord.BaselineOutcome;
import org.convexnn.io.TrainingRecord.BaselineTraining;
import org.convexnn.program.Loss;

/**
 * Reads the {@code training}, {@code summary} and {@code provenance} objects of a model file into their records.
 * Keys may be missing or null (see the records); a present value of the wrong type fails, naming the file and the key.
 */
final class SectionReader {
    private final JsonFields f;

    SectionReader(JsonFields fields) {
        this.f = fields;
    }

    TrainingRecord training(JsonNode t) {
        String p = "training.";
        Loss loss = null;
        JsonNode l = t.get("loss");
        if (l != null && !l.isNull()) {
            try {
                loss = Loss.fromCliName(l.asText());
            } catch (IllegalArgumentException e) {
                throw f.bad("training.loss: " + e.getMessage());
            }
        }
        BaselineTraining baseline = t.has("optimizer")
                ? new BaselineTraining(text(t, "optimizer", p), real(t, "lr", p, Double.NaN), integer(t, "epochs", p),
                        integer(t, "batch_size", p), integer(t, "width", p))
                : null;
        return new TrainingRecord(text(t, "model", p), loss, real(t, "lambda", p, Double.NaN),
                integer(t, "patterns", p), flag(t, "patterns_exact", p), whole(t, "max_patterns", p),
                real(t, "leaky_slope", p, Double.NaN), text(t, "bias", p), is(t, "output_bias", p),
                orZero(integer(t, "low_rank", p)), flag(t, "standardize", p), text(t, "solver", p),
                real(t, "tol", p, Double.NaN), integer(t, "max_iter", p),
                real(t, "time_limit", p, Double.POSITIVE_INFINITY), integer(t, "threads", p), whole(t, "seed", p),
                is(t, "prune", p), orZero(integer(t, "sgd_pattern_epochs", p)),
                orZero(integer(t, "sgd_pattern_width", p)), orZero(integer(t, "pattern_networks", p)),
                text(t, "gates_file", p), baseline);
    }

    SummaryRecord summary(JsonNode s) {
        String p = "summary.";
        BaselineOutcome outcome = s.has("epochs_run") || s.has("diverged")
                ? new BaselineOutcome(integer(s, "epochs_run", p), flag(s, "diverged", p))
                : null;
        return new SummaryRecord(nan(s, "objective"), nan(s, "convex_objective"), nan(s, "lower_bound"),
                nan(s, "gap"), nan(s, "relative_gap"), text(s, "status", p), integer(s, "iterations", p),
                nan(s, "seconds"), integer(s, "patterns", p), integer(s, "neurons", p),
                nan(s, "max_cone_violation"), nan(s, "train_metric"), text(s, "train_metric_name", p),
                text(s, "solver", p), text(s, "blas", p), flag(s, "patterns_exact", p), whole(s, "cells", p),
                real(s, "approximation_bound", p, Double.NaN), integer(s, "neurons_before_prune", p),
                real(s, "peak_heap_mb", p, Double.NaN), outcome);
    }

    Provenance provenance(JsonNode o) {
        String p = "provenance.";
        String created = text(o, "created", p);
        Instant when = null;
        if (created != null) {
            try {
                when = Instant.parse(created);
            } catch (DateTimeParseException e) {
                throw f.bad("provenance.created is not a UTC time (e.g. 2026-12-04T21:10:44.528Z): " + created);
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonNode s = o.get("solver_settings");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw f.bad("\"provenance.solver_settings\" must be an object, found " + JsonFields.kind(s));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                settings.put(e.getKey(), scalar(e.getValue(), p + "solver_settings." + e.getKey()));
            }
        }
        JsonNode sec = o.get("seconds");
        if (sec != null && !sec.isNull() && !sec.isNumber()) {
            throw f.bad("\"provenance.seconds\" must be a number, found " + JsonFields.kind(sec));
        }
        Double seconds = sec == null || sec.isNull() ? null : sec.asDouble();
        return new Provenance(text(o, "convexnn_version", p), text(o, "java_version", p), text(o, "os", p),
                text(o, "arch", p), when, seconds, settings);
    }

    private Object scalar(JsonNode v, String where) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw f.bad("\"" + where + "\" must be a string, boolean or number, found " + JsonFields.kind(v));
    }

    /** A present, non-null value (else null). */
    private static JsonNode given(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String text(JsonNode parent, String key, String prefix) {
        JsonNode v = given(parent, key);
        if (v != null && !v.isTextual()) {
            throw f.bad("\"" + prefix + key + "\" must be a string, found " + JsonFields.kind(v));
        }
        return v == null ? null : v.asText();
    }

    /** A number; null when missing, {@code ifNull} when JSON null. */
    private Double real(JsonNode parent, String key, String prefix, double ifNull) {
        JsonNode v = parent.get(key);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return ifNull;
        }
        if (!v.isNumber()) {
            throw f.bad("\"" + prefix + key + "\" must be a number, found " + JsonFields.kind(v));
        }
        return v.doubleValue();
    }

    /** A number of the summary: NaN when missing or null. */
    private double nan(JsonNode parent, String key) {
        Double v = real(parent, key, "summary.", Double.NaN);
        return v == null ? Double.NaN : v;
    }

    private Long whole(JsonNode parent, String key, String prefix) {
        JsonNode v = given(parent, key);
        if (v != null && !(v.isIntegralNumber() && v.canConvertToLong())) {
            throw f.bad("\"" + prefix + key + "\" must be an integer, found " + v);
        }
        return v == null ? null : v.asLong();
    }

    private Integer integer(JsonNode parent, String key, String prefix) {
        JsonNode v = given(parent, key);
        if (v != null && !(v.isIntegralNumber() && v.canConvertToInt())) {
            throw f.bad("\"" + prefix + key + "\" must be an integer, found " + v);
        }
        return v == null ? null : v.asInt();
    }

    private Boolean flag(JsonNode parent, String key, String prefix) {
        JsonNode v = given(parent, key);
        if (v != null && !v.isBoolean()) {
            throw f.bad("\"" + prefix + key + "\" must be true or false, found " + JsonFields.kind(v));
        }
        return v == null ? null : v.asBoolean();
    }

    private boolean is(JsonNode parent, String key, String prefix) {
        return Boolean.TRUE.equals(flag(parent, key, prefix));
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
