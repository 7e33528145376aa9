package org.convexnn.data;

import static org.convexnn.data.TestFiles.dataset;
import static org.convexnn.data.TestFiles.fails;
import static org.convexnn.data.TestFiles.fixture;
import static org.convexnn.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path tmp;

    @Test
    void breastCancerShapeAndCells() {
        LabeledTable t = CsvReader.read(dataset("breast_cancer.csv"), null, true);
        assertEquals(569, t.features().rows());
        assertEquals(30, t.features().cols());
        assertEquals("x0", t.featureNames().get(0));
        assertEquals("x29", t.featureNames().get(29));
        assertEquals("label", t.targetName());
        assertEquals(17.99, t.features().get(0, 0));
        assertEquals(0.1189, t.features().get(0, 29));
        assertEquals("malignant", t.targetValues()[0]);
        assertEquals("benign", t.targetValues()[568]);
        assertEquals(0.07039, t.features().get(568, 29));
        assertEquals(570, t.lineOf(568));
    }

    @Test
    void irisAndDiabetes() {
        LabeledTable iris = CsvReader.read(dataset("iris.csv"), "label", true);
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), iris.featureNames());
        assertEquals(150, iris.rows());
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.features().row(0));
        assertEquals("virginica", iris.targetValues()[149]);
        LabeledTable diabetes = CsvReader.read(dataset("diabetes.csv"), null, true);
        assertEquals(442, diabetes.rows());
        assertEquals(10, diabetes.features().cols());
        assertEquals("target", diabetes.targetName());
        assertEquals("151.0", diabetes.targetValues()[0]);
        assertEquals(4.8598, diabetes.features().get(0, 8));
    }

    @Test
    void quotedFieldsAndWhitespace() {
        LabeledTable t = CsvReader.read(fixture("quoted.csv"), null, true);
        assertEquals(List.of("a,1", "b", "c\"q"), t.featureNames());
        assertEquals(2, t.rows());
        assertArrayEquals(new double[] {1.5, 2.5, 3}, t.features().row(0));
        assertArrayEquals(new double[] {-3, 400, -0.25}, t.features().row(1));
        assertArrayEquals(new String[] {"yes", "no, really"}, t.targetValues());
    }

    @Test
    void quotedFieldMaySpanLines() throws IOException {
        Path p = write(tmp, "multi.csv", "x,label\n1,\"two\nlines\"\n2,b\n3,oops,\n");
        fails(() -> CsvReader.read(p, null, true), "multi.csv:5:", "3 fields, expected 2");
        Path ok = write(tmp, "multi2.csv", "x,label\n1,\"two\r\nlines\"\n2,b\n");
        LabeledTable t = CsvReader.read(ok, null, true);
        assertEquals("two\nlines", t.targetValues()[0]);
        assertEquals(4, t.lineOf(1));
    }

    @Test
    void bomCrlfAndBlankTrailingLines() throws IOException {
        Path p = write(tmp, "bom.csv", "\uFEFFx1,x2,label\r\n1,2,a\r\n3,4,b\r\n\r\n  \r\n");
        LabeledTable t = CsvReader.read(p, "label", true);
        assertEquals(List.of("x1", "x2"), t.featureNames());
        assertEquals(2, t.rows());
        assertEquals(4.0, t.features().get(1, 1));
        assertArrayEquals(new String[] {"a", "b"}, t.targetValues());
        Path bad = write(tmp, "crlf.csv", "\uFEFFx1,label\r\n1,a\r\n\r\nz,b\r\n");
        fails(() -> CsvReader.read(bad, null, true), "crlf.csv:4:", "column 'x1'", "'z' is not a number");
    }

    @Test
    void targetColumnChoice() throws IOException {
        Path p = write(tmp, "num.csv", "a,b,c\n1,2,3\n4,5,6\n");
        LabeledTable last = CsvReader.read(p, null, true);
        assertEquals(List.of("a", "b"), last.featureNames());
        assertArrayEquals(new String[] {"3", "6"}, last.targetValues());
        LabeledTable named = CsvReader.read(p, "a", true);
        assertEquals(List.of("b", "c"), named.featureNames());
        assertEquals(6.0, named.features().get(1, 1));
        assertArrayEquals(new String[] {"1", "4"}, named.targetValues());
        LabeledTable none = CsvReader.read(p, null, false);
        assertEquals(3, none.features().cols());
        assertNull(none.targetValues());
        assertNull(none.targetName());
        LabeledTable absent = CsvReader.read(p, "label", false);
        assertEquals(3, absent.features().cols());
        assertNull(absent.targetValues());
        LabeledTable present = CsvReader.read(p, "b", false);
        assertEquals(List.of("a", "c"), present.featureNames());
        assertArrayEquals(new String[] {"2", "5"}, present.targetValues());
        fails(() -> CsvReader.read(p, "label", true), "num.csv:1:", "target column 'label'", "a, b, c");
    }

    @Test
    void brokenFixtures() {
        fails(() -> CsvReader.read(fixture("empty.csv"), null, true), "empty.csv:1:", "empty");
        fails(() -> CsvReader.read(fixture("header_only.csv"), null, true), "header_only.csv:1:", "no data rows");
        fails(() -> CsvReader.read(fixture("ragged.csv"), null, true), "ragged.csv:3:", "2 fields, expected 3");
        fails(() -> CsvReader.read(fixture("bad_number.csv"), null, true),
                "bad_number.csv:4: column 'x3': 'abc' is not a number");
        fails(() -> CsvReader.read(fixture("nan.csv"), null, true), "nan.csv:3:", "column 'x2'", "'NaN' is not a finite number");
        fails(() -> CsvReader.read(fixture("dup_header.csv"), null, true), "dup_header.csv:1:",
                "duplicate column name 'x1'", "columns 1 and 3");
    }

    @Test
    void infinitiesAndMissingCells() throws IOException {
        for (String inf : new String[] {"Inf", "-Inf", "Infinity", "-infinity", "1e400"}) {
            Path p = write(tmp, "inf.csv", "x1,x2,label\n1,2,a\n\n3," + inf + ",b\n");
            fails(() -> CsvReader.read(p, null, true), "inf.csv:4:", "column 'x2'", "'" + inf + "' is not a finite number");
        }
        Path empty = write(tmp, "hole.csv", "x1,x2,label\n1,,a\n");
        fails(() -> CsvReader.read(empty, null, true), "hole.csv:2:", "column 'x2': missing value");
        Path noTarget = write(tmp, "notarget.csv", "x1,label\n1, \n");
        fails(() -> CsvReader.read(noTarget, null, true), "notarget.csv:2:", "missing target value");
    }

    @Test
    void malformedQuotesAndHeaders() throws IOException {
        Path open = write(tmp, "open.csv", "x,label\n1,a\n2,\"never closed\n3,b\n");
        fails(() -> CsvReader.read(open, null, true), "open.csv:3:", "not closed");
        Path after = write(tmp, "after.csv", "x,label\n1,\"a\"b\n");
        fails(() -> CsvReader.read(after, null, true), "after.csv:2:", "after a closing quote");
        Path blankName = write(tmp, "blank.csv", "x,,label\n1,2,a\n");
        fails(() -> CsvReader.read(blankName, null, true), "blank.csv:1:", "column 2 has no name");
        Path onlyTarget = write(tmp, "one.csv", "label\na\n");
        fails(() -> CsvReader.read(onlyTarget, null, true), "one.csv:1:", "no feature columns");
        Path latin1 = tmp.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'x', ',', 'l', '\n', '1', ',', (byte) 0xE9, '\n'});
        fails(() -> CsvReader.read(latin1, null, true), "latin1.csv", "UTF-8");
    }

    @Test
    void missingAndUnreadableFiles() throws IOException {
        Path missing = tmp.resolve("nowhere.csv");
        fails(() -> CsvReader.read(missing, null, true), "nowhere.csv", "no such file");
        fails(() -> CsvReader.readFeatures(missing, List.of("a"), null), "nowhere.csv", "no such file");
        fails(() -> CsvReader.read(tmp, null, true), tmp.toString(), "directory");
        Path locked = write(tmp, "locked.csv", "x,label\n1,a\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running with privileges that ignore file permissions");
        fails(() -> CsvReader.read(locked, null, true), "locked.csv", "cannot read");
    }

    @Test
    void predictionMatchesColumnsByName() {
        LabeledTable t = CsvReader.readFeatures(fixture("reordered.csv"), List.of("x1", "x2", "x3"), "label");
        assertEquals(List.of("x1", "x2", "x3"), t.featureNames());
        assertArrayEquals(new double[] {10, 20, 30}, t.features().row(0));
        assertArrayEquals(new double[] {40, 50, 60}, t.features().row(1));
        assertEquals("label", t.targetName());
        assertArrayEquals(new String[] {"b", "c"}, t.targetValues());
        fails(() -> CsvReader.readFeatures(fixture("reordered.csv"), List.of("label", "x1", "x2", "x3"), null),
                "reordered.csv:2: column 'label': 'b' is not a number");
        fails(() -> CsvReader.readFeatures(fixture("reordered.csv"), List.of("x1", "x2", "x3"), null),
                "reordered.csv:1: has column 'label' that the model was not trained on");
    }

    @Test
    void predictionWithoutTargetColumn() throws IOException {
        Path p = write(tmp, "data.csv", "x2,x1\n1,2\n3,4\n");
        LabeledTable t = CsvReader.readFeatures(p, List.of("x1", "x2"), "label");
        assertNull(t.targetValues());
        assertNull(t.targetName());
        assertArrayEquals(new double[] {4, 3}, t.features().row(1));
    }

    @Test
    void predictionColumnMismatch() throws IOException {
        Path p = write(tmp, "data.csv", "x1,foo,label\n1,2,a\n");
        fails(() -> CsvReader.readFeatures(p, List.of("x1", "x7"), "label"),
                "data.csv:1: column 'x7' expected by the model is missing");
        fails(() -> CsvReader.readFeatures(p, List.of("x1"), "label"),
                "data.csv:1: has column 'foo' that the model was not trained on");
        // issue 18 defect 7: the target the user named is the one reported missing
        fails(() -> CsvReader.readFeatures(p, List.of("x1", "foo"), "target"),
                "data.csv:1: no target column 'target', and has column 'label' that the model was not trained on;"
                        + " is 'label' the target?");
        assertEquals(2.0, CsvReader.readFeatures(p, List.of("foo", "x1"), "label").features().get(0, 0));
        Path bad = write(tmp, "bad.csv", "x1,foo\n1,2\n3,x\n");
        fails(() -> CsvReader.readFeatures(bad, List.of("foo", "x1"), null), "bad.csv:3: column 'foo': 'x' is not a number");
    }
}
