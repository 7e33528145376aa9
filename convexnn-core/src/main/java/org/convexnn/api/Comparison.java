package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.baseline.Optimizer;
import org.convexnn.data.Dataset;

/**
 * Convex programs against the non-convex baseline on one objective (spec §1.0): fits the gated-ReLU and ReLU
 * programs, then trains the baseline with Adam at each of {@link #ADAM_STEP_SIZES}, each for the same wall time (the
 * longer of the two convex solves, or a given time limit), and last the ReLU program with the best Adam network's
 * patterns added, started from that network's convex image (spec §10.2 (iii)), for the same wall time again: it
 * ends at or below the best Adam objective, with a certificate for its patterns. Convex rows carry the certified
 * lower bound of their program over the patterns used and the gap; baseline rows have neither (NaN).
 */
public final class Comparison {
    /** Adam step sizes tried, log-spaced. */
    public static final double[] ADAM_STEP_SIZES = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};

    private Comparison() {
    }

    /**
     * One line of the table.
     * @param method     e.g. "convex gated-relu", "adam lr=0.001"
     * @param objective  training objective of the network (spec §1.0)
     * @param lowerBound certified lower bound (convex rows), NaN otherwise
     * @param gap        objective − lowerBound (convex rows), NaN otherwise
     * @param seconds    wall time of the solve or training
     * @param status     solver status (convex rows) or "BASELINE"
     */
    public record Row(String method, double objective, double lowerBound, double gap, double seconds, String status) {
    }

    /** The table, plus the wall time each baseline run was given. */
    public record Result(List<Row> rows, double baselineSeconds) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /**
     * @param convex           settings shared by both convex fits (the model is overridden)
     * @param width            baseline hidden width
     * @param batchSize        baseline mini-batch size (0: full batch)
     * @param timeLimitSeconds wall time per method, or NaN: the convex fits run to their tolerance and each Adam run
     *                         gets the longer of the two convex solve times
     */
    public static Result run(ConvexTrainer.Builder convex, int width, int batchSize, double timeLimitSeconds,
                             Dataset data) {
        boolean limited = !Double.isNaN(timeLimitSeconds);
        if (limited) {
            convex.timeLimitSeconds(timeLimitSeconds);
        }
        List<Row> rows = new ArrayList<>();
        double convexSeconds = 0;
        TrainerSettings reluSettings = null;
        for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
            ConvexTrainer t = convex.model(m).build();
            TwoLayerFit fit = t.fit(data);
            FitSummary s = fit.summary();
            rows.add(new Row("convex " + m.cliName(), s.objective(), s.lowerBound(), s.gap(), s.seconds(),
                    s.status().name()));
            convexSeconds = Math.max(convexSeconds, s.seconds());
            reluSettings = t.settings();
        }
        double budget = limited ? timeLimitSeconds : Math.max(convexSeconds, 1e-3);
        org.convexnn.network.TwoLayerNetwork bestNet = null;
        double bestObjective = Double.POSITIVE_INFINITY;
        for (double lr : ADAM_STEP_SIZES) {
            BaselineTrainer.Settings b = new BaselineTrainer.Settings(Optimizer.ADAM, lr, Integer.MAX_VALUE, batchSize,
                    width, budget);
            BaselineTrainer.Result r = BaselineTrainer.fit(reluSettings, b, data);
            FitSummary s = r.fit().summary();
            rows.add(new Row("adam lr=" + String.format(java.util.Locale.ROOT, "%.0e", lr), s.objective(), Double.NaN, Double.NaN, s.seconds(), "BASELINE"));
            if (s.objective() < bestObjective) {
                bestObjective = s.objective();
                bestNet = r.fit().network();
            }
        }
        if (bestNet != null) {
            ConvexTrainer seeded = convex.model(Model.RELU).timeLimitSeconds(budget)
                    .options(reluSettings.options().withPatternNetworks(List.of(bestNet))).build();
            FitSummary s = seeded.fit(data).summary();
            rows.add(new Row("convex relu+adam", s.objective(), s.lowerBound(), s.gap(), s.seconds(),
                    s.status().name()));
        }
        return new Result(rows, budget);
    }
}
