package org.convexnn.solver;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An explicit, thread-safe handle on a running solve (issue 18): a stop request that the solvers poll between
 * iterations, and an optional checkpoint sink that receives the current point at most every few seconds.
 *
 * <p>Any thread (a signal handler, a UI, a test) may call {@link #requestStop()}; every solver's loop checks
 * {@link #stopRequested()} between its iterations and ends with {@link SolveStatus#INTERRUPTED} at the current point,
 * which the fit then certifies as usual, so the reported bound stays valid. A solver whose own stopping rule is met at
 * the check reports {@link SolveStatus#OPTIMAL} instead (its certified gap meets the tolerance). Polling a flag never
 * changes the iterates: without a stop request a solve is the same as before, bit for bit.
 *
 * <p>There is no global state: each fit gets its own control ({@link #NONE} where nobody can stop it), carried by
 * {@link SolverSettings#control()}.
 */
public final class SolveControl {
    /** Receives a checkpoint: the current point of the program being solved (G x d, a copy the sink may keep). */
    @FunctionalInterface
    public interface CheckpointSink {
        void write(double[] point);
    }

    /** A control nobody can stop and without checkpoints (the default of {@link SolverSettings}). */
    public static final SolveControl NONE = new SolveControl(new AtomicBoolean(), null, Long.MAX_VALUE, null, true);

    private final AtomicBoolean stop;
    private final CheckpointSink sink;
    private final long intervalNanos;
    private final double[] resumePoint;
    private final boolean frozen;
    /** When the last checkpoint was written (System.nanoTime), shared by the controls derived from one. */
    private final java.util.concurrent.atomic.AtomicLong lastCheckpoint;

    private SolveControl(AtomicBoolean stop, CheckpointSink sink, long intervalNanos, double[] resumePoint,
                         boolean frozen) {
        this.stop = stop;
        this.sink = sink;
        this.intervalNanos = intervalNanos;
        this.resumePoint = resumePoint;
        this.frozen = frozen;
        this.lastCheckpoint = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    }

    private SolveControl(SolveControl base, CheckpointSink sink) {
        this.stop = base.stop;
        this.sink = sink;
        this.intervalNanos = base.intervalNanos;
        this.resumePoint = base.resumePoint;
        this.frozen = base.frozen;
        this.lastCheckpoint = base.lastCheckpoint;
    }

    /** A new control: not stopped, no checkpoints. */
    public SolveControl() {
        this(new AtomicBoolean(), null, Long.MAX_VALUE, null, false);
    }

    /**
     * This control (the same stop request) with a checkpoint sink called at most every {@code everySeconds} seconds
     * (&gt;= 0) from the solver's thread.
     */
    public SolveControl withCheckpoints(double everySeconds, CheckpointSink sink) {
        if (!(everySeconds >= 0) || Double.isNaN(everySeconds)) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 seconds, got " + everySeconds);
        }
        requireMutable();
        long nanos = Double.isInfinite(everySeconds) || everySeconds > 1e9 ? Long.MAX_VALUE : (long) (everySeconds * 1e9);
        return new SolveControl(stop, Objects.requireNonNull(sink, "sink"), nanos, resumePoint, false);
    }

    /**
     * This control (the same stop request and sink) with a point to resume from: the first solve of the fit starts
     * there (a warm start on the same program, G x d), instead of its own start.
     */
    public SolveControl withResumePoint(double[] point) {
        requireMutable();
        return new SolveControl(stop, sink, intervalNanos, point == null ? null : point.clone(), false);
    }

    /**
     * This control for a sub-solve whose points {@code toProgram} maps to points of the program this control's
     * checkpoints are of (the same stop request and checkpoint clock).
     */
    public SolveControl mapped(java.util.function.UnaryOperator<double[]> toProgram) {
        if (sink == null) {
            return this;
        }
        CheckpointSink outer = sink;
        return new SolveControl(this, point -> outer.write(toProgram.apply(point)));
    }

    /** This control's stop request without its checkpoints (for the sub-solves of a solver). */
    public SolveControl withoutCheckpoints() {
        return sink == null ? this : new SolveControl(stop, null, Long.MAX_VALUE, null, frozen);
    }

    private void requireMutable() {
        if (frozen) {
            throw new UnsupportedOperationException("SolveControl.NONE cannot be changed; use new SolveControl()");
        }
    }

    /** Asks the solve to stop at its next check (thread-safe, idempotent). */
    public void requestStop() {
        requireMutable();
        stop.set(true);
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return stop.get();
    }

    /** The point to resume from (a copy), or null. */
    public double[] resumePoint() {
        return resumePoint == null ? null : resumePoint.clone();
    }

    /** Whether a checkpoint sink is set. */
    public boolean checkpoints() {
        return sink != null;
    }

    /**
     * Called by solvers between iterations: when a checkpoint is due (the interval has passed since the last one),
     * gets the current point (G x d, original coordinates) from {@code point} and hands it to the sink. Cheap
     * otherwise: {@code point} is not called.
     */
    public void offer(Supplier<double[]> point) {
        if (sink == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastCheckpoint.get() >= intervalNanos) {
            sink.write(point.get());
            lastCheckpoint.set(System.nanoTime());
        }
    }

    /** Hands the point to the sink now (the end of a solve), whatever the interval. */
    public void checkpointNow(double[] point) {
        if (sink != null) {
            sink.write(point.clone());
            lastCheckpoint.set(System.nanoTime());
        }
    }
}
