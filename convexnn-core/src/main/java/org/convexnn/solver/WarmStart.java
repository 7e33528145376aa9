package org.convexnn.solver;

/**
 * A solver's starting point: a G x d point of the program (a previous λ's solution, a seed network's convex image),
 * or none.
 *
 * @param point the point (not modified by solvers), or null for none
 */
public record WarmStart(double[] point) {
    /** No warm start. */
    public static final WarmStart NONE = new WarmStart(null);

    /** The warm start at a point, or {@link #NONE} for null. */
    public static WarmStart of(double[] point) {
        return point == null ? NONE : new WarmStart(point);
    }
}
