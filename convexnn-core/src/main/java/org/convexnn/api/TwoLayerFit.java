package org.convexnn.api;

import java.util.List;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Probabilities;
import org.convexnn.network.TwoLayerNetwork;

/**
 * The immutable result of {@link ConvexTrainer#fit}: an ordinary network acting on RAW inputs, the final summary
 * (with the solver status — never dropped), and what is needed to reproduce and apply it.
 *
 * @param network       recovered network on raw inputs (standardisation folded into W1/b1)
 * @param summary       final numbers and status
 * @param settings      the training settings used
 * @param featureNames  the d input column names, in order
 * @param encoding      the target encoding (null when fitted from raw arrays)
 * @param standardization the standardisation applied during training (identity when off)
 * @param rounds        column-generation rounds (spec §11.6; empty unless grown)
 */
public record TwoLayerFit(TwoLayerNetwork network, FitSummary summary, TrainerSettings settings,
                          List<String> featureNames, TargetEncoding encoding, Standardization standardization,
                          List<GrowRound> rounds, String solverReason) {
    public TwoLayerFit {
        featureNames = List.copyOf(featureNames);
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
    }

    /** A fit without column generation or a recorded solver choice. */
    public TwoLayerFit(TwoLayerNetwork network, FitSummary summary, TrainerSettings settings,
                       List<String> featureNames, TargetEncoding encoding, Standardization standardization) {
        this(network, summary, settings, featureNames, encoding, standardization, List.of(), null);
    }

    /** Raw n x c outputs for n x d raw inputs. */
    public Matrix predict(Matrix x) {
        return network.predict(x);
    }

    /** The predicted labels (class names, or values for regression) for n x d raw inputs. */
    public String[] predictLabels(Matrix x) {
        if (encoding == null) {
            throw new IllegalStateException("this fit has no target encoding");
        }
        return encoding.decode(predict(x));
    }

    /**
     * n x k class probabilities for n x d raw inputs (logistic-loss classifiers; {@link Probabilities}).
     *
     * @throws IllegalArgumentException for a regression model or a squared-loss classifier
     */
    public Matrix predictProba(Matrix x) {
        return Probabilities.of(predict(x), encoding, settings.loss());
    }

    /** This fit with its column-generation rounds. */
    public TwoLayerFit withRounds(List<GrowRound> r) {
        return new TwoLayerFit(network, summary, settings, featureNames, encoding, standardization, r, solverReason);
    }

    /** This fit with the reason its method was chosen ({@link SolverChoice}). */
    TwoLayerFit withSolverReason(String reason) {
        return new TwoLayerFit(network, summary, settings, featureNames, encoding, standardization, rounds, reason);
    }

    /**
     * The engine settings this fit ran with and the method chosen, with the reason (the model file's provenance
     * records them).
     */
    public java.util.Map<String, Object> engineRecord() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(settings.engine().describe());
        m.put("threads", settings.threads());
        m.put("solver", summary.solver());
        if (solverReason != null) {
            m.put("solver_reason", solverReason);
        }
        return m;
    }
}
