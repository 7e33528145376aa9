package org.convexnn.io;

/**
 * The {@code "summary"} object of a model file (and the start of a {@code --summary} file): the final numbers of a
 * fit. Doubles are NaN where the file holds null (non-finite) or nothing; other null components are null or absent in
 * the file. Every component up to {@code neuronsBeforePrune} is always written; {@code approximationBound},
 * {@code peakHeapMb} and {@code baseline} only when non-null.
 *
 * @param objective          training objective of the network
 * @param convexObjective    objective of the convex program
 * @param lowerBound         certified lower bound
 * @param gap                objective − lower bound
 * @param relativeGap        gap / max(1, |objective|)
 * @param status             how the solver ended ("OPTIMAL", ..., {@link #BASELINE_STATUS})
 * @param iterations         solver iterations (epochs for the baseline)
 * @param seconds            wall time
 * @param patterns           patterns used
 * @param neurons            non-zero neurons
 * @param maxConeViolation   largest cone violation
 * @param trainMetric        training accuracy or mean squared error
 * @param trainMetricName    "accuracy" or "mse"
 * @param solver             the solver that ran
 * @param blas               the kernel that ran
 * @param patternsExact      whether the patterns were enumerated exactly
 * @param cells              open cells of the exact enumeration
 * @param approximationBound κ² of the low-rank scheme
 * @param neuronsBeforePrune non-zero groups before pruning
 * @param peakHeapMb         peak heap use in MiB
 * @param baseline           how the non-convex baseline's training ended, null for a convex fit
 */
public record SummaryRecord(double objective, double convexObjective, double lowerBound, double gap,
                            double relativeGap, String status, Integer iterations, double seconds, Integer patterns,
                            Integer neurons, double maxConeViolation, double trainMetric, String trainMetricName,
                            String solver, String blas, Boolean patternsExact, Long cells, Double approximationBound,
                            Integer neuronsBeforePrune, Double peakHeapMb, BaselineOutcome baseline) {
    /** The status of a non-convex baseline fit (it has no certificate). */
    public static final String BASELINE_STATUS = "BASELINE";

    /**
     * How the baseline's training ended (null components: not in the file).
     *
     * @param epochsRun epochs run
     * @param diverged  whether the objective became non-finite
     */
    public record BaselineOutcome(Integer epochsRun, Boolean diverged) {
    }

    /** This summary as a baseline's: status {@link #BASELINE_STATUS} and the outcome of its training. */
    public SummaryRecord asBaseline(BaselineOutcome outcome) {
        return new SummaryRecord(objective, convexObjective, lowerBound, gap, relativeGap, BASELINE_STATUS, iterations,
                seconds, patterns, neurons, maxConeViolation, trainMetric, trainMetricName, solver, blas, patternsExact,
                cells, approximationBound, neuronsBeforePrune, peakHeapMb, outcome);
    }
}
