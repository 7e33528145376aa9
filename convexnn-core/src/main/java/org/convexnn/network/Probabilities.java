package org.convexnn.network;

import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;

/**
 * Class probabilities from a classifier's raw outputs, where the training loss makes them probabilities: under the
 * logistic loss a binary output z is the log-odds of the second class, so P = (1 − σ(z), σ(z)); a k-class one-vs-all
 * fit gives k such estimates, normalised here to sum to one. The squared loss fits scores, not probabilities: they
 * are refused.
 */
public final class Probabilities {
    private Probabilities() {
    }

    /** Whether a model trained with this loss on this task has probabilities. */
    public static boolean available(TargetEncoding enc, Loss loss) {
        return enc != null && enc.isClassification() && loss == Loss.LOGISTIC;
    }

    /**
     * n x k class probabilities (columns in the encoding's class order) from n x c raw outputs.
     *
     * @throws IllegalArgumentException for a regression model or a squared-loss classifier
     */
    public static Matrix of(Matrix outputs, TargetEncoding enc, Loss loss) {
        if (enc == null || !enc.isClassification()) {
            throw new IllegalArgumentException("a regression model has no class probabilities");
        }
        if (loss != Loss.LOGISTIC) {
            throw new IllegalArgumentException("the scores of a " + (loss == null ? "squared" : loss.cliName())
                    + "-loss classifier are not probabilities; fit with the logistic loss for probabilities");
        }
        int n = outputs.rows();
        int k = enc.classes().size();
        Matrix p = Matrix.zeros(n, k);
        for (int i = 0; i < n; i++) {
            if (enc.task() == Task.BINARY) {
                double s = Loss.sigmoid(outputs.get(i, 0));
                p.set(i, 0, 1 - s);
                p.set(i, 1, s);
            } else {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    double s = Loss.sigmoid(outputs.get(i, j));
                    p.set(i, j, s);
                    sum += s;
                }
                for (int j = 0; j < k; j++) {
                    p.set(i, j, sum > 0 ? p.get(i, j) / sum : 1.0 / k);
                }
            }
        }
        return p;
    }
}
