package org.convexnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.convexnn.linalg.Matrix;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an image file (magic {@code 0x00000803}, dimensions
 * n x rows x cols, unsigned bytes) and a label file (magic {@code 0x00000801}, n unsigned bytes), each plain or
 * gzip-compressed (detected by the gzip magic {@code 0x1f8b}, not by the file name). Pixels become features
 * {@code p0..p{rows·cols−1}} with their raw values 0–255 (no scaling); labels become class strings {@code "0".."255"}
 * under the target name {@code label}.
 */
public final class IdxReader {
    /** The target name given to IDX labels. */
    public static final String TARGET_NAME = "label";
    static final int IMAGE_MAGIC = 0x00000803;
    static final int LABEL_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Images with their labels, all classes. */
    public static LabeledTable read(Path images, Path labels) {
        return read(images, labels, null);
    }

    /**
     * Images with their labels, keeping only the rows whose label is in {@code classes}.
     *
     * @param images  the image file
     * @param labels  the label file (required)
     * @param classes class labels to keep (e.g. ["0", "6"]), or null for all
     * @throws DataFormatException naming the file: wrong magic, truncated data, count mismatch, missing label file,
     *                             a class that does not occur in the labels, or an empty selection
     */
    public static LabeledTable read(Path images, Path labels, List<String> classes) {
        if (labels == null) {
            throw new DataFormatException(images + ": IDX images need their label file (--labels FILE)");
        }
        Images img = readImages(images);
        int[] lab = readLabels(labels);
        if (lab.length != img.n) {
            throw new DataFormatException(labels + ": " + lab.length + " labels, but " + images + " has " + img.n
                    + " images; the counts must match");
        }
        boolean[] keep = selection(lab, classes, labels);
        return table(images, img, lab, keep, true);
    }

    /**
     * Images only (no target); with a label file, {@code classes} selects rows as in {@link #read(Path, Path, List)}.
     */
    public static LabeledTable readFeatures(Path images, Path labels, List<String> classes) {
        if (labels == null) {
            if (classes != null) {
                throw new DataFormatException(images + ": --classes needs the label file (--labels FILE)");
            }
            Images img = readImages(images);
            return table(images, img, null, null, false);
        }
        return read(images, labels, classes);
    }

    /** The feature names p0..p{count−1}. */
    public static List<String> featureNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            names.add("p" + j);
        }
        return names;
    }

    private static LabeledTable table(Path images, Images img, int[] lab, boolean[] keep, boolean withTarget) {
        int d = img.rows * img.cols;
        int n = 0;
        for (int i = 0; i < img.n; i++) {
            if (keep == null || keep[i]) {
                n++;
            }
        }
        Matrix x = Matrix.zeros(n, d);
        double[] a = x.data();
        String[] target = withTarget ? new String[n] : null;
        int r = 0;
        for (int i = 0; i < img.n; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            int o = i * d;
            int t = r * d;
            for (int j = 0; j < d; j++) {
                a[t + j] = img.pixels[o + j] & 0xff;
            }
            if (target != null) {
                target[r] = Integer.toString(lab[i]);
            }
            r++;
        }
        return new LabeledTable(images, featureNames(d), x, withTarget ? TARGET_NAME : null, target, null);
    }

    private static boolean[] selection(int[] lab, List<String> classes, Path labels) {
        if (classes == null) {
            return null;
        }
        if (classes.isEmpty()) {
            throw new DataFormatException(labels + ": --classes names no class");
        }
        Set<Integer> wanted = new LinkedHashSet<>();
        for (String c : classes) {
            String s = c.trim();
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new DataFormatException(labels + ": --classes: '" + c + "' is not a class label (IDX labels are 0..255)");
            }
            if (v < 0 || v > 255) {
                throw new DataFormatException(labels + ": --classes: " + v + " is not a class label (IDX labels are 0..255)");
            }
            wanted.add(v);
        }
        boolean[] present = new boolean[256];
        for (int v : lab) {
            present[v] = true;
        }
        for (int v : wanted) {
            if (!present[v]) {
                throw new DataFormatException(labels + ": --classes: class " + v + " does not occur in the labels"
                        + " (present: " + presentList(present) + ")");
            }
        }
        boolean[] keep = new boolean[lab.length];
        int count = 0;
        for (int i = 0; i < lab.length; i++) {
            keep[i] = wanted.contains(lab[i]);
            if (keep[i]) {
                count++;
            }
        }
        if (count == 0) {
            throw new DataFormatException(labels + ": --classes " + String.join(",", classes) + " selects no rows");
        }
        return keep;
    }

    private static String presentList(boolean[] present) {
        List<String> out = new ArrayList<>();
        for (int v = 0; v < present.length; v++) {
            if (present[v]) {
                out.add(Integer.toString(v));
            }
        }
        return String.join(",", out);
    }

    /** The raw image file. */
    record Images(int n, int rows, int cols, byte[] pixels) {
    }

    static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != IMAGE_MAGIC) {
                throw wrongMagic(file, magic, IMAGE_MAGIC, "images");
            }
            int n = readHeaderInt(in, file, "image count");
            int rows = readHeaderInt(in, file, "row count");
            int cols = readHeaderInt(in, file, "column count");
            if (n < 0 || rows <= 0 || cols <= 0) {
                throw new DataFormatException(file + ": bad IDX dimensions " + n + " x " + rows + " x " + cols);
            }
            if (n == 0) {
                throw new DataFormatException(file + ": the IDX file holds no images");
            }
            long image = (long) rows * cols; // at most 2^62: the product with n is taken only when it cannot overflow
            if (image > Integer.MAX_VALUE - 8 || n * image > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file + ": " + n + " x " + rows + " x " + cols + " images are too large to load");
            }
            long total = n * image;
            // readNBytes(len) grows its buffer with the bytes actually read: a declared size beyond the file's
            // length cannot drive the allocation (the file may be gzip-compressed, so its length is no bound)
            byte[] pixels = in.readNBytes((int) total);
            int got = pixels.length;
            if (got < total) {
                throw new DataFormatException(file + ": truncated IDX data: expected " + n + " images of " + rows + " x "
                        + cols + " bytes (" + total + " bytes), found " + got + " bytes (" + got / ((long) rows * cols)
                        + " complete images)");
            }
            rejectTrailing(in, file);
            return new Images(n, rows, cols, pixels);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != LABEL_MAGIC) {
                throw wrongMagic(file, magic, LABEL_MAGIC, "labels");
            }
            int n = readHeaderInt(in, file, "label count");
            if (n <= 0) {
                throw new DataFormatException(file + ": the IDX label file holds no labels (count " + n + ")");
            }
            byte[] raw = in.readNBytes(n); // grows with the bytes read, not with the declared count
            int got = raw.length;
            if (got < n) {
                throw new DataFormatException(file + ": truncated IDX data: expected " + n + " labels, found " + got);
            }
            rejectTrailing(in, file);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = raw[i] & 0xff;
            }
            return out;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    private static DataFormatException wrongMagic(Path file, int magic, int expected, String what) {
        String hint = magic == IMAGE_MAGIC ? " (that is an IDX image file)"
                : magic == LABEL_MAGIC ? " (that is an IDX label file)" : "";
        return new DataFormatException(String.format("%s: not an IDX %s file: magic number 0x%08x, expected 0x%08x%s",
                file, what, magic, expected, hint));
    }

    private static void rejectTrailing(InputStream in, Path file) throws IOException {
        if (in.read() != -1) {
            throw new DataFormatException(file + ": unexpected bytes after the IDX data (the header's dimensions"
                    + " do not match the file size)");
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated IDX header (no " + what + ")", e);
        }
    }

    /** Opens a plain or gzip file (by the gzip magic bytes 1f 8b). */
    private static DataInputStream open(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, not a data file");
        }
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new DataInputStream(in);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    private static DataFormatException ioFailure(Path file, IOException e) {
        if (e instanceof ZipException) {
            return new DataFormatException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
        if (e instanceof EOFException) {
            return new DataFormatException(file + ": truncated gzip data (" + e.getMessage() + ")", e);
        }
        return DataFiles.failure(file, -1, e);
    }
}
