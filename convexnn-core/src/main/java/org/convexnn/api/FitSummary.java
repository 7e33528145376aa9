package org.convexnn.api;

import org.convexnn.solver.SolveStatus;

/**
 * The final numbers of a fit, in the public convention of spec §1.0 (mean loss; λ multiplies the group norms).
 *
 * @param objective          training objective of the recovered network through its true forward pass
 * @param convexObjective    objective of the convex program at the returned point
 * @param lowerBound         certified dual lower bound for the program over the patterns used
 * @param gap                objective − lowerBound (≥ 0)
 * @param relativeGap        gap / max(1, |objective|)
 * @param status             how the solver ended
 * @param iterations         solver iterations (inner iterations for the augmented Lagrangian)
 * @param seconds            wall time of the solve
 * @param patterns           number of distinct patterns used (after de-duplication)
 * @param neurons            non-zero neurons of the recovered network
 * @param maxConeViolation   largest cone-constraint violation (0 for gated models)
 * @param trainMetric        accuracy (classification) or mean squared error (regression) on the training data
 * @param trainMetricName    "accuracy" or "mse"
 * @param solver             the solver that ran ("fista" or "al")
 * @param blas               the kernel that ran (native or Java)
 * @param patternsExact      whether the patterns came from an exact enumeration of the open cells (spec §2.3)
 * @param cells              open cells found by the exact enumeration, including the all-zero one (spec §2.2);
 *                           null when the patterns were sampled or given
 * @param approximationBound the ratio κ² of the low-rank scheme (spec §2.5 A): {@code p* ≤ objective ≤ κ²·p*}
 *                           with p* the global optimum on the real data; null when the scheme was not used
 * @param neuronsBeforePrune non-zero groups before pruning (spec §3.7); null when the fit was not pruned
 * @param peakHeapMb         peak heap use during the fit in MiB ({@link HeapPeak}); null when not measured
 */
public record FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                         SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                         double maxConeViolation, double trainMetric, String trainMetricName, String solver,
                         String blas, boolean patternsExact, Long cells, Double approximationBound,
                         Integer neuronsBeforePrune, Double peakHeapMb) {

    /** A summary without a peak-heap figure. */
    public FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                      SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                      double maxConeViolation, double trainMetric, String trainMetricName, String solver, String blas,
                      boolean patternsExact, Long cells, Double approximationBound, Integer neuronsBeforePrune) {
        this(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds, patterns, neurons,
                maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact, cells, approximationBound,
                neuronsBeforePrune, null);
    }

    /** This summary with a peak-heap figure. */
    public FitSummary withPeakHeapMb(Double mb) {
        return new FitSummary(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds,
                patterns, neurons, maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact, cells,
                approximationBound, neuronsBeforePrune, mb);
    }

    /** A summary without the low-rank scheme and without pruning. */
    public FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                      SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                      double maxConeViolation, double trainMetric, String trainMetricName, String solver, String blas,
                      boolean patternsExact, Long cells) {
        this(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds, patterns, neurons,
                maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact, cells, null, null);
    }

    /** A summary of a fit that was not pruned. */
    public FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                      SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                      double maxConeViolation, double trainMetric, String trainMetricName, String solver, String blas,
                      boolean patternsExact, Long cells, Double approximationBound) {
        this(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds, patterns, neurons,
                maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact, cells, approximationBound,
                null);
    }

    /** A summary without the low-rank scheme. */
    public FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                      SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                      double maxConeViolation, double trainMetric, String trainMetricName, String solver, String blas,
                      boolean patternsExact, Long cells, Integer neuronsBeforePrune) {
        this(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds, patterns, neurons,
                maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact, cells, null,
                neuronsBeforePrune);
    }

    /** A summary of sampled (or given) patterns: {@code patternsExact = false}, {@code cells = null}. */
    public FitSummary(double objective, double convexObjective, double lowerBound, double gap, double relativeGap,
                      SolveStatus status, int iterations, double seconds, int patterns, int neurons,
                      double maxConeViolation, double trainMetric, String trainMetricName, String solver, String blas) {
        this(objective, convexObjective, lowerBound, gap, relativeGap, status, iterations, seconds, patterns, neurons,
                maxConeViolation, trainMetric, trainMetricName, solver, blas, false, null);
    }
}
