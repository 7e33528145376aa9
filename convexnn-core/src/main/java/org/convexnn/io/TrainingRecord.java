package org.convexnn.io;

import org.convexnn.program.Loss;

/**
 * The {@code "training"} object of a model file: the settings a network was trained with, under their file names
 * (see docs/model-format.md). A null component is one the file does not hold and is not written; the flags and counts
 * {@code outputBias}, {@code lowRank}, {@code prune}, {@code sgdPatternEpochs} (with {@code sgdPatternWidth}) and
 * {@code patternNetworks} are written only when set. A non-finite number is written as JSON null and read back as NaN,
 * except {@code timeLimitSeconds}, whose null means no limit ({@link Double#POSITIVE_INFINITY}).
 *
 * @param model            the model's CLI name ("gated-relu", ..., "nonconvex-relu")
 * @param loss             the training loss
 * @param lambda           regularisation strength λ
 * @param patterns         sampled patterns asked for
 * @param patternsExact    whether the patterns were enumerated exactly
 * @param maxPatterns      bound on an exact enumeration
 * @param leakySlope       negative slope of leaky-relu (only for that model)
 * @param bias             first-layer bias mode ("regularized", ...)
 * @param outputBias       whether a free output bias was fitted
 * @param lowRank          K of the low-rank scheme (0: off)
 * @param standardize      whether columns were standardised
 * @param solver           the solver asked for ("auto", ...)
 * @param tol              relative gap tolerance
 * @param maxIterations    iteration limit
 * @param timeLimitSeconds time limit (infinite: none)
 * @param threads          kernel threads (0: all processors)
 * @param seed             random seed
 * @param prune            whether the network was pruned
 * @param sgdPatternEpochs epochs of SGD pattern networks (0: none)
 * @param sgdPatternWidth  width of the SGD pattern networks
 * @param patternNetworks  networks whose patterns were added
 * @param gatesFile        the gates file trained with
 * @param baseline         the non-convex baseline's settings, null for a convex fit
 */
public record TrainingRecord(String model, Loss loss, Double lambda, Integer patterns, Boolean patternsExact,
                             Long maxPatterns, Double leakySlope, String bias, boolean outputBias, int lowRank,
                             Boolean standardize, String solver, Double tol, Integer maxIterations,
                             Double timeLimitSeconds, Integer threads, Long seed, boolean prune, int sgdPatternEpochs,
                             int sgdPatternWidth, int patternNetworks, String gatesFile, BaselineTraining baseline) {

    /**
     * The settings of the non-convex baseline (null components: not in the file).
     *
     * @param optimizer    "sgd", "adam" or "gd"
     * @param learningRate step size
     * @param epochs       epochs asked for
     * @param batchSize    mini-batch size (0: full batch)
     * @param width        hidden width
     */
    public record BaselineTraining(String optimizer, Double learningRate, Integer epochs, Integer batchSize,
                                   Integer width) {
    }

    /** These settings without the keys of the convex program (patterns and solver), for the baseline. */
    public TrainingRecord withBaseline(String modelName, BaselineTraining b) {
        return new TrainingRecord(modelName, loss, lambda, null, null, null, leakySlope, bias, outputBias, lowRank,
                standardize, null, null, null, timeLimitSeconds, threads, seed, prune, sgdPatternEpochs,
                sgdPatternWidth, patternNetworks, gatesFile, b);
    }
}
