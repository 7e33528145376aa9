package org.convexnn.data;

import static org.convexnn.data.TestFiles.dataset;
import static org.convexnn.data.TestFiles.fails;
import static org.convexnn.data.TestFiles.fixture;
import static org.convexnn.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmReaderTest {
    @TempDir
    Path tmp;

    @Test
    void heartScale() {
        LabeledTable t = LibsvmReader.read(dataset("heart_scale.libsvm"), 0);
        assertEquals(270, t.rows());
        assertEquals(13, t.features().cols());
        assertEquals("f1", t.featureNames().get(0));
        assertEquals("f13", t.featureNames().get(12));
        assertEquals("label", t.targetName());
        assertEquals("+1", t.targetValues()[0]);
        assertEquals("-1", t.targetValues()[1]);
        assertEquals(0.708333, t.features().get(0, 0));
        assertEquals(-0.320755, t.features().get(0, 3));
        assertEquals(0.0, t.features().get(0, 10));
        assertEquals(-1.0, t.features().get(0, 12));
    }

    @Test
    void commentsBlankLinesAndTabs() {
        LabeledTable t = LibsvmReader.read(fixture("small.libsvm"), 0);
        assertEquals(3, t.rows());
        assertEquals(List.of("f1", "f2", "f3", "f4"), t.featureNames());
        assertArrayEquals(new double[] {0.5, 0, -2, 0}, t.features().row(0));
        assertArrayEquals(new double[] {0, 1.25, 0, 0}, t.features().row(1));
        assertArrayEquals(new double[] {1e-3, 0, 0, 7}, t.features().row(2));
        assertArrayEquals(new String[] {"+1", "-1", "+1"}, t.targetValues());
        assertEquals(2, t.lineOf(0));
        assertEquals(5, t.lineOf(2));
    }

    @Test
    void explicitFeatureCount() {
        LabeledTable t = LibsvmReader.read(fixture("small.libsvm"), 6);
        assertEquals(6, t.features().cols());
        assertEquals(7.0, t.features().get(2, 3));
        fails(() -> LibsvmReader.read(fixture("small.libsvm"), 3), "small.libsvm:5:", "index 4 exceeds the number of features 3");
        assertThrows(IllegalArgumentException.class, () -> LibsvmReader.read(fixture("small.libsvm"), -1));
    }

    @Test
    void indexErrors() {
        fails(() -> LibsvmReader.read(fixture("descending.libsvm"), 0), "descending.libsvm:2:", "index 1 after index 2");
        fails(() -> LibsvmReader.read(fixture("zero_index.libsvm"), 0), "zero_index.libsvm:2:", "index 0");
    }

    @Test
    void tokenErrors() throws IOException {
        String[][] cases = {
            {"1 1:1\n1 2:2 2:3\n", ":2:", "index 2 after index 2"},
            {"1 1:1\n\n1 x:2\n", ":3:", "bad index in 'x:2'"},
            {"1 -1:2\n", ":1:", "bad index"},
            {"1 1:abc\n", ":1:", "feature 1: 'abc' is not a number"},
            {"1 3:nan\n", ":1:", "feature 3: 'nan' is not a finite number"},
            {"1 3:-inf\n", ":1:", "'-inf' is not a finite number"},
            {"1 2\n", ":1:", "bad entry '2'"},
            {"1 2:\n", ":1:", "bad entry '2:'"},
            {"1:1 2:2\n", ":1:", "should start with a label"},
            {"# only a comment\n\n", ":2:", "no data lines"},
            {"", ":1:", "no data lines"},
            {"1\n-1\n", ":2:", "no feature indices"},
        };
        for (String[] c : cases) {
            Path p = write(tmp, "bad.libsvm", c[0]);
            fails(() -> LibsvmReader.read(p, 0), "bad.libsvm" + c[1], c[2]);
        }
        fails(() -> LibsvmReader.read(tmp.resolve("absent.libsvm"), 0), "absent.libsvm", "no such file");
    }

    @Test
    void crlfAndLabelOnlyRows() throws IOException {
        Path p = write(tmp, "crlf.libsvm", "\uFEFF2 1:1.5\r\n3\r\n2 2:-1\r\n");
        LabeledTable t = LibsvmReader.read(p, 0);
        assertEquals(3, t.rows());
        assertArrayEquals(new double[] {0, 0}, t.features().row(1));
        assertArrayEquals(new String[] {"2", "3", "2"}, t.targetValues());
    }
}
