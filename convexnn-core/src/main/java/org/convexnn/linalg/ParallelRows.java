package org.convexnn.linalg;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The one parallel loop of the kernels: a body over rows {@code [0, rows)} in fixed chunks. The chunking depends on
 * the row count only, so results do not depend on the number of threads when each row's work is independent. The
 * chunks, and every other parallel stream of the engine, run on the fork-join pool of the calling thread: the fit's
 * own pool of {@code threads} workers inside {@link #within}, the common pool otherwise.
 */
public final class ParallelRows {
    private ParallelRows() {
    }

    /**
     * Runs a task whose parallel loops (parallel streams included) use at most {@code threads} workers: on a fork-join
     * pool of that size, which parallel streams started inside it use instead of the common pool. With 0 threads, or
     * at least as many as there are processors, the task runs on the calling thread with the common pool. The
     * splitting of parallel loops does not depend on the pool, so neither do the results.
     *
     * @throws RuntimeException what the task throws, unwrapped
     */
    public static <T> T within(int threads, Supplier<T> task) {
        if (threads <= 0 || threads >= Runtime.getRuntime().availableProcessors()
                || ForkJoinTask.getPool() != null && ForkJoinTask.getPool().getParallelism() <= threads) {
            return task.get();
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(task::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdown();
        }
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
