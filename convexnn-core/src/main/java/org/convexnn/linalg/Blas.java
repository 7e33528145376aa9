package org.convexnn.linalg;

/**
 * The one dense kernel the operators need: row-major general matrix multiply,
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is m x k and {@code op(B)} is k x n.
 * Leading dimensions are row strides (row-major). Implementations: {@link JavaBlas} (pure Java, multi-threaded)
 * and {@link NativeBlas} (OpenBLAS shipped as a Maven artifact). {@link #create} picks one from {@link KernelSettings}.
 */
public interface Blas {

    /**
     * Row-major dgemm. {@code a} holds op(A) stored from offset {@code aOff} with row stride {@code lda}
     * (if {@code transA}, the stored matrix is k x m); likewise for b; c is m x n with row stride {@code ldc}.
     * Arrays a, b: not modified; c: modified.
     */
    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, int ldc);

    /** A short human-readable name, e.g. "openblas-0.3.28 (2 threads)" or "java (2 threads)". */
    String name();

    /** Number of threads the kernel uses. */
    int threads();

    /** Whether this is the native OpenBLAS (then the Cholesky factor uses its LAPACK too). */
    default boolean isNative() {
        return false;
    }

    /**
     * The kernel the settings ask for.
     *
     * @param threads number of threads, or 0 for all available processors
     * @throws IllegalStateException for {@link KernelSettings.Backend#NATIVE} when OpenBLAS does not load
     */
    static Blas create(KernelSettings settings, int threads) {
        if (settings.backend() == KernelSettings.Backend.JAVA) {
            return new JavaBlas(threads, settings.useFma());
        }
        Blas nat = NativeBlas.tryCreate(threads, settings.threading() == KernelSettings.Threading.JAVA);
        if (nat != null) {
            return nat;
        }
        if (settings.backend() == KernelSettings.Backend.NATIVE) {
            Throwable why = NativeBlas.loadError();
            throw new IllegalStateException("kernel backend 'native': OpenBLAS did not load"
                    + (why == null ? "" : " (" + why + ")"));
        }
        return new JavaBlas(threads, settings.useFma());
    }

    /**
     * The native BLAS if it loads on this platform, otherwise the pure-Java kernel ({@link KernelSettings#DEFAULT}).
     *
     * @param threads number of threads, or 0 for all available processors
     */
    static Blas auto(int threads) {
        return create(KernelSettings.DEFAULT, threads);
    }
}
