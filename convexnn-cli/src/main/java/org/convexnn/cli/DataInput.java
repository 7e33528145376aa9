package org.convexnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.convexnn.data.ArffReader;
import org.convexnn.data.CsvReader;
import org.convexnn.data.IdxReader;
import org.convexnn.data.LabeledTable;
import org.convexnn.data.LibsvmReader;
import org.convexnn.io.LoadedModel;

/** Reads data files for the commands, in CSV, LIBSVM, ARFF or IDX (MNIST) format. */
final class DataInput {
    private DataInput() {
    }

    /** A training table: the target is required (default: the last CSV column). */
    static LabeledTable forTraining(Path data, DataFormat flag, String target) {
        return forTraining(data, flag, target, null, null);
    }

    /**
     * A training table; IDX images take their labels from {@code labels} (required); {@code classes} (any format)
     * keeps the rows of those classes.
     */
    static LabeledTable forTraining(Path data, DataFormat flag, String target, Path labels, List<String> classes) {
        DataFormat f = DataFormat.resolve(flag, data);
        checkIdxFlags(f, data, target, labels, classes);
        if (f == DataFormat.IDX) {
            if (labels == null) {
                throw new UserException(data + ": IDX images need their label file: pass --labels FILE");
            }
            return IdxReader.read(data, labels, classes);
        }
        if (f == DataFormat.LIBSVM) {
            if (target != null) {
                throw new UserException("--target applies to CSV data only; in LIBSVM data the label is the first"
                        + " entry of each line (" + data + ")");
            }
            return select(LibsvmReader.read(data, 0), classes);
        }
        if (f == DataFormat.ARFF) {
            return select(ArffReader.read(data, target), classes);
        }
        return select(CsvReader.read(data, target, true), classes);
    }

    private static LabeledTable select(LabeledTable t, List<String> classes) {
        return classes == null ? t : t.withClasses(classes);
    }

    /** Whether the data is read as IDX (so its labels are classes). */
    static boolean isIdx(Path data, DataFormat flag) {
        return DataFormat.resolve(flag, data) == DataFormat.IDX;
    }

    private static void checkIdxFlags(DataFormat f, Path data, String target, Path labels, List<String> classes) {
        if (f != DataFormat.IDX) {
            if (labels != null) {
                throw new UserException("--labels applies to IDX data only (--format idx); " + data + " is read as "
                        + f.name().toLowerCase(java.util.Locale.ROOT));
            }
        } else if (target != null) {
            throw new UserException("--target does not apply to IDX data; the labels come from --labels FILE");
        }
    }

    /**
     * A table laid out for a trained model: CSV columns are matched by name against the model's feature names
     * (the target column, if present, is read too); LIBSVM data must have the model's f1..fd features.
     */
    static LabeledTable forModel(Path data, DataFormat flag, LoadedModel model, String target) {
        return forModel(data, flag, model, target, null, null);
    }

    /** As {@link #forModel(Path, DataFormat, LoadedModel, String)}; IDX images must have the model's p0..p{d−1}. */
    static LabeledTable forModel(Path data, DataFormat flag, LoadedModel model, String target, Path labels,
                                 List<String> classes) {
        DataFormat f = DataFormat.resolve(flag, data);
        checkIdxFlags(f, data, target, labels, classes);
        List<String> names = model.featureNames();
        if (f == DataFormat.IDX) {
            int d = names.size();
            if (!names.equals(IdxReader.featureNames(d))) {
                throw new UserException(data + ": IDX images have pixel features named p0, p1, …, but model " + model.source()
                        + " was trained on other columns (" + preview(names) + ")");
            }
            LabeledTable t = IdxReader.readFeatures(data, labels, classes);
            if (t.features().cols() != d) {
                throw new UserException(data + ": the images have " + t.features().cols() + " pixels, but model "
                        + model.source() + " expects " + d);
            }
            return t;
        }
        if (f == DataFormat.LIBSVM) {
            int d = names.size();
            for (int j = 0; j < d; j++) {
                if (!names.get(j).equals("f" + (j + 1))) {
                    throw new UserException(data + ": LIBSVM data has features named f1, f2, …, but model "
                            + model.source() + " was trained on named columns (" + preview(names)
                            + "); use CSV data with those columns");
                }
            }
            return select(LibsvmReader.read(data, d), classes);
        }
        String t = target != null ? target : model.encoding().targetName();
        LabeledTable table = f == DataFormat.ARFF ? ArffReader.readFeatures(data, names, t)
                : CsvReader.readFeatures(data, names, t);
        if (classes != null && !table.hasTarget()) {
            throw new UserException(data + ": --classes needs the target column '" + t + "', which the file lacks");
        }
        return select(table, classes);
    }

    private static String preview(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", … " + names.get(names.size() - 1);
    }
}
