package org.convexnn.io;

import java.nio.file.Path;
import java.util.List;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Probabilities;
import org.convexnn.network.TwoLayerNetwork;

/**
 * A model read back by {@link ModelFile#read}.
 *
 * @param network         the network, acting on RAW inputs (standardisation already folded in)
 * @param featureNames    the d input column names, in order
 * @param encoding        the target encoding (task, target name, classes)
 * @param standardization the standardisation used in training (informational), or null when none was used
 * @param training        the training settings of the file
 * @param summary         the final numbers of the fit
 * @param provenance      what wrote the file, or null when the file does not say
 * @param source          the file it was read from
 */
public record LoadedModel(TwoLayerNetwork network, List<String> featureNames, TargetEncoding encoding,
                          Standardization standardization, TrainingRecord training, SummaryRecord summary,
                          Provenance provenance, Path source) {
    public LoadedModel {
        featureNames = List.copyOf(featureNames);
    }

    /** Raw n x c network outputs for n x d raw inputs. */
    public Matrix predict(Matrix x) {
        return network.predict(x);
    }

    /**
     * n x k class probabilities for n x d raw inputs (logistic-loss classifiers; {@link Probabilities}).
     *
     * @throws IllegalArgumentException for a regression model or a squared-loss classifier
     */
    public Matrix predictProba(Matrix x) {
        return Probabilities.of(predict(x), encoding, training == null ? null : training.loss());
    }

    /** The predicted class labels (or values, for regression) for n x d raw inputs. */
    public String[] predictLabels(Matrix x) {
        return encoding.decode(predict(x));
    }

    /** The training loss name ("squared" or "logistic"), or null when the file does not say. */
    public String lossName() {
        return training == null || training.loss() == null ? null : training.loss().cliName();
    }
}
