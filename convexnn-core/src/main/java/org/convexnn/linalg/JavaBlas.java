package org.convexnn.linalg;

/** Pure-Java dgemm (placeholder: simple loops; to be replaced by a blocked, multi-threaded kernel). */
public final class JavaBlas implements Blas {
    private final int threads;

    public JavaBlas(int threads) {
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0.0 ? 0.0 : beta * c[ci + j];
            }
            for (int p = 0; p < k; p++) {
                double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0.0) {
                    continue;
                }
                av *= alpha;
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bp + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
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
