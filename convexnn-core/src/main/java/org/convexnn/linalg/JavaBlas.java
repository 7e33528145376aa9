package org.convexnn.linalg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pure-Java dgemm: cache-blocked, vectorisation-friendly and multi-threaded.
 *
 * <p>The work is split into row blocks of C (or column blocks when C has few rows), one per thread, run on a shared
 * fixed pool of daemon threads (the caller runs one block itself; calls made from a pool thread run serially).
 * Within a block, op(B) is cut into {@value #KC} x {@value #NC} panels that are packed into one Java array per row
 * (so the panel sits in L2), and {@value #MR} rows of C at a time are accumulated in per-thread scratch rows (in L1)
 * before being stored into C.
 *
 * <p>The micro-kernel is {@code acc[j] = fma(x5, b5[j], ... fma(x0, b0[j], acc[j]))}: six rank-1 updates of one
 * accumulator row, the six scalars of alpha*op(A) held in locals. HotSpot C2 (JDK 17) auto-vectorises (SuperWord)
 * this loop into AVX2/AVX-512 FMAs only because it is small and indexes distinct arrays from zero: measured on the
 * development machine, a 4-row register tile, a 4-term body without fma, or indices with a variable offset
 * ({@code c[off + j]}) all fall back to scalar code at about half the speed (the body is then too big to unroll under
 * the default {@code -XX:LoopUnrollLimit}). {@link Math#fma} is only used when the CPU has FMA
 * ({@code /proc/cpuinfo}; {@link KernelSettings#fma} overrides); otherwise a 3-term multiply-add
 * kernel is used. No incubator Vector API and no JVM flags are needed.
 */
public final class JavaBlas implements Blas {

    /** Inner-dimension slice. */
    static final int KC = 192;
    /** Column panel width. */
    static final int NC = 256;
    /** Rows of C that share one pass over three packed rows of op(B). */
    static final int MR = 8;
    /** Below this many multiply-adds the product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    /**
     * Whether the CPU has FMA, so that {@link Math#fma} is a single vectorisable instruction rather than a very slow
     * software routine ({@link KernelSettings#useFma} decides).
     */
    static final boolean CPU_HAS_FMA = detectFma();

    private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final int threads;
    private final boolean fma;

    /** @param threads number of threads, or 0 for all available processors */
    public JavaBlas(int threads) {
        this(threads, KernelSettings.DEFAULT.useFma());
    }

    /**
     * @param threads number of threads, or 0 for all available processors
     * @param fma     whether the micro-kernel uses {@link Math#fma}
     */
    public JavaBlas(int threads, boolean fma) {
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.fma = fma;
    }

    private static ExecutorService pool(int size) {
        return POOLS.computeIfAbsent(size, s -> {
            AtomicInteger count = new AtomicInteger();
            return Executors.newFixedThreadPool(s, r -> {
                Thread t = new Thread(() -> {
                    IN_POOL.set(Boolean.TRUE);
                    r.run();
                }, "convexnn-blas-" + s + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        });
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (handledTrivially(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        boolean fmaK = fma;
        split(threads, PARALLEL_THRESHOLD, m, n, k, (i0, i1, j0, j1) ->
                block(fmaK, transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /** A piece of a product: rows [i0, i1) and columns [j0, j1) of C. */
    @FunctionalInterface
    interface Part {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Runs {@code part} over a partition of C into at most {@code threads} pieces on the shared pool, the caller
     * taking the last piece. Rows are split when C is at least as tall as wide (every piece then reads all of op(B)),
     * columns otherwise (every piece reads all of op(A)). Small products, and calls made from a pool thread, run
     * as one piece on the caller.
     */
    static void split(int threads, long threshold, int m, int n, int k, Part part) {
        long work = (long) m * n * k;
        int tasks = threads;
        if (work < threshold || IN_POOL.get()) {
            tasks = 1;
        }
        boolean byRows = n <= m || n < 8 * tasks;
        int extent = byRows ? m : n;
        int unit = byRows ? 4 : 8;
        int units = (extent + unit - 1) / unit;
        tasks = Math.max(1, Math.min(tasks, units));
        if (tasks == 1) {
            part.run(0, m, 0, n);
            return;
        }
        Future<?>[] futures = new Future<?>[tasks - 1];
        ExecutorService pool = pool(threads);
        int start = 0;
        for (int t = 0; t < tasks; t++) {
            int end = t == tasks - 1 ? extent : Math.min(extent, (int) ((long) units * (t + 1) / tasks) * unit);
            final int s0 = start;
            final int s1 = end;
            Runnable r = byRows ? () -> part.run(s0, s1, 0, n) : () -> part.run(0, m, s0, s1);
            if (t < tasks - 1) {
                futures[t] = pool.submit(r);
            } else {
                r.run();
            }
            start = end;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during dgemm", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Per-thread scratch: a packed op(B) panel (one array per row) and MR accumulator rows. */
    private static final class Scratch {
        final double[][] bp = new double[KC][NC];
        final double[][] acc = new double[MR][NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** C[i0:i1, j0:j1] = alpha op(A) op(B) + beta C on the calling thread. */
    private static void block(boolean fma, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, double alpha,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc) {
        if (i1 <= i0 || j1 <= j0) {
            return;
        }
        boolean overwrite = beta == 0.0; // the first k-slice then stores instead of adding (k > 0 here)
        if (!overwrite) {
            scaleC(i1 - i0, j1 - j0, beta, c, cOff + i0 * ldc + j0, ldc);
        }
        Scratch s = SCRATCH.get();
        double[][] bp = s.bp;
        double[][] acc = s.acc;
        // element (i, p) of op(A) is a[aOff + i * ars + p * acs]
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        for (int jc = j0; jc < j1; jc += NC) {
            int nb = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kb = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kb, jc, nb, bp);
                for (int ib = i0; ib < i1; ib += MR) {
                    int rows = Math.min(MR, i1 - ib);
                    for (int r = 0; r < rows; r++) {
                        java.util.Arrays.fill(acc[r], 0, nb, 0.0);
                    }
                    int p = 0;
                    if (fma) {
                        for (; p + 6 <= kb; p += 6) {
                            double[] b0 = bp[p];
                            double[] b1 = bp[p + 1];
                            double[] b2 = bp[p + 2];
                            double[] b3 = bp[p + 3];
                            double[] b4 = bp[p + 4];
                            double[] b5 = bp[p + 5];
                            int ap = aOff + (pc + p) * acs;
                            for (int r = 0; r < rows; r++) {
                                int ai = ap + (ib + r) * ars;
                                fma6(nb, b0, b1, b2, b3, b4, b5, acc[r], alpha * a[ai], alpha * a[ai + acs],
                                        alpha * a[ai + 2 * acs], alpha * a[ai + 3 * acs], alpha * a[ai + 4 * acs],
                                        alpha * a[ai + 5 * acs]);
                            }
                        }
                    }
                    for (; p + 3 <= kb; p += 3) {
                        double[] b0 = bp[p];
                        double[] b1 = bp[p + 1];
                        double[] b2 = bp[p + 2];
                        int ap = aOff + (pc + p) * acs;
                        for (int r = 0; r < rows; r++) {
                            int ai = ap + (ib + r) * ars;
                            if (fma) {
                                fma3(nb, b0, b1, b2, acc[r], alpha * a[ai], alpha * a[ai + acs], alpha * a[ai + 2 * acs]);
                            } else {
                                kernel3(nb, b0, b1, b2, acc[r], alpha * a[ai], alpha * a[ai + acs], alpha * a[ai + 2 * acs]);
                            }
                        }
                    }
                    for (; p < kb; p++) {
                        double[] b0 = bp[p];
                        int ap = aOff + (pc + p) * acs;
                        for (int r = 0; r < rows; r++) {
                            kernel1(nb, b0, acc[r], alpha * a[ap + (ib + r) * ars]);
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        double[] ar = acc[r];
                        int ci = cOff + (ib + r) * ldc + jc;
                        if (overwrite && pc == 0) {
                            System.arraycopy(ar, 0, c, ci, nb);
                        } else {
                            for (int j = 0; j < nb; j++) {
                                c[ci + j] += ar[j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Copies op(B)[pc:pc+kb, jc:jc+nb] into rows of bp. */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kb, int jc, int nb,
                              double[][] bp) {
        if (!transB) {
            for (int p = 0; p < kb; p++) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc, bp[p], 0, nb);
            }
        } else { // op(B)(p, j) = B[j, p]
            for (int j = 0; j < nb; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kb; p++) {
                    bp[p][j] = b[src + p];
                }
            }
        }
    }

    /**
     * acc[j] += x0 b0[j] + x1 b1[j] + x2 b2[j]. Kept this small, with zero-based indices into distinct arrays, so
     * that C2 unrolls and vectorises it with default flags (a 4-term or offset-indexed body is not vectorised).
     */
    private static void kernel3(int nb, double[] b0, double[] b1, double[] b2, double[] acc,
                                double x0, double x1, double x2) {
        for (int j = 0; j < nb; j++) {
            acc[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j];
        }
    }

    /** acc[j] += sum of x_q b_q[j], q = 0..5, as a chain of fused multiply-adds (vectorised by C2). */
    private static void fma6(int nb, double[] b0, double[] b1, double[] b2, double[] b3, double[] b4, double[] b5,
                             double[] acc, double x0, double x1, double x2, double x3, double x4, double x5) {
        for (int j = 0; j < nb; j++) {
            acc[j] = Math.fma(x5, b5[j], Math.fma(x4, b4[j], Math.fma(x3, b3[j],
                    Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], acc[j]))))));
        }
    }

    private static void fma3(int nb, double[] b0, double[] b1, double[] b2, double[] acc,
                             double x0, double x1, double x2) {
        for (int j = 0; j < nb; j++) {
            acc[j] = Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], acc[j])));
        }
    }

    private static void kernel1(int nb, double[] b0, double[] acc, double x0) {
        for (int j = 0; j < nb; j++) {
            acc[j] += x0 * b0[j];
        }
    }

    private static boolean detectFma() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return true; // FMA is part of ARMv8 SIMD
        }
        try {
            java.nio.file.Path info = java.nio.file.Path.of("/proc/cpuinfo");
            if (java.nio.file.Files.isReadable(info)) {
                try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(info)) {
                    return lines.filter(l -> l.startsWith("flags")).findFirst()
                            .map(l -> (" " + l.substring(l.indexOf(':') + 1) + " ").contains(" fma "))
                            .orElse(false);
                }
            }
        } catch (Exception | Error ignored) {
            return false;
        }
        return arch.equals("amd64") || arch.equals("x86_64"); // non-Linux x86-64: FMA since 2013 (Haswell, Piledriver)
    }

    /** C = beta C on an m x n block (beta = 0 overwrites, so NaN/Inf in C do not propagate). */
    /**
     * The checks and degenerate cases every dgemm shares: rejects negative dimensions; an empty C needs nothing;
     * with k = 0 or alpha = 0 the product vanishes and C is only scaled by beta. Returns true when C is final.
     */
    static boolean handledTrivially(int m, int n, int k, double alpha, double beta, double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension " + m + "x" + n + "x" + k);
        }
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0.0) {
            scaleC(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    static void scaleC(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    /** Validates leading dimensions and that every touched index lies inside the arrays. */
    static void checkBounds(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        check("A", a, aOff, lda, aRows, aCols);
        check("B", b, bOff, ldb, bRows, bCols);
        check("C", c, cOff, ldc, m, n);
    }

    private static void check(String what, double[] x, int off, int ld, int rows, int cols) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + what + "=" + ld + " < " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IndexOutOfBoundsException(what + ": " + rows + "x" + cols + " from offset " + off
                    + " with stride " + ld + " exceeds length " + x.length);
        }
    }

    @Override
    public String name() {
        return "java (" + threads + " threads)";
    }

    @Override
    public int threads() {
        return threads;
    }
}
