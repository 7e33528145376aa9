package org.convexnn.arrangement;

/**
 * Result of an exact enumeration (spec §2.2 "counting vs. using").
 *
 * @param patterns    the open-cell patterns used by a program: de-duplicated, without the all-zero pattern, each
 *                    with a strictly interior generating vector as its gate
 * @param cells       the number of open cells found, including the all-zero cell when it exists
 * @param rank        the numerical rank r of the data
 * @param hyperplanes the number of distinct non-zero hyperplanes after merging parallel rows
 */
public record EnumerationResult(PatternSet patterns, long cells, int rank, int hyperplanes) {
}
