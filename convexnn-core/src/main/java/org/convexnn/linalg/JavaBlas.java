package org.convexnn.linalg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pure-Java dgemm: cache-blocked, register-tiled and multi-threaded.
 *
 * <p>The work is split into row blocks of C (or column blocks when C has few rows), one per thread, run on a shared
 * fixed pool of daemon threads (the caller runs one block itself). Within a block, the inner dimension is cut into
 * slices of {@value #KC} and the columns into panels of {@value #NC} so that the op(B) panel stays in L2 and a
 * 4-row strip of C stays in L1. The micro-kernel updates 4 rows of C with 4 rank-1 terms at once:
 * {@code c_r[j] += a_r0 b_0[j] + a_r1 b_1[j] + a_r2 b_2[j] + a_r3 b_3[j]}, r = 0..3, with the 16 scalars of A
 * (already multiplied by alpha) held in locals. The loop over j is a unit-stride loop that HotSpot's C2
 * auto-vectorises (SuperWord) into SIMD multiplies and adds, and each loaded C and B vector feeds 4 products, which
 * keeps the loop compute-bound rather than load/store-bound. op(B) is read in place when B is not transposed
 * (its rows are contiguous) and packed into a contiguous row-major panel when it is; op(A) entries are read as
 * scalars from either layout. No incubator Vector API is used, so no JVM flags are needed.
 */
public final class JavaBlas implements Blas {

    /** Inner-dimension slice. */
    static final int KC = 128;
    /** Column panel width. */
    static final int NC = 512;
    /** Below this many multiply-adds the product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final ThreadLocal<double[]> PACK = ThreadLocal.withInitial(() -> new double[KC * NC]);

    private final int threads;

    public JavaBlas(int threads) {
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
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
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension " + m + "x" + n + "x" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        long work = (long) m * n * k;
        int tasks = threads;
        if (work < PARALLEL_THRESHOLD || IN_POOL.get()) {
            tasks = 1;
        }
        if (tasks == 1) {
            block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        boolean byRows = m >= 8 * tasks || m >= n;
        int extent = byRows ? m : n;
        int unit = byRows ? 4 : 8;
        int units = (extent + unit - 1) / unit;
        tasks = Math.min(tasks, units);
        Future<?>[] futures = new Future<?>[tasks - 1];
        ExecutorService pool = pool(threads);
        int start = 0;
        for (int t = 0; t < tasks; t++) {
            int end = t == tasks - 1 ? extent : Math.min(extent, (int) ((long) units * (t + 1) / tasks) * unit);
            final int s0 = start;
            final int s1 = end;
            if (t < tasks - 1) {
                futures[t] = pool.submit(() -> {
                    if (byRows) {
                        block(transA, transB, s0, s1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    } else {
                        block(transA, transB, 0, m, s0, s1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    }
                });
            } else if (byRows) {
                block(transA, transB, s0, s1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                block(transA, transB, 0, m, s0, s1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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

    /** C[i0:i1, j0:j1] = alpha op(A) op(B) + beta C on the calling thread. */
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, double alpha,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc) {
        if (i1 <= i0 || j1 <= j0) {
            return;
        }
        scaleC(i1 - i0, j1 - j0, beta, c, cOff + i0 * ldc + j0, ldc);
        double[] pack = transB ? PACK.get() : null;
        // A element (i, p) of op(A) is at aOff + i * ars + p * acs
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        for (int jc = j0; jc < j1; jc += NC) {
            int nb = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kb = Math.min(KC, k - pc);
                double[] bArr;
                int bBase;
                int bStride;
                if (transB) { // op(B)(p, j) = B[j, p]: pack rows p of the panel contiguously
                    for (int j = 0; j < nb; j++) {
                        int src = bOff + (jc + j) * ldb + pc;
                        for (int p = 0; p < kb; p++) {
                            pack[p * nb + j] = b[src + p];
                        }
                    }
                    bArr = pack;
                    bBase = 0;
                    bStride = nb;
                } else {
                    bArr = b;
                    bBase = bOff + pc * ldb + jc;
                    bStride = ldb;
                }
                panel(i0, i1, nb, kb, alpha, a, aOff + pc * acs, ars, acs, bArr, bBase, bStride,
                        c, cOff + jc, ldc);
            }
        }
    }

    /**
     * C[i0:i1, 0:nb] += alpha * A[i0:i1, 0:kb] * Bp[0:kb, 0:nb], where A(i, p) = a[aBase + i*ars + p*acs],
     * Bp(p, j) = b[bBase + p*bs + j] and C(i, j) = c[cBase + i*ldc + j].
     */
    private static void panel(int i0, int i1, int nb, int kb, double alpha,
                              double[] a, int aBase, int ars, int acs,
                              double[] b, int bBase, int bs, double[] c, int cBase, int ldc) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int c0 = cBase + i * ldc;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int ai = aBase + i * ars;
            int p = 0;
            for (; p + 4 <= kb; p += 4) {
                int a0 = ai + p * acs;
                int a1 = a0 + ars;
                int a2 = a1 + ars;
                int a3 = a2 + ars;
                double x00 = alpha * a[a0], x01 = alpha * a[a0 + acs], x02 = alpha * a[a0 + 2 * acs], x03 = alpha * a[a0 + 3 * acs];
                double x10 = alpha * a[a1], x11 = alpha * a[a1 + acs], x12 = alpha * a[a1 + 2 * acs], x13 = alpha * a[a1 + 3 * acs];
                double x20 = alpha * a[a2], x21 = alpha * a[a2 + acs], x22 = alpha * a[a2 + 2 * acs], x23 = alpha * a[a2 + 3 * acs];
                double x30 = alpha * a[a3], x31 = alpha * a[a3 + acs], x32 = alpha * a[a3 + 2 * acs], x33 = alpha * a[a3 + 3 * acs];
                int b0 = bBase + p * bs;
                kernel4x4(nb, b, b0, b0 + bs, b0 + 2 * bs, b0 + 3 * bs, c, c0, c1, c2, c3,
                        x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33);
            }
            for (; p < kb; p++) {
                int a0 = ai + p * acs;
                double x0 = alpha * a[a0], x1 = alpha * a[a0 + ars], x2 = alpha * a[a0 + 2 * ars], x3 = alpha * a[a0 + 3 * ars];
                int b0 = bBase + p * bs;
                for (int j = 0; j < nb; j++) {
                    double bv = b[b0 + j];
                    c[c0 + j] += x0 * bv;
                    c[c1 + j] += x1 * bv;
                    c[c2 + j] += x2 * bv;
                    c[c3 + j] += x3 * bv;
                }
            }
        }
        for (; i < i1; i++) {
            int c0 = cBase + i * ldc;
            int ai = aBase + i * ars;
            int p = 0;
            for (; p + 4 <= kb; p += 4) {
                int a0 = ai + p * acs;
                double x0 = alpha * a[a0], x1 = alpha * a[a0 + acs], x2 = alpha * a[a0 + 2 * acs], x3 = alpha * a[a0 + 3 * acs];
                int b0 = bBase + p * bs;
                int b1 = b0 + bs;
                int b2 = b1 + bs;
                int b3 = b2 + bs;
                for (int j = 0; j < nb; j++) {
                    c[c0 + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                }
            }
            for (; p < kb; p++) {
                double x0 = alpha * a[ai + p * acs];
                int b0 = bBase + p * bs;
                for (int j = 0; j < nb; j++) {
                    c[c0 + j] += x0 * b[b0 + j];
                }
            }
        }
    }

    private static void kernel4x4(int nb, double[] b, int b0, int b1, int b2, int b3,
                                  double[] c, int c0, int c1, int c2, int c3,
                                  double x00, double x01, double x02, double x03,
                                  double x10, double x11, double x12, double x13,
                                  double x20, double x21, double x22, double x23,
                                  double x30, double x31, double x32, double x33) {
        for (int j = 0; j < nb; j++) {
            double v0 = b[b0 + j];
            double v1 = b[b1 + j];
            double v2 = b[b2 + j];
            double v3 = b[b3 + j];
            c[c0 + j] += x00 * v0 + x01 * v1 + x02 * v2 + x03 * v3;
            c[c1 + j] += x10 * v0 + x11 * v1 + x12 * v2 + x13 * v3;
            c[c2 + j] += x20 * v0 + x21 * v1 + x22 * v2 + x23 * v3;
            c[c3 + j] += x30 * v0 + x31 * v1 + x32 * v2 + x33 * v3;
        }
    }

    /** C = beta C on an m x n block (beta = 0 overwrites, so NaN/Inf in C do not propagate). */
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
