package org.convexnn.linalg;

import java.util.Arrays;
import java.util.Random;

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
        int warm = 2;
        for (int i = 0; i < warm; i++) {
            run.run();
        }
        int reps = Math.max(1, repeats);
        double[] rates = new double[reps];
        double flops = 2.0 * m * n * k;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            run.run();
            long t1 = System.nanoTime();
            rates[r] = flops / (t1 - t0);
        }
        Arrays.sort(rates);
        return reps % 2 == 1 ? rates[reps / 2] : 0.5 * (rates[reps / 2 - 1] + rates[reps / 2]);
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
                double g = gflops(blas, s.transA(), s.m(), s.n(), s.k(), repeats);
                System.out.printf("%-40s %-44s %8.2f GFLOP/s%n", s.label(), blas.name(), g);
            }
        }
    }
}
