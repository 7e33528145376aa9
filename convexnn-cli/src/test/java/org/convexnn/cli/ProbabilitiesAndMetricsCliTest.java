package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.binaryModel;
import static org.convexnn.cli.CliTestSupport.json;
import static org.convexnn.cli.CliTestSupport.multiclassLibsvmModel;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict --proba} and the metrics of {@code evaluate}, on models whose outputs are known in closed form. */
class ProbabilitiesAndMetricsCliTest {
    @TempDir
    Path dir;

    /** score = relu(a) − relu(b) + 0.5 (binary model, logistic loss, classes no / yes). */
    static double score(double a, double b) {
        return Math.max(0, a) - Math.max(0, b) + 0.5;
    }

    @Test
    void probabilitiesAreTheSigmoidOfTheLogOdds() throws Exception {
        Path model = binaryModel(dir, "m.json");
        Path data = write(dir, "x.csv", "a,b,label\n1,0,yes\n0,2,no\n-1,-1,yes\n0.2,0.9,no\n");
        Path out = dir.resolve("p.csv");
        CliTestSupport.Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "--proba");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("prediction,output,proba_no,proba_yes", lines.get(0));
        double[][] x = {{1, 0}, {0, 2}, {-1, -1}, {0.2, 0.9}};
        for (int i = 0; i < 4; i++) {
            String[] f = lines.get(i + 1).split(",");
            double s = score(x[i][0], x[i][1]);
            assertEquals(s, Double.parseDouble(f[1]), 1e-15);
            assertEquals(1 / (1 + Math.exp(-s)), Double.parseDouble(f[3]), 1e-15);
            assertEquals(1.0, Double.parseDouble(f[2]) + Double.parseDouble(f[3]), 1e-15);
        }
    }

    @Test
    void probabilitiesAreRefusedForScores() throws Exception {
        Path model = multiclassLibsvmModel(dir, "sq.json");
        Path data = write(dir, "x.libsvm", "1 1:0.5 2:0.1\n2 1:0.1 2:0.9\n");
        Path out = dir.resolve("p.csv");
        CliTestSupport.Result r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "--proba");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("not probabilities"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void evaluateReportsTheFullMetrics() throws Exception {
        Path model = binaryModel(dir, "m.json");
        // scores 1.5, −1.5, 0.5, −0.2: predictions yes, no, yes, no; truth yes, no, no, yes
        Path data = write(dir, "x.csv", "a,b,label\n1,0,yes\n0,2,no\n-1,-1,no\n0.2,0.9,yes\n");
        Path summary = dir.resolve("s.json");
        CliTestSupport.Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--summary", summary.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("ROC AUC"), r.out());
        JsonNode s = json(summary);
        assertEquals(0.5, s.get("accuracy").asDouble(), 1e-15);
        assertEquals(0.5, s.get("balanced_accuracy").asDouble(), 1e-15);
        // positives (yes) score 1.5 and −0.2, negatives −1.5 and 0.5: 3 of 4 pairs ordered
        assertEquals(0.75, s.get("roc_auc").asDouble(), 1e-15);
        assertEquals(1, s.get("confusion").get(0).get(0).asLong()); // no → no
        assertEquals(1, s.get("confusion").get(0).get(1).asLong()); // no → yes
        assertEquals(0.5, s.get("per_class").get("yes").get("recall").asDouble(), 1e-15);
        assertEquals(2, s.get("per_class").get("yes").get("support").asLong());
        double ll = -(Math.log(sig(1.5)) + Math.log(1 - sig(-1.5)) + Math.log(1 - sig(0.5)) + Math.log(sig(-0.2))) / 4;
        assertEquals(ll, s.get("log_loss").asDouble(), 1e-12);
        assertEquals(s.get("loss").asDouble(), s.get("log_loss").asDouble(), 1e-12, "mean logistic loss = log-loss");
    }

    static double sig(double t) {
        return 1 / (1 + Math.exp(-t));
    }
}
