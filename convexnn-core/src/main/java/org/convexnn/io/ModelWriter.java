package org.convexnn.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;

/** Writes model documents as format-version-1 model files, atomically (temporary file + rename). */
public final class ModelWriter {
    private ModelWriter() {
    }

    /**
     * Writes a model file atomically.
     * @throws IOException when the file cannot be written (nothing is left behind)
     */
    public static void write(ModelDocument doc, Path out) throws IOException {
        Json.write(toJson(doc), out);
    }

    /** The JSON tree of a document, as {@link #write} stores it. */
    public static ObjectNode toJson(ModelDocument doc) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", ModelFile.FORMAT);
        root.put("format_version", ModelFile.FORMAT_VERSION);
        root.set("network", network(doc.network()));
        ObjectNode t = root.putObject("transform");
        ArrayNode names = t.putArray("feature_names");
        doc.featureNames().forEach(names::add);
        Standardization st = doc.standardization();
        if (st == null || isIdentity(st)) {
            t.putNull("standardization");
        } else {
            ObjectNode s = t.putObject("standardization");
            s.set("means", Json.vector(st.means()));
            s.set("scales", Json.vector(st.scales()));
        }
        t.set("target", target(doc.encoding()));
        root.set("training", SectionWriter.training(doc.training()));
        ObjectNode summary = SectionWriter.summary(doc.summary());
        SectionWriter.outcome(summary, doc.summary());
        root.set("summary", summary);
        root.set("provenance", SectionWriter.provenance(doc.provenance()));
        return root;
    }

    private static ObjectNode network(TwoLayerNetwork net) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        Activation act = net.activation();
        n.put("activation", act.name());
        if ("leaky-relu".equals(act.name())) {
            n.put("negative_slope", act.negative());
        }
        n.put("gated", net.isGated());
        n.put("inputs", net.inputs());
        n.put("width", net.width());
        n.put("outputs", net.outputs());
        n.set("W1", Json.matrix(net.w1()));
        n.set("b1", Json.vector(net.b1()));
        n.set("W2", Json.matrix(net.w2()));
        n.set("b2", Json.vector(net.b2()));
        if (net.isGated()) {
            n.set("gates", Json.matrix(net.gates()));
            n.set("gate_bias", Json.vector(net.gateBias()));
        } else {
            n.putNull("gates");
            n.putNull("gate_bias");
        }
        return n;
    }

    private static ObjectNode target(TargetEncoding enc) {
        ObjectNode target = JsonNodeFactory.instance.objectNode();
        target.put("task", TaskNames.name(enc.task()));
        target.put("name", enc.targetName());
        ArrayNode classes = target.putArray("classes");
        enc.classes().forEach(classes::add);
        return target;
    }

    static boolean isIdentity(Standardization st) {
        for (int j = 0; j < st.dim(); j++) {
            if (st.means()[j] != 0.0 || st.scales()[j] != 1.0) {
                return false;
            }
        }
        return true;
    }
}
