package org.convexnn.api;

import java.util.Objects;
import org.convexnn.baseline.NonConvexResult;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.data.Dataset;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Recovery;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.settings.Require;

/**
 * The non-convex baseline ({@link NonConvexTrainer}) with the convex trainer's data handling: the same objective
 * (spec §1.0, first-layer bias trained and penalised for {@link BiasMode#REGULARIZED}, none otherwise; no output bias),
 * the same target encoding and standardisation (folded back, so the network acts on RAW inputs). The result is a
 * {@link TwoLayerFit} whose summary has no certificate: {@code lowerBound}, {@code gap}, {@code relativeGap} and
 * {@code convexObjective} are NaN, {@code status} is null (written as {@code "BASELINE"} by {@link FitRecords}), and the
 * objective is that of the best network seen (evaluated once per epoch).
 */
public final class BaselineTrainer {
    private BaselineTrainer() {
    }

    /**
     * @param optimizer        sgd, adam or gd
     * @param learningRate     step size &gt; 0
     * @param epochs           epochs (an upper bound when a time limit is set)
     * @param batchSize        mini-batch size (0: full batch)
     * @param width            hidden width ({@link NonConvexTrainer#DEFAULT_WIDTH} by default, as on the CLI)
     * @param timeLimitSeconds wall-clock limit (Double.POSITIVE_INFINITY for none)
     */
    public record Settings(Optimizer optimizer, double learningRate, int epochs, int batchSize, int width,
                           double timeLimitSeconds) {
        /** The epochs of a baseline run: at least one. */
        public static final int MIN_EPOCHS = 1;

        public Settings {
            Objects.requireNonNull(optimizer, "optimizer");
            NonConvexTrainer.checkLearningRate("learningRate", learningRate);
            Require.atLeast("epochs", epochs, MIN_EPOCHS, "");
            NonConvexTrainer.checkBatchSize(batchSize);
            NonConvexTrainer.checkWidth("width", width);
            NonConvexTrainer.checkTimeLimit(timeLimitSeconds);
        }

        /**
         * The defaults of {@link NonConvexTrainer} (optimizer, its step size, epochs, batch size, width), no time
         * limit.
         */
        public static Settings defaults() {
            Optimizer o = NonConvexTrainer.DEFAULT_OPTIMIZER;
            return new Settings(o, NonConvexTrainer.defaultLearningRate(o), NonConvexTrainer.DEFAULT_EPOCHS,
                    NonConvexTrainer.DEFAULT_BATCH_SIZE, NonConvexTrainer.DEFAULT_WIDTH, Double.POSITIVE_INFINITY);
        }
    }

    /** A baseline fit and the trainer's own record (history, final network). */
    public record Result(TwoLayerFit fit, NonConvexResult training) {
    }

    /**
     * Trains the baseline. From {@code s} it uses loss, λ, bias, standardize, seed (init and shuffling) and the
     * activation of the model (ReLU for relu and gated-relu).
     */
    public static Result fit(TrainerSettings s, Settings b, Dataset data) {
        ProgramBuilder.TrainingData td = ProgramBuilder.trainingData(s, data);
        TargetEncoding enc = data.encoding();
        Matrix raw = data.features();
        Standardization std = td.std();
        Matrix xs = td.xs();
        boolean bias = s.bias() == BiasMode.REGULARIZED;
        Matrix y = td.y();
        NonConvexTrainer.Builder nb = NonConvexTrainer.builder().optimizer(b.optimizer()).learningRate(b.learningRate())
                .epochs(b.epochs()).batchSize(b.batchSize()).width(b.width()).seed(s.seed())
                .activation(s.activation()).hiddenBias(bias);
        if (Double.isFinite(b.timeLimitSeconds())) {
            nb.timeLimitSeconds(b.timeLimitSeconds());
        }
        NonConvexResult r = nb.build().fit(xs, y, s.loss(), s.lambda(), bias);
        TwoLayerNetwork trainNet = r.bestNetwork();
        TwoLayerNetwork net = s.standardize()
                ? Recovery.foldStandardization(trainNet, std.means(), std.scales()) : trainNet;
        Matrix pred = net.predict(raw);
        String metricName = enc != null && enc.isClassification() ? "accuracy" : "mse";
        double metric = "accuracy".equals(metricName) ? FitAssembly.accuracy(enc, pred, data.targets())
                : FitAssembly.mse(pred, data.targets());
        FitSummary summary = new FitSummary(r.bestObjective(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
                r.epochs(), r.seconds(), 0, activeNeurons(trainNet), 0.0, metric, metricName, b.optimizer().cliName(),
                "java", false, null);
        return new Result(new TwoLayerFit(net, summary, s, data.featureNames(), enc, s.standardize() ? std : null), r);
    }

    /** Neurons with a non-zero first layer (weights or bias) and a non-zero output weight. */
    static int activeNeurons(TwoLayerNetwork net) {
        int m = 0;
        double[] b1 = net.b1();
        for (int j = 0; j < net.width(); j++) {
            boolean in = b1[j] != 0.0;
            for (int t = 0; t < net.inputs() && !in; t++) {
                in = net.w1().get(j, t) != 0.0;
            }
            boolean out = false;
            for (int k = 0; k < net.outputs() && !out; k++) {
                out = net.w2().get(k, j) != 0.0;
            }
            if (in && out) {
                m++;
            }
        }
        return m;
    }
}
