package org.convexnn.solver;

import org.convexnn.program.GroupNorms;

/**
 * Accelerated proximal gradient for {@code f(W) + λ Σ_g ‖W_g‖} (spec §11.2): FISTA momentum, backtracking line
 * search on the step size (halving on failure, slow growth on success), and adaptive restarts (gradient-mapping
 * test {@code ⟨y − w⁺, w⁺ − w⟩ > 0} and objective increase). Termination is delegated to a {@link Monitor}, which
 * sees every iterate and decides (gap tests live with the caller, which knows the dual).
 */
public final class Fista {

    /** Decides when to stop; called once per iteration. */
    public interface Monitor {
        /**
         * @param iter      iteration number (1-based)
         * @param w         the new iterate (G x d; do not modify)
         * @param s         its state
         * @param objective F(w) = f(w) + λ R(w)
         * @param gy        gradient of f at the extrapolated point y whose state is sy (a dual candidate)
         * @param sy        state at y
         * @param gradMap   norm of the gradient mapping ‖w − y‖ / η
         * @return true to stop
         */
        boolean done(int iter, double[] w, double[] s, double objective, double[] gy, double[] sy, double gradMap);
    }

    /** The proximal map of {@code t·R} for the non-smooth part R, applied group-wise (in may alias out). */
    @FunctionalInterface
    public interface Prox {
        void apply(double[] in, double[] out, double t);
    }

    /** Outcome of one run. */
    public record Result(int iterations, double objective, boolean stoppedByMonitor, boolean nonFinite, double step,
                         boolean interrupted) {
        public Result(int iterations, double objective, boolean stoppedByMonitor, boolean nonFinite, double step) {
            this(iterations, objective, stoppedByMonitor, nonFinite, step, false);
        }
    }

    private final SmoothModel f;
    private final int groups;
    private final int d;
    private final int penalized;
    private final double lambda;
    private final double[] w;
    private final double[] wPrev;
    private final double[] y;
    private final double[] grad;
    private final double[] trial;
    private final double[] s;
    private final double[] sPrev;
    private final double[] sy;
    private final double[] sTrial;
    private double step;
    private final Prox prox;
    private final java.util.function.ToDoubleFunction<double[]> penalty;

    /**
     * @param f         smooth part
     * @param groups    number of groups G
     * @param d         group size
     * @param penalized leading coordinates of each group inside the norm (d for all)
     * @param lambda    weight of the group norm
     * @param w0        starting point (copied)
     * @param step0     initial step size (&gt; 0)
     */
    public Fista(SmoothModel f, int groups, int d, int penalized, double lambda, double[] w0, double step0) {
        this(f, groups, d, penalized, lambda, w0, step0, null);
    }

    /**
     * As above with a custom prox of {@code t·R}; {@code prox == null} means the group soft-threshold. The objective
     * reported to the monitor is always {@code f + λ Σ‖w_g‖} (R must equal the group norm on its domain).
     */
    public Fista(SmoothModel f, int groups, int d, int penalized, double lambda, double[] w0, double step0, Prox prox) {
        this(f, groups, d, penalized, lambda, w0, step0, prox, null);
    }

    /**
     * As above with a non-smooth part R that is not the plain group norm: {@code prox} is the prox of {@code t·R}
     * and {@code penalty} evaluates R (null: the group norm), so the objective is {@code f + λ R}.
     */
    public Fista(SmoothModel f, int groups, int d, int penalized, double lambda, double[] w0, double step0, Prox prox,
                 java.util.function.ToDoubleFunction<double[]> penalty) {
        this.penalty = penalty != null ? penalty : v -> GroupNorms.sum(v, groups, d, penalized);
        this.prox = prox != null ? prox : (in, out, t) -> GroupNorms.softThreshold(in, out, groups, d, penalized, t);
        this.f = f;
        this.groups = groups;
        this.d = d;
        this.penalized = penalized;
        this.lambda = lambda;
        int len = groups * d;
        this.w = w0.clone();
        this.wPrev = new double[len];
        this.y = new double[len];
        this.grad = new double[len];
        this.trial = new double[len];
        int ss = f.stateSize();
        this.s = new double[ss];
        this.sPrev = new double[ss];
        this.sy = new double[ss];
        this.sTrial = new double[ss];
        this.step = step0;
        f.state(w, s);
    }

    /** The current iterate (not a copy). */
    public double[] point() {
        return w;
    }

    /** The current state (not a copy). */
    public double[] pointState() {
        return s;
    }

    public double step() {
        return step;
    }

    /** Sets the step size (e.g. after the smooth part became stiffer). */
    public void setStep(double newStep) {
        this.step = newStep;
    }

    /** Replaces the smooth part's parameters externally: re-evaluates the state of the current point. */
    public void refreshState() {
        f.state(w, s);
    }

    /** Runs at most maxIter iterations (and stops at the deadline, System.nanoTime based). */
    public Result run(int maxIter, long deadlineNanos, Monitor monitor) {
        return run(maxIter, deadlineNanos, SolveControl.NONE, monitor);
    }

    /**
     * As above, and ends after the iteration at which {@code control} has a stop request ({@link Result#interrupted};
     * the monitor has seen that iterate, so a met tolerance still ends as {@link Result#stoppedByMonitor}).
     */
    public Result run(int maxIter, long deadlineNanos, SolveControl control, Monitor monitor) {
        int len = w.length;
        System.arraycopy(w, 0, y, 0, len);
        System.arraycopy(s, 0, sy, 0, s.length);
        double t = 1.0;
        double objective = f.value(s) + lambda * penalty.applyAsDouble(w);
        int it = 0;
        while (it < maxIter) {
            it++;
            double fy = f.value(sy);
            f.gradient(sy, grad);
            double fTrial;
            double diffSq;
            int backtracks = 0;
            while (true) {
                for (int i = 0; i < len; i++) {
                    trial[i] = y[i] - step * grad[i];
                }
                prox.apply(trial, trial, step * lambda);
                f.state(trial, sTrial);
                fTrial = f.value(sTrial);
                double lin = 0;
                diffSq = 0;
                for (int i = 0; i < len; i++) {
                    double dv = trial[i] - y[i];
                    lin += grad[i] * dv;
                    diffSq += dv * dv;
                }
                double bound = fy + lin + diffSq / (2 * step);
                if (!Double.isFinite(fTrial) || !Double.isFinite(fy)) {
                    if (backtracks++ > 60) {
                        return new Result(it, Double.NaN, false, true, step);
                    }
                    step *= 0.5;
                    continue;
                }
                if (fTrial <= bound + 1e-12 * Math.abs(fy) || diffSq == 0.0) {
                    break;
                }
                step *= 0.5;
                if (++backtracks > 60) {
                    return new Result(it, Double.NaN, false, true, step);
                }
            }
            double newObjective = fTrial + lambda * penalty.applyAsDouble(trial);
            // restart test: momentum direction disagrees with the gradient mapping, or objective went up
            double dot = 0;
            for (int i = 0; i < len; i++) {
                dot += (y[i] - trial[i]) * (trial[i] - w[i]);
            }
            boolean restart = dot > 0 || newObjective > objective;
            System.arraycopy(w, 0, wPrev, 0, len);
            System.arraycopy(s, 0, sPrev, 0, s.length);
            System.arraycopy(trial, 0, w, 0, len);
            System.arraycopy(sTrial, 0, s, 0, s.length);
            double gradMap = Math.sqrt(diffSq) / step;
            objective = newObjective;
            if (monitor.done(it, w, s, objective, grad, sy, gradMap)) {
                return new Result(it, objective, true, false, step);
            }
            if (!Double.isFinite(objective)) {
                return new Result(it, objective, false, true, step);
            }
            double tNew;
            double mom;
            if (restart) {
                t = 1.0;
                tNew = 1.0;
                mom = 0.0;
            } else {
                tNew = 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
                mom = (t - 1) / tNew;
            }
            for (int i = 0; i < len; i++) {
                y[i] = w[i] + mom * (w[i] - wPrev[i]);
            }
            for (int i = 0; i < s.length; i++) {
                sy[i] = s[i] + mom * (s[i] - sPrev[i]);
            }
            t = tNew;
            if (backtracks == 0) {
                step *= 1.05;
            }
            if (System.nanoTime() > deadlineNanos) {
                return new Result(it, objective, false, false, step);
            }
            if (control.stopRequested()) {
                return new Result(it, objective, false, false, step, true);
            }
        }
        return new Result(it, objective, false, false, step);
    }
}
