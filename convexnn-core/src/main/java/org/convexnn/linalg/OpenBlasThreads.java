package org.convexnn.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * The thread count of OpenBLAS around one threaded LAPACK or level-3 call. The count is shared by the BLAS-only copy
 * that {@link NativeBlas} uses and the LAPACK copy ({@code blas_get_num_threads} reports the same value for both),
 * and NativeBlas runs OpenBLAS single-threaded under its own Java threads: left at 2, its dgemm ran 1.2–3.6× slower
 * (BENCHMARKS.md). So the count is raised only around such a call and restored afterwards; each
 * {@code blas_set_num_threads} costs about 0.4 ms, so nothing is set when the count is already right.
 */
final class OpenBlasThreads {
    private OpenBlasThreads() {
    }

    /** Runs a native call (returning LAPACK's info, say) with the count at {@code want}, then restores it. */
    static int call(int want, java.util.function.IntSupplier nativeCall) {
        int before = enter(want);
        try {
            return nativeCall.getAsInt();
        } finally {
            restore(want, before);
        }
    }

    /** Sets the count to {@code want}; returns the count before, to hand to {@link #restore}. */
    private static int enter(int want) {
        int before = openblas.blas_get_num_threads();
        if (want != before) {
            org.bytedeco.openblas.presets.openblas.blas_set_num_threads(want);
        }
        return before;
    }

    /** Restores the count {@link #enter} found. */
    private static void restore(int want, int before) {
        if (want != before) {
            org.bytedeco.openblas.presets.openblas.blas_set_num_threads(before);
        }
    }
}
