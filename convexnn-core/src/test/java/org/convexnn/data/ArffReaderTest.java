package org.convexnn.data;

import static org.convexnn.data.TestFiles.fails;
import static org.convexnn.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARFF: header, dense and sparse rows, quoting, the target, and errors naming file and line. */
class ArffReaderTest {
    @TempDir
    Path dir;

    static final String IRIS_LIKE = String.join("\n",
            "% a comment",
            "@RELATION iris",
            "",
            "@ATTRIBUTE sepallength NUMERIC",
            "@attribute 'sepal width' real",
            "@attribute petal integer   % trailing comment",
            "@ATTRIBUTE class {Iris-setosa,'Iris versicolor'}",
            "@DATA",
            "5.1,3.5,1,Iris-setosa",
            "% another comment",
            "4.9, 3.0 ,2,'Iris versicolor'",
            "{0 6.5, 3 'Iris versicolor'}",
            "");

    @Test
    void readsDenseAndSparseRowsWithTheLastAttributeAsTarget() throws Exception {
        Path f = write(dir, "iris.arff", IRIS_LIKE);
        LabeledTable t = ArffReader.read(f, null);
        assertEquals(List.of("sepallength", "sepal width", "petal"), t.featureNames());
        assertEquals("class", t.targetName());
        assertArrayEquals(new double[] {5.1, 3.5, 1}, t.features().row(0), 0.0);
        assertArrayEquals(new double[] {4.9, 3.0, 2}, t.features().row(1), 0.0);
        assertArrayEquals(new double[] {6.5, 0, 0}, t.features().row(2), 0.0);
        assertArrayEquals(new String[] {"Iris-setosa", "Iris versicolor", "Iris versicolor"}, t.targetValues());
        assertEquals(11, t.lineOf(1));
    }

    @Test
    void aNamedTargetAndFeaturesByName() throws Exception {
        // a nominal attribute left as a feature is refused, naming it
        Path f = write(dir, "iris.arff", IRIS_LIKE);
        fails(() -> ArffReader.read(f, "petal"), "iris.arff:7:", "'class' is not numeric");
        Path numeric = write(dir, "num.arff", "@relation r\n@attribute a numeric\n@attribute b numeric\n"
                + "@attribute y numeric\n@data\n1,2,3\n4,5,6\n");
        LabeledTable byName = ArffReader.readFeatures(numeric, List.of("b", "a"), "y");
        assertArrayEquals(new double[] {5, 4}, byName.features().row(1), 0.0);
        assertArrayEquals(new String[] {"3", "6"}, byName.targetValues());
    }

    @Test
    void errorsNameTheFileAndLine() throws Exception {
        Path missing = write(dir, "m.arff", "@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n1,p\n?,q\n");
        fails(() -> ArffReader.read(missing, null), "m.arff:6:", "missing value", "'a'");
        Path nominal = write(dir, "n.arff", "@relation r\n@attribute a {x,y}\n@attribute y {p,q}\n@data\nx,p\n");
        fails(() -> ArffReader.read(nominal, null), "n.arff:2:", "not numeric");
        Path ragged = write(dir, "r.arff", "@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n1,2,p\n");
        fails(() -> ArffReader.read(ragged, null), "r.arff:5:", "3 values, expected 2");
        Path date = write(dir, "d.arff", "@relation r\n@attribute t date 'yyyy'\n@attribute y numeric\n@data\n");
        fails(() -> ArffReader.read(date, null), "d.arff:2:", "date");
        Path noData = write(dir, "e.arff", "@relation r\n@attribute a numeric\n");
        fails(() -> ArffReader.read(noData, null), "no @data");
        Path badTarget = write(dir, "t.arff", "@relation r\n@attribute a numeric\n@attribute y numeric\n@data\n1,2\n");
        fails(() -> ArffReader.read(badTarget, "nosuch"), "'nosuch'", "a, y");
        Path sparse = write(dir, "s.arff", "@relation r\n@attribute a numeric\n@attribute y numeric\n@data\n{5 1}\n");
        fails(() -> ArffReader.read(sparse, null), "s.arff:5:", "sparse index 5");
    }
}
