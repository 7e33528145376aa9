package org.convexnn.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;

/**
 * Reads and validates format-version-1 model files. Every failure is a {@link ModelFormatException} naming the file
 * and the key or entry that is wrong.
 */
public final class ModelReader {
    private final JsonFields f;
    private final Path source;

    private ModelReader(Path source) {
        this.source = source;
        this.f = new JsonFields(source.toString());
    }

    /**
     * Reads and validates a model file.
     * @throws ModelFormatException naming the file and what is wrong
     * @throws IOException          when the file cannot be read (e.g. it does not exist)
     */
    public static LoadedModel read(Path in) throws IOException {
        String name = in.toString();
        JsonNode root;
        try (InputStream is = Files.newInputStream(in)) {
            root = Json.MAPPER.readTree(is);
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
        return new ModelReader(in).model(root);
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    private LoadedModel model(JsonNode root) {
        if (!root.isObject()) {
            throw f.bad("expected a JSON object at the top level, found " + JsonFields.kind(root));
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !ModelFile.FORMAT.equals(format.asText())) {
            throw f.bad("not a convexnn model file (\"format\" is " + (format == null ? "missing" : format.toString())
                    + ", expected \"" + ModelFile.FORMAT + "\")");
        }
        JsonNode version = f.require(root, "format_version", "");
        if (!version.isIntegralNumber()) {
            throw f.bad("\"format_version\" must be an integer, found " + version);
        }
        if (version.asLong() != ModelFile.FORMAT_VERSION) {
            throw f.bad("unsupported format_version " + version.asText() + " (this build reads version "
                    + ModelFile.FORMAT_VERSION + ")");
        }
        JsonNode net = f.object(root, "network", "");
        JsonNode transform = f.object(root, "transform", "");
        TwoLayerNetwork network = network(net);
        int d = network.inputs();
        List<String> names = featureNames(transform, d);
        Standardization st = standardization(transform, d);
        TargetEncoding enc = target(f.object(transform, "target", "transform."), network.outputs());

        SectionReader sections = new SectionReader(f);
        JsonNode training = root.get("training");
        if (training == null || !training.isObject()) {
            throw f.bad("\"training\" is " + (training == null ? "missing" : "not an object"));
        }
        TrainingRecord tr = sections.training(training);
        JsonNode summary = root.get("summary");
        if (summary == null || !summary.isObject()) {
            throw f.bad("\"summary\" is " + (summary == null ? "missing" : "not an object"));
        }
        SummaryRecord sr = sections.summary(summary);
        JsonNode provenance = root.get("provenance");
        if (provenance != null && !provenance.isObject() && !provenance.isNull()) {
            throw f.bad("\"provenance\" must be an object");
        }
        Provenance pr = provenance == null || provenance.isNull() ? null : sections.provenance(provenance);
        return new LoadedModel(network, names, enc, st, tr, sr, pr, source);
    }

    private TwoLayerNetwork network(JsonNode net) {
        String act = f.text(net, "activation", "network.");
        boolean gated = f.bool(net, "gated", "network.");
        int d = f.count(net, "inputs", "network.", 1);
        int m = f.count(net, "width", "network.", 0);
        int c = f.count(net, "outputs", "network.", 1);
        Activation activation;
        double slope = 0;
        if ("leaky-relu".equals(act)) {
            slope = f.number(f.require(net, "negative_slope", "network."), "network.negative_slope");
        }
        try {
            activation = Activation.of(act, slope);
        } catch (IllegalArgumentException e) {
            throw f.bad("unknown activation '" + act + "' (expected relu, leaky-relu, abs or linear)");
        }
        Matrix w1 = f.matrix(net, "W1", m, "width", d, "inputs");
        double[] b1 = f.vector(net, "b1", m, "width", "network.");
        Matrix w2 = f.matrix(net, "W2", c, "outputs", m, "width");
        double[] b2 = f.vector(net, "b2", c, "outputs", "network.");
        Matrix gates = null;
        double[] gateBias = null;
        JsonNode g = net.get("gates");
        if (gated) {
            if (g == null || g.isNull()) {
                throw f.bad("network.gated is true but \"gates\" is " + (g == null ? "missing" : "null"));
            }
            gates = f.matrix(net, "gates", m, "width", d, "inputs");
            JsonNode gb = net.get("gate_bias");
            gateBias = gb == null || gb.isNull() ? new double[m] : f.vector(net, "gate_bias", m, "width", "network.");
        } else if (g != null && !g.isNull()) {
            throw f.bad("network.gated is false but \"gates\" is present");
        }
        try {
            return new TwoLayerNetwork(activation, w1, b1, w2, b2, gates, gateBias);
        } catch (IllegalArgumentException e) {
            throw f.bad("inconsistent network: " + e.getMessage());
        }
    }

    private List<String> featureNames(JsonNode transform, int d) {
        JsonNode namesNode = f.array(transform, "feature_names", "transform.");
        if (namesNode.size() != d) {
            throw f.bad("transform.feature_names has " + namesNode.size() + " names, expected inputs " + d);
        }
        List<String> names = new ArrayList<>(d);
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < d; j++) {
            JsonNode e = namesNode.get(j);
            if (!e.isTextual()) {
                throw f.bad("transform.feature_names[" + j + "] is not a string: " + e);
            }
            if (!seen.add(e.asText())) {
                throw f.bad("transform.feature_names has the name '" + e.asText() + "' twice");
            }
            names.add(e.asText());
        }
        return names;
    }

    private Standardization standardization(JsonNode transform, int d) {
        JsonNode sn = transform.get("standardization");
        if (sn == null || sn.isNull()) {
            return null;
        }
        if (!sn.isObject()) {
            throw f.bad("transform.standardization must be an object or null, found " + JsonFields.kind(sn));
        }
        double[] means = f.vector(sn, "means", d, "inputs", "transform.standardization.");
        double[] scales = f.vector(sn, "scales", d, "inputs", "transform.standardization.");
        for (int j = 0; j < d; j++) {
            if (!(scales[j] > 0)) {
                throw f.bad("transform.standardization.scales[" + j + "] must be > 0, found " + scales[j]);
            }
        }
        return new Standardization(means, scales);
    }

    private TargetEncoding target(JsonNode t, int c) {
        String task = f.text(t, "task", "transform.target.");
        JsonNode nameNode = t.get("name");
        String name = nameNode == null || nameNode.isNull() ? null : nameNode.asText();
        List<String> classes = classes(t.get("classes"));
        Task tk;
        switch (task) {
            case "regression" -> {
                tk = Task.REGRESSION;
                if (!classes.isEmpty()) {
                    throw f.bad("transform.target: a regression target has no classes, found " + classes);
                }
                if (c != 1) {
                    throw f.bad("transform.target: regression needs 1 output, network has outputs " + c);
                }
            }
            case "binary" -> {
                tk = Task.BINARY;
                if (classes.size() != 2) {
                    throw f.bad("transform.target: binary needs 2 classes, found " + classes.size());
                }
                if (c != 1) {
                    throw f.bad("transform.target: binary needs 1 output, network has outputs " + c);
                }
            }
            case "multiclass" -> {
                tk = Task.MULTICLASS;
                if (classes.size() < 3) {
                    throw f.bad("transform.target: multiclass needs at least 3 classes, found " + classes.size());
                }
                if (classes.size() != c) {
                    throw f.bad("transform.target has " + classes.size() + " classes but the network has outputs " + c);
                }
            }
            default -> throw f.bad("transform.target.task '" + task
                    + "' is unknown (expected regression, binary or multiclass)");
        }
        return new TargetEncoding(tk, name, classes);
    }

    private List<String> classes(JsonNode cl) {
        List<String> classes = new ArrayList<>();
        if (cl != null && !cl.isNull()) {
            if (!cl.isArray()) {
                throw f.bad("transform.target.classes must be an array, found " + JsonFields.kind(cl));
            }
            for (int k = 0; k < cl.size(); k++) {
                JsonNode e = cl.get(k);
                if (!e.isValueNode() || e.isNull()) {
                    throw f.bad("transform.target.classes[" + k + "] must be a string, found " + e);
                }
                classes.add(e.asText());
            }
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw f.bad("transform.target.classes has a repeated class: " + classes);
        }
        return classes;
    }
}
