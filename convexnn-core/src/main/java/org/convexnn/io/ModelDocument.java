package org.convexnn.io;

import java.util.List;
import java.util.Objects;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.network.TwoLayerNetwork;

/**
 * Everything a model file holds (format "convexnn-model", version 1; see docs/model-format.md).
 *
 * @param network         the network, acting on RAW inputs
 * @param featureNames    the d input column names, in order
 * @param encoding        the target encoding
 * @param standardization the standardisation used in training, or null (identity is written as null)
 * @param training        the training settings, or null (written as an empty object)
 * @param summary         the final numbers of the fit, or null (written as an empty object)
 * @param provenance      what wrote the file
 */
public record ModelDocument(TwoLayerNetwork network, List<String> featureNames, TargetEncoding encoding,
                            Standardization standardization, TrainingRecord training, SummaryRecord summary,
                            Provenance provenance) {
    public ModelDocument {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(provenance, "provenance");
        featureNames = List.copyOf(featureNames);
    }
}
