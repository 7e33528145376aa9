package org.convexnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.convexnn.data.DataFormatException;
import org.convexnn.data.IdxReader;
import org.convexnn.data.LibsvmReader;
import org.convexnn.io.ModelFile;
import org.convexnn.io.ModelFormatException;
import org.convexnn.io.NpzReader;
import org.junit.jupiter.api.Test;

/**
 * The reader bugs the fuzz properties found (issue 18), one case each, checked through the same harness (documented
 * error only, no allocation beyond the input). Each failed before its fix.
 */
class ReaderFuzzRegressionTest {

    private static FuzzHarness.Outcome dataError(String name, byte[] bytes, ThrowingRead read) throws IOException {
        Path p = FuzzHarness.file(name, bytes);
        FuzzHarness.Outcome o = FuzzHarness.check(name, bytes, bytes.length, DataFormatException.class,
                () -> read.read(p), null);
        assertNotNull(o.error(), "expected a DataFormatException");
        return o;
    }

    interface ThrowingRead {
        Object read(Path p) throws IOException;
    }

    @Test
    void idxLabelCountBeyondTheFileIsNotAllocated() throws IOException {
        // was: new byte[1448411136] for a 14-byte file, then "truncated"
        byte[] labels = ByteBuffer.allocate(14).putInt(0x801).putInt(1_448_411_136).put(new byte[6]).array();
        byte[] images = ByteBuffer.allocate(16 + 6).putInt(0x803).putInt(1).putInt(2).putInt(3).array();
        Path img = FuzzHarness.file("regress-images.idx", images);
        dataError("regress-labels.idx", labels, p -> IdxReader.read(img, p));
    }

    @Test
    void idxImageSizeBeyondTheFileIsNotAllocated() throws IOException {
        // was: a 1.6 GB pixel array for a 44-byte file
        byte[] images = ByteBuffer.allocate(44).putInt(0x803).putInt(4).putInt(134_217_730).putInt(3).array();
        FuzzHarness.Outcome o = dataError("regress-big.idx", images, p -> IdxReader.readFeatures(p, null, null));
        assertEquals(true, o.error().getMessage().contains("truncated IDX data"), o.error().getMessage());
    }

    @Test
    void idxDimensionsWhoseProductOverflowsAreRefused() throws IOException {
        // was: IllegalArgumentException "len < 0" (4 x 2147483639 x 1248826553 overflows a long)
        byte[] images = ByteBuffer.allocate(38).putInt(0x803).putInt(4).putInt(0x7ffffff7).putInt(0x4a6f94b9).array();
        FuzzHarness.Outcome o = dataError("regress-overflow.idx", images, p -> IdxReader.readFeatures(p, null, null));
        assertEquals(true, o.error().getMessage().contains("too large"), o.error().getMessage());
    }

    @Test
    void libsvmIndexBeyondTheHeapIsRefusedBeforeAllocating() throws IOException {
        // was: OutOfMemoryError (a dense 1 x 2000000000 matrix, 16 GB) for a 17-byte file
        byte[] b = "1 2000000000:1.5\n".getBytes(StandardCharsets.US_ASCII);
        FuzzHarness.Outcome o = dataError("regress.libsvm", b, p -> LibsvmReader.read(p, 0));
        assertEquals(true, o.error().getMessage().contains("too large for a dense matrix"), o.error().getMessage());
    }

    @Test
    void npzEntryNameThatIsNotUtf8IsAFormatError() throws IOException {
        // was: IllegalArgumentException "malformed input" from ZipInputStream
        java.util.Map<String, byte[]> e = ReaderFuzzPropertiesTest.npzEntries(0);
        byte[] zip = ReaderFuzzPropertiesTest.zip(e, true);
        int at = indexOf(zip, "W1.npy".getBytes(StandardCharsets.US_ASCII));
        zip[at] = (byte) 0xff;
        Path p = FuzzHarness.file("regress.npz", zip);
        FuzzHarness.Outcome o = FuzzHarness.check("npz", zip, zip.length, ModelFormatException.class,
                () -> NpzReader.readArrays(p), null);
        assertNotNull(o.error(), "expected a ModelFormatException");
    }

    @Test
    void modelInputsBeyondTheFileAreNotAllocated() throws IOException {
        // was: ArithmeticException (3 x 2147483647 overflows) or a width x inputs allocation before the row check
        for (String inputs : new String[] {"2147483647", "700000000"}) {
            String json = new String(ReaderFuzzPropertiesTest.resource("/characterisation/gated-logistic.model.json"),
                    StandardCharsets.UTF_8).replaceFirst("\"inputs\" : 3", "\"inputs\" : " + inputs);
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            Path p = FuzzHarness.file("regress-model.json", b);
            FuzzHarness.Outcome o = FuzzHarness.check("model inputs " + inputs, b, b.length,
                    ModelFormatException.class, () -> ModelFile.read(p), null);
            assertNotNull(o.error(), "expected a ModelFormatException");
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
