package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.data.Dataset;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;

/** Datasets for the golden fits (org.convexnn.golden), through the package's own constructors. */
public final class GoldenAccess {
    private GoldenAccess() {
    }

    /** A single-target dataset as {@link ConvexTrainer#fit(Matrix, double[])} builds it. */
    public static Dataset dataset(Matrix x, double[] y, Loss loss) {
        return ProgramBuilder.datasetOf(x, y, loss);
    }

    /** A k-class dataset with one-hot 0/1 targets. */
    public static Dataset oneHot(Matrix x, Matrix y) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < x.cols(); j++) {
            names.add("x" + j);
        }
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < y.cols(); k++) {
            classes.add("c" + k);
        }
        return new Dataset(x, y, names, new TargetEncoding(Task.MULTICLASS, "label", classes), "golden");
    }
}
