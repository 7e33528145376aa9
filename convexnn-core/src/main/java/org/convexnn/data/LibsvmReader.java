package org.convexnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convexnn.linalg.Matrix;

/**
 * Reads sparse LIBSVM/SVMlight files ({@code label idx:val idx:val ...}, 1-based ascending indices) into a dense
 * {@link LabeledTable} with features named {@code f1..fd} and target name {@code label}. Text after {@code #} is a
 * comment; blank lines are skipped; absent indices are zero.
 */
public final class LibsvmReader {
    /** The target name given to LIBSVM labels. */
    public static final String TARGET_NAME = "label";

    private LibsvmReader() {
    }

    /**
     * Reads a LIBSVM file.
     *
     * @param file        the file
     * @param numFeatures the number of features d, or 0 to use the largest index in the file
     * @throws DataFormatException with {@code file:line} for malformed entries, or when there is no data
     */
    public static LabeledTable read(Path file, int numFeatures) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        List<String> labels = new ArrayList<>();
        List<int[]> rowIndex = new ArrayList<>();
        List<double[]> rowValues = new ArrayList<>();
        int[] lines = new int[64];
        int maxIndex = 0;
        int lineNo = 0;
        try (Reader r = DataFiles.open(file); BufferedReader in = new BufferedReader(r, 1 << 16)) {
            int[] idx = new int[16];
            double[] val = new double[16];
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                String[] tokens = tokens(line);
                if (tokens.length == 0) {
                    continue;
                }
                String where = file + ":" + lineNo;
                String label = tokens[0];
                if (label.indexOf(':') >= 0) {
                    throw new DataFormatException(where + ": the line starts with '" + label
                            + "' but should start with a label");
                }
                int m = tokens.length - 1;
                if (idx.length < m) {
                    idx = new int[m];
                    val = new double[m];
                }
                int previous = 0;
                for (int k = 0; k < m; k++) {
                    String tok = tokens[k + 1];
                    int colon = tok.indexOf(':');
                    if (colon <= 0 || colon == tok.length() - 1) {
                        throw new DataFormatException(where + ": bad entry '" + tok + "' (expected index:value)");
                    }
                    int index = parseIndex(tok.substring(0, colon), where, tok);
                    if (index <= previous) {
                        throw new DataFormatException(where + ": index " + index + " after index " + previous
                                + " (indices must be strictly ascending)");
                    }
                    if (numFeatures > 0 && index > numFeatures) {
                        throw new DataFormatException(where + ": index " + index + " exceeds the number of features "
                                + numFeatures);
                    }
                    String v = tok.substring(colon + 1);
                    double x = Numbers.parse(v);
                    if (!Double.isFinite(x)) {
                        throw new DataFormatException(where + ": feature " + index + ": " + Numbers.whyNot(v));
                    }
                    idx[k] = index;
                    val[k] = x;
                    previous = index;
                }
                maxIndex = Math.max(maxIndex, previous);
                if (labels.size() == lines.length) {
                    lines = Arrays.copyOf(lines, 2 * lines.length);
                }
                lines[labels.size()] = lineNo;
                labels.add(label);
                rowIndex.add(Arrays.copyOf(idx, m));
                rowValues.add(Arrays.copyOf(val, m));
            }
        } catch (IOException e) {
            throw DataFiles.failure(file, lineNo + 1, e);
        }
        int n = labels.size();
        if (n == 0) {
            throw new DataFormatException(file + ":" + Math.max(1, lineNo) + ": no data lines in the file");
        }
        int d = numFeatures > 0 ? numFeatures : maxIndex;
        if (d == 0) {
            throw new DataFormatException(file + ":" + lines[n - 1] + ": no feature indices in the file");
        }
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file + ": " + n + " x " + d + " is too large for a dense matrix");
        }
        // the largest index is data, not bounded by the file's length: refuse a dense matrix the heap cannot hold
        // before allocating it, rather than failing with OutOfMemoryError
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (8L * n * d > free) {
            throw new DataFormatException(file + ": " + n + " x " + d + " is too large for a dense matrix ("
                    + (8L * n * d >> 20) + " MiB, more than the " + (free >> 20) + " MiB free in the Java heap; the"
                    + " number of features is the largest index, " + d + ")");
        }
        Matrix x = Matrix.zeros(n, d);
        double[] a = x.data();
        for (int i = 0; i < n; i++) {
            int[] ri = rowIndex.get(i);
            double[] rv = rowValues.get(i);
            for (int k = 0; k < ri.length; k++) {
                a[i * d + ri[k] - 1] = rv[k];
            }
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 1; j <= d; j++) {
            names.add("f" + j);
        }
        return new LabeledTable(file, names, x, TARGET_NAME, labels.toArray(new String[0]), Arrays.copyOf(lines, n));
    }

    /** Splits on runs of spaces and tabs. */
    private static String[] tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int len = line.length();
        while (i < len) {
            while (i < len && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }

    private static int parseIndex(String s, String where, String token) {
        if (s.length() > 10) {
            throw new DataFormatException(where + ": bad index in '" + token + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DataFormatException(where + ": bad index in '" + token + "' (expected a positive integer)");
            }
            v = v * 10 + (c - '0');
        }
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new DataFormatException(where + ": index " + s + " is out of range (indices start at 1)");
        }
        return (int) v;
    }
}
