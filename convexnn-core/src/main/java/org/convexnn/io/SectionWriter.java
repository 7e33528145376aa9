package org.convexnn.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.convexnn.io.SummaryRecord.BaselineOutcome;
import org.convexnn.io.TrainingRecord.BaselineTraining;

/** The {@code training}, {@code summary} and {@code provenance} objects of the io files, in their key order. */
final class SectionWriter {
    private SectionWriter() {
    }

    /** The "training" object (empty for null). */
    static ObjectNode training(TrainingRecord t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (t == null) {
            return o;
        }
        putText(o, "model", t.model());
        putText(o, "loss", t.loss() == null ? null : t.loss().cliName());
        Json.putIfGiven(o, "lambda", t.lambda());
        putInt(o, "patterns", t.patterns());
        putBool(o, "patterns_exact", t.patternsExact());
        if (t.maxPatterns() != null) {
            o.put("max_patterns", t.maxPatterns().longValue());
        }
        Json.putIfGiven(o, "leaky_slope", t.leakySlope());
        putText(o, "bias", t.bias());
        if (t.outputBias()) {
            o.put("output_bias", true);
        }
        if (t.lowRank() > 0) {
            o.put("low_rank", t.lowRank());
        }
        putBool(o, "standardize", t.standardize());
        putText(o, "solver", t.solver());
        Json.putIfGiven(o, "tol", t.tol());
        putInt(o, "max_iter", t.maxIterations());
        Json.putIfGiven(o, "time_limit", t.timeLimitSeconds());
        putInt(o, "threads", t.threads());
        if (t.seed() != null) {
            o.put("seed", t.seed().longValue());
        }
        if (t.prune()) {
            o.put("prune", true);
        }
        if (t.sgdPatternEpochs() > 0) {
            o.put("sgd_pattern_epochs", t.sgdPatternEpochs());
            o.put("sgd_pattern_width", t.sgdPatternWidth());
        }
        if (t.patternNetworks() > 0) {
            o.put("pattern_networks", t.patternNetworks());
        }
        putText(o, "gates_file", t.gatesFile());
        BaselineTraining b = t.baseline();
        if (b != null) {
            putText(o, "optimizer", b.optimizer());
            Json.putIfGiven(o, "lr", b.learningRate());
            putInt(o, "epochs", b.epochs());
            putInt(o, "batch_size", b.batchSize());
            putInt(o, "width", b.width());
        }
        return o;
    }

    /** The "summary" object (empty for null), without the baseline's outcome. */
    static ObjectNode summary(SummaryRecord s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (s == null) {
            return o;
        }
        Json.putNumber(o, "objective", s.objective());
        Json.putNumber(o, "convex_objective", s.convexObjective());
        Json.putNumber(o, "lower_bound", s.lowerBound());
        Json.putNumber(o, "gap", s.gap());
        Json.putNumber(o, "relative_gap", s.relativeGap());
        o.put("status", s.status());
        o.put("iterations", s.iterations());
        Json.putNumber(o, "seconds", s.seconds());
        o.put("patterns", s.patterns());
        o.put("neurons", s.neurons());
        Json.putNumber(o, "max_cone_violation", s.maxConeViolation());
        Json.putNumber(o, "train_metric", s.trainMetric());
        o.put("train_metric_name", s.trainMetricName());
        o.put("solver", s.solver());
        o.put("blas", s.blas());
        o.put("patterns_exact", s.patternsExact());
        o.put("cells", s.cells());
        Json.putIfGiven(o, "approximation_bound", s.approximationBound());
        o.put("neurons_before_prune", s.neuronsBeforePrune());
        Json.putIfGiven(o, "peak_heap_mb", s.peakHeapMb());
        return o;
    }

    /** Appends the baseline's outcome (nothing for a convex fit). */
    static void outcome(ObjectNode o, SummaryRecord s) {
        BaselineOutcome b = s == null ? null : s.baseline();
        if (b != null) {
            putInt(o, "epochs_run", b.epochsRun());
            putBool(o, "diverged", b.diverged());
        }
    }

    /** The "provenance" object; solver settings only when recorded. */
    static ObjectNode provenance(Provenance p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("convexnn_version", p.convexnnVersion());
        o.put("java_version", p.javaVersion());
        o.put("os", p.os());
        o.put("arch", p.arch());
        o.put("created", p.created() == null ? null : p.created().toString());
        if (p.seconds() != null) {
            o.put("seconds", p.seconds());
        }
        if (!p.solverSettings().isEmpty()) {
            ObjectNode s = o.putObject("solver_settings");
            p.solverSettings().forEach((k, v) -> {
                if (v instanceof String str) {
                    s.put(k, str);
                } else if (v instanceof Boolean bool) {
                    s.put(k, bool);
                } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                    s.put(k, ((Number) v).longValue());
                } else if (v instanceof BigInteger big) {
                    s.put(k, big);
                } else if (v instanceof BigDecimal dec) {
                    s.put(k, dec);
                } else {
                    Json.putNumber(s, k, ((Number) v).doubleValue());
                }
            });
        }
        return o;
    }

    private static void putText(ObjectNode o, String key, String v) {
        if (v != null) {
            o.put(key, v);
        }
    }

    private static void putInt(ObjectNode o, String key, Integer v) {
        if (v != null) {
            o.put(key, v.intValue());
        }
    }

    private static void putBool(ObjectNode o, String key, Boolean v) {
        if (v != null) {
            o.put(key, v.booleanValue());
        }
    }
}
