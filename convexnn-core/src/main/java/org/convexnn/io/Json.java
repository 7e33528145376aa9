package org.convexnn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.linalg.Matrix;

/** The JSON mapper of the io files and the small helpers their writers share. */
final class Json {
    /** Pretty-printing, strict mapper (no duplicate keys, nothing after the value). */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Writes a JSON tree atomically (pretty-printed, trailing newline). */
    static void write(JsonNode root, Path out) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(root);
        AtomicFiles.write(out, os -> {
            os.write(bytes);
            os.write('\n');
        });
    }

    /** Puts a finite number under key, or JSON null for NaN and infinities (which JSON cannot hold). */
    static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Puts a number when it is given (non-finite as null); nothing when null. */
    static void putIfGiven(ObjectNode o, String key, Double v) {
        if (v != null) {
            putNumber(o, key, v);
        }
    }

    static ArrayNode matrix(Matrix m) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            a.add(vector(m.row(i)));
        }
        return a;
    }

    static ArrayNode vector(double[] v) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(v.length);
        for (double x : v) {
            a.add(x);
        }
        return a;
    }
}
