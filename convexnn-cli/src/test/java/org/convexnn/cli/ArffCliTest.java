package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --format arff}: the bundled iris data written as ARFF gives the same fit as its CSV, and predicts. */
class ArffCliTest {
    @TempDir
    Path dir;

    @Test
    void arffAndCsvOfTheSameDataGiveTheSameFit() throws Exception {
        Path csv = DemoCommand.locateDataset().toAbsolutePath().getParent().resolve("iris.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<String> arff = new ArrayList<>(List.of("% iris, from datasets/iris.csv", "@relation iris"));
        for (int j = 0; j < header.length - 1; j++) {
            arff.add("@attribute " + header[j] + " numeric");
        }
        arff.add("@attribute label {setosa,versicolor,virginica}");
        arff.add("@data");
        arff.addAll(lines.subList(1, lines.size()));
        Path a = dir.resolve("iris.arff");
        Files.write(a, arff, StandardCharsets.UTF_8);
        String[] common = {"--model", "gated-relu", "--patterns", "20", "--standardize", "--threads", "1", "--quiet"};
        Path sa = dir.resolve("a.json");
        Path sc = dir.resolve("c.json");
        Path ma = dir.resolve("ma.json");
        CliTestSupport.Result ra = run(concat(new String[] {"fit", "--data", a.toString(), "--summary", sa.toString(),
            "--out", ma.toString()}, common));
        assertEquals(0, ra.code(), ra.toString());
        CliTestSupport.Result rc = run(concat(new String[] {"fit", "--data", csv.toString(), "--summary",
            sc.toString()}, common));
        assertEquals(0, rc.code(), rc.toString());
        assertEquals(json(sc).get("objective").asDouble(), json(sa).get("objective").asDouble(), 0.0);
        assertEquals(json(sc).get("lower_bound").asDouble(), json(sa).get("lower_bound").asDouble(), 0.0);
        Path metrics = dir.resolve("m.json");
        CliTestSupport.Result ev = run("evaluate", "--model", ma.toString(), "--data", a.toString(), "--summary",
                metrics.toString());
        assertEquals(0, ev.code(), ev.toString());
        assertTrue(json(metrics).get("accuracy").asDouble() > 0.9, ev.out());
        CliTestSupport.Result bad = run("fit", "--data", a.toString(), "--format", "arf");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("arff"), bad.err());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
