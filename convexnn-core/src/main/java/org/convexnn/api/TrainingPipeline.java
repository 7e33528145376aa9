package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.data.Dataset;
import org.convexnn.data.Standardization;
import org.convexnn.data.Task;
import org.convexnn.data.TargetEncoding;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Activation;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.Recovery;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.AugmentedLagrangianSolver;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;

/** data → patterns → program → solver → recovery → summary (spec §11.1–11.3). */
final class TrainingPipeline {
    private TrainingPipeline() {
    }

    static TwoLayerFit run(TrainerSettings s, IterationListener listener, Dataset data) {
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
        boolean bias = s.bias() == BiasMode.REGULARIZED;
        Matrix xbar = bias ? xs.withOnesColumn() : xs;
        Matrix y = lossTargets(data.targets(), s.loss());

        Matrix gates = gatesFor(s, xbar.cols(), raw.cols());
        PatternSet patterns = PatternSet.fromGates(xbar, gates);
        if (patterns.size() == 0) {
            throw new IllegalArgumentException("no usable activation pattern: every gate deactivates all non-zero rows");
        }
        Formulation form = s.model() == Model.GATED_RELU ? Formulation.GATED : Formulation.CONE_CONSTRAINED;
        ConvexProgram program = new ConvexProgram(xbar, y, patterns, form, Activation.RELU, s.loss(), s.lambda());
        Blas blas = Blas.auto(s.threads());
        MaskedFeatureOperator op = new MaskedFeatureOperator(program, blas);
        SolverSettings ss = new SolverSettings(s.tol(), s.maxIterations(), s.timeLimitSeconds());
        SolveResult r = s.solver() == SolverKind.AL
                ? AugmentedLagrangianSolver.solve(op, ss, listener)
                : FistaSolver.solve(op, ss, null, listener);

        TwoLayerNetwork trainNet = Recovery.recover(program, r.weights(), bias);
        double objective = NetworkObjective.of(trainNet, xs, y, s.loss(), s.lambda(), bias);
        double gap = objective - r.lowerBound();
        double scale = Math.max(1.0, Math.abs(objective));
        SolveStatus status = r.status();
        if (gap < 0) {
            if (gap > -1e-9 * scale) {
                gap = 0.0; // rounding: the bound and the objective agree to machine precision
            } else {
                status = SolveStatus.NUMERICAL_ERROR; // a bound above a feasible objective means something broke
            }
        }
        double rel = gap / scale;
        if (status == SolveStatus.OPTIMAL && rel > s.tol()) {
            // the recovered network's true objective did not meet the tolerance (e.g. residual cone violation)
            status = SolveStatus.MAX_ITERATIONS;
        }
        TwoLayerNetwork net = s.standardize() ? Recovery.foldStandardization(trainNet, std.means(), std.scales()) : trainNet;
        Matrix pred = net.predict(raw);
        String metricName = enc != null && enc.isClassification() ? "accuracy" : "mse";
        double metric = "accuracy".equals(metricName) ? accuracy(enc, pred, data.targets()) : mse(pred, data.targets());
        FitSummary summary = new FitSummary(objective, r.objective(), r.lowerBound(), gap, rel, status, r.iterations(),
                r.seconds(), patterns.size(), net.width(), r.maxConeViolation(), metric, metricName, r.solver(),
                blas.name());
        List<String> names = data.featureNames();
        return new TwoLayerFit(net, summary, s, names, enc, s.standardize() ? std : null);
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
        throw new IllegalArgumentException("--gates: gate vectors have " + g.cols() + " values, expected " + d
                + (dbar != d ? " or " + dbar + " (bias coordinate last)" : ""));
    }

    static double accuracy(TargetEncoding enc, Matrix pred, Matrix targets) {
        int n = pred.rows();
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (enc.predictedClass(pred.row(i)) == enc.predictedClass(targets.row(i))) {
                ok++;
            }
        }
        return (double) ok / n;
    }

    static double mse(Matrix pred, Matrix targets) {
        double s = 0;
        double[] a = pred.data();
        double[] b = targets.data();
        for (int i = 0; i < a.length; i++) {
            double r = a[i] - b[i];
            s += r * r;
        }
        return s / pred.rows();
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
