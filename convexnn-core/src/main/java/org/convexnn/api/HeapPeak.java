package org.convexnn.api;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Peak heap use from the JVM's memory pools ({@link MemoryPoolMXBean}): {@link #reset()} at the start of a fit,
 * {@link #peakMb()} after it. The figure is the sum of the heap pools' peaks (eden, survivor, old), each pool's peak
 * being sampled by the JVM at GC boundaries; the pools need not peak at the same moment, so the sum is an upper
 * bound on the true peak of the whole heap.
 */
public final class HeapPeak {
    private HeapPeak() {
    }

    /** Resets the peak of every heap pool to its current use. */
    public static void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak use since the last {@link #reset()} (or JVM start), in MiB; NaN if unknown. */
    public static double peakMb() {
        long sum = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                MemoryUsage u = pool.getPeakUsage();
                if (u != null) {
                    sum += u.getUsed();
                    any = true;
                }
            }
        }
        return any ? sum / (1024.0 * 1024.0) : Double.NaN;
    }
}
