package org.convexnn.api;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.program.OutputBias;
import org.convexnn.settings.SettingException;

/** Validation of the bias options (spec §6 B2/B3) and of the low-rank scheme (spec §2.5 A). */
final class BiasOptions {
    private BiasOptions() {
    }

    static void validate(Model model, Loss loss, BiasMode bias, SolverKind solver, boolean outputBias, int lowRank,
                         boolean exactPatterns, Matrix gates, double leakySlope) {
        if (outputBias) {
            OutputBias.check(loss);
        }
        if (bias == BiasMode.UNREGULARIZED && !model.gated() && solver == SolverKind.FISTA) {
            throw new SettingException("bias", "{bias} unregularized with {model} " + model.cliName()
                    + " needs the augmented Lagrangian (the prox of the partial norm plus the cone constraint has no"
                    + " simple form); use {solver} al or auto");
        }
        if (lowRank < 0) {
            throw new SettingException("lowRank", "{lowRank} must be >= 0 (0: off), got " + lowRank);
        }
        if (lowRank > 0) {
            if (loss != Loss.SQUARED) {
                throw lowRank("{lowRank} has a proven bound for {loss} squared only");
            }
            if (model.gated()) {
                throw lowRank("{lowRank} needs an ordinary network (relu, leaky-relu, abs or linear): gated networks"
                        + " are not Lipschitz in the data, so the bound of spec §2.5 does not apply");
            }
            if (model == Model.LEAKY_RELU && Math.abs(leakySlope) > 1) {
                throw lowRank("{lowRank} needs a 1-Lipschitz activation (|leaky slope| <= 1)");
            }
            if (bias == BiasMode.UNREGULARIZED || outputBias) {
                throw lowRank("{lowRank} is proven for a regularized or no first-layer bias and no output bias only");
            }
            if (exactPatterns || gates != null) {
                throw lowRank("{lowRank} fixes the patterns; not with exact or {gates}");
            }
        }
    }

    private static SettingException lowRank(String template) {
        return new SettingException("lowRank", template);
    }
}
