package org.convexnn.api;

import java.nio.file.Path;
import org.convexnn.data.ArffReader;
import org.convexnn.data.CsvReader;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.LabeledTable;

/**
 * One-call data loading for the library: a training set from a CSV (or ARFF) file, and a test set laid out for a
 * fit (its features matched by name, its target encoded as the fit's). The task follows the target: numbers make a
 * regression, anything else classes.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * A training set from a CSV file with a header row (or an ARFF file, by its {@code .arff} extension).
     *
     * @param target the target column, or null for the last one
     */
    public static Dataset training(Path file, String target) {
        return DatasetLoader.forTraining(read(file, target), DatasetLoader.TaskHint.AUTO, false);
    }

    /** A training set whose numeric target holds class labels (e.g. digits 0–9). */
    public static Dataset trainingClasses(Path file, String target) {
        return DatasetLoader.forTraining(read(file, target), DatasetLoader.TaskHint.CLASSIFICATION, false);
    }

    /**
     * A test set for a fit: the fit's features by name, and its target, when the file has it, encoded as the fit's.
     */
    public static Dataset testFor(TwoLayerFit fit, Path file) {
        String target = fit.encoding().targetName();
        LabeledTable t = ArffReader.isArffName(file) ? ArffReader.readFeatures(file, fit.featureNames(), target)
                : CsvReader.readFeatures(file, fit.featureNames(), target);
        return DatasetLoader.forPrediction(t, fit.encoding());
    }

    private static LabeledTable read(Path file, String target) {
        return ArffReader.isArffName(file) ? ArffReader.read(file, target) : CsvReader.read(file, target, true);
    }
}
