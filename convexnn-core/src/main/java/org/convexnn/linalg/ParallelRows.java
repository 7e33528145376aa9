package org.convexnn.linalg;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The one parallel loop of the kernels: a body over rows {@code [0, rows)} in fixed chunks. The chunking depends on
 * the row count only, so results do not depend on the number of threads when each row's work is independent. The
 * chunks run on the fork-join pool of the calling thread: the fit's own pool of {@code --threads} workers when called
 * inside {@link #run}, the common pool otherwise.
 */
public final class ParallelRows {
    private ParallelRows() {
    }

    /** Runs body over rows [0, rows) in parallel chunks when there are enough rows to pay for it. */
    public static void forEach(int rows, IntConsumer body) {
        forEach(rows, 1 << 20, body);
    }

    /** Runs body over rows in parallel chunks when rows x entriesPerRow is large enough to pay for it. */
    public static void forEach(int rows, long entriesPerRow, IntConsumer body) {
        if (rows < 256 || (long) rows * entriesPerRow < (1L << 21)) {
            for (int j = 0; j < rows; j++) {
                body.accept(j);
            }
            return;
        }
        int chunk = Math.max(64, rows / 16);
        int chunks = (rows + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int end = Math.min(rows, (ch + 1) * chunk);
            for (int j = ch * chunk; j < end; j++) {
                body.accept(j);
            }
        });
    }
}
