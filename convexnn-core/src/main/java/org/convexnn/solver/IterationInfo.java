package org.convexnn.solver;

/**
 * A snapshot passed to {@link IterationListener}s (public convention, spec §1.0).
 *
 * @param iteration   iteration count so far
 * @param objective   current primal objective
 * @param lowerBound  best certified lower bound so far
 * @param relativeGap (objective − lowerBound) / max(1, |objective|)
 * @param violation   current cone violation (0 for unconstrained programs)
 * @param seconds     elapsed seconds
 */
public record IterationInfo(int iteration, double objective, double lowerBound, double relativeGap,
                            double violation, double seconds) {
}
