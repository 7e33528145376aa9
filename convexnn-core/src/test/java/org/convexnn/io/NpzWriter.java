package org.convexnn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixture generator: writes .npz archives in the NumPy NPY v1.0 layout (as numpy.savez does). */
public final class NpzWriter {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** Adds an array with dtype descr ('<f8', '>f8', '<f4', '<i8', ...) and a shape; values row-major. */
    public NpzWriter add(String key, String descr, int[] shape, double[] values) {
        entries.put(key + ".npy", npy(descr, shape, values, 1));
        return this;
    }

    public NpzWriter addRaw(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    public static byte[] npy(String descr, int[] shape, double[] v, int version) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sh.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int pre = version == 1 ? 10 : 12;
        int total = pre + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteOrder bo = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int width = descr.charAt(2) - '0';
        ByteBuffer bb = ByteBuffer.allocate(pre + header.length() + v.length * width).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            bb.putShort((short) header.length());
        } else {
            bb.putInt(header.length());
        }
        bb.put(header.getBytes(StandardCharsets.US_ASCII));
        bb.order(bo);
        char kind = descr.charAt(1);
        for (double x : v) {
            if (kind == 'f' && width == 8) {
                bb.putDouble(x);
            } else if (kind == 'f' && width == 4) {
                bb.putFloat((float) x);
            } else if (kind == 'i' && width == 8) {
                bb.putLong((long) x);
            } else {
                throw new IllegalArgumentException(descr);
            }
        }
        return bb.array();
    }

    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bo.toByteArray();
    }

    public void write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            os.write(toBytes());
        }
    }
}
