package org.convexnn.data;

import static org.convexnn.data.TestFiles.fails;
import static org.convexnn.data.TestFiles.fixture;
import static org.convexnn.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateFileTest {
    @TempDir
    Path tmp;

    @Test
    void withBiasPadsShortLinesWithZero() {
        Matrix g = GateFile.read(fixture("gates.csv"), 3, true);
        assertEquals(3, g.rows());
        assertEquals(4, g.cols());
        assertArrayEquals(new double[] {1, 0, -1, 0}, g.row(0));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 2}, g.row(1));
        assertArrayEquals(new double[] {-1, 2, 3, 0}, g.row(2));
    }

    @Test
    void withoutBiasNeedsExactlyD() throws IOException {
        fails(() -> GateFile.read(fixture("gates.csv"), 3, false), "gates.csv:3:", "4 values, expected 3 (d)");
        Path p = write(tmp, "g.csv", "1,2\r\n3,4\r\n");
        Matrix g = GateFile.read(p, 2, false);
        assertEquals(2, g.cols());
        assertEquals(4.0, g.get(1, 1));
    }

    @Test
    void wrongWidthMessage() throws IOException {
        Path p = write(tmp, "gates.csv", "1,2,3,4\n1,2,3,4,5\n1,2,3,4,5\n");
        Matrix ok = GateFile.read(p, 4, true);
        assertEquals(0.0, ok.get(0, 4));
        assertEquals(5.0, ok.get(1, 4));
        Path bad = write(tmp, "gates.csv", "1,2,3\n# comment\n1,2,3,4,5\n");
        fails(() -> GateFile.read(bad, 3, true),
                "gates.csv:3: 5 values, expected 3 (d) or 4 (d+1 with the bias coordinate last)");
        Path big = write(tmp, "wide.csv", "1,2,3,4\n1,2,3,4,5\n");
        fails(() -> GateFile.read(big, 4, false), "wide.csv:2: 5 values, expected 4 (d)");
    }

    @Test
    void badValuesAndEmptyFiles() throws IOException {
        Path inf = write(tmp, "inf.csv", "1,2\n1,Infinity\n");
        fails(() -> GateFile.read(inf, 2, false), "inf.csv:2:", "value 2: 'Infinity' is not a finite number");
        Path text = write(tmp, "text.csv", "a,b\n");
        fails(() -> GateFile.read(text, 2, false), "text.csv:1:", "value 1: 'a' is not a number");
        Path empty = write(tmp, "empty.csv", "# nothing\n\n");
        fails(() -> GateFile.read(empty, 2, false), "empty.csv:2:", "no gate vectors");
        fails(() -> GateFile.read(tmp.resolve("none.csv"), 2, false), "none.csv", "no such file");
        assertThrows(IllegalArgumentException.class, () -> GateFile.read(inf, 0, false));
    }

    /** Issue 18 defect 6: NumPy's savetxt writes space- or tab-separated gates (its default delimiter is ' '). */
    @Test
    void spaceAndTabSeparatedGates() throws IOException {
        Path spaces = write(tmp, "g.txt", "1.000000000000000000e+00 0.0 -1 0\n  0.5   0.5 0.5 2  \n-1 2 3\n");
        Matrix g = GateFile.read(spaces, 3, true);
        assertEquals(3, g.rows());
        assertArrayEquals(new double[] {1, 0, -1, 0}, g.row(0));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 2}, g.row(1));
        assertArrayEquals(new double[] {-1, 2, 3, 0}, g.row(2));
        Path tabs = write(tmp, "g.tsv", "# savetxt header\n1\t2\r\n3\t\t4\n");
        Matrix t = GateFile.read(tabs, 2, false);
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.data());
        Path commaSpace = write(tmp, "g2.csv", "1, 2\n3 ,4\n");
        assertArrayEquals(new double[] {1, 2, 3, 4}, GateFile.read(commaSpace, 2, false).data());
        Path wide = write(tmp, "w.txt", "1 2 3\n");
        fails(() -> GateFile.read(wide, 2, false), "w.txt:1: 3 values, expected 2 (d)");
    }
}
