package org.convexnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.convexnn.data.CsvReader;
import org.convexnn.data.LabeledTable;
import org.convexnn.data.LibsvmReader;
import org.convexnn.io.LoadedModel;

/** Reads data files for the commands, in CSV or LIBSVM format. */
final class DataInput {
    private DataInput() {
    }

    /** A training table: the target is required (default: the last CSV column). */
    static LabeledTable forTraining(Path data, DataFormat flag, String target) {
        DataFormat f = DataFormat.resolve(flag, data);
        if (f == DataFormat.LIBSVM) {
            if (target != null) {
                throw new UserException("--target applies to CSV data only; in LIBSVM data the label is the first"
                        + " entry of each line (" + data + ")");
            }
            return LibsvmReader.read(data, 0);
        }
        return CsvReader.read(data, target, true);
    }

    /**
     * A table laid out for a trained model: CSV columns are matched by name against the model's feature names
     * (the target column, if present, is read too); LIBSVM data must have the model's f1..fd features.
     */
    static LabeledTable forModel(Path data, DataFormat flag, LoadedModel model, String target) {
        DataFormat f = DataFormat.resolve(flag, data);
        List<String> names = model.featureNames();
        if (f == DataFormat.LIBSVM) {
            int d = names.size();
            for (int j = 0; j < d; j++) {
                if (!names.get(j).equals("f" + (j + 1))) {
                    throw new UserException(data + ": LIBSVM data has features f1..f" + d + ", but model "
                            + model.source() + " was trained on named columns (" + preview(names)
                            + "); use CSV data with those columns");
                }
            }
            return LibsvmReader.read(data, d);
        }
        String t = target != null ? target : model.encoding().targetName();
        return CsvReader.readFeatures(data, names, t);
    }

    private static String preview(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", … " + names.get(names.size() - 1);
    }
}
