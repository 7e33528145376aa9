package org.convexnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;
import org.convexnn.linalg.Matrix;

/**
 * Reads user-supplied gate vectors: one gate per line, separated by commas or by spaces/tabs, no header; lines starting with {@code #}
 * are comments and blank lines are skipped. Each line holds d values, or d + 1 when the model has a bias (the bias
 * coordinate last); with a bias, a line of d values gets bias coordinate 0.
 */
public final class GateFile {
    private GateFile() {
    }

    /**
     * Reads the gates as a G x (d or d + 1) matrix, one gate per row.
     *
     * @param file the gate file
     * @param d    the number of features
     * @param bias whether gates have a trailing bias coordinate
     * @throws DataFormatException with {@code file:line} for a wrong width or a non-finite value, or when the file
     *                             has no gates
     */
    public static Matrix read(Path file, int d, boolean bias) {
        if (d <= 0) {
            throw new IllegalArgumentException("d must be positive, got " + d);
        }
        int width = bias ? d + 1 : d;
        double[] data = new double[width * 16];
        int g = 0;
        int lineNo = 0;
        try (Reader r = DataFiles.open(file); BufferedReader in = new BufferedReader(r)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
                    continue;
                }
                String[] fields = split(trimmed);
                if (fields.length != width && !(bias && fields.length == d)) {
                    String expected = bias ? d + " (d) or " + (d + 1) + " (d+1 with the bias coordinate last)" : d + " (d)";
                    throw new DataFormatException(file + ":" + lineNo + ": " + fields.length + " value"
                            + (fields.length == 1 ? "" : "s") + ", expected " + expected);
                }
                if ((long) (g + 1) * width > data.length) {
                    data = Arrays.copyOf(data, Math.multiplyExact(2, data.length));
                }
                for (int j = 0; j < fields.length; j++) {
                    double v = Numbers.parse(fields[j]);
                    if (!Double.isFinite(v)) {
                        throw new DataFormatException(file + ":" + lineNo + ": value " + (j + 1) + ": "
                                + Numbers.whyNot(fields[j]));
                    }
                    data[g * width + j] = v;
                }
                g++;
            }
        } catch (IOException e) {
            throw DataFiles.failure(file, lineNo + 1, e);
        }
        if (g == 0) {
            throw new DataFormatException(file + ":" + Math.max(1, lineNo) + ": no gate vectors in the file");
        }
        return Matrix.wrap(g, width, Arrays.copyOf(data, g * width));
    }

    /**
     * Splits a trimmed line into fields: on commas when it has one (each field trimmed, so {@code "1, 2"} is two
     * values), else on runs of spaces and tabs, as NumPy's {@code savetxt} writes with either delimiter.
     */
    static String[] split(String line) {
        if (line.indexOf(',') < 0) {
            return WHITESPACE.split(line);
        }
        int count = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ',') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int end = line.indexOf(',', start);
            if (end < 0) {
                end = line.length();
            }
            out[k] = line.substring(start, end).trim();
            start = end + 1;
        }
        return out;
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("[ \\t]+");
}
