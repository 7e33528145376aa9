package org.convexnn.solver;

import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.FreeBiasBound;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.LossState;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.OutputBias;
import org.convexnn.settings.SettingException;

/**
 * Solves the gated-ReLU group lasso (spec §4) with {@link Fista}, and the cone-constrained programs (spec §3.2, §5)
 * with FISTA on the exact prox of {@code λ‖·‖ + ι_K} ({@link ConeProx}), so every iterate is feasible. The state is
 * the prediction (n x c), so an iteration costs one forward and one adjoint pass (plus cone projections of the
 * non-zero groups for cone programs). Every iteration yields a dual candidate — the scaled loss gradient at the
 * extrapolated point (spec §11.2); its dual-constraint values, one per output, are the max group norm (gated, free)
 * or the max cone projection norm (spec §3.6, NNLS; evaluated every few iterations). Gated programs whose whole
 * block is penalized are solved in whitened coordinates ({@link Whitening}: the same program, far better
 * conditioned on correlated data such as images); the result is mapped back and certified in the original
 * coordinates.
 */
public final class FistaSolver implements ConvexSolver {
    /** Cone programs: iterations between exact (NNLS) dual-bound evaluations. */
    static final int CONE_CERTIFY_EVERY = 10;

    private final FistaSettings fista;

    /**
     * The method with these settings (whitening where it pays, or never; no working sets).
     */
    public FistaSolver(FistaSettings fista) {
        this.fista = java.util.Objects.requireNonNull(fista, "fista settings");
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return solve(program, settings, fista, warm.point(), l);
    }

    /**
     * @param warmStart G x d starting point, or null for zero
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                                    IterationListener listener) {
        return solve(op, settings, FistaSettings.DEFAULT, warmStart, listener);
    }

    /**
     * As above with explicit settings ({@link FistaSettings#whitening}: whitened coordinates where they pay, or never;
     * working sets are {@link WorkingSetSolver}'s).
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, FistaSettings fista,
                                    double[] warmStart, IterationListener listener) {
        return solve(op, settings, warmStart, listener, whitenChoice(fista));
    }

    /** The {@code whiten} argument of the settings: null (choose where it pays) or false (never). */
    static Boolean whitenChoice(FistaSettings fista) {
        return fista.whitening() ? null : Boolean.FALSE;
    }

    /**
     * As above; {@code whiten} true/false forces solving in whitened coordinates ({@link Whitening}) on or off where
     * it applies, null chooses ({@link #whiten}).
     */
    static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                             IterationListener listener, Boolean whiten) {
        return solve(op, settings, warmStart, listener, whiten, null, null);
    }

    /**
     * As above, for a sub-program of a larger program ({@link WorkingSetSolver}): every few iterations
     * ({@link EnclosingBound#due}) the dual candidate is also certified on the enclosing program (its
     * dual-constraint value over the groups outside the sub-program), and the solve stops early once that bound closes
     * the enclosing program's gap. {@code base}, when not null, is the enclosing program's whitening (chosen by
     * {@link #whitening}), restricted to this sub-program instead of choosing anew.
     */
    static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                             IterationListener listener, Boolean whiten, EnclosingBound enclosing,
                             Whitening base) {
        ConvexProgram prog = op.program();
        boolean cone = prog.formulation() != Formulation.GATED;
        ConeProjection projection = cone ? new ConeProjection(prog.x()) : null;
        long start = System.nanoTime();
        int n = prog.n();
        int d = prog.d();
        int groups = prog.groups();
        double lambda = prog.lambda();
        double[] y = prog.y().data();
        double[] resid = new double[n * prog.outputs()];
        int pen = prog.penalized();
        int c = prog.outputs();
        boolean shift = prog.outputBias();
        if (shift) {
            OutputBias.check(prog.loss());
        }
        if (cone && pen < d) {
            throw new SettingException("solver", "FISTA cannot solve a cone-constrained program with an unregularized"
                    + " first-layer bias (the prox of ‖w[1:d−1]‖ + ι_K has no simple form); use {solver} al");
        }
        FreeBiasBound freeBound = FreeBiasBound.needed(prog) ? new FreeBiasBound(op, projection) : null;
        Whitening white = base != null ? base.restrictedTo(prog) : whitening(prog, freeBound, op, whiten);
        FeatureOperator opu = white == null ? op
                : new MaskedFeatureOperator(white.program(), op.blas(), 8L * op.rowBlock() * groups);
        SmoothModel f = new SmoothModel() {
            @Override
            public int stateSize() {
                return n * prog.outputs();
            }

            @Override
            public void state(double[] w, double[] s) {
                opu.forward(w, s, null);
                if (shift) {
                    OutputBias.shift(s, y, n, c);
                }
            }

            @Override
            public double value(double[] s) {
                return LossState.mean(prog.loss(), s, y, n);
            }

            @Override
            public void gradient(double[] s, double[] grad) {
                LossState.derivative(prog.loss(), s, y, 1.0 / n, resid);
                opu.adjoint(resid, grad);
            }
        };
        double[] w0 = warmStart != null ? warmStart.clone() : new double[groups * d];
        double step0 = 1.0 / Lipschitz.estimate(opu, prog.loss());
        if (cone && warmStart != null) {
            w0 = ConeChecks.projectOntoCones(prog, projection, w0);
        }
        Fista fista;
        if (white != null) {
            fista = new Fista(f, groups, d, pen, lambda, white.toWhitened(w0), step0, white::prox, white::penalty);
        } else {
            fista = new Fista(f, groups, d, pen, lambda, w0, step0, cone ? new ConeProx(prog, projection) : null);
        }
        double[] lossGrad = new double[n * prog.outputs()];
        double[] best = fista.point().clone();
        double[] bestObj = {Double.POSITIVE_INFINITY};
        BestBound bestLb = new BestBound();
        long deadline = settings.deadlineNanos(start);
        Fista.Monitor monitor = (iter, w, s, objective, gy, sy, gradMap) -> {
            if (objective < bestObj[0]) {
                bestObj[0] = objective;
                System.arraycopy(w, 0, best, 0, w.length);
            }
            // gy = ∇f(y) = adjoint(ℓ'(ŷ_y)/n): its max group norm (gated) or max cone-projection norm (cone) is γ
            // for the dual candidate ℓ'(ŷ_y)
            if (freeBound != null) {
                if (!cone || iter % CONE_CERTIFY_EVERY == 0 || iter == 1) {
                    LossState.derivative(prog.loss(), sy, y, 1.0, lossGrad);
                    bestLb.offer(freeBound.lowerBound(lossGrad), lossGrad);
                }
            } else if (!cone || iter % CONE_CERTIFY_EVERY == 0 || iter == 1) {
                double[] gamma = cone ? ConeChecks.gammaPerOutput(prog, projection, gy)
                        : white != null ? white.maxOriginalGradientNorms(gy, c)
                        : GroupNorms.maxPerOutput(gy, groups, d, d, c);
                LossState.derivative(prog.loss(), sy, y, 1.0, lossGrad);
                double lb = DualBound.lowerBound(prog.loss(), lossGrad, y, n, lambda, gamma);
                bestLb.offer(lb, lossGrad);
                if (enclosing != null && enclosing.due(iter)) {
                    enclosing.offer(lossGrad, gamma);
                }
            }
            double rel = SolveResult.relativeGap(bestObj[0], bestLb.value());
            settings.control().offer(() -> white != null ? white.toOriginal(best) : best.clone());
            listener.onIteration(new IterationInfo(iter, bestObj[0], bestLb.value(), rel, 0.0, (System.nanoTime() - start) / 1e9));
            return rel <= settings.tol() || enclosing != null && enclosing.closed(bestObj[0]);
        };
        Fista.Result r = fista.run(settings.maxIterations(), deadline, settings.control(), monitor);
        double seconds = (System.nanoTime() - start) / 1e9;
        SolveStatus status;
        if (r.nonFinite() || !Double.isFinite(bestObj[0])) {
            status = SolveStatus.NUMERICAL_ERROR;
        } else if (r.stoppedByMonitor()) {
            status = SolveStatus.OPTIMAL;
        } else if (r.interrupted()) {
            status = SolveStatus.INTERRUPTED;
        } else if (r.iterations() >= settings.maxIterations()) {
            status = SolveStatus.MAX_ITERATIONS;
        } else {
            status = SolveStatus.TIME_LIMIT;
        }
        double violation = cone ? ConeChecks.maxViolation(op, best) : 0.0;
        double[] point = white != null ? white.toOriginal(best) : best;
        return new SolveResult(status, point, r.iterations(), seconds, bestObj[0], bestLb.value(), violation,
                white != null ? "fista-whitened" : "fista", bestLb.candidate());
    }

    /** The whitened coordinates to solve in, or null for the original ones. */
    static Whitening whitening(ConvexProgram prog, FreeBiasBound freeBound, FeatureOperator op,
                                       Boolean whiten) {
        if (freeBound != null || !Whitening.applies(prog) || !(whiten == null || whiten)
                || whiten == null && prog.d() < WHITEN_MIN_COLUMNS) {
            return null;
        }
        Whitening white = Whitening.of(prog, op.blas());
        // well-conditioned data: plain FISTA is as fast, and its prox is cheaper
        return whiten == null && white.condition() < WHITEN_MIN_CONDITION ? null : white;
    }

    /**
     * By default, whitened coordinates are used from this many data columns on: below it the weighted prox costs more
     * than the iterations it saves (measured: breast_cancer demo, d = 31: 1344 against 715 iterations; digits, d = 65:
     * fewer iterations, more time; Fashion-MNIST, d = 785: 6× smaller gap at 60 s).
     */
    static final int WHITEN_MIN_COLUMNS = 100;

    /** By default, whitened coordinates are used when X̄ᵀX̄ has at least this condition number. */
    static final double WHITEN_MIN_CONDITION = 100.0;
}
