package org.convexnn.linalg;

/** OpenBLAS through the bytedeco artifact (placeholder: not yet wired). */
public final class NativeBlas {
    private NativeBlas() {
    }

    /** Returns a native BLAS, or null when it cannot be loaded. */
    static Blas tryCreate(int threads) {
        return null;
    }
}
