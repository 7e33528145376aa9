package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Probabilities;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;

/** Metrics against hand computations and a brute-force AUC; probabilities where the loss gives them. */
class MetricsTest {
    static final TargetEncoding BIN = new TargetEncoding(Task.BINARY, "y", List.of("no", "yes"));

    @Test
    void binaryMetricsByHand() {
        // outputs (log-odds) and ±1 targets: predictions yes, yes, no, no, yes; truth yes, no, no, yes, yes
        Matrix z = Matrix.column(new double[] {2.0, 0.5, -1.0, -0.2, 3.0});
        Matrix y = Matrix.column(new double[] {1, -1, -1, 1, 1});
        Matrix p = Probabilities.of(z, BIN, Loss.LOGISTIC);
        assertEquals(1 / (1 + Math.exp(-2.0)), p.get(0, 1), 1e-15);
        assertEquals(1.0, p.get(3, 0) + p.get(3, 1), 1e-15);
        Metrics.Classification m = Metrics.classification(BIN, z, y, p);
        assertEquals(0.6, m.accuracy(), 1e-15);
        assertArrayEquals(new long[] {1, 1}, m.confusion()[0]); // truth no: one right, one predicted yes
        assertArrayEquals(new long[] {1, 2}, m.confusion()[1]);
        assertEquals(2.0 / 3, m.precision()[1], 1e-15);
        assertEquals(2.0 / 3, m.recall()[1], 1e-15);
        assertEquals(0.5, m.recall()[0], 1e-15);
        assertEquals((0.5 + 2.0 / 3) / 2, m.balancedAccuracy(), 1e-15);
        // AUC: positives score 2, −0.2, 3; negatives 0.5, −1: pairs won 2+1+2 = 5 of 6
        assertEquals(5.0 / 6, m.rocAuc(), 1e-15);
        double ll = 0;
        for (int i = 0; i < 5; i++) {
            ll -= Math.log(p.get(i, y.get(i, 0) > 0 ? 1 : 0));
        }
        assertEquals(ll / 5, m.logLoss(), 1e-15);
        assertNull(Metrics.classification(BIN, z, y, null).rocAuc());
    }

    @Test
    void aucIsThePairwiseWinRateWithTiesAsHalves() {
        Random rng = new Random(3);
        int n = 200;
        Matrix p = Matrix.zeros(n, 2);
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = rng.nextBoolean() ? 1 : 0;
            double s = Math.round(rng.nextDouble() * 10) / 10.0 + 0.2 * truth[i]; // many ties
            p.set(i, 1, s);
            p.set(i, 0, 1 - s);
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (truth[i] == 1 && truth[j] == 0) {
                    pairs++;
                    wins += p.get(i, 1) > p.get(j, 1) ? 1 : p.get(i, 1) == p.get(j, 1) ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Metrics.auc(p, truth, 1), 1e-12);
    }

    @Test
    void regressionMetricsByHand() {
        Matrix z = Matrix.column(new double[] {1, 2, 4});
        Matrix y = Matrix.column(new double[] {1, 3, 2});
        Metrics.Regression r = Metrics.regression(z, y);
        assertEquals(5.0 / 3, r.mse(), 1e-15);
        assertEquals(1.0, r.mae(), 1e-15);
        assertEquals(1 - 5.0 / 2, r.r2(), 1e-15); // total sum of squares 2
        assertTrue(Double.isNaN(Metrics.regression(z, Matrix.column(new double[] {2, 2, 2})).r2()));
    }

    @Test
    void probabilitiesOnlyWhereTheLossGivesThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Probabilities.of(Matrix.column(new double[] {0.3}), BIN, Loss.SQUARED));
        assertTrue(e.getMessage().contains("not probabilities"), e.getMessage());
        TargetEncoding three = new TargetEncoding(Task.MULTICLASS, "y", List.of("a", "b", "c"));
        Matrix p = Probabilities.of(Matrix.of(new double[][] {{1, -1, 0}}), three, Loss.LOGISTIC);
        assertEquals(1.0, p.get(0, 0) + p.get(0, 1) + p.get(0, 2), 1e-15);
        assertTrue(p.get(0, 0) > p.get(0, 2) && p.get(0, 2) > p.get(0, 1));
    }
}
