package org.convexnn.api;

/**
 * One round of column generation (spec §11.6). Round 0 is the solve on the starting patterns; each later round adds
 * the top violators of a fresh candidate pool and re-solves. A round with {@code violating == 0} added nothing: no
 * pool candidate violated the dual constraint, so the certificate is closed with respect to that pool.
 *
 * @param round          0, 1, …
 * @param patterns       patterns in the program after this round
 * @param objective      convex objective after the round's solve
 * @param lowerBound     certified lower bound for the program on this round's patterns
 * @param relativeGap    (objective − lowerBound) / max(1, |objective|)
 * @param added          patterns added this round
 * @param pool           candidate patterns examined (new ones only)
 * @param violating      candidates whose dual-constraint value exceeded λ
 * @param maxViolation   largest dual-constraint value minus λ among the candidates (≤ 0: none violates)
 */
public record GrowRound(int round, int patterns, double objective, double lowerBound, double relativeGap, int added,
                        int pool, int violating, double maxViolation) {
}
