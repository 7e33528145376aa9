package org.convexnn.linalg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Blas} over OpenBLAS 0.3.28 shipped by the bytedeco {@code org.bytedeco:openblas} artifact.
 *
 * <h2>Loading</h2>
 * The native library is loaded lazily by {@link #tryCreate(int)}, which returns {@code null} (never throws) when it
 * cannot be loaded ({@link KernelSettings.Backend#JAVA} never asks for it).
 * We bind to {@code org.bytedeco.openblas.global.openblas_nolapack} (the BLAS-only base class of
 * {@code global.openblas}): it carries {@code cblas_dgemm}, and its JNI library links the same OpenBLAS copy
 * ({@code libopenblas_nolapack.so.0}) that {@code openblas_set_num_threads} resolves to, so the thread count we set
 * is the one the calls use. (Loading {@code global.openblas} maps a second, separate OpenBLAS copy.)
 *
 * <h2>Passing Java arrays</h2>
 * JavaCPP passes {@code double[]} (and heap {@code DoubleBuffer}s) with {@code Get/ReleaseDoubleArrayElements}, which
 * in HotSpot mallocs and copies the <em>whole</em> array in and back out on every call (measured: ~14 ms per call
 * for three 8 MB arrays, ~300 ms for three 160 MB arrays, even for a 2x2 product), and heap buffers made with
 * {@code DoubleBuffer.wrap(a, off, len).slice()} (non-zero {@code arrayOffset}) crash the JVM with
 * "free(): invalid pointer". So this class never hands heap arrays to JNI: it copies exactly the needed sub-matrices
 * into per-thread, reused off-heap buffers (pure-Java bulk copies into direct buffers), calls {@code cblas_dgemm}
 * on those, and copies the C block back. To bound buffer sizes and keep blocks cache-resident, the product is cut
 * into row blocks of C (when m dominates) or into slices of the inner dimension (when k dominates, as in
 * {@code X^T R}); each block is one large OpenBLAS call, so the per-call cost is negligible.
 *
 * <h2>Threads</h2>
 * By default OpenBLAS is kept single-threaded ({@code openblas_set_num_threads(1)}, a process-wide setting) and a
 * product is split into {@code threads} row (or column) pieces run on the shared pool of {@link JavaBlas}, each piece
 * copying its own operands. On the shared 2-vCPU development machine this was 2-6x faster than OpenBLAS's own
 * threading, which collapses when its workers are descheduled (X^T R: 6 vs 21-32 GFLOP/s), and it also
 * parallelises the copies. {@link KernelSettings.Threading#OPENBLAS} makes one call on OpenBLAS's thread pool.
 *
 * <h2>Core type</h2>
 * The bytedeco build is {@code DYNAMIC_ARCH}; on the AMD EPYC (Zen 4, AVX-512) development machine it detects
 * {@code Cooperlake} (AVX-512 kernels) by itself. Forcing {@code OPENBLAS_CORETYPE} (HASWELL, ZEN, SKYLAKEX) did not
 * make it faster, see BENCHMARKS. If a deployment needs it, {@code OPENBLAS_CORETYPE} must be exported in the
 * environment of the JVM by the launcher (it is read once when the library loads; Java cannot set it).
 * {@code OPENBLAS_VERBOSE=2} makes OpenBLAS print the detected core at load time.
 */
public final class NativeBlas implements Blas {

    /** Target number of doubles in a C block (and in the op(A)/op(B) slices) per native call: 8 MB. */
    private static final long BLOCK_DOUBLES = 1L << 20;
    private static final int MIN_BLOCK = 64;
    /** Largest off-heap operand buffer (a direct buffer is indexed by int bytes): 2^27 doubles = 1 GiB. */
    private static final long MAX_BUFFER_DOUBLES = 1L << 27;

    private static final Object LOCK = new Object();
    private static volatile int loadState; // 0 = not tried, 1 = loaded, -1 = failed
    private static volatile Throwable loadError;
    private static volatile String version = "openblas";
    /** The thread count last given to openblas_set_num_threads (a process-wide setting). */
    private static volatile int currentThreads = -1;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Below this many multiply-adds a call is not split across Java threads. */
    private static final long SPLIT_THRESHOLD = 1L << 21;

    private final int threads;
    /** true: OpenBLAS runs single-threaded and the product is split across Java pool threads. */
    private final boolean javaThreads;

    @Override
    public boolean isNative() {
        return true;
    }

    private NativeBlas(int threads, boolean javaThreads) {
        this.threads = threads;
        this.javaThreads = javaThreads;
    }

    /**
     * Returns a native BLAS using {@code threads} threads (0 = all processors) with Java threading, or null when the
     * native library cannot be loaded. Never throws.
     */
    public static Blas tryCreate(int threads) {
        return tryCreate(threads, true);
    }

    /**
     * @param javaThreads true: split the product across the shared Java pool and call single-threaded OpenBLAS on
     *                    each piece; false: one call with OpenBLAS's own thread pool
     */
    static Blas tryCreate(int threads, boolean javaThreads) {
        try {
            if (!ensureLoaded()) {
                return null;
            }
            NativeBlas blas = new NativeBlas(threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads,
                    javaThreads);
            blas.applyThreads();
            return blas;
        } catch (Throwable t) {
            loadError = t;
            return null;
        }
    }

    /** Whether the native library is loaded (tries to load it once). */
    public static boolean isAvailable() {
        try {
            return ensureLoaded();
        } catch (Throwable t) {
            return false;
        }
    }

    /** Why loading failed, or null. */
    public static Throwable loadError() {
        return loadError;
    }

    private static boolean ensureLoaded() {
        if (loadState != 0) {
            return loadState > 0;
        }
        synchronized (LOCK) {
            if (loadState != 0) {
                return loadState > 0;
            }
            try {
                Loader.load(openblas_nolapack.class);
                // smoke test: [1 2; 3 4] * I
                DoublePointer a = new DoublePointer(1.0, 2.0, 3.0, 4.0);
                DoublePointer b = new DoublePointer(1.0, 0.0, 0.0, 1.0);
                DoublePointer c = new DoublePointer(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
                if (c.get(0) != 1.0 || c.get(1) != 2.0 || c.get(2) != 3.0 || c.get(3) != 4.0) {
                    throw new IllegalStateException("OpenBLAS smoke test failed");
                }
                a.close();
                b.close();
                c.close();
                try {
                    version = "openblas-" + openblas_nolapack.OPENBLAS_VERSION.trim().replace("OpenBLAS", "").trim();
                } catch (Throwable ignored) {
                    version = "openblas";
                }
                loadState = 1;
            } catch (Throwable t) {
                loadError = t;
                loadState = -1;
            }
            return loadState > 0;
        }
    }

    private void applyThreads() {
        int want = javaThreads ? 1 : threads;
        if (currentThreads != want) {
            synchronized (LOCK) {
                if (currentThreads != want) {
                    org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(want);
                    currentThreads = want;
                }
            }
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (JavaBlas.handledTrivially(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        JavaBlas.checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        applyThreads();
        if (!javaThreads || threads == 1) {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        JavaBlas.split(threads, SPLIT_THRESHOLD, m, n, k, (i0, i1, j0, j1) -> {
            applyThreads(); // another instance may have changed the process-wide setting meanwhile
            serial(transA, transB, i1 - i0, j1 - j0, k, alpha,
                    a, transA ? aOff + i0 : aOff + i0 * lda, lda,
                    b, transB ? bOff + j0 * ldb : bOff + j0, ldb,
                    beta, c, cOff + i0 * ldc + j0, ldc);
        });
    }

    /** One piece on the calling thread: blocked copies to off-heap buffers and cblas_dgemm calls. */
    private void serial(boolean transA, boolean transB, int m, int n, int k, double alpha,
                        double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                        double beta, double[] c, int cOff, int ldc) {
        boolean inner = k > m && (long) m * n <= BLOCK_DOUBLES * 4;
        long maxBuffer = inner
                ? Math.max((long) m * n, (long) innerBlock(m, n, k) * Math.max(m, n))
                : Math.max((long) k * n, (long) rowBlock(m, n, k) * Math.max(n, k));
        if (maxBuffer > MAX_BUFFER_DOUBLES) {
            // an operand block would not fit one direct buffer; such shapes do not occur in our operators
            new JavaBlas(1).dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Buffers buf = BUFFERS.get();
        if (inner) {
            innerBlocked(buf, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            rowBlocked(buf, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Blocks over rows of C: op(B) is copied once, op(A) rows and C rows block by block. */
    private static void rowBlocked(Buffers buf, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                   double beta, double[] c, int cOff, int ldc) {
        int mb = rowBlock(m, n, k);
        // op(B) stored: k x n (ld n) or, if transB, n x k (ld k)
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        DoubleBuffer bb = buf.b((long) k * n);
        put(bb, b, bOff, ldb, bRows, bCols);
        DoubleBuffer ab = buf.a((long) mb * k);
        DoubleBuffer cb = buf.c((long) mb * n);
        for (int i0 = 0; i0 < m; i0 += mb) {
            int rows = Math.min(mb, m - i0);
            int ldA;
            if (transA) { // stored k x m: columns i0..i0+rows of every row
                put(ab, a, aOff + i0, lda, k, rows);
                ldA = rows;
            } else {
                put(ab, a, aOff + i0 * lda, lda, rows, k);
                ldA = k;
            }
            if (beta != 0.0) {
                put(cb, c, cOff + i0 * ldc, ldc, rows, n);
            }
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB),
                    rows, n, k, alpha, buf.ap, ldA, buf.bp, bCols, beta, buf.cp, n);
            get(cb, c, cOff + i0 * ldc, ldc, rows, n);
        }
    }

    /** Blocks over the inner dimension: C stays off-heap, op(A) columns and op(B) rows slice by slice. */
    private static void innerBlocked(Buffers buf, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                     double beta, double[] c, int cOff, int ldc) {
        int kb = innerBlock(m, n, k);
        DoubleBuffer ab = buf.a((long) m * kb);
        DoubleBuffer bb = buf.b((long) kb * n);
        DoubleBuffer cb = buf.c((long) m * n);
        if (beta != 0.0) {
            put(cb, c, cOff, ldc, m, n);
        }
        double bet = beta;
        for (int p0 = 0; p0 < k; p0 += kb) {
            int depth = Math.min(kb, k - p0);
            int ldA;
            int ldB;
            if (transA) { // stored k x m: rows p0..
                put(ab, a, aOff + p0 * lda, lda, depth, m);
                ldA = m;
            } else {      // stored m x k: columns p0..
                put(ab, a, aOff + p0, lda, m, depth);
                ldA = depth;
            }
            if (transB) { // stored n x k: columns p0..
                put(bb, b, bOff + p0, ldb, n, depth);
                ldB = depth;
            } else {      // stored k x n: rows p0..
                put(bb, b, bOff + p0 * ldb, ldb, depth, n);
                ldB = n;
            }
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB),
                    m, n, depth, alpha, buf.ap, ldA, buf.bp, ldB, bet, buf.cp, n);
            bet = 1.0;
        }
        get(cb, c, cOff, ldc, m, n);
    }

    private static int rowBlock(int m, int n, int k) {
        return (int) Math.min(m, Math.max(MIN_BLOCK, BLOCK_DOUBLES / Math.max(n, k)));
    }

    private static int innerBlock(int m, int n, int k) {
        return (int) Math.min(k, Math.max(MIN_BLOCK * 4L, BLOCK_DOUBLES / Math.max(m, n)));
    }

    private static int trans(boolean t) {
        return t ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    }

    /** Copies a rows x cols sub-matrix (row stride ld) into dst compactly (row stride cols). */
    private static void put(DoubleBuffer dst, double[] src, int off, int ld, int rows, int cols) {
        if (ld == cols || rows == 1) {
            dst.put(0, src, off, rows * cols);
        } else {
            for (int r = 0; r < rows; r++) {
                dst.put(r * cols, src, off + r * ld, cols);
            }
        }
    }

    /** Copies a compact rows x cols block from src into dst at offset off with row stride ld. */
    private static void get(DoubleBuffer src, double[] dst, int off, int ld, int rows, int cols) {
        if (ld == cols || rows == 1) {
            src.get(0, dst, off, rows * cols);
        } else {
            for (int r = 0; r < rows; r++) {
                src.get(r * cols, dst, off + r * ld, cols);
            }
        }
    }

    /** Per-thread off-heap operand buffers, grown on demand and reused. */
    private static final class Buffers {
        DoublePointer ap;
        DoublePointer bp;
        DoublePointer cp;
        private DoubleBuffer ad;
        private DoubleBuffer bd;
        private DoubleBuffer cd;

        DoubleBuffer a(long size) {
            if (ad == null || ad.capacity() < size) {
                ap = alloc(size, ap);
                ad = view(ap, size);
            }
            return ad;
        }

        DoubleBuffer b(long size) {
            if (bd == null || bd.capacity() < size) {
                bp = alloc(size, bp);
                bd = view(bp, size);
            }
            return bd;
        }

        DoubleBuffer c(long size) {
            if (cd == null || cd.capacity() < size) {
                cp = alloc(size, cp);
                cd = view(cp, size);
            }
            return cd;
        }

        private static DoublePointer alloc(long size, DoublePointer old) {
            if (old != null) {
                old.close();
            }
            if (size > MAX_BUFFER_DOUBLES) {
                throw new IllegalArgumentException("block too large for a direct buffer: " + size + " doubles");
            }
            return new DoublePointer(Math.max(size, 1));
        }

        private static DoubleBuffer view(DoublePointer p, long size) {
            ByteBuffer bytes = p.position(0).capacity(Math.max(size, 1)).limit(Math.max(size, 1)).asByteBuffer();
            return bytes.order(ByteOrder.nativeOrder()).asDoubleBuffer();
        }
    }

    @Override
    public String name() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return version + (core != null && !core.isBlank() ? " [OPENBLAS_CORETYPE=" + core.trim() + "]" : "")
                + " (" + threads + " threads" + (javaThreads || threads == 1 ? "" : ", openblas-threaded") + ")";
    }

    @Override
    public int threads() {
        return threads;
    }
}
