package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convexnn.data.Dataset;
import org.convexnn.solver.SolveStatus;

/**
 * Warnings about a fit that is valid but probably not what the user wanted (the CLI prints them on stderr and writes
 * them to the summary's {@code warnings}):
 * <ul>
 *   <li>the sampled gates collapsed to few distinct patterns (unscaled features: try standardising);</li>
 *   <li>the zero network is optimal (λ at or above λ_max);</li>
 *   <li>a regression target on a large scale, against which λ is tiny (the fit may overfit: on diabetes, whose
 *       target has a standard deviation of 77, λ = 1e-3 gave a held-out MSE above the mean predictor's);</li>
 *   <li>a regression fit interpolates the training data (zero training error) with fewer rows than
 *       parameters.</li>
 * </ul>
 */
public final class FitWarnings {
    /** Fewer distinct patterns than this fraction of the sampled gates counts as collapsed. */
    static final double COLLAPSED_FRACTION = 0.5;
    /** A regression target whose standard deviation exceeds this counts as large-scale ... */
    static final double LARGE_TARGET_SCALE = 10.0;
    /** ... when λ is below this fraction of its variance (the squared loss grows with it, λ does not). */
    static final double TINY_LAMBDA = 1e-4;

    private FitWarnings() {
    }

    /** The warnings of a fit of {@code data} (the training data, in raw units). */
    public static List<String> of(TwoLayerFit fit, Dataset data) {
        List<String> w = new ArrayList<>();
        TrainerSettings s = fit.settings();
        FitSummary sum = fit.summary();
        boolean sampled = !s.exactPatterns() && s.gates() == null && s.lowRank() == 0;
        if (sampled && s.options().patternNetworks().isEmpty() && s.options().sgdEpochs() == 0
                && s.options().growRounds() == 0 && sum.patterns() < COLLAPSED_FRACTION * s.patterns()) {
            w.add(String.format(Locale.ROOT, "only %d of %d sampled gates gave distinct activation patterns%s",
                    sum.patterns(), s.patterns(), s.standardize() ? ""
                            : "; features on very different scales collapse them: try --standardize"));
        }
        if (sum.neurons() == 0 && sum.status() == SolveStatus.OPTIMAL) {
            w.add(String.format(Locale.ROOT, "the zero network is optimal: lambda %s is at or above lambda_max; choose"
                    + " a smaller lambda (or --lambda-ratio below 1)", fmt(s.lambda())));
        }
        if (data.encoding() != null && !data.encoding().isClassification() && data.targets() != null) {
            double sd = std(data.targets().data());
            if (sd > LARGE_TARGET_SCALE && s.lambda() < TINY_LAMBDA * sd * sd) {
                w.add(String.format(Locale.ROOT, "the regression target's standard deviation is %s, so lambda %s is"
                        + " tiny against it and the fit may overfit: scale the target or choose lambda by"
                        + " --lambda-ratio or --lambda-path with --cv", fmt(sd), fmt(s.lambda())));
            }
        }
        long parameters = (long) fit.network().width() * (fit.network().inputs() + 1 + fit.network().outputs());
        // regression only: a classifier with perfect training accuracy is common on separable data (breast_cancer
        // in the demo) and says nothing about overfitting by itself
        boolean perfect = "mse".equals(sum.trainMetricName())
                && sum.trainMetric() <= 1e-12 * Math.max(1e-300, variance(data));
        if (perfect && data.n() < parameters) {
            w.add(String.format(Locale.ROOT, "the fit interpolates the training data (%d rows, %d parameters): expect"
                    + " overfitting; a larger lambda regularises it", data.n(), parameters));
        }
        return w;
    }

    private static double variance(Dataset data) {
        double sd = data.targets() == null ? 0 : std(data.targets().data());
        return sd * sd;
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
