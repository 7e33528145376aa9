package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convexnn bench suite}: a smoke run with a tiny time limit (the real run's figures are in BENCHMARKS.md). */
class BenchSuiteCliTest {
    @TempDir
    Path dir;

    @Test
    void quickSuitePrintsOneTable() {
        Path datasets = DemoCommand.locateDataset().toAbsolutePath().getParent();
        CliTestSupport.Result r = run("bench", "suite", "--quick", "--time-limit", "0.3", "--path", "3", "--datasets",
                datasets.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("dgemm rate"), r.toString());
        assertTrue(r.out().contains("| data | n×d | model |"), r.toString());
        assertTrue(r.out().contains("| breast_cancer | 569×30 | gated-relu |"), r.toString());
        assertTrue(r.out().contains("| synthetic 2000×50 | 2000×50 | gated-relu |"), r.toString());
        assertTrue(r.out().contains("| breast_cancer | 569×30 | relu |"), r.toString());
        assertTrue(r.out().contains("3 lambdas from lambda_max"), r.toString());
        assertTrue(r.out().contains("| path seconds | single fit at the smallest λ (s) | path / single |"), r.toString());
        assertTrue(r.out().contains("| 3 of 3 |"), r.toString());
        CliTestSupport.Result bad = run("bench", "suite", "--quick", "--path", "1");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--path"), bad.toString());
    }

    @Test
    void missingFashionMnistFilesAreBadInput() {
        CliTestSupport.Result r = run("bench", "suite", "--fmnist", dir.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("train-images-idx3-ubyte.gz"), r.toString());
    }

    @Test
    void quickCertifyBenchmarkPrintsBothTables() {
        CliTestSupport.Result r = run("bench", "certify", "--quick", "--subsampled-time-limit", "0.2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("| n | J(θ) | Adam s | spectral s |"), r.toString());
        assertTrue(r.out().contains("| 2000 |"), r.toString());
        assertTrue(r.out().contains("| n | J(balanced θ) | p(S_θ) value | p(S_θ) bound | status |"), r.toString());
        CliTestSupport.Result bad = run("bench", "certify", "--subsampled-time-limit", "0");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--subsampled-time-limit"), bad.toString());
    }
}
