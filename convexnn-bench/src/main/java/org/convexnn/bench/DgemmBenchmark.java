package org.convexnn.bench;

import java.util.Arrays;
import java.util.Random;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.JavaBlas;
import org.convexnn.linalg.NativeBlas;

/**
 * Measures dgemm GFLOP/s of {@link NativeBlas} and {@link JavaBlas} on the operator shapes:
 * {@code X V} (m=20000, k=100, n=1000) and {@code X^T R} (transA: m=100, k=20000, n=1000).
 *
 * <p>Usage: {@code DgemmBenchmark [threads] [repeats] [native|java|both]} (defaults: 0 = all processors, 7, both).
 * Prints one line per (kernel, shape) with the median rate.
 */
public final class DgemmBenchmark {

    private DgemmBenchmark() {
    }

    /** A benchmark shape: C (m x n) = op(A) (m x k) * B (k x n). */
    public record Shape(String label, boolean transA, int m, int n, int k) {
    }

    /** The default shapes. */
    public static final Shape[] SHAPES = {
        new Shape("X*V   (m=20000,k=100,n=1000)", false, 20000, 1000, 100),
        new Shape("X^T*R (m=100,k=20000,n=1000, transA)", true, 100, 1000, 20000),
    };

    /**
     * Median GFLOP/s of {@code repeats} timed runs of {@code C = op(A) B} (2mnk flops each), after two warm-up runs.
     */
    static double gflops(Blas blas, boolean transA, int m, int n, int k, int repeats) {
        return measure(blas, transA, m, n, k, repeats)[0];
    }

    /**
     * {median wall-clock GFLOP/s, median GFLOP per CPU-second of the whole process}. The second figure is less
     * sensitive to other processes competing for the cores (it is roughly per-core throughput).
     */
    static double[] measure(Blas blas, boolean transA, int m, int n, int k, int repeats) {
        Random rnd = new Random(42);
        double[] a = new double[Math.multiplyExact(m, k)];
        double[] b = new double[Math.multiplyExact(k, n)];
        double[] c = new double[Math.multiplyExact(m, n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble() - 0.5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextDouble() - 0.5;
        }
        int lda = transA ? m : k;
        Runnable run = () -> blas.dgemm(transA, false, m, n, k, 1.0, a, 0, lda, b, 0, n, 0.0, c, 0, n);
        for (int i = 0; i < 2; i++) {
            run.run();
        }
        int reps = Math.max(1, repeats);
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        double flops = 2.0 * m * n * k;
        for (int r = 0; r < reps; r++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            run.run();
            long t1 = System.nanoTime();
            long c1 = processCpuNanos();
            wall[r] = flops / (t1 - t0);
            cpu[r] = c0 < 0 || c1 <= c0 ? Double.NaN : flops / (c1 - c0);
        }
        return new double[] {median(wall), median(cpu)};
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String which = args.length > 2 ? args[2] : "both";
        Blas nat = which.equals("java") ? null : NativeBlas.tryCreate(threads);
        Blas jav = which.equals("native") ? null : new JavaBlas(threads);
        if (nat == null && !which.equals("java")) {
            Throwable err = NativeBlas.loadError();
            System.out.println("native BLAS unavailable" + (err != null ? ": " + err : ""));
        }
        System.out.printf("cpus=%d java=%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        for (Shape s : SHAPES) {
            for (Blas blas : new Blas[] {nat, jav}) {
                if (blas == null) {
                    continue;
                }
                double[] g = measure(blas, s.transA(), s.m(), s.n(), s.k(), repeats);
                System.out.printf("%-40s %-44s %8.2f GFLOP/s  (%6.2f GFLOP per CPU-second)%n",
                        s.label(), blas.name(), g[0], g[1]);
            }
        }
    }
}
