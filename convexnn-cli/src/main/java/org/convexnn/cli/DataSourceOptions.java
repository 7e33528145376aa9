package org.convexnn.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the rows come from: the data-source options shared by fit, compare, predict, evaluate and certify. */
final class DataSourceOptions {
    @Option(names = "--format", paramLabel = "csv|libsvm|arff|idx", converter = Converters.FormatConverter.class,
            description = "Data format (default: by extension; .libsvm, .svm, .txt mean libsvm, .arff means arff, "
                    + "*-ubyte* and .idx mean idx, anything else csv).")
    DataFormat format;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file for --format idx images (plain or gzip).")
    Path labels;

    @Option(names = "--classes", paramLabel = "C1,C2,...", split = ",",
            description = "Keep only the rows of these classes (IDX labels, or the target values of CSV/LIBSVM data; "
                    + "e.g. 0,6: two classes make a binary task).")
    List<String> classes;
}
