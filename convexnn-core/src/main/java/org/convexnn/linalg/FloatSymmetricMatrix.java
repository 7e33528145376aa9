package org.convexnn.linalg;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A symmetric positive definite n x n matrix in single precision, held off-heap, built from rank-k products
 * ({@code ssyrk}) and entrywise products, then factored in place by LAPACK's {@code spotrf} and used for solves.
 * Only the lower triangle in row-major order is stored and read: that is LAPACK's column-major upper triangle, so
 * no call transposes.
 *
 * <p>Meant as a preconditioner for conjugate gradients run in double precision. At n = 12000 (BENCHMARKS.md)
 * {@code spotrf} took 3.0–3.2 s inside a Newton solve, where {@code dpotrf} of the same order had taken 6–7 s, and
 * the matrix takes half the memory and bandwidth.
 * Native OpenBLAS only ({@link #isAvailable}); threaded only inside {@code ssyrk} and {@code spotrf}.
 *
 * <p>Not thread-safe.
 */
public final class FloatSymmetricMatrix implements AutoCloseable {
    private final int n;
    private final int threads;
    private FloatPointer data;
    private FloatPointer operand;
    private long operandSize;
    private FloatPointer rhs;
    private float[] row;
    private float[] otherRow;
    private float[] vector;
    private boolean factored;

    /** Whether the native LAPACK loads. */
    public static boolean isAvailable() {
        return Cholesky.nativeAvailable();
    }

    /**
     * @param n       order (the n x n floats are allocated off-heap now)
     * @param threads threads for the level-3 and LAPACK calls (0: all processors)
     * @throws IllegalStateException when the native library is not available
     */
    public FloatSymmetricMatrix(int n, int threads) {
        if (n <= 0) {
            throw new IllegalArgumentException("order must be > 0, got " + n);
        }
        if (!isAvailable()) {
            throw new IllegalStateException("single-precision matrices need the native OpenBLAS");
        }
        this.n = n;
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        data = new FloatPointer((long) n * n);
        rhs = new FloatPointer(n);
        row = new float[n];
        otherRow = new float[n];
        vector = new float[n];
    }

    /**
     * {@code this = alpha·A·Aᵀ + beta·this} on the lower triangle, A an n x k row-major matrix of doubles (rounded
     * to single precision). With k = 0 this is {@code beta·this}.
     */
    public void rankUpdate(double[] a, int k, double alpha, double beta) {
        if (a.length < (long) n * k) {
            throw new IllegalArgumentException("operand has " + a.length + " entries, need " + (long) n * k);
        }
        factored = false;
        if (k == 0) {
            if (beta == 0.0) {
                data.position(0).zero();
            } else {
                scaleLower(beta);
            }
            return;
        }
        long size = (long) n * k;
        if (operand == null || operandSize < size) {
            if (operand != null) {
                operand.close();
            }
            operand = new FloatPointer(size);
            operandSize = size;
        }
        float[] chunk = new float[Math.min((int) size, 1 << 20)];
        for (long o = 0; o < size; o += chunk.length) {
            int len = (int) Math.min(chunk.length, size - o);
            for (int j = 0; j < len; j++) {
                chunk[j] = (float) a[(int) (o + j)];
            }
            operand.position(o).put(chunk, 0, len);
        }
        operand.position(0);
        data.position(0);
        OpenBlasThreads.call(threads, () -> {
            openblas.cblas_ssyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasNoTrans, n, k,
                    (float) alpha, operand, k, (float) beta, data, n);
            return 0;
        });
    }

    /** {@code this ∘= other} (entrywise) on the lower triangle. */
    public void multiplyEntrywise(FloatSymmetricMatrix other) {
        if (other.n != n) {
            throw new IllegalArgumentException("order " + other.n + " against " + n);
        }
        factored = false;
        for (int i = 0; i < n; i++) {
            long o = (long) i * n;
            data.position(o).get(row, 0, i + 1);
            other.data.position(o).get(otherRow, 0, i + 1);
            for (int j = 0; j <= i; j++) {
                row[j] *= otherRow[j];
            }
            data.position(o).put(row, 0, i + 1);
        }
        data.position(0);
        other.data.position(0);
    }

    /** Adds c (length n) to the diagonal. */
    public void addToDiagonal(double[] c) {
        factored = false;
        for (int i = 0; i < n; i++) {
            long o = (long) i * n + i;
            data.put(o, data.get(o) + (float) c[i]);
        }
    }

    /** Entry (i, j) of the lower triangle (j ≤ i); after {@link #factor} an entry of the factor. */
    public double get(int i, int j) {
        if (j > i || i >= n || j < 0) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is not in the lower triangle of order " + n);
        }
        return data.get((long) i * n + j);
    }

    /**
     * Cholesky factorization in place.
     *
     * @return false when the matrix is not positive definite in single precision (the content is then lost)
     */
    public boolean factor() {
        data.position(0);
        factored = OpenBlasThreads.call(threads,
                () -> openblas.LAPACKE_spotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, data, n)) == 0;
        return factored;
    }

    /** Whether the last {@link #factor} succeeded and nothing changed the matrix since. */
    public boolean factored() {
        return factored;
    }

    /** Solves {@code H x = b} in single precision with the factor; b (length n) is overwritten by x. */
    public void solve(double[] b) {
        if (!factored) {
            throw new IllegalStateException("no factor: factor() was not called, failed, or the matrix changed");
        }
        for (int i = 0; i < n; i++) {
            vector[i] = (float) b[i];
        }
        rhs.position(0).put(vector, 0, n);
        int info = openblas.LAPACKE_spotrs(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, 1, data.position(0), n, rhs, n);
        if (info != 0) {
            throw new IllegalStateException("spotrs failed, info = " + info);
        }
        rhs.position(0).get(vector, 0, n);
        for (int i = 0; i < n; i++) {
            b[i] = vector[i];
        }
    }

    /** Frees the off-heap memory now (it is also freed when this object is collected). */
    @Override
    public void close() {
        if (data != null) {
            data.close();
            rhs.close();
            data = null;
            rhs = null;
        }
        if (operand != null) {
            operand.close();
            operand = null;
        }
        factored = false;
    }

    private void scaleLower(double beta) {
        float f = (float) beta;
        for (int i = 0; i < n; i++) {
            long o = (long) i * n;
            data.position(o).get(row, 0, i + 1);
            for (int j = 0; j <= i; j++) {
                row[j] *= f;
            }
            data.position(o).put(row, 0, i + 1);
        }
        data.position(0);
    }
}
