package org.convexnn.solver;

/** Receives progress snapshots from a solver (at gap checks, not every iteration). */
@FunctionalInterface
public interface IterationListener {
    void onIteration(IterationInfo info);

    IterationListener NONE = info -> { };
}
