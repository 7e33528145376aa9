package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.convexnn.network.TwoLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
    @TempDir
    Path dir;

    static final double[] W1 = {0.5, -1.25, 3.0, 0.1, -0.3, 2.0}; // 3 x 2
    static final double[] B1 = {0.25, -0.5, 1.5};
    static final double[] W2 = {1.0, -2.0, 0.75, 0.5, 0.0, -1.0}; // 2 x 3
    static final double[] B2 = {0.125, -3.5};

    private NpzWriter full(String dt) {
        return new NpzWriter().add("W1", dt, new int[] {3, 2}, W1).add("b1", dt, new int[] {3}, B1)
                .add("W2", dt, new int[] {2, 3}, W2).add("b2", dt, new int[] {2}, B2);
    }

    private Path write(String name, NpzWriter w) throws Exception {
        Path p = dir.resolve(name);
        w.write(p);
        return p;
    }

    @Test
    void roundTripFloat64BothByteOrders() throws Exception {
        for (String dt : new String[] {"<f8", ">f8"}) {
            TwoLayerNetwork net = NpzReader.readNetwork(write("m" + dt.charAt(0) + ".npz", full(dt)));
            assertArrayEquals(W1, net.w1().data());
            assertArrayEquals(B1, net.b1());
            assertArrayEquals(W2, net.w2().data());
            assertArrayEquals(B2, net.b2());
            assertEquals(3, net.width());
            assertEquals(2, net.inputs());
            assertEquals(2, net.outputs());
        }
    }

    @Test
    void roundTripFloat32AndTorchNames() throws Exception {
        NpzWriter w = new NpzWriter().add("0.weight", "<f4", new int[] {3, 2}, W1).add("0.bias", "<f4", new int[] {3}, B1)
                .add("2.weight", "<f4", new int[] {2, 3}, W2).add("2.bias", "<f4", new int[] {2}, B2);
        TwoLayerNetwork net = NpzReader.readNetwork(write("t.npz", w));
        for (int i = 0; i < W1.length; i++) {
            assertEquals((double) (float) W1[i], net.w1().data()[i], 0.0);
        }
        assertArrayEquals(floats(B1), net.b1());
        assertArrayEquals(floats(W2), net.w2().data());
        assertArrayEquals(floats(B2), net.b2());
    }

    @Test
    void npyVersion2AndOptionalBiases() throws Exception {
        NpzWriter w = new NpzWriter().addRaw("W1.npy", NpzWriter.npy("<f8", new int[] {3, 2}, W1, 2))
                .add("W2", "<f8", new int[] {3}, new double[] {1, 2, 3});
        TwoLayerNetwork net = NpzReader.readNetwork(write("v2.npz", w));
        assertArrayEquals(W1, net.w1().data());
        assertEquals(1, net.outputs());
        assertArrayEquals(new double[3], net.b1());
    }

    private static double[] floats(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) v[i];
        }
        return o;
    }

    private void expectError(Path p, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NpzReader.readNetwork(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
    }

    @Test
    void errors() throws Exception {
        expectError(write("missing.npz", new NpzWriter().add("W1", "<f8", new int[] {3, 2}, W1)), "missing", "'W2'");
        expectError(write("shape.npz", new NpzWriter().add("W1", "<f8", new int[] {3, 2}, W1)
                .add("W2", "<f8", new int[] {2, 2}, new double[4])), "'W2'", "shape");
        expectError(write("b1shape.npz", full("<f8").add("b1", "<f8", new int[] {2}, new double[2])), "'b1'", "(3,)");
        expectError(write("int.npz", full("<f8").add("W1", "<i8", new int[] {3, 2}, W1)), "'W1'", "'<i8'");
        double[] bad = W1.clone();
        bad[4] = Double.NaN;
        expectError(write("nan.npz", full("<f8").add("W1", "<f8", new int[] {3, 2}, bad)), "'W1'", "non-finite");
        expectError(write("zero.npz", new NpzWriter().add("W1", "<f8", new int[] {0, 2}, new double[0])
                .add("W2", "<f8", new int[] {1, 0}, new double[0])), "width 0");
        byte[] zip = full("<f8").toBytes();
        Path trunc = dir.resolve("trunc.npz");
        Files.write(trunc, Arrays.copyOf(zip, zip.length / 2));
        expectError(trunc);
        Path junk = dir.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        expectError(junk, "npz");
        byte[] npy = NpzWriter.npy("<f8", new int[] {3, 2}, W1, 1);
        expectError(write("short.npz", new NpzWriter().addRaw("W1.npy", Arrays.copyOf(npy, npy.length - 8))
                .add("W2", "<f8", new int[] {3}, new double[3])), "'W1'", "truncated");
    }

    /** Issue 18 defect 5: a declared shape whose byte size overflows a long is a format error, not an exception. */
    @Test
    void hugeDeclaredShapeIsRefusedBeforeAllocating() throws Exception {
        for (int[] shape : new int[][] {{2_000_000_000, 2_000_000_000}, {2_000_000_000, 2_000_000_000, 3},
                {Integer.MAX_VALUE, 2}, {1 << 20, 1 << 20}}) {
            Path p = write("huge.npz", new NpzWriter().add("W1", "<f8", shape, new double[6])
                    .add("W2", "<f8", new int[] {3}, new double[3]));
            expectError(p, "'W1'", "truncated", "bytes, found 48");
        }
        Path p = write("huge4.npz", new NpzWriter().add("W1", "<f4", new int[] {2_000_000_000, 2_000_000_000},
                new double[0]).add("W2", "<f8", new int[] {3}, new double[3]));
        expectError(p, "'W1'", "1.60e+19 bytes");
    }
}
