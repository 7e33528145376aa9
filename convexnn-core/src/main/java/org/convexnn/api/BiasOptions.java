package org.convexnn.api;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;

/** Validation of the bias options (spec §6 B2/B3) and of the low-rank scheme (spec §2.5 A). */
final class BiasOptions {
    private BiasOptions() {
    }

    static void validate(Model model, Loss loss, BiasMode bias, SolverKind solver, boolean outputBias, int lowRank,
                         boolean exactPatterns, Matrix gates, double leakySlope) {
        if (outputBias && loss != Loss.SQUARED) {
            throw new IllegalArgumentException("--output-bias is supported with --loss squared only");
        }
        if (bias == BiasMode.UNREGULARIZED && !model.gated() && solver == SolverKind.FISTA) {
            throw new IllegalArgumentException("--bias unregularized with --model " + model.cliName()
                    + " needs the augmented Lagrangian (the prox of the partial norm plus the cone constraint has no"
                    + " simple form); use --solver al or auto");
        }
        if (lowRank < 0) {
            throw new IllegalArgumentException("lowrank:K needs K >= 1, got " + lowRank);
        }
        if (lowRank > 0) {
            if (loss != Loss.SQUARED) {
                throw new IllegalArgumentException("--patterns lowrank:K has a proven bound for --loss squared only");
            }
            if (model.gated()) {
                throw new IllegalArgumentException("--patterns lowrank:K needs an ordinary network (relu, leaky-relu,"
                        + " abs or linear): gated networks are not Lipschitz in the data, so the bound of spec §2.5 does"
                        + " not apply");
            }
            if (model == Model.LEAKY_RELU && Math.abs(leakySlope) > 1) {
                throw new IllegalArgumentException("--patterns lowrank:K needs a 1-Lipschitz activation (|leaky slope| <= 1)");
            }
            if (bias == BiasMode.UNREGULARIZED || outputBias) {
                throw new IllegalArgumentException("--patterns lowrank:K is proven for a regularized or no first-layer"
                        + " bias and no output bias only");
            }
            if (exactPatterns || gates != null) {
                throw new IllegalArgumentException("--patterns lowrank:K fixes the patterns; not with exact or --gates");
            }
        }
    }
}
