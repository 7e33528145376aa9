package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.convexnn.cli.CliTestSupport.Result;
import org.convexnn.solver.IterationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiscCommandsTest {
    @TempDir
    Path dir;

    @Test
    void versionAndHelpEverywhere() {
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("convexnn "), v.out());
        for (String cmd : List.of("fit", "predict", "evaluate", "demo", "bench")) {
            Result h = run(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().contains("Usage: convexnn " + cmd), h.out());
            assertEquals(0, run(cmd, "--version").code(), cmd);
        }
        assertEquals(0, run("bench", "kernels", "--help").code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void fitHelpListsTheContractFlags() {
        String help = run("fit", "--help").out();
        for (String flag : List.of("--data", "--format", "--target", "--model", "--loss", "--lambda", "--patterns",
                "--gates", "--bias", "--standardize", "--solver", "--tol", "--max-iter", "--time-limit", "--threads",
                "--seed", "--out", "--summary", "--quiet", "--task")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void noCommandIsBadInput() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: missing command"), r.err());
    }

    @Test
    void benchKernelsOnASmallShape() {
        Result r = run("bench", "kernels", "--n", "300", "--d", "8", "--patterns", "20", "--repeats", "1", "--kernel", "java");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("solver iteration") && r.out().contains("plain dgemm") && r.out().contains("GFLOP/s"), r.out());
        Result bad = run("bench", "kernels", "--n", "0");
        assertEquals(2, bad.code(), bad.toString());
    }

    @Test
    void demoWithMissingData() throws IOException {
        Path out = dir.resolve("demo-model.json");
        Result r = run("demo", "--data", dir.resolve("none.csv").toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("none.csv: no such file"), r.err());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void demoFindsTheBundledDatasetFromTheCodeLocation() {
        // tests run in convexnn-cli/, so the dataset is found through the parents of target/classes
        Path p = DemoCommand.locateDataset();
        assertTrue(java.nio.file.Files.isRegularFile(p), p.toString());
        assertTrue(p.toString().endsWith("breast_cancer.csv"), p.toString());
    }

    @Test
    void formatByExtension() {
        assertEquals(DataFormat.LIBSVM, DataFormat.resolve(null, Path.of("a.libsvm")));
        assertEquals(DataFormat.LIBSVM, DataFormat.resolve(null, Path.of("a.SVM")));
        assertEquals(DataFormat.LIBSVM, DataFormat.resolve(null, Path.of("dir/a.txt")));
        assertEquals(DataFormat.CSV, DataFormat.resolve(null, Path.of("a.csv")));
        assertEquals(DataFormat.CSV, DataFormat.resolve(null, Path.of("a.data")));
        assertEquals(DataFormat.CSV, DataFormat.resolve(DataFormat.CSV, Path.of("a.txt")));
    }

    @Test
    void progressIsSilentForOneSecondThenThrottled() {
        AtomicLong now = new AtomicLong(0);
        StringWriter sw = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(sw), now::get);
        IterationInfo info = new IterationInfo(1200, 0.0123456, 0.0123401, 4.5e-4, 0, 12.3);
        for (long t = 0; t <= 1_000_000_000L; t += 100_000_000L) {
            now.set(t);
            p.onIteration(info);
        }
        assertEquals(0, p.linesPrinted(), "nothing in the first second");
        now.set(1_100_000_000L);
        p.onIteration(info);
        now.set(1_400_000_000L);
        p.onIteration(info);
        now.set(1_599_999_999L);
        p.onIteration(info);
        assertEquals(1, p.linesPrinted());
        now.set(1_600_000_000L);
        p.onIteration(info);
        assertEquals(2, p.linesPrinted());
        assertEquals("iter 1200  objective 0.0123456  bound 0.0123401  rel.gap 4.5e-04  12.3s",
                sw.toString().lines().findFirst().orElseThrow());
    }
}
