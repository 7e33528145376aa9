package org.convexnn.api;

import java.util.Arrays;
import java.util.List;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;

/**
 * Held-out metrics of a model's predictions: for classifiers accuracy, balanced accuracy, the confusion matrix,
 * per-class precision, recall and F1, and, where the model gives probabilities, the log-loss and the ROC AUC
 * (one-vs-rest, averaged over classes for k &gt; 2); for regression MSE, MAE and R².
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Classification metrics.
     *
     * @param confusion {@code confusion[t][p]}: rows with true class t predicted as p
     * @param logLoss   mean −log p(true class) (probabilities clipped to [1e-15, 1 − 1e-15]), or null
     * @param rocAuc    ROC AUC (binary), or the mean one-vs-rest AUC (k &gt; 2), or null without probabilities
     */
    public record Classification(int n, List<String> classes, double accuracy, double balancedAccuracy,
                                 long[][] confusion, double[] precision, double[] recall, double[] f1, Double logLoss,
                                 Double rocAuc) {
    }

    /** Regression metrics (R² is NaN for a constant target). */
    public record Regression(int n, double mse, double mae, double r2) {
    }

    /** The true class index of an encoded target row (binary ±1 or 0/1; one-hot for k classes). */
    public static int trueClass(TargetEncoding enc, double[] y) {
        if (enc.task() == Task.BINARY) {
            return y[0] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < y.length; k++) {
            if (y[k] > y[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * @param outputs raw n x c outputs
     * @param targets encoded n x c targets
     * @param proba   n x k class probabilities, or null
     */
    public static Classification classification(TargetEncoding enc, Matrix outputs, Matrix targets, Matrix proba) {
        int n = outputs.rows();
        int k = enc.classes().size();
        long[][] conf = new long[k][k];
        int[] truth = new int[n];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            truth[i] = trueClass(enc, targets.row(i));
            int p = enc.predictedClass(outputs.row(i));
            conf[truth[i]][p]++;
            correct += truth[i] == p ? 1 : 0;
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            long tp = conf[c][c];
            long predicted = 0;
            long actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += conf[j][c];
                actual += conf[c][j];
            }
            precision[c] = predicted == 0 ? Double.NaN : (double) tp / predicted;
            recall[c] = actual == 0 ? Double.NaN : (double) tp / actual;
            f1[c] = precision[c] + recall[c] > 0 ? 2 * precision[c] * recall[c] / (precision[c] + recall[c])
                    : predicted == 0 || actual == 0 ? Double.NaN : 0.0;
            if (actual > 0) {
                recallSum += recall[c];
                present++;
            }
        }
        Double logLoss = null;
        Double auc = null;
        if (proba != null) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double p = Math.min(1 - 1e-15, Math.max(1e-15, proba.get(i, truth[i])));
                s -= Math.log(p);
            }
            logLoss = s / n;
            auc = k == 2 ? auc(proba, truth, 1) : meanAuc(proba, truth, k);
        }
        return new Classification(n, enc.classes(), (double) correct / n, present == 0 ? Double.NaN
                : recallSum / present, conf, precision, recall, f1, logLoss, auc);
    }

    /** Regression metrics of the first output against the first target column. */
    public static Regression regression(Matrix outputs, Matrix targets) {
        int n = outputs.rows();
        double se = 0;
        double ae = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += targets.get(i, 0);
        }
        mean /= n;
        double tot = 0;
        for (int i = 0; i < n; i++) {
            double r = outputs.get(i, 0) - targets.get(i, 0);
            se += r * r;
            ae += Math.abs(r);
            double t = targets.get(i, 0) - mean;
            tot += t * t;
        }
        return new Regression(n, se / n, ae / n, tot == 0 ? Double.NaN : 1 - se / tot);
    }

    private static double meanAuc(Matrix proba, int[] truth, int k) {
        double s = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            double a = auc(proba, truth, c);
            if (!Double.isNaN(a)) {
                s += a;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : s / counted;
    }

    /**
     * The ROC AUC of class c against the rest by the rank statistic: the probability that a random row of class c
     * scores above a random other row, ties counting one half. NaN when either side is empty.
     */
    static double auc(Matrix proba, int[] truth, int c) {
        int n = truth.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(proba.get(a, c), proba.get(b, c)));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && proba.get(order[j + 1], c) == proba.get(order[i], c)) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tied run
            for (int t = i; t <= j; t++) {
                if (truth[order[t]] == c) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
