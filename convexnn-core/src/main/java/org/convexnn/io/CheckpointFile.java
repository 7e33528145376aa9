package org.convexnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.Matrix;

/**
 * A fit's checkpoint (issue 18, docs/model-format.md "Checkpoint files"): the current point of the program being
 * solved, the settings that define that program (and so regenerate its pattern set exactly), and fingerprints of the
 * training data and of those settings. {@code fit --resume} continues from the point as a warm start on the same
 * program, after checking both fingerprints and the point's shape.
 *
 * @param dataSha256     {@link #dataFingerprint} of the training data
 * @param settingsSha256 {@link #settingsFingerprint} of {@code settings}
 * @param settings       the program-defining settings, as text (in a fixed order)
 * @param seconds        solve time when the checkpoint was written
 * @param point          the point, G x d row-major (G groups of the program's d columns)
 */
public record CheckpointFile(String dataSha256, String settingsSha256, Map<String, String> settings,
                             double seconds, double[] point) {
    /** The {@code format} key's value. */
    public static final String FORMAT = "convexnn-checkpoint";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    public CheckpointFile {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        point = point.clone();
    }

    /** A checkpoint of a point, fingerprinting the data and the settings. */
    public static CheckpointFile of(Dataset data, Map<String, String> settings, double seconds, double[] point) {
        return new CheckpointFile(dataFingerprint(data), settingsFingerprint(settings), settings, seconds, point);
    }

    /** Writes the checkpoint atomically ({@link AtomicFiles}: a reader sees the old checkpoint or the new one). */
    public void write(Path target) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("data_sha256", dataSha256);
        o.put("settings_sha256", settingsSha256);
        ObjectNode s = o.putObject("settings");
        settings.forEach(s::put);
        o.put("length", point.length);
        Json.putNumber(o, "seconds", seconds);
        ArrayNode a = o.putArray("point");
        for (double v : point) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("checkpoint point has a non-finite value");
            }
            a.add(v);
        }
        Json.write(o, target);
    }

    /**
     * Reads a checkpoint.
     *
     * @throws ModelFormatException not a checkpoint of this version, or misshapen (the message names the file)
     */
    public static CheckpointFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFormatException(file + ": not a checkpoint file (not JSON: "
                    + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new ModelFormatException(file + ": not a checkpoint file (no \"format\": \"" + FORMAT + "\")");
        }
        if (root.path("version").asInt(-1) != VERSION || !root.path("version").isIntegralNumber()) {
            throw new ModelFormatException(file + ": checkpoint version " + root.path("version")
                    + " is not supported (this version reads " + VERSION + ")");
        }
        String data = text(root, "data_sha256", file);
        String sha = text(root, "settings_sha256", file);
        JsonNode s = root.path("settings");
        if (!s.isObject()) {
            throw new ModelFormatException(file + ": checkpoint has no \"settings\" object");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new ModelFormatException(file + ": checkpoint setting \"" + e.getKey() + "\" is not a string");
            }
            settings.put(e.getKey(), e.getValue().asText());
        }
        JsonNode p = root.path("point");
        if (!p.isArray() || !root.path("length").canConvertToInt() || root.path("length").asInt() != p.size()) {
            throw new ModelFormatException(file + ": checkpoint \"point\" is not an array of \"length\" numbers");
        }
        double[] point = new double[p.size()];
        for (int i = 0; i < point.length; i++) {
            JsonNode v = p.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new ModelFormatException(file + ": checkpoint \"point\"[" + i + "] is not a finite number");
            }
            point[i] = v.asDouble();
        }
        double seconds = root.path("seconds").isNumber() ? root.path("seconds").asDouble() : Double.NaN;
        return new CheckpointFile(data, sha, settings, seconds, point);
    }

    private static String text(JsonNode root, String key, Path file) {
        JsonNode v = root.path(key);
        if (!v.isTextual()) {
            throw new ModelFormatException(file + ": checkpoint has no \"" + key + "\" string");
        }
        return v.asText();
    }

    /**
     * SHA-256 (hex) of the training data: n, d, the outputs, then every feature and every (encoded) target as the bits
     * of its double, row by row.
     */
    public static String dataFingerprint(Dataset data) {
        MessageDigest md = sha256();
        update(md, data.features());
        update(md, data.targets());
        return hex(md.digest());
    }

    /** SHA-256 (hex) of the settings' {@code key=value} lines, in their order. */
    public static String settingsFingerprint(Map<String, String> settings) {
        MessageDigest md = sha256();
        settings.forEach((k, v) -> md.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
        return hex(md.digest());
    }

    /** SHA-256 (hex) of a matrix (its shape and the bits of its entries), for settings that hold one (gates). */
    public static String matrixFingerprint(Matrix m) {
        MessageDigest md = sha256();
        update(md, m);
        return hex(md.digest());
    }

    private static void update(MessageDigest md, Matrix m) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * 1024);
        b.putLong(m.rows()).putLong(m.cols());
        for (double v : m.data()) {
            if (!b.hasRemaining()) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putLong(Double.doubleToLongBits(v));
        }
        md.update(b.array(), 0, b.position());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }
}
