package org.convexnn.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.VectorOps;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.convexnn.solver.ipm.ConeSpec;
import org.convexnn.solver.ipm.ConicProblem;
import org.convexnn.solver.ipm.ConicResult;
import org.convexnn.solver.ipm.ConicSolver;

/**
 * Gated cone decomposition (spec §4): every non-zero gated block {@code w_i} is split as {@code v_i − z_i} with
 * {@code v_i, z_i} in pattern i's cone {@code K_i = {u : (2D_i − I) X̄ u ≥ 0}}, minimising {@code ‖v_i‖ + ‖z_i‖} (one
 * small SOCP per block, solved by {@link ConicSolver}). The result is a feasible point of the ReLU (cone-constrained)
 * program on the same patterns with exactly the gated predictions, so its loss equals the gated loss and its penalty is
 * at least the gated penalty.
 *
 * <p>Exact feasibility: the interior-point solution is only feasible to its tolerance, so afterwards z is set to
 * {@code v − w} (exact equality) and both are shifted by {@code t·g} with g an interior direction of {@code K_i} (the
 * pattern's gate, or the Chebyshev-like direction {@code max t : A g ≥ t, ‖g‖ ≤ 1} when the gate is not strictly
 * inside), t the smallest shift that removes every violation. If the SOCP fails, the same shift applied to
 * {@code (w, 0)} gives a feasible (not minimal) split. A cone with empty interior that does not contain the needed
 * directions cannot be split; the block is then left with its best split and the violation is reported.
 */
public final class GatedDecomposition implements ConvexSolver {
    private final FistaSettings fista;

    /** The decomposition of a gated solve by plain FISTA with these settings. */
    public GatedDecomposition(FistaSettings fista) {
        this.fista = java.util.Objects.requireNonNull(fista, "fista settings");
    }

    /** Solves the ReLU program of {@code program} (warm starts are ignored). */
    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return solve(program.program(), program.blas(), settings, fista, l);
    }

    /** The ReLU program with the gated program's data, patterns, loss, λ and bias options. */
    public static ConvexProgram reluProgram(ConvexProgram gated) {
        return new ConvexProgram(gated.x(), gated.y(), gated.patterns(), Formulation.CONE_CONSTRAINED,
                org.convexnn.program.Activation.RELU, gated.loss(), gated.lambda(), gated.penalized(),
                gated.outputBias());
    }

    /**
     * @param gated the gated program (P·c groups)
     * @param w     its point, (P·c) x d
     * @return the ReLU program point, (2P·c) x d: group (p, k) of the v-family holds v, of the w-family z
     */
    public static double[] decompose(ConvexProgram gated, double[] w) {
        if (gated.coneConstrained()) {
            throw new IllegalArgumentException("gated decomposition needs a gated program");
        }
        int d = gated.d();
        int c = gated.outputs();
        int p = gated.patterns().size();
        double[] out = new double[2 * p * c * d];
        Matrix x = gated.x();
        PatternSet ps = gated.patterns();
        IntStream.range(0, p * c).parallel().forEach(q -> {
            double[] wq = new double[d];
            System.arraycopy(w, q * d, wq, 0, d);
            boolean zero = true;
            for (double v : wq) {
                zero &= v == 0.0;
            }
            if (zero) {
                return;
            }
            int pat = q / c;
            int k = q % c;
            double[][] a = orthantRows(x, ps, pat);
            double[][] vz = split(a, wq, gated.penalized(), ps.gates() == null ? null : ps.gates().row(pat));
            System.arraycopy(vz[0], 0, out, (pat * c + k) * d, d);
            System.arraycopy(vz[1], 0, out, ((p + pat) * c + k) * d, d);
        });
        return out;
    }

    /** Rows of (2D − I) X̄ for the pattern, zero rows dropped. */
    static double[][] orthantRows(Matrix x, PatternSet ps, int pat) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            double[] r = x.row(i).clone();
            boolean nz = false;
            for (double v : r) {
                nz |= v != 0.0;
            }
            if (!nz) {
                continue;
            }
            if (!ps.active(i, pat)) {
                for (int j = 0; j < r.length; j++) {
                    r[j] = -r[j];
                }
            }
            rows.add(r);
        }
        return rows.toArray(new double[0][]);
    }

    /** {v, z} with v − z = w, A v ≥ 0, A z ≥ 0, minimising ‖v[:pen]‖ + ‖z[:pen]‖. */
    static double[][] split(double[][] a, double[] w, int pen, double[] gate) {
        int d = w.length;
        double[] v = socpSplit(a, w, pen);
        if (v == null) {
            v = w.clone();
        }
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = v[j] - w[j];
        }
        double[] g = interior(a, gate);
        if (g != null) {
            double t = 0;
            for (double[] row : a) {
                double ag = VectorOps.dot(row, g);
                t = Math.max(t, Math.max(-VectorOps.dot(row, v), -VectorOps.dot(row, z)) / ag);
            }
            if (t > 0) {
                t = t * (1 + 1e-6) + 1e-300;
                for (int j = 0; j < d; j++) {
                    v[j] += t * g[j];
                    z[j] += t * g[j];
                }
            }
        }
        return new double[][] {v, z};
    }

    /** The SOCP of the class comment; v, or null when the solver did not succeed. */
    static double[] socpSplit(double[][] a, double[] w, int pen) {
        int d = w.length;
        int m = a.length;
        int nx = 2 * d + 2; // v, z, s1, s2
        double[] cost = new double[nx];
        cost[2 * d] = 1;
        cost[2 * d + 1] = 1;
        double[][] eq = new double[d][nx];
        for (int j = 0; j < d; j++) {
            eq[j][j] = 1;
            eq[j][d + j] = -1;
        }
        List<ConeSpec> cones = new ArrayList<>();
        int rowsG = (m > 0 ? 2 * m : 0) + 2 * (pen + 1);
        double[][] g = new double[rowsG][nx];
        double[] h = new double[rowsG];
        int r = 0;
        for (int fam = 0; fam < 2 && m > 0; fam++) {
            for (double[] row : a) {
                for (int j = 0; j < d; j++) {
                    g[r][fam * d + j] = -row[j];
                }
                r++;
            }
            cones.add(ConeSpec.nonneg(m));
        }
        for (int fam = 0; fam < 2; fam++) {
            g[r++][2 * d + fam] = -1;
            for (int j = 0; j < pen; j++) {
                g[r++][fam * d + j] = -1;
            }
            cones.add(ConeSpec.soc(pen + 1));
        }
        try {
            ConicResult res = ConicSolver.solve(ConicProblem.dense(cost, eq, w.clone(), g, h, cones),
                    new ConicSolver.Settings(100, 1e-10, 1e-10, Long.MAX_VALUE));
            if (res.x() == null) {
                return null;
            }
            for (double xv : res.x()) {
                if (!Double.isFinite(xv)) {
                    return null;
                }
            }
            return java.util.Arrays.copyOf(res.x(), d);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A direction with A g &gt; 0 on every row: the gate if it is one, else max t s.t. A g ≥ t·1, ‖g‖ ≤ 1. */
    static double[] interior(double[][] a, double[] gate) {
        if (gate != null && minDot(a, gate) > 0) {
            return gate;
        }
        if (a.length == 0) {
            return null;
        }
        int d = a[0].length;
        int m = a.length;
        int nx = d + 1; // g, t
        double[] cost = new double[nx];
        cost[d] = -1;
        double[][] gm = new double[m + d + 1][nx];
        double[] h = new double[m + d + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                gm[i][j] = -a[i][j];
            }
            gm[i][d] = 1;
        }
        h[m] = 1;
        for (int j = 0; j < d; j++) {
            gm[m + 1 + j][j] = -1;
        }
        try {
            ConicResult res = ConicSolver.solve(ConicProblem.dense(cost, null, null, gm, h,
                    List.of(ConeSpec.nonneg(m), ConeSpec.soc(d + 1))));
            if (res.x() == null) {
                return null;
            }
            double[] dir = java.util.Arrays.copyOf(res.x(), d);
            return minDot(a, dir) > 0 ? dir : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double minDot(double[][] a, double[] g) {
        double mn = Double.POSITIVE_INFINITY;
        for (double[] row : a) {
            mn = Math.min(mn, VectorOps.dot(row, g));
        }
        return mn;
    }


    /**
     * Solves the gated program on the cone program's patterns, decomposes, and returns a result for the ReLU
     * program: its objective at the decomposed point, and as the bound the larger of the gated bound (the gated
     * optimum is at most the ReLU optimum on the same patterns) and the certified ReLU bound at the point. The status
     * is the gated solver's, downgraded to {@link SolveStatus#MAX_ITERATIONS} when the certified ReLU gap exceeds tol.
     */
    public static SolveResult solve(ConvexProgram relu, org.convexnn.linalg.Blas blas, SolverSettings settings,
                                    IterationListener listener) {
        return solve(relu, blas, settings, FistaSettings.DEFAULT, listener);
    }

    /** As above, with the gated solve's FISTA settings. */
    public static SolveResult solve(ConvexProgram relu, org.convexnn.linalg.Blas blas, SolverSettings settings,
                                    FistaSettings fista, IterationListener listener) {
        long start = System.nanoTime();
        ConvexProgram gated = new ConvexProgram(relu.x(), relu.y(), relu.patterns(), Formulation.GATED,
                relu.activation(), relu.loss(), relu.lambda(), relu.penalized(), relu.outputBias());
        // the gated solve's points are not the ReLU program's: no checkpoints of them (a stop request still ends it)
        SolveResult gr = FistaSolver.solve(new MaskedFeatureOperator(gated, blas),
                settings.withControl(settings.control().withoutCheckpoints()), fista, null, listener);
        double[] wr = decompose(gated, gr.weights());
        FeatureOperator op = new MaskedFeatureOperator(relu, blas);
        double objective = ProgramBound.objective(op, wr);
        double lb = Math.max(gr.lowerBound(), ProgramBound.lowerBound(op, wr));
        double rel = SolveResult.relativeGap(objective, lb);
        SolveStatus status = gr.status();
        if (status == SolveStatus.OPTIMAL && rel > settings.tol()) {
            status = SolveStatus.MAX_ITERATIONS;
        }
        // the gated candidate is dual-feasible for the ReLU program too (a relaxation's dual), so it is returned for the
        // certificate, which evaluates it with the ReLU program's own dual constraint
        return new SolveResult(status, wr, gr.iterations(), (System.nanoTime() - start) / 1e9, objective, lb,
                ProgramBound.maxConeViolation(op, wr), "gated-decomposition", gr.dualCandidate());
    }
}
