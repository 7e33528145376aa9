package org.convexnn.cli;

import java.util.Map;
import org.convexnn.settings.SettingException;

/**
 * The command line's names for the library's settings: library errors ({@link SettingException}) name settings as
 * the library does ({@code maxIterations}); the CLI reports them with its flags ({@code --max-iter}).
 */
final class SettingFlags {
    /** Library setting name to flag; a setting without a flag keeps its library name. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("model", "--model"),
            Map.entry("loss", "--loss"),
            Map.entry("lambda", "--lambda"),
            Map.entry("patterns", "--patterns"),
            Map.entry("exactPatterns", "--patterns exact"),
            Map.entry("lowRank", "--patterns lowrank:K"),
            Map.entry("growRounds", "--patterns grow:ROUNDS"),
            Map.entry("sgdEpochs", "--patterns sgd:EPOCHS"),
            Map.entry("maxPatterns", "--max-patterns"),
            Map.entry("gates", "--gates"),
            Map.entry("bias", "--bias"),
            Map.entry("outputBias", "--output-bias"),
            Map.entry("solver", "--solver"),
            Map.entry("tol", "--tol"),
            Map.entry("maxIterations", "--max-iter"),
            Map.entry("timeLimitSeconds", "--time-limit"),
            Map.entry("threads", "--threads"),
            Map.entry("leakySlope", "--leaky-slope"),
            Map.entry("patternNetworks", "--patterns-from"),
            Map.entry("sgdWidth", "--sgd-width"),
            Map.entry("memoryBudget", "--memory-budget"),
            Map.entry("learningRate", "--lr"),
            Map.entry("epochs", "--epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("width", "--width"),
            Map.entry("lambdaPath", "--lambda-path"),
            Map.entry("cvFolds", "--cv"),
            Map.entry("subsampledTol", "--subsampled-tol"),
            Map.entry("subsampledTimeLimit", "--subsampled-time-limit"),
            Map.entry("samples", "--samples"));

    private SettingFlags() {
    }

    /** The flag of a library setting, or the setting's own name when the CLI has no flag for it. */
    static String flag(String setting) {
        return FLAGS.getOrDefault(setting, setting);
    }

    /** The error as the CLI reports it: every setting named by its flag. */
    static String message(SettingException e) {
        return e.message(SettingFlags::flag);
    }
}
