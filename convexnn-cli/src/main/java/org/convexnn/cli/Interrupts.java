package org.convexnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.convexnn.solver.SolveControl;

/**
 * SIGINT/SIGTERM during a fit (issue 18): the first signal asks the solve to stop ({@link SolveControl#requestStop});
 * the fit then certifies the current point and writes the model and summary as usual (status INTERRUPTED) and the
 * command exits {@link #EXIT_CODE}. A second signal exits at once with the same code.
 *
 * <p>This is a small adapter over {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17): it is the
 * only way for a Java program to handle a signal without starting the JVM's shutdown. Where it is unavailable (a JVM
 * without it, or a signal reserved by {@code -Xrs}), a shutdown hook is the fallback: it requests the stop and waits
 * up to {@link #HOOK_GRACE_SECONDS} for the fit to write its files; the exit code is then the JVM's (128 + signal),
 * as the JVM is already shutting down. Handlers are installed for the duration of one fit and restored afterwards.
 */
final class Interrupts implements AutoCloseable {
    /** Exit code of an interrupted fit (128 + SIGINT, the shell convention for a user interrupt). */
    static final int EXIT_CODE = 130;
    /** How long the shutdown-hook fallback waits for the fit to finish writing. */
    static final long HOOK_GRACE_SECONDS = 10;

    private final SolveControl control;
    private final PrintWriter err;
    private final AtomicInteger signals = new AtomicInteger();
    private final List<Runnable> restore = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread hook;

    private Interrupts(SolveControl control, PrintWriter err) {
        this.control = control;
        this.err = err;
    }

    /** Installs the handlers for {@code control}'s fit; close to restore the previous ones. */
    static Interrupts install(SolveControl control, PrintWriter err) {
        Interrupts i = new Interrupts(control, err);
        boolean signals = i.installSignals("INT") & i.installSignals("TERM");
        if (!signals) {
            i.installHook();
        }
        return i;
    }

    /** Whether a signal arrived while installed. */
    boolean received() {
        return signals.get() > 0;
    }

    /** The first signal stops the solve; a later one exits at once. */
    void onSignal(String name) {
        int k = signals.incrementAndGet();
        if (k == 1) {
            control.requestStop();
            err.println("interrupt: SIG" + name + " received; stopping at the current point, certifying it and"
                    + " writing the outputs (signal again to abort)");
            err.flush();
        } else {
            err.println("interrupt: second signal; aborting");
            err.flush();
            System.exit(EXIT_CODE);
        }
    }

    private boolean installSignals(String name) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal(name);
            sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> onSignal(name));
            restore.add(() -> sun.misc.Signal.handle(sig, old));
            return true;
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            return false; // no sun.misc.Signal, or the signal is reserved (e.g. -Xrs): the shutdown hook instead
        }
    }

    private void installHook() {
        hook = new Thread(() -> {
            signals.incrementAndGet();
            control.requestStop();
            try {
                done.await(HOOK_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "convexnn-interrupt");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            hook = null; // already shutting down
        }
    }

    @Override
    public void close() {
        done.countDown();
        for (Runnable r : restore) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // best effort: the process ends soon after
            }
        }
        restore.clear();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook is running and has just been released
            }
            hook = null;
        }
    }
}
