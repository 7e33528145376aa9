package org.convexnn.solver;

/**
 * Settings of the interior-point method ({@link InteriorPointSolver}) beyond its stopping rules, passed to the SOCP
 * solver ({@code solver.ipm.ConicSolver.Settings}). Immutable; {@link #DEFAULT} holds the defaults.
 *
 * @param denseKkt always factor the dense KKT system (the structured Woodbury solve is the default where it applies;
 *                 for checking one against the other)
 * @param debug    print one line per interior-point iteration on standard error
 */
public record InteriorPointSettings(boolean denseKkt, boolean debug) {
    /** The structured KKT solve where it applies, no trace. */
    public static final InteriorPointSettings DEFAULT = new InteriorPointSettings(false, false);
}
