package org.convexnn.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;

/**
 * Reads a two-layer ReLU network from a NumPy {@code .npz} archive (a zip of {@code .npy} files), parsing the NPY
 * format directly: magic {@code \x93NUMPY}, version 1.0 (2-byte header length), 2.0 or 3.0 (4-byte), then a Python
 * dict header with {@code descr} ({@code '<f8'}, {@code '>f8'}, {@code '<f4'}, {@code '>f4'}, {@code '|f8'}...),
 * {@code fortran_order} and {@code shape}.
 *
 * <p>Keys: {@code W1} (m x d), {@code b1} (m), {@code W2} (c x m), {@code b2} (c) — or the PyTorch
 * {@code nn.Sequential(Linear, ReLU, Linear)} state-dict names {@code 0.weight}, {@code 0.bias}, {@code 2.weight},
 * {@code 2.bias} (same shapes). b1 and b2 are optional (zeros). A 1-D {@code W2} of length m means c = 1.
 * Every problem is a {@link ModelFormatException} naming the file and, where it applies, the key.
 */
public final class NpzReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzReader() {
    }

    /** One array: shape and row-major (C order) values. */
    public record NdArray(int[] shape, double[] data) {
    }

    /** Reads every array of the archive (keys without the {@code .npy} suffix). */
    public static Map<String, NdArray> readArrays(Path file) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        boolean any = false;
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = nextEntry(zin, file)) != null) {
                any = true;
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                byte[] bytes = readAll(zin, file, key);
                out.put(key, parseNpy(bytes, file, key));
            }
        } catch (ZipException | EOFException ex) {
            throw new ModelFormatException(file + ": not a readable .npz archive (truncated or corrupt zip: "
                    + ex.getMessage() + ")", ex);
        }
        if (!any) {
            throw new ModelFormatException(file + ": not a readable .npz archive (no zip entries; truncated or not a zip)");
        }
        return out;
    }

    /** The next entry; an entry name that is not valid in the zip's encoding is a format error. */
    private static ZipEntry nextEntry(ZipInputStream zin, Path file) throws IOException {
        try {
            return zin.getNextEntry();
        } catch (IllegalArgumentException ex) {
            throw new ModelFormatException(file + ": not a readable .npz archive (corrupt zip entry name: "
                    + ex.getMessage() + ")", ex);
        }
    }

    private static byte[] readAll(InputStream in, Path file, String key) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) {
                bo.write(buf, 0, r);
            }
        } catch (ZipException | EOFException ex) {
            throw new ModelFormatException(file + ": array '" + key + "' is truncated or corrupt (" + ex.getMessage()
                    + ")", ex);
        }
        return bo.toByteArray();
    }

    /** Parses one .npy payload. */
    static NdArray parseNpy(byte[] b, Path file, String key) {
        String where = file + ": array '" + key + "'";
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
                || b[5] != 'Y') {
            throw new ModelFormatException(where + " is not in NPY format (bad magic)");
        }
        int major = b[6] & 0xff;
        int headerLen;
        int start;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new ModelFormatException(where + " is truncated (header)");
            }
            long hl = bb.getInt(8) & 0xffffffffL;
            if (hl > Integer.MAX_VALUE - 12) {
                throw new ModelFormatException(where + " has an oversized header");
            }
            headerLen = (int) hl;
            start = 12;
        } else {
            throw new ModelFormatException(where + " has unsupported NPY version " + major + "." + (b[7] & 0xff));
        }
        if (start + headerLen > b.length) {
            throw new ModelFormatException(where + " is truncated (header)");
        }
        String header = new String(b, start, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header);
        Matcher mf = FORTRAN.matcher(header);
        Matcher ms = SHAPE.matcher(header);
        if (!md.find() || !mf.find() || !ms.find()) {
            throw new ModelFormatException(where + " has an unreadable NPY header: " + header.trim());
        }
        String descr = md.group(1);
        boolean fortran = mf.group(1).equals("True");
        int[] shape = parseShape(ms.group(1), where);
        if (descr.length() != 3 || descr.charAt(1) != 'f' || (descr.charAt(2) != '8' && descr.charAt(2) != '4')) {
            throw new ModelFormatException(where + " has dtype '" + descr
                    + "'; expected floating point ('<f8', '>f8', '<f4' or '>f4')");
        }
        char order = descr.charAt(0);
        ByteOrder bo;
        if (order == '<' || order == '|' || order == '=') {
            bo = ByteOrder.LITTLE_ENDIAN;
        } else if (order == '>') {
            bo = ByteOrder.BIG_ENDIAN;
        } else {
            throw new ModelFormatException(where + " has dtype '" + descr + "' with an unknown byte order");
        }
        int width = descr.charAt(2) == '8' ? 8 : 4;
        int dataStart = start + headerLen;
        long available = b.length - dataStart;
        // the declared size is checked against the bytes present before anything is allocated; the product is
        // bounded step by step (never overflows), and a size beyond the payload is reported in floating point
        long count = 1;
        boolean fits = true;
        for (int s : shape) {
            if (s == 0) {
                count = 0;
                fits = true;
                break;
            }
            if (fits && count > available / width / s) {
                fits = false;
            }
            if (fits) {
                count *= s;
            }
        }
        if (!fits || count * width > available) {
            throw new ModelFormatException(where + " is truncated or corrupt: shape " + shapeString(shape)
                    + " needs " + declaredBytes(shape, width) + " bytes, found " + available);
        }
        ByteBuffer data = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(bo);
        double[] raw = new double[(int) count];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = width == 8 ? data.getDouble(i * 8) : data.getFloat(i * 4);
        }
        if (fortran && shape.length == 2) {
            int r = shape[0];
            int c = shape[1];
            double[] t = new double[raw.length];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    t[i * c + j] = raw[j * r + i];
                }
            }
            raw = t;
        } else if (fortran && shape.length > 2) {
            throw new ModelFormatException(where + " is a Fortran-ordered array of rank " + shape.length
                    + "; expected rank 1 or 2");
        }
        return new NdArray(shape, raw);
    }

    private static int[] parseShape(String s, String where) {
        String[] parts = s.split(",");
        int k = 0;
        int[] tmp = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                tmp[k++] = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new ModelFormatException(where + " has an unreadable shape (" + s + ")");
            }
            if (tmp[k - 1] < 0) {
                throw new ModelFormatException(where + " has a negative dimension (" + s + ")");
            }
        }
        return java.util.Arrays.copyOf(tmp, k);
    }

    /** The byte size a shape declares, exact when it fits in a long, else in floating point. */
    static String declaredBytes(int[] shape, int width) {
        long exact = width;
        double approx = width;
        boolean overflow = false;
        for (int s : shape) {
            approx *= s;
            if (!overflow) {
                try {
                    exact = Math.multiplyExact(exact, (long) s);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
        }
        return overflow ? String.format(java.util.Locale.ROOT, "%.3g", approx) : Long.toString(exact);
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Reads a ReLU network (see the class doc for keys and shapes). */
    public static TwoLayerNetwork readNetwork(Path file) throws IOException {
        Map<String, NdArray> a = readArrays(file);
        String[] keys = a.containsKey("W1") || !a.containsKey("0.weight")
                ? new String[] {"W1", "b1", "W2", "b2"} : new String[] {"0.weight", "0.bias", "2.weight", "2.bias"};
        NdArray w1 = require(a, keys[0], file);
        NdArray w2 = require(a, keys[2], file);
        if (w1.shape().length != 2) {
            throw new ModelFormatException(file + ": '" + keys[0] + "' has shape " + shapeString(w1.shape())
                    + "; expected (m, d)");
        }
        int m = w1.shape()[0];
        int d = w1.shape()[1];
        if (m == 0) {
            throw new ModelFormatException(file + ": '" + keys[0] + "' has width 0 (no hidden neurons)");
        }
        if (d == 0) {
            throw new ModelFormatException(file + ": '" + keys[0] + "' has 0 input columns");
        }
        int c;
        if (w2.shape().length == 2 && w2.shape()[1] == m && w2.shape()[0] >= 1) {
            c = w2.shape()[0];
        } else if (w2.shape().length == 1 && w2.shape()[0] == m) {
            c = 1;
        } else {
            throw new ModelFormatException(file + ": '" + keys[2] + "' has shape " + shapeString(w2.shape())
                    + "; expected (c, " + m + ") to match '" + keys[0] + "' " + shapeString(w1.shape()));
        }
        double[] b1 = optionalVector(a, keys[1], m, file);
        double[] b2 = optionalVector(a, keys[3], c, file);
        checkFinite(file, keys[0], w1.data());
        checkFinite(file, keys[1], b1);
        checkFinite(file, keys[2], w2.data());
        checkFinite(file, keys[3], b2);
        return new TwoLayerNetwork(Activation.RELU, Matrix.wrap(m, d, w1.data()), b1, Matrix.wrap(c, m, w2.data()),
                b2, null, null);
    }

    private static NdArray require(Map<String, NdArray> a, String key, Path file) {
        NdArray v = a.get(key);
        if (v == null) {
            throw new ModelFormatException(file + ": missing array '" + key + "' (found " + a.keySet()
                    + "; expected W1, b1, W2, b2 or 0.weight, 0.bias, 2.weight, 2.bias)");
        }
        return v;
    }

    private static double[] optionalVector(Map<String, NdArray> a, String key, int len, Path file) {
        NdArray v = a.get(key);
        if (v == null) {
            return new double[len];
        }
        if (v.shape().length != 1 || v.shape()[0] != len) {
            throw new ModelFormatException(file + ": '" + key + "' has shape " + shapeString(v.shape())
                    + "; expected (" + len + ",)");
        }
        return v.data();
    }

    private static void checkFinite(Path file, String key, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ModelFormatException(file + ": '" + key + "' has a non-finite value (" + v[i]
                        + ") at flat index " + i);
            }
        }
    }
}
