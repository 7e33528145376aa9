package org.convexnn.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.data.ArffReader;

/** Data file formats the CLI reads. */
enum DataFormat {
    CSV, LIBSVM, IDX, ARFF;

    /**
     * The format given by the flag, or guessed from the name: *-ubyte*, .idx, .idx.gz mean IDX; .libsvm, .svm, .txt
     * mean LIBSVM; .arff (.arff.gz) means ARFF; else CSV.
     */
    static DataFormat resolve(DataFormat flag, Path file) {
        if (flag != null) {
            return flag;
        }
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.contains("-ubyte") || n.endsWith(".idx") || n.endsWith(".idx.gz")) {
            return IDX;
        }
        if (n.endsWith(".libsvm") || n.endsWith(".svm") || n.endsWith(".txt")) {
            return LIBSVM;
        }
        if (ArffReader.isArffName(file)) {
            return ARFF;
        }
        return CSV;
    }
}
