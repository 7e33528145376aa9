package org.convexnn.solver;

import java.util.Arrays;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.LossState;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;

/**
 * Semismooth Newton augmented Lagrangian ("ssnal") for gated programs (spec §3.2, §3.6) with squared or logistic
 * loss: a second-order method for the group lasso {@code min_u f(Au) + λ Σ_i ‖u_i‖}, {@code A = [D_1X … D_PX]},
 * {@code f(z) = (1/n) Σ_j ℓ(z_j, y_j)}.
 *
 * <p><b>Method.</b> The augmented Lagrangian of the dual {@code min f*(ξ) + p*(z) s.t. Aᵀξ + z = 0} (multiplier: the
 * primal u, penalty σ) is minimised over z in closed form; what is left is the smooth, strongly convex function of
 * ξ ∈ Rⁿ
 * <pre>  ψ(ξ) = f*(ξ) + ‖prox_{σλ‖·‖}(u − σAᵀξ)‖²/(2σ),   ∇ψ(ξ) = ∇f*(ξ) − A·prox(u − σAᵀξ),</pre>
 * minimised by semismooth Newton steps with an Armijo line search (kept inside the domain of f* for the logistic
 * loss); then {@code u ← prox(u − σAᵀξ)} (a proximal-point step on the primal) and σ grows. The generalized Hessian
 * is {@code ∇²f*(ξ) + σAJAᵀ} ({@code ∇²f*} diagonal: n for the squared loss, {@code n/(t(1−t))} for the logistic
 * one, {@code t = −nyξ}), J block-diagonal with {@code J_i = a_i I + b_i v̂_i v̂_iᵀ} on the groups whose prox is
 * non-zero ({@code a_i = 1 − σλ/‖v_i‖}, {@code b_i = σλ/‖v_i‖}). Because {@code D_iXXᵀD_i = (XXᵀ) ∘ (m_i m_iᵀ)},
 * <pre>  AJAᵀ = (XXᵀ) ∘ (M_S diag(a) M_Sᵀ) + G diag(b) Gᵀ,   G = M_S ∘ (X V̂_Sᵀ)</pre>
 * (M_S: the masks of the active groups as n x |S| columns): two GEMMs of n x n x |S| and a Cholesky factorization,
 * never the n x dP matrix A. For large n, later directions are first tried by conjugate gradients preconditioned
 * with the last factor; where forming and factoring it dominate, the matrix is formed and factored in single
 * precision and every direction is CG in double precision on that factor ({@link NewtonSettings#precision}). The method
 * converges fast where first-order methods crawl (dense optima of coherent programs) and pays O(n²) memory and
 * O(n²P + n³) work per factorization, so it suits programs with up to some thousands of rows ({@link #memoryBytes}).
 *
 * <p><b>Certificate.</b> Every Newton step evaluates the objective at {@code prox(u − σAᵀξ)} and a certified dual
 * bound (spec §3.6) from ξ itself (with the group norms of {@code Aᵀξ}, already at hand); a second one, from the loss
 * gradient at that point (one adjoint pass), near the tolerance and every few steps. The status is OPTIMAL only when
 * the certified relative gap meets the tolerance.
 *
 * <p>c &gt; 1 outputs: the program is c independent programs (spec §12 O-N5), solved one after another.
 */
public final class NewtonAugmentedLagrangian implements ConvexSolver {
    /** σ₀ = SIGMA0 / L with L the Lipschitz constant of the loss part. */
    static final double SIGMA0 = 1e4;
    /**
     * σ₀ for the logistic loss: larger first steps drive the dual iterate t = −nyξ against the ends of [0, 1], where
     * the fraction-to-boundary rule leaves Newton little room (breast_cancer: fails at 1e3, 32–88 steps at 1e2).
     */
    static final double SIGMA0_LOGISTIC = 100.0;
    /**
     * σ₀ of a warm start, whose dual iterate is first scaled into the dual-feasible set, is this many times the cold
     * one. Newton steps of the regularization path (20 λ, tol 1e-6; the Newton part of the path) against no scaling
     * and factor 1: breast_cancer 143 → 124, digits 0 vs 1 151 → 111, diabetes 172 → 143, breast_cancer with the
     * logistic loss (ssnal all along) 291 → 271. The factor alone, without the scaling, was worse (148, 350, 231);
     * 3, 30 and 100 with the scaling gave 133, 128 and 124 on breast_cancer. For the logistic loss this starts warm
     * solves at 10³/L, where cold ones fail; warm ones did not (logistic ssnal paths with 300 gates, all OPTIMAL:
     * digits 0 vs 1 186 steps, heart_scale 227, breast_cancer 252).
     */
    static final double WARM_SIGMA = 10.0;
    /** σ grows by this factor per outer iteration … */
    static final double SIGMA_GROWTH = 5.0;
    /** … up to SIGMA_MAX / L. */
    static final double SIGMA_MAX = 1e8;
    /** Newton steps per outer iteration at most. */
    static final int MAX_INNER = 8;
    /** An outer iteration ends when ‖∇ψ‖ has fallen by this factor. */
    static final double INNER_DECREASE = 0.05;
    /**
     * Conjugate-gradient iterations per Newton direction before the matrix is formed and factored afresh. Fashion-MNIST
     * 0 vs 6 to gap 1e-4: 8 took 156 s (successful solves need 2–7), 4 took 192 s; when every preconditioner solve
     * still cost an n x n transposition inside LAPACKE (row-major calls), 4 took 244 s and 6 took 282 s.
     */
    static final int MAX_PCG = 8;
    /** CG stops at this residual relative to ‖∇ψ‖ (an inexact Newton step; the line search keeps it safe). */
    static final double PCG_RTOL = 0.05;
    /**
     * The second bound (from the loss gradient at the candidate: an adjoint pass) is computed once the gap with the
     * first (from ξ, free) is within this factor of the tolerance …
     */
    static final double RESIDUAL_BOUND_NEAR = 100.0;
    /**
     * … and at least every this many steps (so that a program whose ξ-bound lags still stops). On breast_cancer the
     * ξ-bound certifies every solve of the path; computing the other at every step cost a sixth of Newton's time there.
     */
    static final int RESIDUAL_BOUND_EVERY = 5;
    /**
     * CG on a fresh single-precision factor of the same matrix stops at this residual relative to ‖∇ψ‖: close to the
     * exact direction that a double-precision factor gives.
     */
    static final double FRESH_RTOL = 1e-3;
    /** Largest n whose n x n matrix fits one Java array. */
    static final int MAX_ORDER = 46340;

    private final NewtonSettings newton;
    private final Workspace workspace;

    /** The method with these settings, building its workspace for each solve. */
    public NewtonAugmentedLagrangian(NewtonSettings newton) {
        this(newton, null);
    }

    /**
     * The method with these settings, solving in a workspace kept across solves (a regularization path), or building
     * one per solve when {@code workspace} is null.
     */
    public NewtonAugmentedLagrangian(NewtonSettings newton, Workspace workspace) {
        this.newton = java.util.Objects.requireNonNull(newton, "newton settings");
        this.workspace = workspace;
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return workspace == null ? solve(program, settings, newton, warm.point(), l)
                : solve(program, settings, warm.point(), l, workspace);
    }

    /** Whether the method applies: gated, every coordinate penalized, no free output bias. */
    public static boolean applies(ConvexProgram prog) {
        return prog.formulation() == Formulation.GATED
                && prog.penalized() == prog.d() && !prog.outputBias();
    }

    /**
     * Memory the method needs beyond the program, on the heap and off it (JavaCPP holds off-heap memory to a limit
     * that defaults to the heap's): three n x P matrices (masks and the two GEMM operands), about ten P x d vectors,
     * and the n x n matrices: in double precision X̄X̄ᵀ and the work matrix on the heap and the factor off it; in
     * single precision ({@link NewtonSettings#precision}) X̄X̄ᵀ and the matrix off-heap as floats, n x n doubles' worth in
     * all (should single precision fail, the method moves to double precision if the heap then holds it).
     */
    public static long memoryBytes(ConvexProgram prog, NewtonSettings newton, boolean nativeKernels) {
        long n = prog.n();
        long p = prog.patterns().size();
        long squares = single(prog, newton, nativeKernels) ? n * n : 3 * n * n;
        return 8L * (squares + 3 * n * p + 10 * p * prog.d());
    }

    /**
     * Solves the program.
     *
     * @param warmStart G x d starting point, or null for zero
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                                    IterationListener listener) {
        return solve(op, settings, NewtonSettings.DEFAULT, warmStart, listener);
    }

    /** As above with explicit settings (the precision of the Newton matrix). */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, NewtonSettings newton,
                                    double[] warmStart, IterationListener listener) {
        long start = System.nanoTime();
        try (Workspace ws = workspace(op, newton)) {
            return solve(op, settings, warmStart, listener, ws, start);
        }
    }

    /**
     * Solves the program with a workspace kept across solves of programs that differ only in λ and the targets (a
     * regularization path): what depends on the data alone is computed once.
     *
     * @param ws from {@link #workspace} on a program with the same features and patterns
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                                    IterationListener listener, Workspace ws) {
        return solve(op, settings, warmStart, listener, ws, System.nanoTime());
    }

    private static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                                     IterationListener listener, Workspace ws, long start) {
        ConvexProgram prog = op.program();
        if (!ws.fits(prog)) {
            throw new IllegalArgumentException("the workspace was built for other features or patterns");
        }
        NewtonSystem system = ws.system;
        return prog.outputs() == 1 ? new Single(op, system, settings, settings.deadlineNanos(start), warmStart,
                listener, start).iterate() : solveEachOutput(op, system, settings, warmStart, listener, start);
    }

    /**
     * The workspace of a program: masks, {@code X̄X̄ᵀ}, the n x n buffer, the Cholesky kernel and the Lipschitz
     * estimate ({@link #memoryBytes}). On breast_cancer's regularization path it saved about 30 ms per λ (a tenth).
     *
     * @throws IllegalArgumentException when the method does not apply or n is too large for Java arrays
     */
    public static Workspace workspace(FeatureOperator op, NewtonSettings newton) {
        ConvexProgram prog = op.program();
        if (!applies(prog)) {
            throw new IllegalArgumentException("the Newton augmented Lagrangian solves gated programs with a "
                    + "penalized bias and no output bias");
        }
        if ((long) prog.n() * prog.n() > MAX_ORDER * MAX_ORDER) {
            throw new IllegalArgumentException("the Newton augmented Lagrangian holds n x n matrices in Java arrays: "
                    + "n = " + prog.n() + " is above " + MAX_ORDER);
        }
        return new Workspace(new NewtonSystem(op, single(prog, newton, op.blas().isNative())), prog);
    }

    /**
     * Whether the n x n matrix of this program is formed and factored in single precision under these settings.
     *
     * @param nativeKernels whether the native kernels are in use (single precision needs their LAPACK)
     */
    public static boolean single(ConvexProgram prog, NewtonSettings newton, boolean nativeKernels) {
        if (!nativeKernels) {
            return false;
        }
        switch (newton.precision()) {
            case DOUBLE:
                return false;
            case SINGLE:
                return org.convexnn.linalg.FloatSymmetricMatrix.isAvailable();
            default:
                return NewtonSystem.singlePays(prog.n(), prog.d(), prog.patterns().size());
        }
    }

    /** See {@link #workspace}; close it to free the off-heap factor. Not thread-safe. */
    public static final class Workspace implements AutoCloseable {
        private final NewtonSystem system;
        private final double[] x;
        private final org.convexnn.arrangement.PatternSet patterns;

        private Workspace(NewtonSystem system, ConvexProgram prog) {
            this.system = system;
            this.x = prog.x().data();
            this.patterns = prog.patterns();
        }

        /** Whether a program has the features and patterns this workspace was built from (the same objects). */
        public boolean fits(ConvexProgram prog) {
            return applies(prog) && prog.x().data() == x && prog.patterns() == patterns;
        }

        /** Whether the n x n matrix is (still) formed and factored in single precision. */
        boolean single() {
            return system.single();
        }

        @Override
        public void close() {
            system.close();
        }
    }

    /** c &gt; 1: the c scalar programs one after another, each with its share of the remaining time. */
    private static SolveResult solveEachOutput(FeatureOperator op, NewtonSystem system, SolverSettings settings,
                                               double[] warmStart, IterationListener listener, long start) {
        ConvexProgram prog = op.program();
        int c = prog.outputs();
        // one scalar program per output, each with its share of the remaining time and iterations
        int d = prog.d();
        int p = prog.patterns().size();
        int n = prog.n();
        double[] w = new double[p * c * d];
        double[] yAll = prog.y().data();
        double objective = 0;
        double bound = 0;
        double[] candidate = new double[n * c];
        int iterations = 0;
        SolveStatus status = SolveStatus.OPTIMAL;
        long deadline = settings.deadlineNanos(start);
        for (int k = 0; k < c; k++) {
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                yk[i] = yAll[i * c + k];
            }
            ConvexProgram sub = new ConvexProgram(prog.x(), Matrix.wrap(n, 1, yk), prog.patterns(),
                    Formulation.GATED, prog.activation(), prog.loss(), prog.lambda());
            // row blocks no larger than the whole program's Z block: the memory budget holds for the sub-programs
            FeatureOperator subOp = new MaskedFeatureOperator(sub, op.blas(), 8L * op.rowBlock() * p * c);
            double[] wk = null;
            if (warmStart != null) {
                wk = new double[p * d];
                for (int b = 0; b < p; b++) {
                    System.arraycopy(warmStart, (b * c + k) * d, wk, b * d, d);
                }
            }
            long now = System.nanoTime();
            long share = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : now + Math.max(0, deadline - now) / (c - k);
            // each output's gap within tol·max(1,|F_k|) keeps the joint gap within tol·Σ max(1,|F_k|); ask each for
            // tol/c so that the joint relative gap meets tol even when every F_k is below 1
            SolverSettings ss = new SolverSettings(settings.tol() / c,
                    Math.max(1, settings.maxIterations() - iterations), settings.timeLimitSeconds());
            final int base = iterations;
            final double objDone = objective;
            final double lbDone = bound;
            IterationListener relay = listener == null ? null : info -> listener.onIteration(new IterationInfo(
                    base + info.iteration(), objDone + info.objective(), lbDone + info.lowerBound(),
                    SolveResult.relativeGap(objDone + info.objective(), lbDone + info.lowerBound()), 0.0,
                    (System.nanoTime() - start) / 1e9));
            SolveResult r = new Single(subOp, system, ss, share, wk, relay, start).iterate();
            for (int b = 0; b < p; b++) {
                System.arraycopy(r.weights(), b * d, w, (b * c + k) * d, d);
            }
            objective += r.objective();
            bound += r.lowerBound();
            double[] ck = r.dualCandidate();
            for (int i = 0; i < n; i++) {
                candidate[i * c + k] = ck == null ? Double.NaN : ck[i];
            }
            iterations += r.iterations();
            if (r.status() != SolveStatus.OPTIMAL && status == SolveStatus.OPTIMAL) {
                status = r.status();
            }
        }
        if (status == SolveStatus.OPTIMAL && SolveResult.relativeGap(objective, bound) > settings.tol()) {
            status = SolveStatus.MAX_ITERATIONS;
        }
        // the program is c independent programs (spec §12 O-N5): the columns' candidates together certify the sum
        return new SolveResult(status, w, iterations, (System.nanoTime() - start) / 1e9, objective, bound, 0.0,
                "ssnal", candidate);
    }

    /** The method on a one-output program. */
    private static final class Single {
        final FeatureOperator op;
        final SolverSettings settings;
        final IterationListener listener;
        final long start;
        final long deadline;
        final int n;
        final int d;
        final int p;
        final double lambda;
        final Loss loss;
        final LossConjugate conjugate;
        final double[] y;
        final NewtonSystem system;
        final double lipschitz;
        final double[] u;
        final double[] xi;
        final double[] atxi;
        final double[] v;
        final double[] vNorm;
        final double[] up;
        final double[] pred;
        final double[] grad;
        /** Whether the next direction may try CG on the last factor (not after a refactorization at the same σ). */
        boolean tryCg = true;
        /** Whether a warm start was given. */
        final boolean warm;
        /** Steps since the residual bound was last computed. */
        int sinceResidualBound;
        double sigma;
        int iterations;
        double bestObjective = Double.POSITIVE_INFINITY;
        double[] bestW;
        BestBound best = new BestBound();

        /**
         * @param settings tolerance and iteration limit (its time limit is replaced by {@code deadline})
         * @param deadline System.nanoTime() at which to stop, or Long.MAX_VALUE
         * @param start    System.nanoTime() the reported seconds count from
         */
        Single(FeatureOperator op, NewtonSystem system, SolverSettings settings, long deadline,
               double[] warmStart, IterationListener listener, long start) {
            this.op = op;
            this.settings = settings;
            this.listener = listener;
            this.start = start;
            this.deadline = deadline;
            ConvexProgram prog = op.program();
            this.n = prog.n();
            this.d = prog.d();
            this.p = prog.patterns().size();
            this.lambda = prog.lambda();
            this.loss = prog.loss();
            this.y = prog.y().data();
            this.conjugate = new LossConjugate(loss, y);
            this.system = system;
            this.lipschitz = system.lipschitz() * (loss == Loss.LOGISTIC ? 0.25 : 1.0);
            this.u = warmStart != null ? warmStart.clone() : new double[p * d];
            this.warm = warmStart != null;
            this.xi = new double[n];
            this.atxi = new double[p * d];
            this.v = new double[p * d];
            this.vNorm = new double[p];
            this.up = new double[p * d];
            this.pred = new double[n];
            this.grad = new double[n];
            this.bestW = u.clone();
        }

        SolveResult iterate() {
            sigma = (loss == Loss.LOGISTIC ? SIGMA0_LOGISTIC : SIGMA0) / lipschitz;
            double sigmaMax = SIGMA_MAX / lipschitz;
            // ξ = ℓ'(ŷ)/n at the warm start (inside the conjugate's domain for the logistic loss); the start itself
            // is the first candidate, certified by that ξ, so the result is never worse than the warm start
            op.forward(u, pred, null);
            LossState.derivative(loss, pred, y, 1.0 / n, xi);
            conjugate.moveInside(xi);
            op.adjoint(xi, atxi);
            bestObjective = LossState.mean(loss, pred, y, n) + lambda * GroupNorms.sum(u, p, d, d);
            best = new BestBound();
            offerXi();
            if (warm) {
                // scale ξ into the dual-feasible set (‖Aᵀξ‖ ≤ λ on every group; inside the logistic domain too, which
                // holds 0): at the previous λ's optimum, prox(u − σAᵀξ) is then about u whatever σ, so a larger σ₀
                // does not throw the first iterate far from the warm start (the bound from ξ is unchanged: it scales
                // the same way)
                double gamma = GroupNorms.maxPerOutput(atxi, p, d, d, 1)[0];
                if (gamma > lambda) {
                    double f = lambda / gamma;
                    for (int i = 0; i < n; i++) {
                        xi[i] *= f;
                    }
                    for (int j = 0; j < atxi.length; j++) {
                        atxi[j] *= f;
                    }
                }
                sigma *= WARM_SIGMA;
            }
            double[] dir = new double[n];
            double[] atd = new double[p * d];
            double[] residAdj = new double[p * d];
            SolveStatus status = null;
            outer:
            while (true) {
                double grad0 = Double.NaN;
                for (int inner = 0; ; inner++) {
                    double psi = evaluate();
                    double gnorm = norm(grad);
                    if (!Double.isFinite(gnorm)) {
                        status = SolveStatus.NUMERICAL_ERROR;
                        break outer;
                    }
                    // certify prox(u − σAᵀξ): its objective, the bound from ξ and, near the tolerance or every few
                    // steps, the bound from its loss gradient
                    double objective = LossState.mean(loss, pred, y, n) + lambda * GroupNorms.sum(up, p, d, d);
                    double lbXi = offerXi();
                    double lbRes = Double.NEGATIVE_INFINITY;
                    sinceResidualBound++;
                    double gapXi = SolveResult.relativeGap(Math.min(objective, bestObjective),
                            Math.max(best.value(), lbXi));
                    if (sinceResidualBound >= RESIDUAL_BOUND_EVERY || gapXi <= RESIDUAL_BOUND_NEAR * settings.tol()) {
                        ProgramBound.Evaluation res = ProgramBound.evaluateAt(op, null, up, pred, residAdj);
                        lbRes = res.lowerBound();
                        best.offer(lbRes, res.candidate());
                        sinceResidualBound = 0;
                    }
                    if (!Double.isFinite(objective) || !Double.isFinite(psi)) {
                        status = SolveStatus.NUMERICAL_ERROR;
                        break outer;
                    }
                    if (objective < bestObjective) {
                        bestObjective = objective;
                        System.arraycopy(up, 0, bestW, 0, up.length);
                    }
                    double bestBound = best.value();
                    double gap = SolveResult.relativeGap(bestObjective, bestBound);
                    if (listener != null) {
                        listener.onIteration(new IterationInfo(iterations, bestObjective, bestBound, gap, 0.0,
                                (System.nanoTime() - start) / 1e9));
                    }
                    if (gap <= settings.tol()) {
                        status = SolveStatus.OPTIMAL;
                        break outer;
                    }
                    if (System.nanoTime() >= deadline) {
                        status = SolveStatus.TIME_LIMIT;
                        break outer;
                    }
                    if (iterations >= settings.maxIterations()) {
                        status = SolveStatus.MAX_ITERATIONS;
                        break outer;
                    }
                    if (inner == 0) {
                        grad0 = gnorm;
                    } else if (gnorm <= INNER_DECREASE * grad0 || inner >= MAX_INNER) {
                        break;
                    }
                    // Newton direction (and Aᵀ·direction for the line search)
                    int pcg = system.factored() && tryCg && system.conjugateGradientsPay(sigma * lambda, vNorm)
                            ? preconditionedCg(dir, atd, gnorm, PCG_RTOL) : -1;
                    if (pcg < 0) {
                        // CG failed or was not tried: factor afresh; no CG again before σ changes (the active
                        // groups are moving, so an older factor would not precondition the next matrix either)
                        double[] curvature = new double[n];
                        for (int i = 0; i < n; i++) {
                            curvature[i] = conjugate.curvature(xi, i);
                        }
                        if (!system.factor(sigma, sigma * lambda, v, vNorm, curvature)) {
                            status = SolveStatus.NUMERICAL_ERROR;
                            break outer;
                        }
                        // a single-precision factor of this very matrix: CG on it gives about the exact direction in
                        // one or two iterations; when it does not, σ has grown too far for single precision
                        if (system.single() && preconditionedCg(dir, atd, gnorm, FRESH_RTOL) < 0) {
                            if (!system.useDouble() || !system.factor(sigma, sigma * lambda, v, vNorm, curvature)) {
                                status = SolveStatus.NUMERICAL_ERROR;
                                break outer;
                            }
                        }
                        if (!system.single()) {
                            for (int i = 0; i < n; i++) {
                                dir[i] = -grad[i];
                            }
                            system.solve(dir);
                            op.adjoint(dir, atd);
                        }
                        tryCg = false;
                    }
                    iterations++;
                    double slope = 0;
                    for (int i = 0; i < n; i++) {
                        slope += grad[i] * dir[i];
                    }
                    if (!(slope < 0)) {
                        break; // ∇ψ is numerically zero for this σ
                    }
                    double t = Math.min(1.0, 0.995 * conjugate.stepToBoundary(xi, dir));
                    double[] xiTrial = new double[n];
                    while (true) {
                        for (int i = 0; i < n; i++) {
                            xiTrial[i] = xi[i] + t * dir[i];
                        }
                        double trial = psiAt(xiTrial, atd, t);
                        if (trial <= psi + 1e-4 * t * slope || t < 1e-10) {
                            break;
                        }
                        t *= 0.5;
                    }
                    for (int i = 0; i < n; i++) {
                        xi[i] += t * dir[i];
                    }
                    for (int j = 0; j < atxi.length; j++) {
                        atxi[j] += t * atd[j];
                    }
                }
                // proximal-point step on the primal
                System.arraycopy(up, 0, u, 0, u.length);
                tryCg = true;
                sigma = Math.min(sigma * SIGMA_GROWTH, sigmaMax);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new SolveResult(status, bestW, iterations, secs, bestObjective, best.value(), 0.0, "ssnal",
                    best.candidate());
        }

        /**
         * The certified bound from the dual candidate ξ (loss gradient nξ), with the group norms of Aᵀξ; offered to
         * the best bound with its candidate. Returns the bound.
         */
        private double offerXi() {
            double[] scaledXi = new double[n];
            for (int i = 0; i < n; i++) {
                scaledXi[i] = n * xi[i];
            }
            double lb = DualBound.lowerBound(loss, scaledXi, y, n, lambda, GroupNorms.maxPerOutput(atxi, p, d, d, 1));
            best.offer(lb, scaledXi);
            return lb;
        }

        /** At the current ξ: v, its norms, up = prox(v), pred = A·up, ∇ψ; returns ψ. */
        private double evaluate() {
            double upSq = shrink(u, atxi, sigma, v, vNorm, up);
            op.forward(up, pred, null);
            conjugate.gradient(xi, grad);
            for (int i = 0; i < n; i++) {
                grad[i] -= pred[i];
            }
            return upSq / (2 * sigma) + conjugate.value(xi);
        }

        /** ψ at ξ + t·dir given Aᵀdir (no operator pass: v moves along −σtAᵀdir). */
        private double psiAt(double[] xiTrial, double[] atd, double t) {
            return shrink(v, atd, sigma * t, null, null, null) / (2 * sigma) + conjugate.value(xiTrial);
        }

        /**
         * The group soft-threshold at σλ of {@code w = base − step·shift}: returns {@code Σ_b ‖prox(w)_b‖²} and, when
         * the arrays are given, stores w, its group norms and prox(w).
         */
        private double shrink(double[] base, double[] shift, double step, double[] wOut, double[] normOut,
                              double[] proxOut) {
            double sl = sigma * lambda;
            double sq = 0;
            for (int b = 0; b < p; b++) {
                int o = b * d;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double wj = base[o + j] - step * shift[o + j];
                    if (wOut != null) {
                        wOut[o + j] = wj;
                    }
                    s += wj * wj;
                }
                double nw = Math.sqrt(s);
                double f = nw > sl ? 1.0 - sl / nw : 0.0;
                if (normOut != null) {
                    normOut[b] = nw;
                    for (int j = 0; j < d; j++) {
                        proxOut[o + j] = f * wOut[o + j];
                    }
                }
                sq += f * f * s;
            }
            return sq;
        }

        /**
         * Inexact Newton direction by conjugate gradients on {@code (nI + σAJAᵀ) dir = −∇ψ}, preconditioned by the
         * last Cholesky factor (of the same matrix at an earlier σ and J: close to it once the active groups
         * settle) or by a fresh single-precision one, with products applied as one adjoint and one forward pass. Stops
         * at a residual of rtol·‖∇ψ‖ and accumulates {@code Aᵀdir} on the way.
         *
         * @return the CG iterations used, or −1 when {@link #MAX_PCG} did not reach the tolerance
         */
        private int preconditionedCg(double[] dir, double[] atd, double gnorm, double rtol) {
            double[] r = new double[n];
            double[] z = new double[n];
            double[] pv = new double[n];
            double[] q = new double[n];
            double[] atp = new double[p * d];
            double[] jw = new double[p * d];
            Arrays.fill(dir, 0.0);
            Arrays.fill(atd, 0.0);
            for (int i = 0; i < n; i++) {
                r[i] = -grad[i];
            }
            System.arraycopy(r, 0, z, 0, n);
            system.solve(z);
            System.arraycopy(z, 0, pv, 0, n);
            double rz = dot(r, z);
            double sl = sigma * lambda;
            for (int k = 1; k <= MAX_PCG; k++) {
                op.adjoint(pv, atp);
                system.applyJacobian(sl, v, vNorm, atp, jw);
                op.forward(jw, q, null);
                for (int i = 0; i < n; i++) {
                    q[i] = conjugate.curvature(xi, i) * pv[i] + sigma * q[i];
                }
                double pq = dot(pv, q);
                if (!(pq > 0)) {
                    return -1;
                }
                double alpha = rz / pq;
                for (int i = 0; i < n; i++) {
                    dir[i] += alpha * pv[i];
                    r[i] -= alpha * q[i];
                }
                for (int j = 0; j < atd.length; j++) {
                    atd[j] += alpha * atp[j];
                }
                if (norm(r) <= rtol * gnorm) {
                    return k;
                }
                System.arraycopy(r, 0, z, 0, n);
                system.solve(z);
                double rzNew = dot(r, z);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int i = 0; i < n; i++) {
                    pv[i] = z[i] + beta * pv[i];
                }
            }
            return -1;
        }

    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
