package org.convexnn.data;

import static org.convexnn.data.TestFiles.dataset;
import static org.convexnn.data.TestFiles.fails;
import static org.convexnn.data.TestFiles.fixture;
import static org.convexnn.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void breastCancerIsBinaryWithBenignNegative() {
        LabeledTable t = CsvReader.read(dataset("breast_cancer.csv"), null, true);
        Dataset ds = DatasetLoader.forTraining(t, TaskHint.AUTO, false);
        assertEquals(Task.BINARY, ds.encoding().task());
        assertEquals(List.of("benign", "malignant"), ds.encoding().classes());
        assertEquals(569, ds.n());
        assertEquals(30, ds.d());
        assertEquals(1, ds.outputs());
        assertEquals(1.0, ds.targets().get(0, 0));
        assertEquals(-1.0, ds.targets().get(568, 0));
        double positives = 0;
        for (double v : ds.targets().data()) {
            positives += v > 0 ? 1 : 0;
        }
        assertEquals(212, positives);
    }

    @Test
    void irisIsOneHot() {
        Dataset ds = DatasetLoader.forTraining(CsvReader.read(dataset("iris.csv"), null, true), TaskHint.AUTO, true);
        assertEquals(Task.MULTICLASS, ds.encoding().task());
        assertEquals(List.of("setosa", "versicolor", "virginica"), ds.encoding().classes());
        assertEquals(3, ds.outputs());
        assertArrayEquals(new double[] {1, 0, 0}, ds.targets().row(0));
        assertArrayEquals(new double[] {0, 1, 0}, ds.targets().row(50));
        assertArrayEquals(new double[] {0, 0, 1}, ds.targets().row(149));
    }

    @Test
    void wineAndDigitsClasses() {
        Dataset wine = DatasetLoader.forTraining(CsvReader.read(dataset("wine.csv"), null, true), TaskHint.AUTO, false);
        assertEquals(List.of("class_0", "class_1", "class_2"), wine.encoding().classes());
        assertEquals(178, wine.n());
        LabeledTable digits = CsvReader.read(dataset("digits.csv"), null, true);
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.features().cols());
        Dataset ds = DatasetLoader.forTraining(digits, TaskHint.CLASSIFICATION, false);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ds.encoding().classes());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ds.targets().row(0));
        assertEquals(Task.REGRESSION, DatasetLoader.forTraining(digits, TaskHint.AUTO, false).encoding().task());
    }

    @Test
    void diabetesIsRegressionUnlessLogistic() {
        LabeledTable t = CsvReader.read(dataset("diabetes.csv"), null, true);
        Dataset ds = DatasetLoader.forTraining(t, TaskHint.AUTO, false);
        assertEquals(Task.REGRESSION, ds.encoding().task());
        assertEquals("target", ds.encoding().targetName());
        assertEquals(151.0, ds.targets().get(0, 0));
        assertEquals(57.0, ds.targets().get(441, 0));
        String msg = fails(() -> DatasetLoader.forTraining(t, TaskHint.AUTO, true), "diabetes.csv",
                "logistic loss needs a class target, but column 'target' is numeric with ", "distinct values; use --loss squared");
        assertEquals(214, Integer.parseInt(msg.replaceAll(".* with (\\d+) distinct.*", "$1")));
        fails(() -> DatasetLoader.forTraining(t, TaskHint.REGRESSION, true), "diabetes.csv", "logistic loss needs a class target");
    }

    @Test
    void heartScaleBinaryUnderLogistic() {
        LabeledTable t = LibsvmReader.read(dataset("heart_scale.libsvm"), 0);
        Dataset ds = DatasetLoader.forTraining(t, TaskHint.AUTO, true);
        assertEquals(Task.BINARY, ds.encoding().task());
        assertEquals(List.of("-1", "+1"), ds.encoding().classes());
        assertEquals(1.0, ds.targets().get(0, 0));
        assertEquals(-1.0, ds.targets().get(1, 0));
        assertEquals(270, ds.n());
        assertEquals(13, ds.d());
        Dataset reg = DatasetLoader.forTraining(t, TaskHint.AUTO, false);
        assertEquals(Task.REGRESSION, reg.encoding().task());
        assertEquals(-1.0, reg.targets().get(1, 0));
    }

    @Test
    void numericClassesSortNumericallyAndMergeSpellings() throws IOException {
        Path p = write(tmp, "num.csv", "x,y\n1,10\n2,9\n3,10.0\n4,2\n");
        Dataset ds = DatasetLoader.forTraining(CsvReader.read(p, null, true), TaskHint.CLASSIFICATION, false);
        assertEquals(List.of("2", "9", "10"), ds.encoding().classes());
        assertArrayEquals(new double[] {0, 0, 1}, ds.targets().row(2));
        Path two = write(tmp, "two.csv", "x,y\n1,1\n2,0\n3,1.0\n");
        Dataset bin = DatasetLoader.forTraining(CsvReader.read(two, null, true), TaskHint.AUTO, true);
        assertEquals(List.of("0", "1"), bin.encoding().classes());
        assertArrayEquals(new double[] {1, -1, 1}, bin.targets().data());
    }

    @Test
    void taskErrors() throws IOException {
        Path one = write(tmp, "one.csv", "x,label\n1,benign\n2,benign\n");
        fails(() -> DatasetLoader.forTraining(CsvReader.read(one, null, true), TaskHint.AUTO, false),
                "one.csv", "only one class ('benign') in column 'label'; classification needs at least two");
        Path oneNum = write(tmp, "onenum.csv", "x,y\n1,3\n2,3\n");
        fails(() -> DatasetLoader.forTraining(CsvReader.read(oneNum, null, true), TaskHint.AUTO, true),
                "onenum.csv", "only one class ('3')");
        Path text = write(tmp, "text.csv", "x,y\n1,2.5\n2,3\n\n3,high\n");
        fails(() -> DatasetLoader.forTraining(CsvReader.read(text, null, true), TaskHint.REGRESSION, false),
                "text.csv:5:", "column 'y'", "'high' is not a number");
        Path nan = write(tmp, "nan.csv", "x,y\n1,2.5\n2,NaN\n");
        fails(() -> DatasetLoader.forTraining(CsvReader.read(nan, null, true), TaskHint.AUTO, false),
                "nan.csv:3:", "'NaN' is not a finite number");
        LabeledTable noTarget = CsvReader.read(oneNum, null, false);
        assertEquals(2, noTarget.features().cols());
        fails(() -> DatasetLoader.forTraining(noTarget, TaskHint.AUTO, false), "onenum.csv", "no target column");
    }

    @Test
    void predictionUsesTrainedEncoding() {
        TargetEncoding enc = new TargetEncoding(Task.MULTICLASS, "label", List.of("a", "b", "c"));
        LabeledTable t = CsvReader.readFeatures(fixture("reordered.csv"), List.of("x1", "x2", "x3"), "label");
        Dataset ds = DatasetLoader.forPrediction(t, enc);
        assertEquals(enc, ds.encoding());
        assertArrayEquals(new double[] {0, 1, 0}, ds.targets().row(0));
        assertArrayEquals(new double[] {0, 0, 1}, ds.targets().row(1));
        assertArrayEquals(new double[] {10, 20, 30}, ds.features().row(0));
        TargetEncoding binary = new TargetEncoding(Task.BINARY, "label", List.of("a", "b"));
        fails(() -> DatasetLoader.forPrediction(t, binary), "reordered.csv:3:", "class 'c'", "not seen in training");
    }

    @Test
    void predictionWithoutTargetsAndNumericLabels() throws IOException {
        Path p = write(tmp, "p.csv", "x\n1\n2\n");
        TargetEncoding reg = new TargetEncoding(Task.REGRESSION, "y", List.of());
        Dataset ds = DatasetLoader.forPrediction(CsvReader.readFeatures(p, List.of("x"), "y"), reg);
        assertFalse(ds.hasTargets());
        assertNull(ds.targets());
        assertEquals(2, ds.n());
        Path q = write(tmp, "q.csv", "x,y\n1,1.0\n2,-1\n");
        TargetEncoding bin = new TargetEncoding(Task.BINARY, "y", List.of("-1", "+1"));
        Dataset b = DatasetLoader.forPrediction(CsvReader.readFeatures(q, List.of("x"), "y"), bin);
        assertArrayEquals(new double[] {1, -1}, b.targets().data());
        Path r = write(tmp, "r.csv", "x,y\n1,1.0\n2,oops\n");
        fails(() -> DatasetLoader.forPrediction(CsvReader.readFeatures(r, List.of("x"), "y"), reg),
                "r.csv:3:", "'oops' is not a number");
    }
}
