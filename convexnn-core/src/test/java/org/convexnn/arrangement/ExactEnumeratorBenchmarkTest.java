package org.convexnn.arrangement;

import static org.convexnn.testing.TestMatrices.gaussian;

import java.util.Locale;
import org.convexnn.arrangement.CellEnumerator.Algorithm;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing of exact enumeration on Gaussian data (BENCHMARKS-enum.md). Skipped unless run with
 * {@code -Dconvexnn.bench=true}; {@code -Dconvexnn.bench.cases=n:r[:lp],...} overrides the cases.
 */
class ExactEnumeratorBenchmarkTest {

    @Test
    void benchmark() {
        Assumptions.assumeTrue(Boolean.getBoolean("convexnn.bench"), "set -Dconvexnn.bench=true to run");
        String spec = System.getProperty("convexnn.bench.cases",
                "200:2,1000:2,5000:2,200:3,1000:3,200:4,200:3:lp,100:4:lp");
        // warm-up
        ExactEnumerator.enumerateWithStats(gaussian(60, 3, 1), Long.MAX_VALUE);
        ExactEnumerator.enumerateWithStats(gaussian(30, 3, 1), Long.MAX_VALUE, Algorithm.LP);
        System.out.println("| n | r | algorithm | cells (bound) | patterns | wall (s) | CPU (s) | patterns/s (CPU) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String c : spec.split(",")) {
            String[] f = c.trim().split(":");
            int n = Integer.parseInt(f[0]);
            int r = Integer.parseInt(f[1]);
            Algorithm alg = f.length > 2 && f[2].equals("lp") ? Algorithm.LP : Algorithm.AUTO;
            Matrix x = gaussian(n, r, 1234 + n + r);
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            EnumerationResult res = ExactEnumerator.enumerateWithStats(x, Long.MAX_VALUE, alg);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            long bound = ExactEnumerator.countBound(n, r);
            String name = alg == Algorithm.LP ? "E4, LP only"
                    : r == 2 ? "E2" : "E4 + restriction";
            System.out.println(String.format(Locale.ROOT, "| %d | %d | %s | %d (%d) | %d | %.2f | %.2f | %.3g |", n, r,
                    name, res.cells(), bound, res.patterns().size(), s, cpu, res.patterns().size() / cpu));
        }
    }
}
