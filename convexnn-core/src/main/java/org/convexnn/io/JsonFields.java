package org.convexnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.convexnn.linalg.Matrix;

/** Typed, validating access to the entries of one file's JSON tree; every failure names the file and the key. */
final class JsonFields {
    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    ModelFormatException bad(String what) {
        return new ModelFormatException(file + ": " + what);
    }

    JsonNode require(JsonNode parent, String key, String prefix) {
        JsonNode v = parent.get(key);
        if (v == null) {
            throw bad("missing key \"" + prefix + key + "\"");
        }
        return v;
    }

    JsonNode object(JsonNode parent, String key, String prefix) {
        JsonNode v = require(parent, key, prefix);
        if (!v.isObject()) {
            throw bad("\"" + prefix + key + "\" must be an object, found " + kind(v));
        }
        return v;
    }

    JsonNode array(JsonNode parent, String key, String prefix) {
        JsonNode v = require(parent, key, prefix);
        if (!v.isArray()) {
            throw bad("\"" + prefix + key + "\" must be an array, found " + kind(v));
        }
        return v;
    }

    String text(JsonNode parent, String key, String prefix) {
        JsonNode v = require(parent, key, prefix);
        if (!v.isTextual()) {
            throw bad("\"" + prefix + key + "\" must be a string, found " + kind(v));
        }
        return v.asText();
    }

    boolean bool(JsonNode parent, String key, String prefix) {
        JsonNode v = require(parent, key, prefix);
        if (!v.isBoolean()) {
            throw bad("\"" + prefix + key + "\" must be true or false, found " + kind(v));
        }
        return v.asBoolean();
    }

    int count(JsonNode parent, String key, String prefix, int min) {
        JsonNode v = require(parent, key, prefix);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw bad("\"" + prefix + key + "\" must be an integer >= " + min + ", found " + v);
        }
        return v.asInt();
    }

    /** A finite number. */
    double number(JsonNode v, String where) {
        if (v == null || !v.isNumber()) {
            throw bad(where + " is not a number: " + (v == null ? "missing" : v.toString()));
        }
        double x = v.doubleValue();
        if (!Double.isFinite(x)) {
            throw bad(where + " is not finite: " + v);
        }
        return x;
    }

    /** A vector of finite numbers under parent.key, of the given length (labels omit the "network." prefix). */
    double[] vector(JsonNode parent, String key, int len, String lenName, String prefix) {
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

    /** A rows x cols matrix of finite numbers under network.key. */
    Matrix matrix(JsonNode parent, String key, int rows, String rowsName, int cols, String colsName) {
        JsonNode a = array(parent, key, "network.");
        if (a.size() != rows) {
            throw bad(key + " has " + a.size() + " rows, expected " + rowsName + " " + rows);
        }
        for (int i = 0; i < rows; i++) {
            JsonNode r = a.get(i);
            if (!r.isArray()) {
                throw bad(key + "[" + i + "] must be an array, found " + kind(r));
            }
            if (r.size() != cols) {
                throw bad(key + " row " + i + " has " + r.size() + " entries, expected " + colsName + " " + cols);
            }
        }
        // every row has been checked to hold cols entries: the allocation is bounded by the file's contents
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            JsonNode r = a.get(i);
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = number(r.get(j), key + "[" + i + "][" + j + "]");
            }
        }
        return Matrix.wrap(rows, cols, data);
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
