package org.convexnn.linalg;

/**
 * The one dense kernel the operators need: row-major general matrix multiply,
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is m x k and {@code op(B)} is k x n.
 * Leading dimensions are row strides (row-major). Implementations: {@link JavaBlas} (pure Java, multi-threaded)
 * and {@link NativeBlas} (OpenBLAS shipped as a Maven artifact). {@link #auto(int)} picks the native one when it loads.
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

    /**
     * The native BLAS if it can be loaded on this platform, otherwise the pure-Java kernel.
     * @param threads number of threads, or 0 for all available processors
     */
    static Blas auto(int threads) {
        Blas nat = NativeBlas.tryCreate(threads);
        return nat != null ? nat : new JavaBlas(threads);
    }
}
