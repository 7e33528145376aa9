package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code threads} bounds every parallel loop of a fit, parallel streams included. */
class ParallelRowsTest {

    @Test
    void parallelLoopsInsideUseAtMostTheGivenThreads() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        Set<String> stream = ConcurrentHashMap.newKeySet();
        Set<String> rows = ConcurrentHashMap.newKeySet();
        double sum = ParallelRows.within(1, () -> {
            IntStream.range(0, 200_000).parallel().forEach(i -> stream.add(Thread.currentThread().getName()));
            ParallelRows.forEach(4096, 1 << 12, j -> rows.add(Thread.currentThread().getName()));
            return IntStream.range(0, 100_000).parallel().mapToDouble(i -> 1.0 / (1 + i)).sum();
        });
        assertEquals(1, stream.size(), "threads " + stream);
        assertEquals(1, rows.size(), "threads " + rows);
        // the reduction's splitting does not depend on the pool: the same sum as on the common pool
        assertEquals(IntStream.range(0, 100_000).parallel().mapToDouble(i -> 1.0 / (1 + i)).sum(), sum, 0.0);
    }

    @Test
    void exceptionsComeOutUnwrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParallelRows.within(1, () -> {
                    throw new IllegalArgumentException("bad lambda");
                }));
        assertTrue(e.getMessage().contains("bad lambda"));
    }
}
