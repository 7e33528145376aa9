package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.ComplementaryPatterns;
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
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.Recovery;
import org.convexnn.network.ReverseMap;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.AugmentedLagrangianSolver;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.NewtonAugmentedLagrangian;
import org.convexnn.solver.OutputBias;
import org.convexnn.solver.ProgramBound;
import org.convexnn.solver.ProgramSocp;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.WorkingSetSolver;

/** data → patterns → program → solver → recovery → summary (spec §11.1–11.3). */
final class TrainingPipeline {
    private TrainingPipeline() {
    }

    static TwoLayerFit run(TrainerSettings s, IterationListener listener, Dataset data) {
        HeapPeak.reset();
        if (s.options().growRounds() > 0) {
            return ColumnGeneration.run(s, listener, data);
        }
        Prepared p = prepare(s, data);
        SolveResult r = solveSeeded(p, listener);
        if (s.options().prune()) {
            PruneStage.Outcome o = PruneStage.apply(p.program(), r);
            return finish(p, s.lambda(), o.result(), o.groupsBefore());
        }
        return finish(p, s.lambda(), r);
    }

    /**
     * Everything fixed before a solve: data in the training space, targets as the loss sees them, the pattern set
     * and the program (at the settings' λ; {@link ConvexProgram#withLambda} gives other λ on the same patterns), and
     * the networks whose patterns were added ({@code --patterns-from}, {@code sgd:EPOCHS}; training space).
     */
    record Prepared(TrainerSettings settings, Dataset data, Standardization std, Matrix xs, Matrix y, boolean bias,
                    ConvexProgram program, Long cells, Blas blas, LowRankScheme.Approx lowRank,
                    List<TwoLayerNetwork> seeds) {
        /** The same preparation with another program (column generation's grown pattern set). */
        Prepared withProgram(ConvexProgram next) {
            return new Prepared(settings, data, std, xs, y, bias, next, cells, blas, lowRank, seeds);
        }
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
        return new TrainingData(std, xs, lossTargets(data.targets(), s.loss()));
    }

    static Prepared prepare(TrainerSettings s, Dataset data) {
        TrainingData td = trainingData(s, data);
        Matrix raw = data.features();
        Standardization std = td.std();
        Matrix xs = td.xs();
        boolean bias = s.bias() != BiasMode.NONE; // a ones column (penalised or not, spec §6 B1/B2)
        Matrix xbar = bias ? xs.withOnesColumn() : xs;
        Matrix y = td.y();

        Activation activation = s.activation();
        Long cells = null;
        PatternSet patterns;
        Blas blas = Blas.auto(s.threads());
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
        patterns = adaptToActivation(xbar, patterns, s.model(), activation);
        if (patterns.size() == 0) {
            throw new IllegalArgumentException("no usable activation pattern: every gate deactivates all non-zero rows");
        }
        Formulation form = s.model().gated() ? Formulation.GATED : Formulation.CONE_CONSTRAINED;
        int penalized = s.bias() == BiasMode.UNREGULARIZED ? xbar.cols() - 1 : xbar.cols();
        ConvexProgram program = new ConvexProgram(xbar, y, patterns, form, activation, s.loss(), s.lambda(),
                penalized, s.outputBias());
        return new Prepared(s, data, s.standardize() ? std : null, xs, y, bias, program, cells, blas, lowRank,
                extra.networks());
    }

    /** A feasible point of the program and its convex objective. */
    record SeedPoint(double[] weights, double objective) {
    }

    /**
     * The best convex image (spec §3.5) of the prepared seed networks in the program, or null when there is none
     * (no seed networks, or none with an image: an output bias, another activation). The image is feasible and, for a
     * scalar output, its objective is at most the network's J(θ).
     */
    static SeedPoint seedPoint(Prepared p, ConvexProgram program) {
        if (p.seeds().isEmpty()) {
            return null; // the common case: no operator (and no Z buffer) to build
        }
        SeedPoint best = null;
        MaskedFeatureOperator op = new MaskedFeatureOperator(program, p.blas());
        for (TwoLayerNetwork net : p.seeds()) {
            double[] w;
            try {
                w = ReverseMap.toConvex(program, net, p.bias());
            } catch (IllegalArgumentException e) {
                continue; // no image in this program (e.g. an output bias the program does not model)
            }
            double obj = ProgramBound.objective(op, w);
            if (Double.isFinite(obj) && (best == null || obj < best.objective())) {
                best = new SeedPoint(w, obj);
            }
        }
        return best;
    }

    /**
     * Solves at the settings' λ from the best seed point (spec §10.2 (iii)): first-order solvers start there, and
     * whatever the solver returns, the fit keeps the better of its point and the seed, so a fit with
     * {@code --patterns-from} or {@code sgd:EPOCHS} never ends above the seed network's objective. The solver's lower
     * bound stays valid (it bounds the program's optimum, whatever the point).
     */
    static SolveResult solveSeeded(Prepared p, IterationListener listener) {
        SeedPoint seed = seedPoint(p, p.program());
        SolveResult r = solve(p, p.settings().lambda(), seed == null ? null : seed.weights(), listener);
        return keepBetter(p, r, seed);
    }

    /** r, or the seed point (with r's bound) when the seed's objective is lower. */
    static SolveResult keepBetter(Prepared p, SolveResult r, SeedPoint seed) {
        if (seed == null || !(seed.objective() < r.objective()) && Double.isFinite(r.objective())) {
            return r;
        }
        MaskedFeatureOperator op = new MaskedFeatureOperator(p.program(), p.blas());
        return new SolveResult(r.status(), seed.weights(), r.iterations(), r.seconds(), seed.objective(),
                Math.min(r.lowerBound(), seed.objective()), ProgramBound.maxConeViolation(op, seed.weights()),
                r.solver() + "+seed");
    }

    /** Solves the prepared program at λ, optionally warm-started (G x d). */
    static SolveResult solve(Prepared p, double lambda, double[] warmStart, IterationListener listener) {
        return solve(p, lambda, warmStart, listener, null);
    }

    /**
     * How a sequence of solves on one prepared program (the regularization path) uses the Newton augmented
     * Lagrangian: whether {@code auto} may choose it for the next solve, and its workspace, built at the first Newton
     * solve and kept for the next ones.
     */
    static final class NewtonUse implements AutoCloseable {
        /** Whether {@code auto} may choose Newton (an explicit {@code --solver ssnal} always uses it). */
        boolean allowed;
        private NewtonAugmentedLagrangian.Workspace workspace;

        NewtonUse(boolean allowed) {
            this.allowed = allowed;
        }

        NewtonAugmentedLagrangian.Workspace workspace(MaskedFeatureOperator op) {
            if (workspace == null || !workspace.fits(op.program())) {
                close();
                workspace = NewtonAugmentedLagrangian.workspace(op);
            }
            return workspace;
        }

        @Override
        public void close() {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
        }
    }

    /**
     * {@link #solve(Prepared, double, double[], IterationListener)} as one of a sequence of solves (see
     * {@link NewtonUse}; null: a single solve).
     */
    static SolveResult solve(Prepared p, double lambda, double[] warmStart, IterationListener listener,
                             NewtonUse newton) {
        TrainerSettings s = p.settings();
        ConvexProgram program = lambda == p.program().lambda() ? p.program() : p.program().withLambda(lambda);
        MaskedFeatureOperator op = new MaskedFeatureOperator(program, p.blas(),
                FitOptions.zBlockBytes(s.options().effectiveMemoryBudget()));
        SolverSettings ss = new SolverSettings(s.tol(), s.maxIterations(), s.timeLimitSeconds());
        if (s.solver() == SolverKind.GATED_DECOMPOSITION) {
            if (s.model() != Model.RELU) {
                throw new IllegalArgumentException("--solver gated-decomposition applies to --model relu only");
            }
            return org.convexnn.solver.GatedDecomposition.solve(program, p.blas(), ss, listener);
        }
        if (s.solver() == SolverKind.IPM) {
            return ProgramSocp.solve(op, ss, listener);
        }
        if (s.solver() == SolverKind.SSNAL) {
            if (!NewtonAugmentedLagrangian.applies(program)) {
                throw new IllegalArgumentException("--solver ssnal needs a penalized bias and no output bias "
                        + "(--bias regularized or none, without --output-bias)");
            }
            long need = NewtonAugmentedLagrangian.memoryBytes(program);
            long max = Runtime.getRuntime().maxMemory();
            if (need > max * 0.8) {
                throw new IllegalArgumentException(String.format("--solver ssnal needs about %d MB of memory for its "
                        + "n x n matrices (n = %d) and this JVM has %d MB of heap: raise -Xmx (JAVA_OPTS) or use "
                        + "--solver fista", need >> 20, program.n(), max >> 20));
            }
            return solveNewton(op, ss, warmStart, listener, newton);
        }
        if ((newton == null || newton.allowed) && chooseNewton(s, program)) {
            return solveNewton(op, ss, warmStart, listener, newton);
        }
        if (chooseInteriorPoint(s, program)) {
            // interior point for accuracy, then a first-order polish from its point: the prox makes zero groups
            // exactly zero (interior solutions never are) and closes the certified gap in a few iterations
            SolveResult ipm = ProgramSocp.solve(op, ss, listener);
            SolveResult polish = FistaSolver.solve(op, ss, ipm.weights(), listener);
            return new SolveResult(polish.status(), polish.weights(), ipm.iterations() + polish.iterations(),
                    ipm.seconds() + polish.seconds(), polish.objective(),
                    Math.max(polish.lowerBound(), Math.min(ipm.lowerBound(), polish.objective())),
                    polish.maxConeViolation(), "ipm+fista");
        }
        return chooseAugmentedLagrangian(s.solver(), program)
                ? AugmentedLagrangianSolver.solve(op, ss, listener)
                : WorkingSetSolver.solve(op, ss, warmStart, listener);
    }

    /** The Newton augmented Lagrangian, in the sequence's kept workspace when there is one. */
    private static SolveResult solveNewton(MaskedFeatureOperator op, SolverSettings ss, double[] warmStart,
                                           IterationListener listener, NewtonUse newton) {
        return newton == null ? NewtonAugmentedLagrangian.solve(op, ss, warmStart, listener)
                : NewtonAugmentedLagrangian.solve(op, ss, warmStart, listener, newton.workspace(op));
    }

    /** Recovery (spec §3.4), the objective through the true forward pass, status checks and the summary. */
    static TwoLayerFit finish(Prepared p, double lambda, SolveResult r) {
        return finish(p, lambda, r, null);
    }

    /** {@link #finish(Prepared, double, SolveResult)} of a pruned result, with the non-zero groups before pruning. */
    static TwoLayerFit finish(Prepared p, double lambda, SolveResult r, Integer neuronsBeforePrune) {
        TrainerSettings s = p.settings().lambda() == lambda ? p.settings() : p.settings().withLambda(lambda);
        ConvexProgram program = p.program();
        Dataset data = p.data();
        TargetEncoding enc = data.encoding();
        boolean bias = p.bias();
        TwoLayerNetwork trainNet = Recovery.recover(program, r.weights(), bias);
        if (program.outputBias()) {
            trainNet = Recovery.withOptimalOutputBias(trainNet, p.xs(), p.y()); // b₀ optimal for the true forward pass (spec §6 B3)
        }
        boolean biasPenalized = s.bias() == BiasMode.REGULARIZED;
        double objective = NetworkObjective.of(trainNet, p.xs(), p.y(), s.loss(), lambda, biasPenalized);
        LowRankScheme.Approx lowRank = p.lowRank();
        // low-rank scheme: the solver's bound is for the X̄_K program; lb_K/κ₁ bounds the real optimum (spec §2.5)
        double lowerBound = lowRank == null ? r.lowerBound() : r.lowerBound() / lowRank.kappaOne();
        double gap = objective - lowerBound;
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
        Standardization std = p.std();
        TwoLayerNetwork net = std != null ? Recovery.foldStandardization(trainNet, std.means(), std.scales()) : trainNet;
        Matrix pred = net.predict(data.features());
        String metricName = enc != null && enc.isClassification() ? "accuracy" : "mse";
        double metric = "accuracy".equals(metricName) ? accuracy(enc, pred, data.targets()) : mse(pred, data.targets());
        FitSummary summary = new FitSummary(objective, r.objective(), lowerBound, gap, rel, status, r.iterations(),
                r.seconds(), program.patterns().size(), net.width(), r.maxConeViolation(), metric, metricName,
                r.solver(), p.blas().name(), s.exactPatterns(), p.cells(),
                lowRank == null ? null : lowRank.ratio(), neuronsBeforePrune, HeapPeak.peakMb());
        return new TwoLayerFit(net, summary, s, data.featureNames(), enc, std);
    }

    /** {@code auto} uses the interior-point method for exact problems with at most this many SOCP variables. */
    static final int AUTO_IPM_MAX_VARIABLES = 1000;

    /**
     * {@code auto} and a small exact problem (all patterns, squared loss, regularized bias, no output bias): the
     * interior-point method, the high-accuracy reference (issue contract: "auto picks the interior-point method for
     * small exact problems").
     */
    static boolean chooseInteriorPoint(TrainerSettings s, ConvexProgram program) {
        return s.solver() == SolverKind.AUTO && s.exactPatterns() && program.loss() == Loss.SQUARED
                && program.penalized() == program.d() && !program.outputBias()
                && ProgramSocp.variables(program) <= AUTO_IPM_MAX_VARIABLES;
    }

    /**
     * {@code auto} uses the Newton augmented Lagrangian in double precision up to this many rows (measured:
     * BENCHMARKS.md, issue 4); above, only where it runs in single precision.
     */
    static final int AUTO_SSNAL_MAX_ROWS = 4000;

    /**
     * {@code auto}, a gated program with squared loss, a penalized bias and no output bias: the semismooth Newton
     * augmented Lagrangian, which reaches tight gaps in tens of Newton steps where FISTA needs thousands of
     * iterations (breast_cancer: 1.4 s against 28.7 s), when
     * <ul>
     *   <li>n ≤ {@link #AUTO_SSNAL_MAX_ROWS} and its memory is within a quarter of the heap, or</li>
     *   <li>it runs in single precision (forming and factoring the matrix outweigh the operator passes,
     *       {@code NewtonSystem.singlePays}) and its memory, mostly off-heap, is within half the heap's size:
     *       Fashion-MNIST 0 vs 6 (n = 12000, 1000 gates) reached a gap of 1.3e-3 at 60 s and 8.1e-5 at 112 s, where
     *       FISTA with working sets had 9.2e-3 at 60 s and 1.2e-3 at 900 s.</li>
     * </ul>
     * Otherwise each Newton step costs O(n²P + n³) in double precision and FISTA gets further in short time limits.
     * Logistic loss: FISTA is as fast at the usual tolerances (breast_cancer, 1e-6: 1.7 s against 2.5 s), so it stays
     * the default there.
     */
    static boolean chooseNewton(TrainerSettings s, ConvexProgram program) {
        if (s.solver() != SolverKind.AUTO || program.loss() != Loss.SQUARED
                || !NewtonAugmentedLagrangian.applies(program)) {
            return false;
        }
        long heap = Runtime.getRuntime().maxMemory();
        long need = NewtonAugmentedLagrangian.memoryBytes(program);
        return program.n() <= AUTO_SSNAL_MAX_ROWS ? need <= heap / 4
                : NewtonAugmentedLagrangian.single(program) && need <= heap / 2;
    }

    /** Above this many rows, {@code auto} solves cone programs with the augmented Lagrangian. */
    static final int AUTO_PROJECTED_FISTA_MAX_ROWS = 1000;

    /**
     * {@code auto}: FISTA for gated programs; for cone programs FISTA with exact cone projections while n is small
     * (every prox solves one NNLS over n rows per non-zero group), else the augmented Lagrangian.
     */
    static boolean chooseAugmentedLagrangian(SolverKind kind, ConvexProgram program) {
        if (kind == SolverKind.AL) {
            return true;
        }
        if (kind == SolverKind.AUTO && program.coneConstrained() && program.penalized() < program.d()) {
            return true; // B2 cone programs: FISTA has no simple prox (spec §6)
        }
        return kind == SolverKind.AUTO && program.coneConstrained() && program.n() > AUTO_PROJECTED_FISTA_MAX_ROWS;
    }

    /**
     * The pattern set a cone program with this activation needs (spec §5): for the absolute value one pattern of
     * each complementary pair (the pair gives the same neurons); for an activation with {@code |c₋| > c₊} the
     * all-inactive pattern, whose neurons the all-active pattern no longer dominates. ReLU, gated ReLU, linear and
     * leaky ReLU with {@code |κ| <= 1} use the patterns as they are.
     */
    static PatternSet adaptToActivation(Matrix xbar, PatternSet patterns, Model model, Activation act) {
        if (model.gated()) {
            return patterns;
        }
        if (model == Model.ABS) {
            return ComplementaryPatterns.keepOnePerPair(xbar, patterns);
        }
        if (Math.abs(act.negative()) > act.positive()) {
            return ComplementaryPatterns.withAllInactive(xbar, patterns);
        }
        return patterns;
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
