package org.convexnn.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Cholesky factorization {@code H = L Lᵀ} of a dense symmetric positive definite n x n matrix, then solves with it.
 * The Newton systems of {@code org.convexnn.solver.NewtonAugmentedLagrangian} are of this kind.
 *
 * <p>Two kernels: LAPACK's {@code dpotrf}/{@code dpotrs} from the OpenBLAS that {@code org.bytedeco:openblas}
 * ships (its full build, {@code global.openblas}, which carries LAPACK; loaded lazily; threaded only during
 * {@code dpotrf}), and EJML's pure-Java Cholesky when the native library does not load or
 * the pure-Java kernels are asked for ({@link KernelSettings.Backend#JAVA}). The native kernel works on an off-heap copy that is kept and reused between
 * factorizations of the same size, so only one copy of the matrix crosses JNI per factorization.
 *
 * <p>Not thread-safe: one instance per solver.
 */
public final class Cholesky {
    private static final Object LOCK = new Object();
    private static volatile int nativeState; // 0 = not tried, 1 = loaded, -1 = failed

    /**
     * Below this order dpotrf runs on one thread: measured on 2 cores, 3.7 against 5.8 ms at n = 500 and 15.6 against
     * 25.0 ms at n = 1000, while at n = 1500 two threads win (22 against 42 ms).
     */
    static final int SERIAL_BELOW = 1250;

    private final int n;
    private final boolean nativeKernel;
    private final int threads;
    private DoublePointer factor;
    private DoublePointer rhs;
    private LinearSolverDense<DMatrixRMaj> javaSolver;
    private boolean factored;

    /**
     * @param n       order of the matrices
     * @param threads threads for the native kernel (0: all processors)
     */
    public Cholesky(int n, int threads) {
        this(n, threads, true);
    }

    /**
     * @param n           order of the matrices
     * @param threads     threads for the native kernel (0: all processors)
     * @param allowNative whether LAPACK may be used when it loads (false: EJML, as for
     *                    {@link KernelSettings.Backend#JAVA})
     */
    public Cholesky(int n, int threads, boolean allowNative) {
        if (n <= 0) {
            throw new IllegalArgumentException("order must be > 0, got " + n);
        }
        this.n = n;
        this.nativeKernel = allowNative && nativeAvailable();
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** Whether LAPACK from the native OpenBLAS is used (else EJML). */
    public boolean isNative() {
        return nativeKernel;
    }

    /** "lapack" or "ejml". */
    public String kernelName() {
        return nativeKernel ? "lapack" : "ejml";
    }

    /**
     * Factors h (n x n row-major; only its lower triangle is read). h itself is left as it was for the native kernel
     * and overwritten by the pure-Java one.
     *
     * @return false when h is not (numerically) positive definite; the instance then holds no factor
     */
    public boolean factor(double[] h) {
        if (h.length < (long) n * n) {
            throw new IllegalArgumentException("matrix has " + h.length + " entries, need " + (long) n * n);
        }
        factored = false;
        if (nativeKernel) {
            if (factor == null) {
                factor = new DoublePointer((long) n * n);
                rhs = new DoublePointer(n);
            }
            factor.position(0).put(h, 0, n * n);
            // threaded only inside dpotrf (see OpenBlasThreads)
            int want = n < SERIAL_BELOW ? 1 : threads;
            // the row-major lower triangle is the column-major upper one: LAPACK's own layout, so LAPACKE does not
            // transpose (with LAPACK_ROW_MAJOR it copies the n x n matrix in and out on every call)
            int info = OpenBlasThreads.call(want,
                    () -> openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, factor, n));
            factored = info == 0;
        } else {
            if (javaSolver == null) {
                javaSolver = LinearSolverFactory_DDRM.chol(n);
            }
            factored = javaSolver.setA(DMatrixRMaj.wrap(n, n, h));
        }
        return factored;
    }

    /** Solves {@code H x = b} with the last factor; b (length n) is overwritten by x. */
    public void solve(double[] b) {
        if (!factored) {
            throw new IllegalStateException("no factor: factor() was not called or failed");
        }
        if (nativeKernel) {
            rhs.position(0).put(b, 0, n);
            int info = openblas.LAPACKE_dpotrs(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, 1, factor, n, rhs, n);
            if (info != 0) {
                throw new IllegalStateException("dpotrs failed, info = " + info);
            }
            rhs.position(0).get(b, 0, n);
        } else {
            DMatrixRMaj x = new DMatrixRMaj(n, 1);
            javaSolver.solve(DMatrixRMaj.wrap(n, 1, b.clone()), x);
            System.arraycopy(x.data, 0, b, 0, n);
        }
    }

    /** Frees the off-heap copy now (it is also freed when this object is collected). */
    public void close() {
        if (factor != null) {
            factor.close();
            rhs.close();
            factor = null;
            rhs = null;
        }
        factored = false;
    }

    /** Whether LAPACK from the native OpenBLAS loads (tried once) and is not switched off. */
    static boolean nativeAvailable() {
        if (nativeState == 0) {
            synchronized (LOCK) {
                if (nativeState == 0) {
                    try {
                        Loader.load(openblas.class);
                        DoublePointer a = new DoublePointer(4.0, 2.0, 2.0, 5.0);
                        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_ROW_MAJOR, (byte) 'L', 2, a, 2);
                        boolean ok = info == 0 && Math.abs(a.get(0) - 2.0) < 1e-12 && Math.abs(a.get(2) - 1.0) < 1e-12
                                && Math.abs(a.get(3) - 2.0) < 1e-12;
                        a.close();
                        nativeState = ok ? 1 : -1;
                    } catch (Throwable t) {
                        nativeState = -1;
                    }
                }
            }
        }
        return nativeState == 1;
    }
}
