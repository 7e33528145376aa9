package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.EnumerationResult;
import org.convexnn.arrangement.ExactEnumerator;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.data.Dataset;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;

/**
 * Program building (spec §2, §3.2, §4, §5, §6): validated training data in the training space, the pattern set
 * (sampled, exact, low-rank or added from seed networks), adapted to the model, and the convex program over it.
 */
final class ProgramBuilder {
    private ProgramBuilder() {
    }

    /** Validated training data in the training space: standardisation, features and targets as the loss sees them. */
    record TrainingData(Standardization std, Matrix xs, Matrix y) {
    }

    /** Checks the data against the settings, standardises the features and encodes the targets for the loss. */
    static TrainingData trainingData(TrainerSettings s, Dataset data) {
        if (!data.hasTargets()) {
            throw new IllegalArgumentException(data.source() + ": training data has no target column");
        }
        TargetEncoding enc = data.encoding();
        if (s.loss() == Loss.LOGISTIC && enc != null && enc.task() == Task.REGRESSION) {
            throw new IllegalArgumentException("logistic loss needs a class target, but '" + enc.targetName()
                    + "' in " + data.source() + " is numeric; use --loss squared or --task classification");
        }
        Matrix raw = data.features();
        Standardization std = s.standardize() ? Standardization.fit(raw) : Standardization.identity(raw.cols());
        Matrix xs = s.standardize() ? std.apply(raw) : raw;
        checkRange(xs, data, s.standardize());
        Matrix y = lossTargets(data.targets(), s.loss());
        checkTargetRange(y, data);
        return new TrainingData(std, xs, y);
    }

    /**
     * The largest entry magnitude the solver accepts in its training-space matrix X (and targets): the step size
     * uses ‖X‖², bounded by n·d·max|x|², and products of it with itself (‖X‖⁴) and with the loss, so it must stay
     * below 1e140 (features at 1e80 ended NUMERICAL_ERROR with a zero network, 1e70 solved). Entries above this,
     * or non-zero columns whose magnitude is so small that their squares underflow, are refused up front.
     */
    static final double MAX_SQUARED_SUM = 1e140;
    static final double MIN_MAGNITUDE = 1e-150;

    private static void checkRange(Matrix xs, Dataset data, boolean standardized) {
        int n = xs.rows();
        int d = xs.cols();
        double[] a = xs.data();
        double limit = Math.sqrt(MAX_SQUARED_SUM / ((double) n * (d + 1)));
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m = Math.max(m, Math.abs(a[i * d + j]));
            }
            String where = data.source() + ": column '" + data.featureNames().get(j) + "'";
            if (!(m <= limit)) {
                throw new IllegalArgumentException(where + " has values up to " + sci(m) + (standardized
                        ? " after standardisation" : "") + "; the solver squares the features (n·d·max|x|² must stay"
                        + " below 1e140), so it handles at most " + sci(limit) + " for this data"
                        + (standardized ? "" : "; rescale the column or pass --standardize"));
            }
            if (m != 0 && m < MIN_MAGNITUDE) {
                throw new IllegalArgumentException(where + " has values of at most " + sci(m) + " in magnitude; the"
                        + " solver squares them, which underflows below " + sci(MIN_MAGNITUDE) + ";"
                        + " rescale the column or pass --standardize");
            }
        }
    }

    private static void checkTargetRange(Matrix y, Dataset data) {
        double m = 0;
        for (double v : y.data()) {
            m = Math.max(m, Math.abs(v));
        }
        double limit = Math.sqrt(MAX_SQUARED_SUM / ((double) y.rows() * y.cols()));
        if (!(m <= limit)) {
            String name = data.encoding() != null ? "target '" + data.encoding().targetName() + "'" : "the targets";
            throw new IllegalArgumentException(data.source() + ": " + name + " has values up to " + sci(m)
                    + "; the loss squares the residuals (n·c·max|y|² must stay below 1e140), so it handles at most "
                    + sci(limit) + " for this data; rescale the target");
        }
    }

    private static String sci(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    static Prepared prepare(TrainerSettings s, Dataset data) {
        TrainingData td = trainingData(s, data);
        Matrix raw = data.features();
        Standardization std = td.std();
        Matrix xs = td.xs();
        boolean bias = s.bias() != BiasMode.NONE; // a ones column (penalised or not, spec §6 B1/B2)
        Matrix xbar = bias ? xs.withOnesColumn() : xs;
        Matrix y = td.y();

        ModelDefinition model = ModelDefinition.of(s.model(), s.leakySlope());
        Long cells = null;
        PatternSet patterns;
        Blas blas = s.blas();
        LowRankScheme.Approx lowRank = null;
        if (s.lowRank() > 0) {
            // spec §2.5 A: patterns AND program on the best rank-K approximation of the training-space data
            lowRank = LowRankScheme.of(xbar, y, s.lowRank(), s.lambda());
            xbar = lowRank.xk();
        }
        if (s.exactPatterns() || lowRank != null) {
            EnumerationResult er = ExactEnumerator.enumerateWithStats(xbar, s.maxPatterns());
            patterns = er.patterns();
            cells = er.cells();
        } else {
            patterns = PatternSet.fromGates(xbar, gatesFor(s, xbar.cols(), raw.cols()), blas);
        }
        ExtraPatterns.Extra extra = ExtraPatterns.addTo(patterns, s, xs, xbar, y, s.standardize() ? std : null, bias,
                blas);
        patterns = extra.patterns();
        patterns = model.patterns(xbar, patterns);
        if (patterns.size() == 0) {
            throw new IllegalArgumentException("no usable activation pattern: every gate deactivates all non-zero rows");
        }
        int penalized = s.bias() == BiasMode.UNREGULARIZED ? xbar.cols() - 1 : xbar.cols();
        ConvexProgram program = new ConvexProgram(xbar, y, patterns, model.formulation(), model.activation(),
                s.loss(), s.lambda(), penalized, s.outputBias());
        return new Prepared(s, data, s.standardize() ? std : null, xs, y, bias, program, cells, blas, lowRank,
                extra.networks());
    }

    /** Targets as the loss sees them: logistic needs ±1 (one-hot 0/1 columns become ±1, one-vs-all). */
    static Matrix lossTargets(Matrix t, Loss loss) {
        if (loss != Loss.LOGISTIC) {
            return t;
        }
        Matrix y = t.copy();
        double[] a = y.data();
        boolean zeroOne = true;
        for (double v : a) {
            if (v != 0.0 && v != 1.0) {
                zeroOne = false;
                break;
            }
        }
        for (int i = 0; i < a.length; i++) {
            if (zeroOne && t.cols() > 1) {
                a[i] = 2 * a[i] - 1;
            } else if (a[i] != 1.0 && a[i] != -1.0) {
                throw new IllegalArgumentException("logistic loss needs targets in {-1, +1}; found " + a[i]);
            }
        }
        return y;
    }

    static Matrix gatesFor(TrainerSettings s, int dbar, int d) {
        if (s.gates() == null) {
            return GaussianGateSampler.sample(s.patterns(), dbar, s.seed());
        }
        Matrix g = s.gates();
        if (g.cols() == dbar) {
            return g;
        }
        if (g.cols() == d && dbar == d + 1) {
            double[][] rows = new double[g.rows()][];
            for (int i = 0; i < g.rows(); i++) {
                rows[i] = java.util.Arrays.copyOf(g.row(i), dbar);
            }
            return Matrix.of(rows);
        }
        throw new SettingException("gates", "{gates}: gate vectors have " + g.cols() + " values, expected " + d
                + (dbar != d ? " or " + dbar + " (bias coordinate last)" : ""));
    }

    static Dataset datasetOf(Matrix x, double[] y, Loss loss) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < x.cols(); j++) {
            names.add("x" + j);
        }
        TargetEncoding enc;
        if (loss == Loss.LOGISTIC) {
            enc = new TargetEncoding(Task.BINARY, "y", List.of("-1", "1"));
            for (double v : y) {
                if (v != 1.0 && v != -1.0) {
                    throw new IllegalArgumentException("logistic loss needs labels in {-1, +1}; found " + v);
                }
            }
        } else {
            enc = new TargetEncoding(Task.REGRESSION, "y", List.of());
        }
        if (y.length != x.rows()) {
            throw new IllegalArgumentException("x has " + x.rows() + " rows but y has " + y.length + " entries");
        }
        return new Dataset(x, Matrix.column(y), names, enc, "arrays");
    }
}
