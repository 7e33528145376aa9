package org.convexnn.solver;

/**
 * Receives progress snapshots from a solver (at gap checks, not every iteration). A listener may carry the
 * {@link SolveControl} of a fit ({@link #withControl}): the training pipeline passes it to every solve of the fit in
 * {@link SolverSettings#control()}, and its path and column-generation loops check it between solves.
 */
@FunctionalInterface
public interface IterationListener {
    void onIteration(IterationInfo info);

    /** The control of the fit this listener follows ({@link SolveControl#NONE} unless set by {@link #withControl}). */
    default SolveControl control() {
        return SolveControl.NONE;
    }

    IterationListener NONE = info -> { };

    /** {@code listener} carrying {@code control}. */
    static IterationListener withControl(IterationListener listener, SolveControl control) {
        java.util.Objects.requireNonNull(listener, "listener");
        java.util.Objects.requireNonNull(control, "control");
        return new IterationListener() {
            @Override
            public void onIteration(IterationInfo info) {
                listener.onIteration(info);
            }

            @Override
            public SolveControl control() {
                return control;
            }
        };
    }
}
