package org.convexnn.solver.ipm;

/**
 * Primal-dual interior-point method for {@link ConicProblem}s over products of orthants and second-order cones.
 * The dual is {@code max −bᵀy − hᵀz s.t. Aᵀy + Gᵀz + c = 0, z ∈ K}.
 *
 * <p>Method: the homogeneous self-dual embedding
 * <pre>
 *   [0]   [ 0   Aᵀ  Gᵀ  c] [x]     (s, κ) ∈ K × R₊, (z, τ) ∈ K × R₊,
 *   [0] = [−A   0   0   b] [y]
 *   [s]   [−G   0   0   h] [z]
 *   [κ]   [−cᵀ −bᵀ −hᵀ  0] [τ]
 * </pre>
 * followed by Newton steps on the central path with Nesterov–Todd scaling: for each cone a scaling W
 * ({@link Cone}) with {@code W z = W⁻¹ s = λ}, and the linearised centrality condition
 * {@code λ∘(W⁻¹Δs + WΔz) = σμe − λ∘λ − (Mehrotra correction)}. Each iteration factors the reduced normal matrix
 * {@code Gᵀ W⁻² G + AᵀA} once ({@link KktSystem}), solves three KKT systems, takes an affine predictor step, picks
 * {@code σ = (1 − α_aff)³} and takes the combined predictor–corrector step. τ → 0 with κ &gt; 0 yields the
 * infeasibility certificates ({@link Termination}).
 */
public final class ConicSolver {

    /**
     * Solver settings; the defaults are the {@code DEFAULT_*} constants.
     *
     * @param maxIterations iteration limit (≥ 0)
     * @param feasTol       relative primal/dual residual and infeasibility-certificate tolerance (&gt; 0, finite)
     * @param gapTol        gap tolerance: {@code sᵀz ≤ gapTol·max(1, min(|pcost|, |dcost|))} (&gt; 0, finite)
     * @param deadlineNanos {@link System#nanoTime()} deadline (Long.MAX_VALUE for none)
     * @param denseKkt      always factor the dense normal matrix, never the structured one
     * @param debug         print one line per iteration and breakdowns to standard error
     * @param interrupt     polled between iterations: true ends the run as {@link ConicStatus#INTERRUPTED} with the
     *                      best iterate (null: never)
     */
    public record Settings(int maxIterations, double feasTol, double gapTol, long deadlineNanos, boolean denseKkt,
                           boolean debug, java.util.function.BooleanSupplier interrupt) {
        public static final int DEFAULT_MAX_ITERATIONS = 100;
        public static final double DEFAULT_FEAS_TOL = 1e-8;
        public static final double DEFAULT_GAP_TOL = 1e-8;
        public static final long DEFAULT_DEADLINE_NANOS = Long.MAX_VALUE;
        public static final boolean DEFAULT_DENSE_KKT = false;
        public static final boolean DEFAULT_DEBUG = false;

        public Settings {
            if (maxIterations < 0) {
                throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
            }
            if (!(feasTol > 0) || !Double.isFinite(feasTol)) {
                throw new IllegalArgumentException("feasTol must be finite and > 0, got " + feasTol);
            }
            if (!(gapTol > 0) || !Double.isFinite(gapTol)) {
                throw new IllegalArgumentException("gapTol must be finite and > 0, got " + gapTol);
            }
        }

        /** The given limits, never interrupted. */
        public Settings(int maxIterations, double feasTol, double gapTol, long deadlineNanos, boolean denseKkt,
                        boolean debug) {
            this(maxIterations, feasTol, gapTol, deadlineNanos, denseKkt, debug, null);
        }

        /** Whether a stop was requested ({@link #interrupt}). */
        public boolean interrupted() {
            return interrupt != null && interrupt.getAsBoolean();
        }

        /** These settings with a stop request to poll between iterations. */
        public Settings withInterrupt(java.util.function.BooleanSupplier stop) {
            return new Settings(maxIterations, feasTol, gapTol, deadlineNanos, denseKkt, debug, stop);
        }

        /** The given limits with the default {@code denseKkt} and {@code debug}. */
        public Settings(int maxIterations, double feasTol, double gapTol, long deadlineNanos) {
            this(maxIterations, feasTol, gapTol, deadlineNanos, DEFAULT_DENSE_KKT, DEFAULT_DEBUG);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_ITERATIONS, DEFAULT_FEAS_TOL, DEFAULT_GAP_TOL, DEFAULT_DEADLINE_NANOS);
        }

        public Settings withDenseKkt(boolean dense) {
            return new Settings(maxIterations, feasTol, gapTol, deadlineNanos, dense, debug, interrupt);
        }

        public Settings withDebug(boolean on) {
            return new Settings(maxIterations, feasTol, gapTol, deadlineNanos, denseKkt, on, interrupt);
        }
    }

    /** Fraction of the step to the boundary taken. */
    private static final double STEP_FRACTION = 0.99;

    private final Settings settings;
    private final ConicData data;
    private final ProductCone cones;
    private final KktSystem kkt;
    private final Residuals residuals;
    private final Termination termination;
    private final SolutionRecovery recovery;
    /** −c, the x part of the τ-direction's right-hand side. */
    private final double[] negC;
    private final double[] tmp;
    private final double[] tmp2;

    private ConicSolver(ConicProblem problem, Settings settings, long start) {
        this.settings = settings;
        this.data = new ConicData(problem);
        this.cones = new ProductCone(data);
        this.kkt = new KktSystem(data, cones, settings.denseKkt(), this::debug);
        this.residuals = new Residuals(data, cones.degree());
        this.termination = new Termination(data, settings);
        this.recovery = new SolutionRecovery(data, start);
        this.negC = Vec.scaled(data.c, -1.0);
        this.tmp = new double[data.m];
        this.tmp2 = new double[data.m];
    }

    public static ConicResult solve(ConicProblem problem) {
        return solve(problem, Settings.defaults());
    }

    public static ConicResult solve(ConicProblem problem, Settings settings) {
        long start = System.nanoTime();
        return new ConicSolver(problem, settings, start).run();
    }

    // ---------------------------------------------------------------- the method

    private ConicResult run() {
        Iterate v = new Iterate(data.nx, data.ny, data.m);
        if (!initialPoint(v)) {
            return recovery.failure(ConicStatus.NUMERICAL_ERROR, v, 0);
        }
        BestIterate best = new BestIterate();
        for (int it = 0;; it++) {
            ConicInfo info = residuals.evaluate(v, it);
            best.offer(info, v);
            trace(info);
            ConicStatus status = termination.checkTermination(info, v);
            if (status != null) {
                return recovery.terminal(status, info, v, best);
            }
            if (!updateScaling(v)) {
                debug("scaling/factorisation failed");
                return recovery.best(ConicStatus.NUMERICAL_ERROR, best, it);
            }
            double[][] d1 = tauDirection();
            double d1dot = Vec.dot(data.c, d1[0]) + Vec.dot(data.b, d1[1]) + Vec.dot(data.h, d1[2]);
            Direction aff = affineDirection(v, d1, d1dot);
            if (aff == null) {
                debug("affine direction");
                return recovery.best(ConicStatus.NUMERICAL_ERROR, best, it);
            }
            double sigma = centering(Math.min(1.0, stepLength(aff, v)));
            Direction dir = combinedDirection(v, aff, sigma, info.mu(), d1, d1dot);
            if (dir == null) {
                debug("combined direction");
                return recovery.best(ConicStatus.NUMERICAL_ERROR, best, it);
            }
            double alpha = Math.min(1.0, STEP_FRACTION * stepLength(dir, v));
            if (!(alpha > 1e-12)) {
                debug("step " + alpha);
                return recovery.best(ConicStatus.NUMERICAL_ERROR, best, it);
            }
            v.step(alpha, dir);
            if (!(v.tau > 0) || !(v.kappa > 0)) {
                debug("tau/kappa " + v.tau + " " + v.kappa);
                return recovery.best(ConicStatus.NUMERICAL_ERROR, best, it);
            }
        }
    }

    /**
     * Least-squares points with W = I: x, s from {@code K[x; y; −s] = [0; b; h]} and y, z from
     * {@code K[x; y; z] = [−c; 0; 0]}, then s and z shifted into the interior.
     */
    private boolean initialPoint(Iterate v) {
        cones.setIdentityScaling();
        if (!kkt.factor()) {
            return false;
        }
        double[][] sol = kkt.solve(new double[data.nx], data.b.clone(), data.h.clone());
        System.arraycopy(sol[0], 0, v.x, 0, data.nx);
        for (int i = 0; i < data.m; i++) {
            v.s[i] = -sol[2][i];
        }
        sol = kkt.solve(negC, new double[data.ny], new double[data.m]);
        System.arraycopy(sol[1], 0, v.y, 0, data.ny);
        System.arraycopy(sol[2], 0, v.z, 0, data.m);
        cones.shiftIntoInterior(v.s);
        cones.shiftIntoInterior(v.z);
        return true;
    }

    /** Nesterov–Todd scaling at (s, z) and the KKT factorisation for it. */
    private boolean updateScaling(Iterate v) {
        return cones.updateScaling(v.s, v.z) && kkt.factor();
    }

    /** d₁ = K⁻¹[−c; b; h], the part of every direction proportional to Δτ. */
    private double[][] tauDirection() {
        return kkt.solve(negC, data.b.clone(), data.h.clone());
    }

    /** Predictor: r_c = −λ∘λ, r_κ = −τκ, full residual reduction. */
    private Direction affineDirection(Iterate v, double[][] d1, double d1dot) {
        double[] lambda = cones.lambda();
        double[] rc = new double[data.m];
        cones.jordanProduct(lambda, lambda, rc);
        Vec.negate(rc);
        return solveDirection(v, rc, -v.tau * v.kappa, 1.0, d1, d1dot);
    }

    /** σ = (1 − α_aff)³. */
    private static double centering(double alphaAff) {
        return Math.pow(Math.max(0.0, Math.min(1.0, 1.0 - alphaAff)), 3);
    }

    /** Predictor–corrector: r_c = −λ∘λ − Δs̃_a∘Δz̃_a + σμe, r_κ = −τκ − Δτ_aΔκ_a + σμ, reduction 1 − σ. */
    private Direction combinedDirection(Iterate v, Direction aff, double sigma, double mu, double[][] d1,
                                        double d1dot) {
        double[] lambda = cones.lambda();
        double[] rc = new double[data.m];
        cones.jordanProduct(lambda, lambda, rc);
        cones.jordanProduct(aff.dsScaled, aff.dzScaled, tmp);
        for (int i = 0; i < data.m; i++) {
            rc[i] = -rc[i] - tmp[i];
        }
        cones.addIdentity(rc, sigma * mu);
        double rk = -v.tau * v.kappa - aff.dtau * aff.dkappa + sigma * mu;
        return solveDirection(v, rc, rk, 1.0 - sigma, d1, d1dot);
    }

    /**
     * Solves the linearised embedding with target residual reduction η:
     * {@code K[dx;dy;dz] = [−η r_x − c Δτ; η r_y + b Δτ; η r_z + h Δτ − W(λ⧵r_c)]}, Δτ from the last row, then
     * Δs, Δκ. Null when the result is not finite.
     */
    private Direction solveDirection(Iterate v, double[] rc, double rk, double eta, double[][] d1, double d1dot) {
        int m = data.m;
        double tau = v.tau;
        double kappa = v.kappa;
        cones.jordanDivide(cones.lambda(), rc, tmp); // λ⧵r_c
        cones.mulW(tmp, tmp2); // W(λ⧵r_c)
        double[] ux = Vec.scaled(residuals.rx, -eta);
        double[] uy = Vec.scaled(residuals.ry, eta);
        double[] uz = new double[m];
        for (int i = 0; i < m; i++) {
            uz[i] = eta * residuals.rz[i] - tmp2[i];
        }
        double[][] d2 = kkt.solve(ux, uy, uz);
        double den = kappa / tau - d1dot;
        double num = -eta * residuals.rt + rk / tau + Vec.dot(data.c, d2[0]) + Vec.dot(data.b, d2[1])
                + Vec.dot(data.h, d2[2]);
        double dtau = num / den;
        if (!Double.isFinite(dtau)) {
            return null;
        }
        double dkappa = (rk - kappa * dtau) / tau;
        double[] dx = d2[0];
        double[] dy = d2[1];
        double[] dz = d2[2];
        Vec.axpy(dtau, d1[0], dx);
        Vec.axpy(dtau, d1[1], dy);
        Vec.axpy(dtau, d1[2], dz);
        // Δs = W(λ⧵r_c − WΔz);  W⁻¹Δs = λ⧵r_c − WΔz
        double[] dzScaled = new double[m];
        cones.mulW(dz, dzScaled);
        double[] dsScaled = new double[m];
        for (int i = 0; i < m; i++) {
            dsScaled[i] = tmp[i] - dzScaled[i];
        }
        double[] ds = new double[m];
        cones.mulW(dsScaled, ds);
        for (double val : dx) {
            if (!Double.isFinite(val)) {
                return null;
            }
        }
        return new Direction(dx, dy, dz, ds, dsScaled, dzScaled, dtau, dkappa);
    }

    /** Largest α ≤ ∞ with λ + αW⁻¹Δs ∈ K, λ + αWΔz ∈ K, τ + αΔτ ≥ 0, κ + αΔκ ≥ 0. */
    private double stepLength(Direction d, Iterate v) {
        double[] lambda = cones.lambda();
        double alpha = Math.min(cones.stepToBoundary(lambda, d.dsScaled), cones.stepToBoundary(lambda, d.dzScaled));
        if (d.dtau < 0) {
            alpha = Math.min(alpha, -v.tau / d.dtau);
        }
        if (d.dkappa < 0) {
            alpha = Math.min(alpha, -v.kappa / d.dkappa);
        }
        return alpha;
    }

    // ---------------------------------------------------------------- diagnostics

    private void trace(ConicInfo info) {
        if (settings.debug()) {
            System.err.printf("ipm %3d pcost %.10e dcost %.10e gap %.2e pres %.2e dres %.2e tau %.2e kappa %.2e%n",
                    info.iteration(), info.primalCost(), info.dualCost(), info.gap(), info.primalResidual(),
                    info.dualResidual(), info.tau(), info.kappa());
        }
    }

    private void debug(String msg) {
        if (settings.debug()) {
            System.err.println("ipm: " + msg);
        }
    }
}
