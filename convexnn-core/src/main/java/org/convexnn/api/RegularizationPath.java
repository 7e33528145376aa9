package org.convexnn.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.ParallelRows;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.LambdaMax;
import org.convexnn.solver.SolveResult;

/**
 * The regularization path (spec §3.8) with optional K-fold cross-validation, in the public convention (§1.0).
 * <p>
 * The program (data, targets, patterns) is built once; λ runs over {@code count} log-spaced values from
 * λ_max = γ(adjoint(ℓ'(0)/n)) (see {@link LambdaMax}) down to λ_min, and each solve is warm-started from the previous
 * solution on the same pattern set (FISTA and the Newton augmented Lagrangian; the cone augmented Lagrangian starts
 * cold). Where {@code auto} would pick Newton, the large λ values are solved by FISTA on working sets and Newton takes
 * over down the path ({@link #NEWTON_SWITCH}), keeping its workspace from one λ to the next. For λ ≥ λ_max the zero
 * network is optimal and is returned with its closed-form certificate. λ_min is the settings' λ when given explicitly,
 * otherwise {@link #DEFAULT_MIN_RATIO}·λ_max.
 * <p>
 * Cross-validation: rows are shuffled with the settings' seed and dealt round-robin into K folds; the path (same λ
 * grid, computed on all data) is fitted on each training fold, the recovered network's mean loss (no penalty) is
 * measured on the held-out fold, and the λ with the lowest mean validation loss is selected (ties: the larger λ).
 * The returned model is the all-data path's solution at that λ; without cross-validation it is the one at λ_min.
 */
public final class RegularizationPath {
    /** λ_min / λ_max when λ_min is not given. */
    public static final double DEFAULT_MIN_RATIO = 1e-3;

    private RegularizationPath() {
    }

    /**
     * One λ of the all-data path.
     *
     * @param lambda         λ
     * @param summary        the fit at λ (all data)
     * @param validationLoss mean validation loss over the folds (NaN without cross-validation)
     * @param foldLosses     the validation loss on each fold (empty without cross-validation)
     */
    public record Point(double lambda, FitSummary summary, double validationLoss, double[] foldLosses) {
    }

    /**
     * @param lambdaMax     λ_max of the all-data program
     * @param points        the path, λ descending
     * @param selected      index of the returned model's λ in points
     * @param model         the fit at the selected λ
     * @param cvFolds       K (0 without cross-validation)
     */
    public record Result(double lambdaMax, List<Point> points, int selected, TwoLayerFit model, int cvFolds) {
        /** The selected λ. */
        public double selectedLambda() {
            return points.get(selected).lambda();
        }
    }

    /** {@code count} log-spaced values from lambdaMax down to lambdaMin (both included), descending. */
    public static double[] grid(double lambdaMax, double lambdaMin, int count) {
        if (count < 2) {
            throw new SettingException("lambdaPath", "{lambdaPath} needs at least 2 values, got " + count);
        }
        if (!(lambdaMin > 0) || !(lambdaMax > lambdaMin)) {
            throw new IllegalArgumentException("the path runs from λ_max = " + lambdaMax + " down to λ_min = " + lambdaMin
                    + ", which must be smaller and > 0" + (lambdaMax > 0 ? "; choose --lambda below " + lambdaMax
                    + " (for λ ≥ λ_max the optimal network is zero)" : " (λ_max = 0: the targets are fitted by the zero network)"));
        }
        double[] out = new double[count];
        double a = Math.log(lambdaMax);
        double b = Math.log(lambdaMin);
        for (int i = 0; i < count; i++) {
            out[i] = Math.exp(a + (b - a) * i / (count - 1));
        }
        out[0] = lambdaMax;
        out[count - 1] = lambdaMin;
        return out;
    }

    /** λ_max of the program the settings build on the data. */
    public static double lambdaMax(TrainerSettings s, Dataset data) {
        return new Problem(s, data, s.blas()).lambdaMax;
    }

    /**
     * Fits the path.
     *
     * @param s         settings (their λ is ignored: see {@code lambdaMin})
     * @param listener  progress of the all-data solves
     * @param data      training data
     * @param count     number of λ values (≥ 2)
     * @param lambdaMin λ_min, or null for {@link #DEFAULT_MIN_RATIO}·λ_max
     * @param folds     K ≥ 2 for cross-validation, 0 for none
     */
    public static Result fit(TrainerSettings s, IterationListener listener, Dataset data, int count, Double lambdaMin,
                             int folds) {
        Objects.requireNonNull(s, "settings");
        return ParallelRows.within(s.threads(), () -> fitPath(s, listener, data, count, lambdaMin, folds));
    }

    private static Result fitPath(TrainerSettings s, IterationListener listener, Dataset data, int count,
                                  Double lambdaMin, int folds) {
        if (folds == 1 || folds < 0) {
            throw new SettingException("cvFolds", "{cvFolds} needs at least 2 folds, got " + folds);
        }
        if (folds > data.n()) {
            throw new SettingException("cvFolds", "{cvFolds} " + folds + " needs at least " + folds + " rows; the data has " + data.n());
        }
        Blas blas = s.blas();
        Problem all = new Problem(s, data, blas);
        double lmin = lambdaMin != null ? lambdaMin : DEFAULT_MIN_RATIO * all.lambdaMax;
        double[] lambdas = grid(all.lambdaMax, lmin, count);

        double[][] foldLoss = new double[count][folds];
        int selected = count - 1;
        if (folds >= 2) {
            int[][] parts = folds(data.n(), folds, s.seed());
            // the folds' solves are silent but stop with the fit (a stop request ends each at its next check)
            IterationListener foldListener = IterationListener.withControl(IterationListener.NONE,
                    listener.control().withoutCheckpoints());
            for (int f = 0; f < folds; f++) {
                int[] val = parts[f];
                int[] train = complement(data.n(), val);
                Problem p = new Problem(s, subset(data, train), blas);
                Matrix xVal = data.features().selectRows(val);
                Matrix yVal = ProgramBuilder.lossTargets(data.targets().selectRows(val), s.loss());
                double[] warm = null;
                try {
                    for (int i = 0; i < count; i++) {
                        SolveResult r = p.solve(lambdas[i], warm, foldListener);
                        warm = r.weights();
                        TwoLayerNetwork net = p.network(r);
                        Matrix pred = net.predict(xVal);
                        foldLoss[i][f] = s.loss().sum(pred.data(), yVal.data()) / val.length;
                    }
                } finally {
                    p.release();
                }
            }
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < count; i++) {
                double m = mean(foldLoss[i]);
                if (m < best) {
                    best = m;
                    selected = i;
                }
            }
        }

        List<Point> points = new ArrayList<>(count);
        TwoLayerFit model = null;
        double[] warm = null;
        try {
            for (int i = 0; i < count; i++) {
                SolveResult r = all.solve(lambdas[i], warm, listener);
                warm = r.weights();
                TwoLayerFit fit = all.finish(lambdas[i], r);
                boolean stopped = listener.control().stopRequested();
                if (i == selected || stopped && model == null) {
                    model = fit; // interrupted before the selected λ: the last solved one
                }
                points.add(new Point(lambdas[i], fit.summary(), folds >= 2 ? mean(foldLoss[i]) : Double.NaN,
                        folds >= 2 ? foldLoss[i].clone() : new double[0]));
                if (stopped) {
                    break; // a stop request ends the path after this λ (its solve ended INTERRUPTED or earlier)
                }
            }
        } finally {
            all.release();
        }
        return new Result(all.lambdaMax, List.copyOf(points), selected, model, Math.max(folds, 0));
    }

    /** The K folds of rows 0..n−1: a seeded shuffle dealt round-robin; each fold sorted ascending. */
    public static int[][] folds(int n, int k, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[][] out = new int[k][];
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            out[f] = new int[size];
            int c = 0;
            for (int i = f; i < n; i += k) {
                out[f][c++] = perm[i];
            }
            Arrays.sort(out[f]);
        }
        return out;
    }

    private static int[] complement(int n, int[] sortedIdx) {
        int[] out = new int[n - sortedIdx.length];
        int c = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k < sortedIdx.length && sortedIdx[k] == i) {
                k++;
            } else {
                out[c++] = i;
            }
        }
        return out;
    }

    private static Dataset subset(Dataset d, int[] rows) {
        return new Dataset(d.features().selectRows(rows), d.targets().selectRows(rows), d.featureNames(), d.encoding(),
                d.source());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /**
     * Where {@code auto} would choose the Newton augmented Lagrangian, the path starts with FISTA on working sets and
     * switches to Newton for the rest of the path once the last first-order solve's work, scaled by the ratio of its
     * λ to the next, exceeds this fraction of a Newton solve's (both estimated by {@link #firstOrderWork} and
     * {@link #newtonWork}). At large λ the optimum has few non-zero groups and warm-started FISTA needs tens to
     * hundreds of iterations on them, while every Newton step forms and factors an n x n matrix; down the path
     * FISTA's iterations grow with the active set and the conditioning. breast_cancer, 1000 gates, tol 1e-6, 20 λ:
     * FISTA took 0.07–0.22 s per λ down to λ = 0.061 (557 iterations, scaled ratio 0.8) and 0.34 then 0.76 s after
     * it, Newton 0.26–0.53 s per λ all along. With 4 λ the step from 0.23 to 0.023 took FISTA 1.2 s (1373
     * iterations) and Newton 0.4 s: hence the scaling.
     */
    static final double NEWTON_SWITCH = 0.5;
    /** Newton steps a warm-started solve takes, for {@link #newtonWork} (13–21 on breast_cancer's path at 1e-6). */
    static final int NEWTON_STEPS = 15;

    /** Flops of a first-order solve: an adjoint and a forward pass over the k non-zero groups per iteration. */
    static double firstOrderWork(int iterations, int n, int d, int k) {
        return (double) iterations * 4.0 * n * d * Math.max(k, 1);
    }

    /**
     * Flops of a Newton solve at k active groups over c outputs, solved one output after another: per output and step
     * two n x n x (k/c) Gram products and a factorization of order n, plus three passes over its P groups.
     */
    static double newtonWork(int n, int d, int p, int k, int c) {
        double nn = (double) n * n;
        return c * NEWTON_STEPS * (2 * nn * ((double) k / c) + nn * n / 3 + 6.0 * n * d * p);
    }

    /** The program of one dataset, prepared once for every λ by the same stages as {@link TrainingPipeline#run}. */
    private static final class Problem {
        final Prepared prepared;
        final double lambdaMax;
        /** Whether {@code auto} may choose Newton for the next λ (see {@link #NEWTON_SWITCH}), and its workspace. */
        final TrainingPipeline.NewtonUse newton = new TrainingPipeline.NewtonUse(false);
        /** The last first-order solve where Newton would apply: its λ, estimated work and non-zero groups. */
        double lastLambda;
        double lastFirstOrderWork;
        int lastNonZero;

        Problem(TrainerSettings s, Dataset data, Blas blas) {
            prepared = ProgramBuilder.prepare(s, data);
            lambdaMax = LambdaMax.of(new MaskedFeatureOperator(prepared.program(), prepared.blas()));
        }

        SolveResult solve(double lambda, double[] warm, IterationListener listener) {
            if (lambda >= lambdaMax) {
                return LambdaMax.zeroSolution(new MaskedFeatureOperator(prepared.program().withLambda(lambda),
                        prepared.blas()), lambdaMax);
            }
            ConvexProgram prog = prepared.program();
            if (!newton.allowed && lastFirstOrderWork > 0) {
                // the first-order work grows about like 1/λ down the path: scale the last solve's to this λ
                newton.allowed = lastFirstOrderWork * (lastLambda / lambda)
                        > NEWTON_SWITCH * newtonWork(prog.n(), prog.d(), prog.patterns().size(), lastNonZero,
                        prog.outputs());
            }
            SolveResult r = TrainingPipeline.solve(prepared, lambda, warm, listener, newton);
            if (!newton.allowed && SolverChoice.chooseNewton(prepared.settings(), prog, prepared.blas())) {
                lastNonZero = GroupNorms.nonZero(r.weights(), prog.groups(), prog.d());
                lastFirstOrderWork = firstOrderWork(r.iterations(), prog.n(), prog.d(), lastNonZero);
                lastLambda = lambda;
            }
            return r;
        }

        /** Frees the Newton workspace (the path is done with this program). */
        void release() {
            newton.close();
        }


        /** The recovered network on raw inputs. */
        TwoLayerNetwork network(SolveResult r) {
            return finish(prepared.program().lambda(), r).network();
        }

        /** The same checks and numbers as {@link TrainingPipeline#run} at this λ. */
        TwoLayerFit finish(double lambda, SolveResult r) {
            return FitAssembly.finish(prepared, lambda, r);
        }
    }
}
