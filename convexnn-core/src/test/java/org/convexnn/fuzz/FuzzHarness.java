package org.convexnn.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.zip.GZIPOutputStream;

/**
 * Runs one reader on one fuzzed input and checks the contract of every reader: it returns, or throws the documented
 * input error; it never throws anything else (no OutOfMemoryError either), never runs past {@link #TIMEOUT_MS}, and
 * never allocates more than {@link #allowance(long)} bytes for an input of that length (so a size declared in the
 * file cannot drive an allocation beyond what the file holds). Allocation is measured per thread
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): every byte the reader allocates, kept or
 * not.
 */
final class FuzzHarness {
    /** The per-try time limit. */
    static final long TIMEOUT_MS = 10_000;
    /** Fixed allowance for buffers (readers' 64 KiB buffers, zip and gzip state, Jackson's buffers). */
    static final long FIXED_ALLOWANCE = 24L << 20;
    /** Allowed bytes allocated per input byte (strings, parsed rows, boxed lists, the result). */
    static final long PER_BYTE_ALLOWANCE = 256;

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reader-fuzz");
        t.setDaemon(true);
        return t;
    });
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static Path dir;

    private FuzzHarness() {
    }

    /** Cases run so far in this JVM (all properties). */
    static long cases() {
        return COUNTER.get();
    }

    static long allowance(long inputLength) {
        return FIXED_ALLOWANCE + PER_BYTE_ALLOWANCE * inputLength;
    }

    /** A scratch file for this JVM's fuzz inputs. */
    static synchronized Path file(String name, byte[] bytes) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("convexnn-fuzz");
            dir.toFile().deleteOnExit();
        }
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        p.toFile().deleteOnExit();
        return p;
    }

    static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
                g.write(b);
            }
            return bo.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one read did. */
    record Outcome(Object result, Throwable error, long allocated) {
    }

    /**
     * Reads and checks: fails (AssertionError) unless the read returned or threw {@code documented}, within the time
     * limit and the allocation allowance for {@code contentLength} bytes plus {@code resultBytes} of the result.
     *
     * @param what          the reader and input, for the message
     * @param contentLength the input's length (decompressed, for compressed inputs)
     * @param resultBytes   the bytes a successful result legitimately holds beyond the input (e.g. a dense matrix of
     *                      a sparse file), or null for none
     */
    static <T> Outcome check(String what, byte[] input, long contentLength, Class<? extends Throwable> documented,
                             Callable<T> read, ToLongFunction<T> resultBytes) {
        return check(what, input, contentLength, documented, read, resultBytes, TIMEOUT_MS);
    }

    /** As above, with the time limit given (the harness's own test). */
    static <T> Outcome check(String what, byte[] input, long contentLength, Class<? extends Throwable> documented,
                             Callable<T> read, ToLongFunction<T> resultBytes, long timeoutMs) {
        COUNTER.incrementAndGet();
        Future<Outcome> f = WORKER.submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            T result = null;
            Throwable error = null;
            try {
                result = read.call();
            } catch (Throwable t) {
                error = t;
            }
            return new Outcome(result, error, THREADS.getCurrentThreadAllocatedBytes() - before);
        });
        Outcome o;
        try {
            o = f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + ": no answer within " + timeoutMs + " ms (a hang) on " + show(input));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        if (o.error() != null && !documented.isInstance(o.error())) {
            throw new AssertionError(what + ": threw " + o.error() + " (only " + documented.getSimpleName()
                    + " is documented) on " + show(input) + "\n" + stack(o.error()), o.error());
        }
        @SuppressWarnings("unchecked")
        long extra = o.error() == null && resultBytes != null ? resultBytes.applyAsLong((T) o.result()) : 0;
        long allowed = allowance(contentLength) + extra;
        if (o.allocated() > allowed) {
            throw new AssertionError(what + ": allocated " + o.allocated() + " bytes for a " + contentLength
                    + "-byte input (allowed " + allowed + "; a declared size drove the allocation?) and "
                    + (o.error() == null ? "returned" : "threw " + o.error()) + " on " + show(input));
        }
        return o;
    }

    private static String stack(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    /** The input, printable and short. */
    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder().append(b.length).append(" bytes: ");
        int n = Math.min(b.length, 400);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return b.length > n ? sb.append("...").toString() : sb.toString();
    }
}
