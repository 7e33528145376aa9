package org.convexnn.linalg;

import java.util.Objects;

/**
 * How the dense kernels run: which BLAS, how the native one is threaded, and whether the pure-Java kernel uses fused
 * multiply-adds. Immutable and validated; {@link #DEFAULT} holds every default. The thread count is the fit's
 * ({@code threads}), passed beside these settings.
 *
 * @param backend   {@link Backend#AUTO}: the native OpenBLAS when it loads, else pure Java; {@link Backend#NATIVE}:
 *                  OpenBLAS or an error; {@link Backend#JAVA}: pure Java (also for the Cholesky factor, EJML)
 * @param threading {@link Threading#JAVA}: single-threaded OpenBLAS calls on row pieces split across Java threads
 *                  (2-6x faster on shared 2-vCPU machines, BENCHMARKS.md); {@link Threading#OPENBLAS}: one call on
 *                  OpenBLAS's own thread pool
 * @param fma       whether the pure-Java kernel uses {@link Math#fma}: {@link Fma#AUTO} where the CPU has FMA
 *                  ({@code /proc/cpuinfo}, or aarch64), where it is one vector instruction rather than a slow software
 *                  routine
 */
public record KernelSettings(Backend backend, Threading threading, Fma fma) {
    /** Which dense kernel. */
    public enum Backend { AUTO, NATIVE, JAVA }

    /** Who splits a native product across threads. */
    public enum Threading { JAVA, OPENBLAS }

    /** Fused multiply-adds in the pure-Java kernel. */
    public enum Fma { AUTO, ON, OFF }

    /** Native when it loads, Java threading, FMA where the CPU has it. */
    public static final KernelSettings DEFAULT = new KernelSettings(Backend.AUTO, Threading.JAVA, Fma.AUTO);

    public KernelSettings {
        Objects.requireNonNull(backend, "kernel backend");
        Objects.requireNonNull(threading, "kernel threading");
        Objects.requireNonNull(fma, "kernel fma");
    }

    public KernelSettings withBackend(Backend b) {
        return new KernelSettings(b, threading, fma);
    }

    public KernelSettings withThreading(Threading t) {
        return new KernelSettings(backend, t, fma);
    }

    public KernelSettings withFma(Fma f) {
        return new KernelSettings(backend, threading, f);
    }

    /** Whether the pure-Java kernel uses fused multiply-adds under these settings on this machine. */
    public boolean useFma() {
        return fma == Fma.AUTO ? JavaBlas.CPU_HAS_FMA : fma == Fma.ON;
    }
}
