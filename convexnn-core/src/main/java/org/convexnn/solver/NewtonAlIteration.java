package org.convexnn.solver;

import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Loss;

/**
 * The semismooth Newton augmented Lagrangian on a one-output program (spec §4): outer iterations of the proximal-point
 * method on the primal, {@code u ← prox(u − σAᵀξ)} with σ growing ({@link NewtonRules}), each minimising ψ
 * ({@link AugmentedDual}) by Newton steps ({@link NewtonDirection}) with an Armijo line search. Every step certifies
 * its candidate ({@link CertifiedInterval}); the status is OPTIMAL only when the certified relative gap meets the
 * tolerance.
 */
final class NewtonAlIteration {
    private final FeatureOperator op;
    private final SolverSettings settings;
    private final IterationListener listener;
    private final long start;
    private final long deadline;
    private final AugmentedDual dual;
    private final NewtonDirection direction;
    /** The Lipschitz constant of the loss part. */
    private final double lipschitz;
    /** Whether a warm start was given. */
    private final boolean warm;
    private int iterations;

    /**
     * @param settings  tolerance and iteration limit (its time limit is replaced by {@code deadline})
     * @param deadline  System.nanoTime() at which to stop, or Long.MAX_VALUE
     * @param warmStart P x d starting point, or null for zero
     * @param start     System.nanoTime() the reported seconds count from
     */
    NewtonAlIteration(FeatureOperator op, NewtonSystem system, SolverSettings settings, long deadline,
                      double[] warmStart, IterationListener listener, long start) {
        this.op = op;
        this.settings = settings;
        this.listener = listener;
        this.start = start;
        this.deadline = deadline;
        this.dual = new AugmentedDual(op, warmStart);
        this.direction = new NewtonDirection(op, system);
        this.lipschitz = system.lipschitz() * (dual.loss() == Loss.LOGISTIC ? 0.25 : 1.0);
        this.warm = warmStart != null;
    }

    SolveResult iterate() {
        dual.setSigma(NewtonRules.initialSigma(dual.loss(), lipschitz));
        double sigmaMax = NewtonRules.SIGMA_MAX / lipschitz;
        // ξ = ℓ'(ŷ)/n at the warm start; the start itself is the first candidate, certified by that ξ, so the result
        // is never worse than the warm start
        dual.startAtPrimal();
        CertifiedInterval interval = new CertifiedInterval(op, dual.objective(dual.u), dual.u);
        interval.offerXi(dual);
        if (warm) {
            dual.scaleIntoDualFeasibleSet();
            dual.setSigma(dual.sigma() * NewtonRules.WARM_SIGMA);
        }
        double[] dir = new double[dual.n];
        double[] atd = new double[dual.p * dual.d];
        SolveStatus status;
        outer:
        while (true) {
            double grad0 = Double.NaN;
            for (int inner = 0; ; inner++) {
                double psi = dual.evaluate();
                double gnorm = dual.gradientNorm();
                if (!Double.isFinite(gnorm)) {
                    status = SolveStatus.NUMERICAL_ERROR;
                    break outer;
                }
                double objective = dual.objective(dual.up);
                interval.offerBounds(dual, objective, settings.tol());
                if (!Double.isFinite(objective) || !Double.isFinite(psi)) {
                    status = SolveStatus.NUMERICAL_ERROR;
                    break outer;
                }
                interval.offerPoint(objective, dual.up);
                status = stop(interval);
                if (status != null) {
                    break outer;
                }
                if (inner == 0) {
                    grad0 = gnorm;
                } else if (gnorm <= NewtonRules.INNER_DECREASE * grad0 || inner >= NewtonRules.MAX_INNER) {
                    break;
                }
                if (!direction.find(dual, gnorm, dir, atd)) {
                    status = SolveStatus.NUMERICAL_ERROR;
                    break outer;
                }
                iterations++;
                double slope = dual.slope(dir);
                if (!(slope < 0)) {
                    break; // ∇ψ is numerically zero for this σ
                }
                dual.move(dual.lineSearch(psi, slope, dir, atd), dir, atd);
            }
            dual.updateMultiplier();
            direction.allowCg();
            dual.setSigma(Math.min(dual.sigma() * NewtonRules.SIGMA_GROWTH, sigmaMax));
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new SolveResult(status, interval.point(), iterations, secs, interval.objective(), interval.bound(), 0.0,
                "ssnal", interval.candidate());
    }

    /** Reports the step; the status to stop with (certified gap, time, iterations), or null to go on. */
    private SolveStatus stop(CertifiedInterval interval) {
        double gap = interval.gap();
        if (listener != null) {
            listener.onIteration(new IterationInfo(iterations, interval.objective(), interval.bound(), gap, 0.0,
                    (System.nanoTime() - start) / 1e9));
        }
        if (gap <= settings.tol()) {
            return SolveStatus.OPTIMAL;
        }
        if (settings.stopRequested()) {
            return SolveStatus.INTERRUPTED;
        }
        settings.control().offer(() -> interval.point().clone());
        if (System.nanoTime() >= deadline) {
            return SolveStatus.TIME_LIMIT;
        }
        if (iterations >= settings.maxIterations()) {
            return SolveStatus.MAX_ITERATIONS;
        }
        return null;
    }
}
