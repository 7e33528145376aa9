package org.convexnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    /** Image bytes: image i, pixel j = (i * 7 + j * 3) % 256 (some values above 127 to catch sign errors). */
    static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(0x00000803);
        o.writeInt(n);
        o.writeInt(rows);
        o.writeInt(cols);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rows * cols; j++) {
                o.writeByte((i * 70 + j * 31 + 200) % 256);
            }
        }
        return b.toByteArray();
    }

    static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(0x00000801);
        o.writeInt(values.length);
        for (int v : values) {
            o.writeByte(v);
        }
        return b.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            os.write(bytes);
        }
        return p;
    }

    private void check(boolean gzip) throws IOException {
        Path img = write(tmp, "img" + gzip, images(4, 2, 3), gzip);
        Path lab = write(tmp, "lab" + gzip, labels(3, 0, 3, 9), gzip);
        LabeledTable t = IdxReader.read(img, lab);
        assertEquals(4, t.rows());
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4", "p5"), t.featureNames());
        assertEquals("label", t.targetName());
        assertArrayEquals(new String[] {"3", "0", "3", "9"}, t.targetValues());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals((i * 70 + j * 31 + 200) % 256, t.features().get(i, j), "pixel " + i + "," + j);
            }
        }
    }

    @Test
    void plainAndGzip() throws IOException {
        check(false);
        check(true);
    }

    @Test
    void classSelectionKeepsRowsInOrder() throws IOException {
        Path img = write(tmp, "img", images(5, 1, 2), false);
        Path lab = write(tmp, "lab", labels(1, 6, 0, 6, 2), true);
        LabeledTable t = IdxReader.read(img, lab, List.of("6", "0"));
        assertArrayEquals(new String[] {"6", "0", "6"}, t.targetValues());
        assertEquals((1 * 70 + 200) % 256, t.features().get(0, 0));
        assertEquals((3 * 70 + 200) % 256, t.features().get(2, 0));
        Dataset ds = DatasetLoader.forTraining(t, DatasetLoader.TaskHint.CLASSIFICATION, false);
        assertEquals(Task.BINARY, ds.encoding().task());
        assertEquals(List.of("0", "6"), ds.encoding().classes());
        Dataset all = DatasetLoader.forTraining(IdxReader.read(img, lab), DatasetLoader.TaskHint.CLASSIFICATION, false);
        assertEquals(Task.MULTICLASS, all.encoding().task());
        assertEquals(4, all.encoding().outputs());
    }

    @Test
    void featuresOnly() throws IOException {
        Path img = write(tmp, "img", images(2, 2, 2), true);
        LabeledTable t = IdxReader.readFeatures(img, null, null);
        assertEquals(2, t.rows());
        assertNull(t.targetValues());
    }

    private void fails(String fragment, Path named, Runnable r) {
        DataFormatException e = assertThrows(DataFormatException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(named.toString()), e.getMessage());
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path img = write(tmp, "img", images(3, 2, 2), false);
        Path lab = write(tmp, "lab", labels(1, 2, 1), false);
        // swapped files: wrong magic
        fails("magic number 0x00000801", lab, () -> IdxReader.read(lab, img));
        // truncated images (plain and gzip), truncated header, truncated labels
        byte[] full = images(3, 2, 2);
        Path cut = write(tmp, "cut", Arrays.copyOf(full, full.length - 1), false);
        fails("truncated", cut, () -> IdxReader.read(cut, lab));
        Path cutGz = write(tmp, "cutgz", Arrays.copyOf(full, full.length - 5), true);
        fails("truncated", cutGz, () -> IdxReader.read(cutGz, lab));
        Path header = write(tmp, "header", Arrays.copyOf(full, 6), false);
        fails("truncated IDX header", header, () -> IdxReader.read(header, lab));
        byte[] l = labels(1, 2, 1);
        Path cutLab = write(tmp, "cutlab", Arrays.copyOf(l, l.length - 1), false);
        fails("truncated", cutLab, () -> IdxReader.read(img, cutLab));
        // corrupt gzip stream: wrong CRC in the trailer
        byte[] gz = Files.readAllBytes(write(tmp, "okgz", full, true));
        gz[gz.length - 8] ^= 0x55;
        Path bad = tmp.resolve("badgz");
        Files.write(bad, gz);
        fails("gzip", bad, () -> IdxReader.read(bad, lab));
        // count mismatch
        Path lab4 = write(tmp, "lab4", labels(1, 2, 1, 2), false);
        fails("4 labels", lab4, () -> IdxReader.read(img, lab4));
        // missing labels
        fails("--labels", img, () -> IdxReader.read(img, null));
        // unknown class, non-numeric class, missing file
        fails("class 7 does not occur", lab, () -> IdxReader.read(img, lab, List.of("1", "7")));
        fails("not a class label", lab, () -> IdxReader.read(img, lab, List.of("x")));
        Path none = tmp.resolve("none");
        fails("no such file", none, () -> IdxReader.read(none, lab));
        // zero images
        Path empty = write(tmp, "empty", images(0, 2, 2), false);
        fails("no images", empty, () -> IdxReader.read(empty, lab));
        // trailing bytes
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        Path extra = write(tmp, "extra", longer, false);
        fails("unexpected bytes", extra, () -> IdxReader.read(extra, lab));
    }
}
