package org.convexnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.convexnn.solver.IterationInfo;
import org.convexnn.solver.IterationListener;

/**
 * Prints solver progress to stderr, e.g. {@code iter 1200  objective 0.0123456  bound 0.0123401  rel.gap 4.5e-04  12.3s},
 * only once the run has lasted more than one second and at most every half second.
 */
final class ProgressPrinter implements IterationListener {
    static final long QUIET_START_NANOS = 1_000_000_000L;
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final PrintWriter err;
    private final LongSupplier clock;
    private final long start;
    private long lastPrinted = Long.MIN_VALUE;
    private int printed;

    ProgressPrinter(PrintWriter err) {
        this(err, System::nanoTime);
    }

    ProgressPrinter(PrintWriter err, LongSupplier nanoClock) {
        this.err = err;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public synchronized void onIteration(IterationInfo info) {
        long now = clock.getAsLong();
        long elapsed = now - start;
        if (elapsed <= QUIET_START_NANOS) {
            return;
        }
        if (lastPrinted != Long.MIN_VALUE && now - lastPrinted < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrinted = now;
        printed++;
        double seconds = info.seconds() > 0 ? info.seconds() : elapsed / 1e9;
        err.println(format(info, seconds));
        err.flush();
    }

    static String format(IterationInfo info, double seconds) {
        return String.format(Locale.ROOT, "iter %d  objective %.6g  bound %.6g  rel.gap %.1e  %.1fs",
                info.iteration(), info.objective(), info.lowerBound(), info.relativeGap(), seconds);
    }

    int linesPrinted() {
        return printed;
    }
}
