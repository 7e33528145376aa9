package org.convexnn.solver;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.IterationInfo;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.ipm.ConeSpec;
import org.convexnn.solver.ipm.ConicProblem;
import org.convexnn.solver.ipm.ConicResult;
import org.convexnn.solver.ipm.ConicSolver;
import org.convexnn.solver.ipm.ConicStatus;

/**
 * The convex ReLU / gated-ReLU program with squared loss (spec §3.2, §4, §5; public convention §1.0) as an SOCP
 * for {@link ConicSolver} (spec §11.1 step 3). Variables {@code x = (w, t, r)}: the G x d group weights in the
 * solver layout, one {@code t_g ≥ ‖w_g‖} per group and the loss epigraph {@code r ≥ ‖Z − Y‖²}:
 * <pre>
 *   min (1/(2n))·r + λ Σ_g t_g
 *   s.t. (t_g, w_g) ∈ SOC(d+1)                            for every group g
 *        (r + 1, 2(Z(w) − Y), r − 1) ∈ SOC(nc + 2)         (rotated cone r·1 ≥ ‖Z − Y‖²)
 *        (2D_b − I) X w_g ≥ 0                              for cone-constrained programs (orthant)
 * </pre>
 * with {@code Z(w) = Σ_b D̃_b X w_b} the program's (linear) prediction. Dense: meant for small instances.
 *
 * <p>The returned lower bound is the certified bound of spec §3.6 (the residual scaled into the dual-feasible set,
 * valid for any point); the IPM's own dual objective is not used, since it is feasible only up to its residuals.
 * The status is OPTIMAL exactly when that certified relative gap meets the requested tolerance.
 */
public final class ProgramSocp {
    /** The SOCP may have at most this many variables (G·(d+1) + 1). */
    public static final int MAX_VARIABLES = 5000;
    /** The dense loss block (n·c + 2) x (G·d + 1) may have at most this many entries. */
    public static final long MAX_LOSS_BLOCK_ENTRIES = 50_000_000L;
    /** IPM iterations at most (an interior-point method needs tens, not thousands). */
    public static final int MAX_IPM_ITERATIONS = 200;

    private ProgramSocp() {
    }

    /** Number of SOCP variables for a program: G·d + G + 1. */
    public static long variables(ConvexProgram prog) {
        return (long) prog.groups() * (prog.d() + 1) + 1;
    }

    /**
     * Builds the SOCP; refuses logistic loss and programs above the size limits.
     *
     * @throws IllegalArgumentException for logistic loss or a too large program
     */
    public static ConicProblem build(FeatureOperator op) {
        ConvexProgram prog = op.program();
        if (prog.loss() != Loss.SQUARED) {
            throw new SettingException("solver", "{solver} ipm supports squared loss only; use {solver} fista");
        }
        if (prog.penalized() != prog.d() || prog.outputBias()) {
            throw new SettingException("solver", "{solver} ipm supports the regularized bias only (not {bias} "
                    + "unregularized or {outputBias}); use {solver} al or fista");
        }
        long vars = variables(prog);
        int n = prog.n();
        int d = prog.d();
        int c = prog.outputs();
        int groups = prog.groups();
        if (vars > MAX_VARIABLES) {
            throw new SettingException("solver", "{solver} ipm: the SOCP would have " + vars + " variables ("
                    + groups + " groups x (d+1 = " + (d + 1) + ") + 1), above the limit of " + MAX_VARIABLES
                    + "; use {solver} fista (or fewer patterns)");
        }
        int nw = groups * d;
        long lossEntries = ((long) n * c + 2) * (nw + 1);
        if (lossEntries > MAX_LOSS_BLOCK_ENTRIES) {
            throw new SettingException("solver", "{solver} ipm: the dense loss block would have " + lossEntries
                    + " entries ((n·c + 2) x (G·d + 1)), above the limit of " + MAX_LOSS_BLOCK_ENTRIES
                    + "; use {solver} fista (or fewer samples / patterns)");
        }
        int nx = nw + groups + 1;
        int rIdx = nx - 1;
        double[] cost = new double[nx];
        for (int q = 0; q < groups; q++) {
            cost[nw + q] = prog.lambda();
        }
        cost[rIdx] = 1.0 / (2.0 * n);
        List<ConicProblem.Block> blocks = new ArrayList<>();
        // (t_q, w_q) ∈ SOC(d+1): s = −G x with G = −I
        for (int q = 0; q < groups; q++) {
            int[] cols = new int[d + 1];
            cols[0] = nw + q;
            for (int j = 0; j < d; j++) {
                cols[1 + j] = q * d + j;
            }
            double[] g = new double[(d + 1) * (d + 1)];
            for (int i = 0; i <= d; i++) {
                g[i * (d + 1) + i] = -1.0;
            }
            blocks.add(new ConicProblem.Block(ConeSpec.soc(d + 1), cols, g, new double[d + 1]));
        }
        // loss cone over (r, w): s = (1 + r, 2Z − 2Y, r − 1)
        double[] x = prog.x().data();
        double[] y = prog.y().data();
        int rows = n * c + 2;
        int q = nw + 1;
        int[] cols = new int[q];
        cols[0] = rIdx;
        for (int j = 0; j < nw; j++) {
            cols[1 + j] = j;
        }
        double[] g = new double[rows * q];
        double[] h = new double[rows];
        g[0] = -1.0;
        h[0] = 1.0;
        int blocksCount = prog.blocks();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                int row = 1 + i * c + k;
                h[row] = -2.0 * y[i * c + k];
                int ro = row * q;
                for (int b = 0; b < blocksCount; b++) {
                    double coef = op.coef(i, b);
                    if (coef == 0.0) {
                        continue;
                    }
                    int grp = b * c + k;
                    for (int j = 0; j < d; j++) {
                        g[ro + 1 + grp * d + j] = -2.0 * coef * x[i * d + j];
                    }
                }
            }
        }
        g[(rows - 1) * q] = -1.0;
        h[rows - 1] = -1.0;
        blocks.add(new ConicProblem.Block(ConeSpec.soc(rows), cols, g, h));
        // cone constraints (2D_b − I) X w_g ≥ 0 (rows of X that are zero give no constraint)
        if (prog.coneConstrained()) {
            List<Integer> nonZero = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean any = false;
                for (int j = 0; j < d; j++) {
                    any |= x[i * d + j] != 0.0;
                }
                if (any) {
                    nonZero.add(i);
                }
            }
            int mrows = nonZero.size();
            if (mrows > 0) {
                for (int grp = 0; grp < groups; grp++) {
                    int b = grp / c;
                    int[] wc = new int[d];
                    for (int j = 0; j < d; j++) {
                        wc[j] = grp * d + j;
                    }
                    double[] gc = new double[mrows * d];
                    for (int r = 0; r < mrows; r++) {
                        int i = nonZero.get(r);
                        double sign = op.active(i, b) ? 1.0 : -1.0;
                        for (int j = 0; j < d; j++) {
                            gc[r * d + j] = -sign * x[i * d + j];
                        }
                    }
                    blocks.add(new ConicProblem.Block(ConeSpec.nonneg(mrows), wc, gc, new double[mrows]));
                }
            }
        }
        return new ConicProblem(cost, new double[0], new double[0], blocks);
    }

    /**
     * Solves the program to interior-point accuracy (residuals and gap about 1e-6·tol, since the certificate built from
     * the primal point is only first-order accurate) and returns
     * the weights, the exact convex objective, a lower bound and the cone violation (solver "ipm").
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, IterationListener listener) {
        return solve(op, settings, InteriorPointSettings.DEFAULT, listener);
    }

    /** As above, with the interior-point method's own settings (dense KKT solves, trace). */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, InteriorPointSettings ipm,
                                    IterationListener listener) {
        long start = System.nanoTime();
        ConvexProgram prog = op.program();
        ConicProblem socp = build(op);
        // the certified bound is first-order in the distance to the optimum: solve well below the requested gap
        double tol = Math.max(1e-14, Math.min(1e-12, settings.tol() * 1e-6));
        long deadline = Double.isInfinite(settings.timeLimitSeconds()) || settings.timeLimitSeconds() > 1e9
                ? Long.MAX_VALUE : start + (long) (settings.timeLimitSeconds() * 1e9);
        ConicResult r = ConicSolver.solve(socp, new ConicSolver.Settings(
                Math.min(settings.maxIterations(), MAX_IPM_ITERATIONS), tol, tol, deadline, ipm.denseKkt(),
                ipm.debug()).withInterrupt(settings.control()::stopRequested));
        int n = prog.n();
        int d = prog.d();
        int c = prog.outputs();
        int groups = prog.groups();
        int nw = groups * d;
        double[] w = new double[nw];
        boolean finite = true;
        for (int j = 0; j < nw; j++) {
            double v = r.x()[j];
            finite &= Double.isFinite(v);
            w[j] = v;
        }
        SolveStatus status = solveStatus(r.status());
        if (!finite) {
            java.util.Arrays.fill(w, 0.0);
            status = SolveStatus.NUMERICAL_ERROR;
        }
        ConeProjection projection = prog.coneConstrained() ? new ConeProjection(prog.x()) : null;
        if (projection != null && ConeChecks.maxViolation(op, w) > 0) {
            w = ConeChecks.projectOntoCones(prog, projection, w);
        }
        double[] pred = new double[n * c];
        op.forward(w, pred, null);
        double[] y = prog.y().data();
        double[] lossGrad = new double[n * c];
        double loss = 0;
        for (int i = 0; i < pred.length; i++) {
            lossGrad[i] = pred[i] - y[i];
            loss += 0.5 * lossGrad[i] * lossGrad[i];
        }
        double objective = loss / n + prog.lambda() * GroupNorms.sum(w, groups, d, d);
        // certified bound: the residual scaled into the dual-feasible set (spec §3.6, §10.1)
        double[] scaledGrad = new double[n * c];
        for (int i = 0; i < scaledGrad.length; i++) {
            scaledGrad[i] = lossGrad[i] / n;
        }
        double[] adj = new double[nw];
        op.adjoint(scaledGrad, adj);
        double[] gamma = projection == null ? GroupNorms.maxPerOutput(adj, groups, d, d, c)
                : ConeChecks.gammaPerOutput(prog, projection, adj);
        double lowerBound = DualBound.lowerBound(Loss.SQUARED, lossGrad, y, n, prog.lambda(), gamma);
        // OPTIMAL is decided by the certified gap alone, as for every solver. The IPM's own dual objective is only
        // feasible up to its residuals, so it is never used as the bound (it can exceed the optimum slightly).
        boolean certified = finite && Double.isFinite(objective)
                && SolveResult.relativeGap(objective, lowerBound) <= settings.tol();
        if (certified) {
            status = SolveStatus.OPTIMAL;
        } else if (status == SolveStatus.OPTIMAL) {
            status = SolveStatus.NUMERICAL_ERROR; // converged by its own residuals, but not certifiable to --tol
        }
        double violation = projection == null ? 0.0 : ConeChecks.maxViolation(op, w);
        double seconds = (System.nanoTime() - start) / 1e9;
        listener.onIteration(new IterationInfo(r.iterations(), objective, lowerBound,
                SolveResult.relativeGap(objective, lowerBound), violation, seconds));
        return new SolveResult(status, w, r.iterations(), seconds, objective, lowerBound, violation, "ipm", lossGrad);
    }

    /** The solver-level status of an interior-point outcome (same meaning, constant for constant). */
    static SolveStatus solveStatus(ConicStatus status) {
        return switch (status) {
            case OPTIMAL -> SolveStatus.OPTIMAL;
            case PRIMAL_INFEASIBLE -> SolveStatus.PRIMAL_INFEASIBLE;
            case DUAL_INFEASIBLE -> SolveStatus.DUAL_INFEASIBLE;
            case MAX_ITERATIONS -> SolveStatus.MAX_ITERATIONS;
            case TIME_LIMIT -> SolveStatus.TIME_LIMIT;
            case INTERRUPTED -> SolveStatus.INTERRUPTED;
            case NUMERICAL_ERROR -> SolveStatus.NUMERICAL_ERROR;
        };
    }

}
