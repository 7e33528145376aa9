package org.convexnn.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convexnn.api.FitSummary;
import org.convexnn.api.TrainerSettings;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;

/**
 * Reads and writes model files (JSON, format "convexnn-model", version 1; see docs/model-format.md).
 * Writing is atomic (temporary file + rename). Reading validates every entry and throws
 * {@link ModelFormatException} naming the file and the problem.
 */
public final class ModelFile {
    public static final String FORMAT = "convexnn-model";
    public static final int FORMAT_VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ModelFile() {
    }

    /** Writes a fit atomically. */
    public static void write(TwoLayerFit fit, Path out) throws IOException {
        write(fit, out, null);
    }

    /**
     * Writes a fit atomically, recording the gates file it was trained with (or null).
     * @throws IOException when the file cannot be written (nothing is left behind)
     */
    public static void write(TwoLayerFit fit, Path out, String gatesFile) throws IOException {
        ObjectNode root = toJson(fit, gatesFile);
        writeJson(root, out);
    }

    /** Writes any JSON tree atomically (shared by the summary writer). */
    static void writeJson(JsonNode root, Path out) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(root);
        AtomicFiles.write(out, os -> {
            os.write(bytes);
            os.write('\n');
        });
    }

    /** The JSON tree of a fit, as {@link #write} stores it. */
    public static ObjectNode toJson(TwoLayerFit fit, String gatesFile) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        TwoLayerNetwork net = fit.network();
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);

        ObjectNode n = root.putObject("network");
        Activation act = net.activation();
        n.put("activation", act.name());
        if ("leaky-relu".equals(act.name())) {
            n.put("negative_slope", act.negative());
        }
        n.put("gated", net.isGated());
        n.put("inputs", net.inputs());
        n.put("width", net.width());
        n.put("outputs", net.outputs());
        n.set("W1", matrix(net.w1()));
        n.set("b1", vector(net.b1()));
        n.set("W2", matrix(net.w2()));
        n.set("b2", vector(net.b2()));
        if (net.isGated()) {
            n.set("gates", matrix(net.gates()));
            n.set("gate_bias", vector(net.gateBias()));
        } else {
            n.putNull("gates");
            n.putNull("gate_bias");
        }

        ObjectNode t = root.putObject("transform");
        ArrayNode names = t.putArray("feature_names");
        fit.featureNames().forEach(names::add);
        Standardization st = fit.standardization();
        if (st == null || isIdentity(st)) {
            t.putNull("standardization");
        } else {
            ObjectNode s = t.putObject("standardization");
            s.set("means", vector(st.means()));
            s.set("scales", vector(st.scales()));
        }
        TargetEncoding enc = fit.encoding() != null ? fit.encoding() : defaultEncoding(fit);
        ObjectNode target = t.putObject("target");
        target.put("task", taskName(enc.task()));
        if (enc.targetName() == null) {
            target.putNull("name");
        } else {
            target.put("name", enc.targetName());
        }
        ArrayNode classes = target.putArray("classes");
        enc.classes().forEach(classes::add);

        root.set("training", trainingJson(fit.settings(), gatesFile));
        root.set("summary", summaryJson(fit.summary()));

        ObjectNode p = root.putObject("provenance");
        p.put("convexnn_version", Version.get());
        p.put("java_version", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name"));
        p.put("arch", System.getProperty("os.arch"));
        p.put("created", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return root;
    }

    private static TargetEncoding defaultEncoding(TwoLayerFit fit) {
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

    static boolean isIdentity(Standardization st) {
        for (int j = 0; j < st.dim(); j++) {
            if (st.means()[j] != 0.0 || st.scales()[j] != 1.0) {
                return false;
            }
        }
        return true;
    }

    /** The "training" object: the settings of a fit (non-finite numbers as null). */
    static ObjectNode trainingJson(TrainerSettings s, String gatesFile) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (s == null) {
            return o;
        }
        o.put("model", s.model().cliName());
        o.put("loss", s.loss().cliName());
        SummaryWriter.putNumber(o, "lambda", s.lambda());
        o.put("patterns", s.patterns());
        o.put("patterns_exact", s.exactPatterns());
        o.put("max_patterns", s.maxPatterns());
        if (s.model() == org.convexnn.api.Model.LEAKY_RELU) {
            SummaryWriter.putNumber(o, "leaky_slope", s.leakySlope());
        }
        o.put("bias", s.bias().cliName());
        if (s.outputBias()) {
            o.put("output_bias", true);
        }
        if (s.lowRank() > 0) {
            o.put("low_rank", s.lowRank());
        }
        o.put("standardize", s.standardize());
        o.put("solver", s.solver().cliName());
        SummaryWriter.putNumber(o, "tol", s.tol());
        o.put("max_iter", s.maxIterations());
        SummaryWriter.putNumber(o, "time_limit", s.timeLimitSeconds());
        o.put("threads", s.threads());
        o.put("seed", s.seed());
        if (s.options().prune()) {
            o.put("prune", true);
        }
        if (s.options().sgdEpochs() > 0) {
            o.put("sgd_pattern_epochs", s.options().sgdEpochs());
            o.put("sgd_pattern_width", s.options().sgdWidth());
        }
        if (!s.options().patternNetworks().isEmpty()) {
            o.put("pattern_networks", s.options().patternNetworks().size());
        }
        if (gatesFile != null) {
            o.put("gates_file", gatesFile);
        }
        return o;
    }

    /** The "summary" object: the final numbers of a fit (non-finite numbers as null). */
    static ObjectNode summaryJson(FitSummary s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (s == null) {
            return o;
        }
        SummaryWriter.putNumber(o, "objective", s.objective());
        SummaryWriter.putNumber(o, "convex_objective", s.convexObjective());
        SummaryWriter.putNumber(o, "lower_bound", s.lowerBound());
        SummaryWriter.putNumber(o, "gap", s.gap());
        SummaryWriter.putNumber(o, "relative_gap", s.relativeGap());
        o.put("status", s.status() == null ? null : s.status().name());
        o.put("iterations", s.iterations());
        SummaryWriter.putNumber(o, "seconds", s.seconds());
        o.put("patterns", s.patterns());
        o.put("neurons", s.neurons());
        SummaryWriter.putNumber(o, "max_cone_violation", s.maxConeViolation());
        SummaryWriter.putNumber(o, "train_metric", s.trainMetric());
        o.put("train_metric_name", s.trainMetricName());
        o.put("solver", s.solver());
        o.put("blas", s.blas());
        o.put("patterns_exact", s.patternsExact());
        if (s.cells() == null) {
            o.putNull("cells");
        } else {
            o.put("cells", s.cells().longValue());
        }
        if (s.approximationBound() != null) {
            SummaryWriter.putNumber(o, "approximation_bound", s.approximationBound());
        }
        if (s.neuronsBeforePrune() == null) {
            o.putNull("neurons_before_prune");
        } else {
            o.put("neurons_before_prune", s.neuronsBeforePrune().intValue());
        }
        if (s.peakHeapMb() != null) {
            SummaryWriter.putNumber(o, "peak_heap_mb", s.peakHeapMb());
        }
        return o;
    }

    private static String taskName(Task t) {
        return switch (t) {
            case REGRESSION -> "regression";
            case BINARY -> "binary";
            case MULTICLASS -> "multiclass";
        };
    }

    private static ArrayNode matrix(Matrix m) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            a.add(vector(m.row(i)));
        }
        return a;
    }

    private static ArrayNode vector(double[] v) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(v.length);
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and validates a model file.
     * @throws ModelFormatException naming the file and what is wrong
     * @throws IOException          when the file cannot be read (e.g. it does not exist)
     */
    public static LoadedModel read(Path in) throws IOException {
        String name = in.toString();
        JsonNode root;
        try (InputStream is = Files.newInputStream(in)) {
            root = MAPPER.readTree(is);
        } catch (JsonEOFException e) {
            throw new ModelFormatException(name + ": not valid JSON (truncated?) at " + where(e), e);
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                // Jackson reports an end inside an array as a parse error, not an EOF exception
                throw new ModelFormatException(name + ": not valid JSON (truncated?) at " + where(e), e);
            }
            throw new ModelFormatException(name + ": not valid JSON at " + where(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(name + ": not valid JSON at " + where(e) + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelFormatException(name + ": empty file, expected a convexnn model (JSON)");
        }
        return new Reader(name, in).model(root);
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    /** Path-aware validating reader of the JSON tree. */
    private static final class Reader {
        private final String file;
        private final Path source;

        Reader(String file, Path source) {
            this.file = file;
            this.source = source;
        }

        ModelFormatException bad(String what) {
            return new ModelFormatException(file + ": " + what);
        }

        LoadedModel model(JsonNode root) {
            if (!root.isObject()) {
                throw bad("expected a JSON object at the top level, found " + kind(root));
            }
            JsonNode format = root.get("format");
            if (format == null || !format.isTextual() || !FORMAT.equals(format.asText())) {
                throw bad("not a convexnn model file (\"format\" is " + (format == null ? "missing" : format.toString())
                        + ", expected \"" + FORMAT + "\")");
            }
            JsonNode version = require(root, "format_version", "");
            if (!version.isIntegralNumber()) {
                throw bad("\"format_version\" must be an integer, found " + version);
            }
            if (version.asLong() != FORMAT_VERSION) {
                throw bad("unsupported format_version " + version.asText() + " (this build reads version "
                        + FORMAT_VERSION + ")");
            }
            JsonNode net = object(root, "network", "");
            JsonNode transform = object(root, "transform", "");

            String act = text(net, "activation", "network.");
            boolean gated = bool(net, "gated", "network.");
            int d = count(net, "inputs", "network.", 1);
            int m = count(net, "width", "network.", 0);
            int c = count(net, "outputs", "network.", 1);
            Activation activation;
            double slope = 0;
            if ("leaky-relu".equals(act)) {
                slope = number(require(net, "negative_slope", "network."), "network.negative_slope");
            }
            try {
                activation = Activation.of(act, slope);
            } catch (IllegalArgumentException e) {
                throw bad("unknown activation '" + act + "' (expected relu, leaky-relu, abs or linear)");
            }
            Matrix w1 = matrix(net, "W1", m, "width", d, "inputs");
            double[] b1 = vector(net, "b1", m, "width");
            Matrix w2 = matrix(net, "W2", c, "outputs", m, "width");
            double[] b2 = vector(net, "b2", c, "outputs");
            Matrix gates = null;
            double[] gateBias = null;
            JsonNode g = net.get("gates");
            if (gated) {
                if (g == null || g.isNull()) {
                    throw bad("network.gated is true but \"gates\" is " + (g == null ? "missing" : "null"));
                }
                gates = matrix(net, "gates", m, "width", d, "inputs");
                JsonNode gb = net.get("gate_bias");
                gateBias = gb == null || gb.isNull() ? new double[m] : vector(net, "gate_bias", m, "width");
            } else if (g != null && !g.isNull()) {
                throw bad("network.gated is false but \"gates\" is present");
            }
            TwoLayerNetwork network;
            try {
                network = new TwoLayerNetwork(activation, w1, b1, w2, b2, gates, gateBias);
            } catch (IllegalArgumentException e) {
                throw bad("inconsistent network: " + e.getMessage());
            }

            JsonNode namesNode = array(transform, "feature_names", "transform.");
            if (namesNode.size() != d) {
                throw bad("transform.feature_names has " + namesNode.size() + " names, expected inputs " + d);
            }
            List<String> names = new ArrayList<>(d);
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < d; j++) {
                JsonNode e = namesNode.get(j);
                if (!e.isTextual()) {
                    throw bad("transform.feature_names[" + j + "] is not a string: " + e);
                }
                if (!seen.add(e.asText())) {
                    throw bad("transform.feature_names has the name '" + e.asText() + "' twice");
                }
                names.add(e.asText());
            }
            Standardization st = null;
            JsonNode sn = transform.get("standardization");
            if (sn != null && !sn.isNull()) {
                if (!sn.isObject()) {
                    throw bad("transform.standardization must be an object or null, found " + kind(sn));
                }
                double[] means = vector(sn, "means", d, "inputs", "transform.standardization.");
                double[] scales = vector(sn, "scales", d, "inputs", "transform.standardization.");
                for (int j = 0; j < d; j++) {
                    if (!(scales[j] > 0)) {
                        throw bad("transform.standardization.scales[" + j + "] must be > 0, found " + scales[j]);
                    }
                }
                st = new Standardization(means, scales);
            }
            TargetEncoding enc = target(object(transform, "target", "transform."), c);

            JsonNode training = root.get("training");
            if (training == null || !training.isObject()) {
                throw bad("\"training\" is " + (training == null ? "missing" : "not an object"));
            }
            JsonNode loss = training.get("loss");
            if (loss != null && !loss.isNull()) {
                try {
                    Loss.fromCliName(loss.asText());
                } catch (IllegalArgumentException e) {
                    throw bad("training.loss: " + e.getMessage());
                }
            }
            JsonNode summary = root.get("summary");
            if (summary == null || !summary.isObject()) {
                throw bad("\"summary\" is " + (summary == null ? "missing" : "not an object"));
            }
            JsonNode provenance = root.get("provenance");
            if (provenance != null && !provenance.isObject() && !provenance.isNull()) {
                throw bad("\"provenance\" must be an object");
            }
            return new LoadedModel(network, names, enc, st, training, summary, provenance, source);
        }

        private TargetEncoding target(JsonNode t, int c) {
            String task = text(t, "task", "transform.target.");
            JsonNode nameNode = t.get("name");
            String name = nameNode == null || nameNode.isNull() ? null : nameNode.asText();
            JsonNode cl = t.get("classes");
            List<String> classes = new ArrayList<>();
            if (cl != null && !cl.isNull()) {
                if (!cl.isArray()) {
                    throw bad("transform.target.classes must be an array, found " + kind(cl));
                }
                for (int k = 0; k < cl.size(); k++) {
                    JsonNode e = cl.get(k);
                    if (!e.isValueNode() || e.isNull()) {
                        throw bad("transform.target.classes[" + k + "] must be a string, found " + e);
                    }
                    classes.add(e.asText());
                }
            }
            if (new HashSet<>(classes).size() != classes.size()) {
                throw bad("transform.target.classes has a repeated class: " + classes);
            }
            Task tk;
            switch (task) {
                case "regression" -> {
                    tk = Task.REGRESSION;
                    if (!classes.isEmpty()) {
                        throw bad("transform.target: a regression target has no classes, found " + classes);
                    }
                    if (c != 1) {
                        throw bad("transform.target: regression needs 1 output, network has outputs " + c);
                    }
                }
                case "binary" -> {
                    tk = Task.BINARY;
                    if (classes.size() != 2) {
                        throw bad("transform.target: binary needs 2 classes, found " + classes.size());
                    }
                    if (c != 1) {
                        throw bad("transform.target: binary needs 1 output, network has outputs " + c);
                    }
                }
                case "multiclass" -> {
                    tk = Task.MULTICLASS;
                    if (classes.size() < 3) {
                        throw bad("transform.target: multiclass needs at least 3 classes, found " + classes.size());
                    }
                    if (classes.size() != c) {
                        throw bad("transform.target has " + classes.size() + " classes but the network has outputs " + c);
                    }
                }
                default -> throw bad("transform.target.task '" + task + "' is unknown (expected regression, binary or multiclass)");
            }
            return new TargetEncoding(tk, name, classes);
        }

        private JsonNode require(JsonNode parent, String key, String prefix) {
            JsonNode v = parent.get(key);
            if (v == null) {
                throw bad("missing key \"" + prefix + key + "\"");
            }
            return v;
        }

        private JsonNode object(JsonNode parent, String key, String prefix) {
            JsonNode v = require(parent, key, prefix);
            if (!v.isObject()) {
                throw bad("\"" + prefix + key + "\" must be an object, found " + kind(v));
            }
            return v;
        }

        private JsonNode array(JsonNode parent, String key, String prefix) {
            JsonNode v = require(parent, key, prefix);
            if (!v.isArray()) {
                throw bad("\"" + prefix + key + "\" must be an array, found " + kind(v));
            }
            return v;
        }

        private String text(JsonNode parent, String key, String prefix) {
            JsonNode v = require(parent, key, prefix);
            if (!v.isTextual()) {
                throw bad("\"" + prefix + key + "\" must be a string, found " + kind(v));
            }
            return v.asText();
        }

        private boolean bool(JsonNode parent, String key, String prefix) {
            JsonNode v = require(parent, key, prefix);
            if (!v.isBoolean()) {
                throw bad("\"" + prefix + key + "\" must be true or false, found " + kind(v));
            }
            return v.asBoolean();
        }

        private int count(JsonNode parent, String key, String prefix, int min) {
            JsonNode v = require(parent, key, prefix);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
                throw bad("\"" + prefix + key + "\" must be an integer >= " + min + ", found " + v);
            }
            return v.asInt();
        }

        private double number(JsonNode v, String where) {
            if (v == null || !v.isNumber()) {
                throw bad(where + " is not a number: " + (v == null ? "missing" : v.toString()));
            }
            double x = v.doubleValue();
            if (!Double.isFinite(x)) {
                throw bad(where + " is not finite: " + v);
            }
            return x;
        }

        private double[] vector(JsonNode parent, String key, int len, String lenName) {
            return vector(parent, key, len, lenName, "network.");
        }

        private double[] vector(JsonNode parent, String key, int len, String lenName, String prefix) {
            JsonNode a = array(parent, key, prefix);
            String label = prefix.startsWith("network.") ? key : prefix + key;
            if (a.size() != len) {
                throw bad(label + " has length " + a.size() + ", expected " + lenName + " " + len);
            }
            double[] v = new double[len];
            for (int i = 0; i < len; i++) {
                v[i] = number(a.get(i), label + "[" + i + "]");
            }
            return v;
        }

        private Matrix matrix(JsonNode parent, String key, int rows, String rowsName, int cols, String colsName) {
            JsonNode a = array(parent, key, "network.");
            if (a.size() != rows) {
                throw bad(key + " has " + a.size() + " rows, expected " + rowsName + " " + rows);
            }
            double[] data = new double[Math.multiplyExact(rows, cols)];
            for (int i = 0; i < rows; i++) {
                JsonNode r = a.get(i);
                if (!r.isArray()) {
                    throw bad(key + "[" + i + "] must be an array, found " + kind(r));
                }
                if (r.size() != cols) {
                    throw bad(key + " row " + i + " has " + r.size() + " entries, expected " + colsName + " " + cols);
                }
                for (int j = 0; j < cols; j++) {
                    data[i * cols + j] = number(r.get(j), key + "[" + i + "][" + j + "]");
                }
            }
            return Matrix.wrap(rows, cols, data);
        }

        private static String kind(JsonNode n) {
            return switch (n.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
