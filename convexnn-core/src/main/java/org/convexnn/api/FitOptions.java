package org.convexnn.api;

import java.util.List;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.settings.Require;
import org.convexnn.settings.SettingException;

/**
 * Optional stages of a convex fit beyond the core settings.
 *
 * @param prune           prune the solution to at most n·c non-zero groups before recovery (spec §3.7); the objective
 *                        does not increase and the predictions do not change
 * @param patternNetworks networks on RAW inputs whose non-zero neurons' activation patterns on the training data are
 *                        added to the pattern set (spec §10.2 (iii)): the convex optimum is then at most each network's
 *                        objective (scalar output)
 * @param sgdEpochs       &gt; 0: first train the non-convex baseline (Adam, same objective and data) for this many
 *                        epochs and add its patterns as well; 0: off
 * @param sgdWidth        hidden width of that baseline
 * @param sgdLearningRate Adam step size of that baseline
 * @param growRounds      &gt; 0: column generation (spec §11.6) with at most this many rounds after the first solve
 *                        (see {@link ColumnGeneration}); 0: off
 * @param memoryBudget    bytes the solver's n x G work buffers may use (the feature operator evaluates Z in row blocks
 *                        that fit, see {@link #zBlockBytes}); 0 for the default, 1/8 of the maximum heap (at least
 *                        {@link #MIN_MEMORY_BUDGET})
 */
public record FitOptions(boolean prune, List<TwoLayerNetwork> patternNetworks, int sgdEpochs, int sgdWidth,
                         double sgdLearningRate, int growRounds, long memoryBudget) {
    /** Default number of column-generation rounds of {@code --patterns grow}. */
    public static final int DEFAULT_GROW_ROUNDS = 10;

    /** Smallest memory budget (explicit or default). */
    public static final long MIN_MEMORY_BUDGET = 16L << 20;

    /** Default width of the {@code sgd:EPOCHS} baseline: the baseline's own default. */
    public static final int DEFAULT_SGD_WIDTH = NonConvexTrainer.DEFAULT_WIDTH;
    /** Default Adam step size of the {@code sgd:EPOCHS} baseline. */
    public static final double DEFAULT_SGD_LEARNING_RATE = 1e-3;
    /** No extra stage. */
    public static final FitOptions NONE = new FitOptions(false, List.of(), 0, DEFAULT_SGD_WIDTH, DEFAULT_SGD_LEARNING_RATE);

    /** Options without column generation and with the default memory budget. */
    public FitOptions(boolean prune, List<TwoLayerNetwork> patternNetworks, int sgdEpochs, int sgdWidth,
                      double sgdLearningRate) {
        this(prune, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, 0, 0L);
    }

    /** Options with column generation and the default memory budget. */
    public FitOptions(boolean prune, List<TwoLayerNetwork> patternNetworks, int sgdEpochs, int sgdWidth,
                      double sgdLearningRate, int growRounds) {
        this(prune, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, growRounds, 0L);
    }

    /** Options without column generation, with a memory budget. */
    public FitOptions(boolean prune, List<TwoLayerNetwork> patternNetworks, int sgdEpochs, int sgdWidth,
                      double sgdLearningRate, long memoryBudget) {
        this(prune, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, 0, memoryBudget);
    }

    public FitOptions {
        Require.atLeast("growRounds", growRounds, 0, " (0: off)");
        if (memoryBudget < 0) {
            throw new SettingException("memoryBudget", "{memoryBudget} must be positive, got " + memoryBudget);
        }
        if (memoryBudget > 0 && memoryBudget < MIN_MEMORY_BUDGET) {
            throw new SettingException("memoryBudget", "{memoryBudget} must be at least 16m, got " + memoryBudget
                    + " bytes");
        }
        patternNetworks = patternNetworks == null ? List.of() : List.copyOf(patternNetworks);
        Require.atLeast("sgdEpochs", sgdEpochs, 0, " (0: off)");
        NonConvexTrainer.checkWidth("sgdWidth", sgdWidth);
        NonConvexTrainer.checkLearningRate("sgdLearningRate", sgdLearningRate);
    }

    /** These options with another memory budget (0 = default). */
    public FitOptions withMemoryBudget(long bytes) {
        return new FitOptions(prune, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, growRounds, bytes);
    }

    /** These options with other networks whose patterns (and convex images, as starting points) are added. */
    public FitOptions withPatternNetworks(List<TwoLayerNetwork> nets) {
        return new FitOptions(prune, nets, sgdEpochs, sgdWidth, sgdLearningRate, growRounds, memoryBudget);
    }

    /** These options with pruning on or off. */
    public FitOptions withPrune(boolean on) {
        return new FitOptions(on, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, growRounds, memoryBudget);
    }

    /** These options with column generation for at most {@code rounds} rounds (0: off). */
    public FitOptions withGrowRounds(int rounds) {
        return new FitOptions(prune, patternNetworks, sgdEpochs, sgdWidth, sgdLearningRate, rounds, memoryBudget);
    }

    /** The budget in effect: the explicit one, or 1/8 of {@code Runtime.maxMemory()}, at least 16 MB. */
    public long effectiveMemoryBudget() {
        return memoryBudget > 0 ? memoryBudget : defaultMemoryBudget();
    }

    /** 1/8 of the maximum heap, at least {@link #MIN_MEMORY_BUDGET}. */
    public static long defaultMemoryBudget() {
        return Math.max(MIN_MEMORY_BUDGET, Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * Bytes of one row block of pre-activations Z (rows x G) under a budget: half of it. The other half is left for
     * the remaining work buffers (solver state, which is n x c for gated FISTA; the cone programs' projections
     * and the augmented Lagrangian's n x G multipliers are outside this budget).
     */
    public static long zBlockBytes(long budget) {
        return Math.max(8L, budget / 2);
    }

    /** Whether any extra pattern source is set. */
    public boolean extraPatterns() {
        return !patternNetworks.isEmpty() || sgdEpochs > 0;
    }
}
