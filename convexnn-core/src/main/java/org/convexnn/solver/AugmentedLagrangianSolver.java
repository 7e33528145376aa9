package org.convexnn.solver;

import java.util.stream.IntStream;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.ParallelRows;
import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.FreeBiasBound;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.LossState;
import org.convexnn.program.OutputBias;

/**
 * Augmented Lagrangian method for the cone-constrained program (spec §11.3). With {@code h = (2D_b − I) X w_g}
 * for every group g of block b, the inner problem
 * <pre>  (1/n) Σ ℓ(Σ_b D̃_b X w_b) + (δ/2) Σ ‖(μ/δ − h)₊‖² + λ Σ ‖w_g‖  </pre>
 * is solved by {@link Fista} with the pre-activations {@code Z = X Wᵀ} as its linear state; then
 * {@code μ ← (μ − δ h)₊}, and δ doubles when the violation does not fall by a factor 4. After every outer step the
 * certified lower bound is computed with the exact per-pattern cone projection of spec §3.6, and the primal value
 * is the objective of the recovered network through its true activation (spec §3.4), so OPTIMAL means the
 * recovered network itself is within the tolerance.
 */
public final class AugmentedLagrangianSolver implements ConvexSolver {
    /** Inner FISTA iterations per multiplier update at most. */
    private static final int INNER_CAP = 1000;


    /**
     * The method (it has no settings beyond the stopping rules and starts from zero).
     */
    public AugmentedLagrangianSolver() {
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return solve(program, settings, l);
    }

    public static SolveResult solve(FeatureOperator op, SolverSettings settings, IterationListener listener) {
        ConvexProgram prog = op.program();
        if (!prog.coneConstrained()) {
            throw new IllegalArgumentException("the augmented Lagrangian solves cone-constrained programs");
        }
        long start = System.nanoTime();
        long deadline = settings.deadlineNanos(start);
        Inner f = new Inner(op);
        int n = prog.n();
        int d = prog.d();
        int groups = prog.groups();
        double lambda = prog.lambda();
        double yMax = 0;
        for (double v : prog.y().data()) {
            yMax = Math.max(yMax, Math.abs(v));
        }
        double coneTol = settings.tol() * Math.max(1.0, yMax);
        // δ₀ = P/n balances the penalty's curvature δ‖X‖² against the loss part's ‖M‖²/n ≈ P‖X‖²/n
        f.delta = Math.max(1.0, prog.patterns().size()) / n;
        double frob = 0;
        for (double v : prog.x().data()) {
            frob += v * v;
        }
        // the penalty's curvature is at most δ‖X‖₂² ≤ δ‖X‖_F²; backtracking corrects the estimate either way
        double lip = Lipschitz.estimate(op, prog.loss()) + f.delta * frob;
        int pen = prog.penalized();
        if (prog.outputBias()) {
            OutputBias.check(prog.loss());
        }
        Fista fista = new Fista(f, groups, d, pen, lambda, new double[groups * d], 1.0 / lip);
        ConeProjection cone = new ConeProjection(prog.x());
        FreeBiasBound freeBound = FreeBiasBound.needed(prog) ? new FreeBiasBound(op, cone) : null;
        double[] lossGrad = new double[n * prog.outputs()];
        double[] scaled = new double[n * prog.outputs()];
        double[] g = new double[groups * d];
        BestBound best = new BestBound();
        double eps = Double.NaN;
        double prevViol = Double.POSITIVE_INFINITY;
        int total = 0;
        SolveStatus status = null;
        double objective = Double.NaN;
        double viol = Double.NaN;
        double[] feasible = null;
        double feasibleObjective = Double.NaN;
        while (status == null) {
            final double innerTol = eps;
            int budget = Math.min(INNER_CAP, settings.maxIterations() - total);
            Fista.Result r = fista.run(budget, deadline, settings.control(),
                    (it, w, s, obj, gy, sy, gradMap) -> !Double.isNaN(innerTol) && gradMap <= innerTol);
            total += r.iterations();
            if (r.nonFinite()) {
                status = SolveStatus.NUMERICAL_ERROR;
                break;
            }
            double[] w = fista.point();
            double[] z = fista.pointState();
            viol = f.violation(z);
            // certificate at the current point: loss gradient, its adjoint, exact cone projections
            f.predictions(z);
            LossState.derivative(prog.loss(), f.pred, prog.y().data(), 1.0, lossGrad);
            for (int i = 0; i < lossGrad.length; i++) {
                scaled[i] = lossGrad[i] / n;
            }
            op.adjoint(scaled, g);
            if (freeBound != null) {
                best.offer(freeBound.lowerBound(lossGrad), lossGrad);
            } else {
                double[] gamma = ConeChecks.gammaPerOutput(prog, cone, g);
                best.offer(DualBound.lowerBound(prog.loss(), lossGrad, prog.y().data(), n, lambda, gamma), lossGrad);
            }
            if (Double.isNaN(eps)) {
                eps = 1e-3 * Math.max(lambda, GroupNorms.max(g, groups, d, d));
            }
            double bestLb = best.value();
            objective = f.trueObjective(z, w, lambda);
            double rel = SolveResult.relativeGap(objective, bestLb);
            listener.onIteration(new IterationInfo(total, objective, bestLb, rel, viol, (System.nanoTime() - start) / 1e9));
            boolean candidate = Double.isFinite(objective) && viol <= coneTol && rel <= settings.tol();
            if (!Double.isFinite(objective)) {
                status = SolveStatus.NUMERICAL_ERROR;
            } else if (total >= settings.maxIterations()) {
                status = SolveStatus.MAX_ITERATIONS;
            } else if (System.nanoTime() > deadline) {
                status = SolveStatus.TIME_LIMIT;
            } else if (settings.stopRequested()) {
                status = SolveStatus.INTERRUPTED;
            }
            if (candidate || status != null) {
                // certify a FEASIBLE point of the program: project every block onto its cone (spec §3.6, §11.3 polish)
                feasible = ConeChecks.projectOntoCones(prog, cone, w);
                feasibleObjective = evaluate(op, feasible, lambda, f.pred);
                double relFeasible = SolveResult.relativeGap(feasibleObjective, bestLb);
                if (candidate && relFeasible <= settings.tol()) {
                    status = SolveStatus.OPTIMAL;
                }
            }
            if (status == null) {
                f.updateMultipliers(z);
                // tighten only after an inner solve that met its tolerance; otherwise keep δ and ε and continue
                if (r.stoppedByMonitor()) {
                    if (viol > 0.25 * prevViol && viol > coneTol) {
                        f.delta *= 2;
                        fista.setStep(fista.step() / 2);
                    }
                    prevViol = viol;
                    eps = Math.max(eps * 0.2, 1e-14);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (feasible == null) {
            feasible = ConeChecks.projectOntoCones(prog, cone, fista.point());
            feasibleObjective = evaluate(op, feasible, lambda, f.pred);
        }
        double residualViolation = ConeChecks.maxViolation(op, feasible);
        return new SolveResult(status, feasible, total, seconds, feasibleObjective, best.value(), residualViolation, "al",
                best.candidate());
    }


    /** Convex objective at w (equal to the recovered network's objective when w is cone-feasible). */
    static double evaluate(FeatureOperator op, double[] w, double lambda, double[] predScratch) {
        ConvexProgram prog = op.program();
        op.forward(w, predScratch, null);
        if (prog.outputBias()) {
            OutputBias.shift(predScratch, prog.y().data(), prog.n(), prog.outputs());
        }
        return LossState.mean(prog.loss(), predScratch, prog.y().data(), prog.n())
                + lambda * GroupNorms.sum(w, prog.groups(), prog.d(), prog.penalized());
    }



    /**
     * The inner smooth part: loss plus the augmented-Lagrangian penalty, with Z = X Wᵀ as state. Entry (j, q) of
     * every n x G array belongs to group q = (f·P + p)·c + k (family f: v or w block; pattern p; output k); the
     * cone sign of (j, p) is precomputed as a byte so the loops carry no bit arithmetic or division.
     */
    private static final class Inner implements SmoothModel {
        private final FeatureOperator op;
        private final ConvexProgram prog;
        private final Blas blas;
        private final int n;
        private final int d;
        private final int c;
        private final int groups;
        private final int patterns;
        private final int families;
        private final double[] famOn;
        private final double[] famOff;
        private final byte[] sign;
        private final double[] x;
        private final double[] y;
        private final double[] mu;
        private final double[] e;
        private final double[] resid;
        final double[] pred;
        double delta;

        Inner(FeatureOperator op) {
            this.op = op;
            this.prog = op.program();
            this.blas = op.blas();
            this.n = prog.n();
            this.d = prog.d();
            this.c = prog.outputs();
            this.groups = prog.groups();
            this.patterns = prog.patterns().size();
            this.families = prog.blocks() / patterns;
            this.famOn = new double[families];
            this.famOff = new double[families];
            for (int f = 0; f < families; f++) {
                famOn[f] = prog.onCoef(f * patterns);
                famOff[f] = prog.offCoef(f * patterns);
            }
            this.sign = new byte[n * patterns];
            PatternSet ps = prog.patterns();
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < patterns; p++) {
                    sign[j * patterns + p] = (byte) (ps.active(j, p) ? 1 : -1);
                }
            }
            this.x = prog.x().data();
            this.y = prog.y().data();
            this.mu = new double[n * groups];
            this.e = new double[n * groups];
            this.resid = new double[n * c];
            this.pred = new double[n * c];
        }

        @Override
        public int stateSize() {
            return n * groups;
        }

        @Override
        public void state(double[] w, double[] s) {
            blas.dgemm(false, true, n, groups, d, 1.0, x, 0, d, w, 0, d, 0.0, s, 0, groups);
        }

        void predictions(double[] z) {
            ParallelRows.forEach(n, groups, j -> op.maskedSum(z, j * groups, j, pred));
            if (prog.outputBias()) {
                OutputBias.shift(pred, y, n, c);
            }
        }

        /** ‖(μ/δ − h)₊‖² summed over row j (branch-free inner loop). */
        private double penaltyRow(double[] z, int j) {
            double acc = 0;
            int so = j * patterns;
            double inv = 1.0 / delta;
            for (int f = 0; f < families; f++) {
                int fo = j * groups + f * patterns * c;
                for (int p = 0; p < patterns; p++) {
                    double sg = sign[so + p];
                    int q0 = fo + p * c;
                    for (int k = 0; k < c; k++) {
                        double t = Math.max(mu[q0 + k] * inv - sg * z[q0 + k], 0.0);
                        acc += t * t;
                    }
                }
            }
            return acc;
        }

        @Override
        public double value(double[] z) {
            predictions(z);
            double loss = LossState.mean(prog.loss(), pred, y, n);
            double pen = IntStream.range(0, n).parallel().mapToDouble(j -> penaltyRow(z, j)).sum();
            return loss + 0.5 * delta * pen;
        }

        @Override
        public void gradient(double[] z, double[] grad) {
            predictions(z);
            LossState.derivative(prog.loss(), pred, y, 1.0 / n, resid);
            double inv = 1.0 / delta;
            ParallelRows.forEach(n, groups, j -> {
                int so = j * patterns;
                int ro = j * c;
                for (int f = 0; f < families; f++) {
                    int fo = j * groups + f * patterns * c;
                    // coefficient = mid + half·sign, written without branches
                    double mid = 0.5 * (famOn[f] + famOff[f]);
                    double half = 0.5 * (famOn[f] - famOff[f]);
                    for (int p = 0; p < patterns; p++) {
                        double sg = sign[so + p];
                        double cf = mid + half * sg;
                        int q0 = fo + p * c;
                        for (int k = 0; k < c; k++) {
                            double pen = Math.max(mu[q0 + k] * inv - sg * z[q0 + k], 0.0) * delta;
                            e[q0 + k] = cf * resid[ro + k] - sg * pen;
                        }
                    }
                }
            });
            blas.dgemm(true, false, groups, d, n, 1.0, e, 0, groups, x, 0, d, 0.0, grad, 0, d);
        }

        void updateMultipliers(double[] z) {
            ParallelRows.forEach(n, groups, j -> {
                int so = j * patterns;
                for (int f = 0; f < families; f++) {
                    int fo = j * groups + f * patterns * c;
                    for (int p = 0; p < patterns; p++) {
                        double sg = sign[so + p];
                        int q0 = fo + p * c;
                        for (int k = 0; k < c; k++) {
                            mu[q0 + k] = Math.max(0.0, mu[q0 + k] - delta * sg * z[q0 + k]);
                        }
                    }
                }
            });
        }

        /** max (−h)₊ over all rows and groups. */
        double violation(double[] z) {
            return IntStream.range(0, n).parallel().mapToDouble(j -> {
                double m = 0;
                int so = j * patterns;
                for (int f = 0; f < families; f++) {
                    int fo = j * groups + f * patterns * c;
                    for (int p = 0; p < patterns; p++) {
                        double sg = sign[so + p];
                        int q0 = fo + p * c;
                        for (int k = 0; k < c; k++) {
                            m = Math.max(m, -sg * z[q0 + k]);
                        }
                    }
                }
                return m;
            }).max().orElse(0.0);
        }

        double convexObjective(double[] z, double[] w, double lambda) {
            predictions(z);
            return LossState.mean(prog.loss(), pred, y, n) + lambda * GroupNorms.sum(w, groups, d, prog.penalized());
        }

        /**
         * Objective of the recovered network (spec §3.4) evaluated through the true activation: group g of block b
         * contributes sign_b·σ(Z[:, g]) to its output, whatever its pattern says.
         */
        double trueObjective(double[] z, double[] w, double lambda) {
            double[] truePred = new double[n * c];
            var act = prog.activation();
            for (int j = 0; j < n; j++) {
                int o = j * groups;
                for (int q = 0; q < groups; q++) {
                    double v = z[o + q];
                    if (v == 0.0) {
                        continue;
                    }
                    truePred[j * c + q % c] += prog.blockSign(q / c) * act.apply(v);
                }
            }
            if (prog.outputBias()) {
                OutputBias.shift(truePred, y, n, c);
            }
            return LossState.mean(prog.loss(), truePred, y, n) + lambda * GroupNorms.sum(w, groups, d, prog.penalized());
        }
    }
}
