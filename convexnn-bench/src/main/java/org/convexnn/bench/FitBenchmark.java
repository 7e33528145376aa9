package org.convexnn.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.CsvReader;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.TeacherData;
import org.convexnn.program.Loss;

/**
 * Whole-fit benchmarks of the foundation issue: gated-ReLU and ReLU fits on breast_cancer (1000 gates, λ = 1e-3,
 * squared loss on ±1 labels, standardised) and on a synthetic regression (n = 20000, d = 50,
 * {@link TeacherData#regression}). Each row reports time, iterations, seconds per iteration, final relative gap and status.
 */
public final class FitBenchmark {

    /** One benchmark case. */
    public record Case(String name, Dataset data, Model model, Loss loss, double lambda, int patterns, boolean standardize) {
    }

    private FitBenchmark() {
    }

    /** The default cases; {@code quick} shrinks the synthetic problem to n = 2000. */
    public static List<Case> cases(Path datasets, boolean quick) {
        List<Case> out = new ArrayList<>();
        Dataset bc = DatasetLoader.forTraining(CsvReader.read(datasets.resolve("breast_cancer.csv"), null, true),
                DatasetLoader.TaskHint.CLASSIFICATION, false);
        Dataset syn = TeacherData.regression(quick ? 2000 : 20000, 50, 11);
        for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
            out.add(new Case("breast_cancer", bc, m, Loss.SQUARED, 1e-3, 1000, true));
        }
        for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
            out.add(new Case("synthetic n=" + syn.n() + " d=50", syn, m, Loss.SQUARED, 1e-3, 1000, false));
        }
        return out;
    }

    /** Runs every case and prints a markdown table. */
    public static List<FitSummary> run(List<Case> cases, double timeLimit, int threads, PrintStream out) {
        out.println("| data | model | n | d | patterns | status | iterations | seconds | ms/iter | relative gap | objective | neurons |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<FitSummary> results = new ArrayList<>();
        for (Case c : cases) {
            TwoLayerFit fit = ConvexTrainer.builder().model(c.model()).loss(c.loss()).lambda(c.lambda())
                    .patterns(c.patterns()).standardize(c.standardize()).seed(7).threads(threads)
                    .maxIterations(1_000_000).timeLimitSeconds(timeLimit).build().fit(c.data());
            FitSummary s = fit.summary();
            results.add(s);
            out.printf("| %s | %s | %d | %d | %d | %s | %d | %.2f | %.2f | %.1e | %.6g | %d |%n", c.name(),
                    c.model().cliName(), c.data().n(), c.data().d(), s.patterns(), s.status(), s.iterations(),
                    s.seconds(), 1e3 * s.seconds() / Math.max(1, s.iterations()), s.relativeGap(), s.objective(),
                    s.neurons());
            out.flush();
        }
        return results;
    }
}
