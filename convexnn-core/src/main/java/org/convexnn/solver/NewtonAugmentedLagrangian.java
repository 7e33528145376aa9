package org.convexnn.solver;

import java.util.Arrays;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.certificate.DualBound;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Cholesky;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;

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
 * with the last factor. The method converges fast where first-order methods crawl (dense optima of coherent
 * programs) and pays O(n²) memory and O(n²P + n³) work per factorization, so it suits programs with up to some
 * thousands of rows ({@link #heapBytes}).
 *
 * <p><b>Certificate.</b> Every Newton step evaluates the objective at {@code prox(u − σAᵀξ)} and two certified dual
 * bounds (spec §3.6): from ξ itself (with the group norms of {@code Aᵀξ}, already at hand) and from the loss gradient
 * at that point (one adjoint pass). The status is OPTIMAL only when the certified relative gap meets the tolerance.
 *
 * <p>c &gt; 1 outputs: the program is c independent programs (spec §12 O-N5), solved one after another.
 */
public final class NewtonAugmentedLagrangian {
    /** σ₀ = SIGMA0 / L with L the Lipschitz constant of the loss part. */
    static final double SIGMA0 = 1e4;
    /**
     * σ₀ for the logistic loss: larger first steps drive the dual iterate t = −nyξ against the ends of [0, 1], where
     * the fraction-to-boundary rule leaves Newton little room (breast_cancer: fails at 1e3, 32–88 steps at 1e2).
     */
    static final double SIGMA0_LOGISTIC = 100.0;
    /** σ grows by this factor per outer iteration … */
    static final double SIGMA_GROWTH = 5.0;
    /** … up to SIGMA_MAX / L. */
    static final double SIGMA_MAX = 1e8;
    /** Newton steps per outer iteration at most. */
    static final int MAX_INNER = 8;
    /** An outer iteration ends when ‖∇ψ‖ has fallen by this factor. */
    static final double INNER_DECREASE = 0.05;
    /** Conjugate-gradient iterations per Newton direction before the matrix is formed and factored afresh. */
    static final int MAX_PCG = 6;
    /** After a direction that took more CG iterations than this, the next one refactors straight away. */
    static final int PCG_REFRESH = 4;
    /** CG stops at this residual relative to ‖∇ψ‖ (an inexact Newton step; the line search keeps it safe). */
    static final double PCG_RTOL = 0.05;
    /** Largest n whose n x n matrix fits one Java array. */
    static final int MAX_ORDER = 46340;
    /** Row block of the triangular Gram products. */
    private static final int TILE = 512;

    private NewtonAugmentedLagrangian() {
    }

    /** Whether the method applies: gated, every coordinate penalized, no free output bias. */
    public static boolean applies(ConvexProgram prog) {
        return prog.formulation() == Formulation.GATED
                && prog.penalized() == prog.d() && !prog.outputBias();
    }

    /**
     * Heap bytes the method needs beyond the program: two n x n matrices, three n x P ones (masks and the two GEMM
     * operands) and about ten P x d vectors. The Cholesky factor lives off-heap (n x n more).
     */
    public static long heapBytes(ConvexProgram prog) {
        long n = prog.n();
        long p = prog.patterns().size();
        return 8L * (2 * n * n + 3 * n * p + 10 * p * prog.d());
    }

    /**
     * Solves the program.
     *
     * @param warmStart G x d starting point, or null for zero
     */
    public static SolveResult solve(MaskedFeatureOperator op, SolverSettings settings, double[] warmStart,
                                    IterationListener listener) {
        ConvexProgram prog = op.program();
        if (!applies(prog)) {
            throw new IllegalArgumentException("the Newton augmented Lagrangian solves gated programs with a "
                    + "penalized bias and no output bias");
        }
        if ((long) prog.n() * prog.n() > MAX_ORDER * MAX_ORDER) {
            throw new IllegalArgumentException("the Newton augmented Lagrangian holds n x n matrices in Java arrays: "
                    + "n = " + prog.n() + " is above " + MAX_ORDER);
        }
        long start = System.nanoTime();
        int c = prog.outputs();
        try (Workspace ws = new Workspace(op)) {
            return c == 1 ? new Single(op, ws, settings, warmStart, listener, start).iterate()
                    : solveEachOutput(op, ws, settings, warmStart, listener, start);
        }
    }

    /**
     * What the c single-output programs share: the masks, {@code X̄X̄ᵀ}, the matrix buffers, the factorization and
     * the Lipschitz constant (all depend on the data and patterns only).
     */
    private static final class Workspace implements AutoCloseable {
        final double[] masks; // n x P, 0/1
        final double[] kernel; // X̄X̄ᵀ, n x n (lower block triangle)
        final double[] hessian; // n x n
        final Cholesky chol;
        final double lipschitz; // of the squared loss part; ¼ of it for the logistic loss

        Workspace(MaskedFeatureOperator op) {
            ConvexProgram prog = op.program();
            int n = prog.n();
            masks = maskMatrix(prog.patterns());
            lipschitz = Lipschitz.estimate(op, Loss.SQUARED);
            kernel = new double[n * n];
            lowerGram(op.blas(), n, prog.x().data(), prog.x().data(), prog.d(), 1.0, 0.0, kernel);
            hessian = new double[n * n];
            chol = new Cholesky(n, op.blas().threads());
        }

        @Override
        public void close() {
            chol.close();
        }
    }

    /** c &gt; 1: the c scalar programs one after another, each with its share of the remaining time. */
    private static SolveResult solveEachOutput(MaskedFeatureOperator op, Workspace ws, SolverSettings settings,
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
            MaskedFeatureOperator subOp = new MaskedFeatureOperator(sub, op.blas());
            double[] wk = null;
            if (warmStart != null) {
                wk = new double[p * d];
                for (int b = 0; b < p; b++) {
                    System.arraycopy(warmStart, (b * c + k) * d, wk, b * d, d);
                }
            }
            long now = System.nanoTime();
            double remaining = deadline == Long.MAX_VALUE ? Double.POSITIVE_INFINITY
                    : Math.max(1e-3, (deadline - now) / 1e9 / (c - k));
            // each output's gap within tol·max(1,|F_k|) keeps the joint gap within tol·Σ max(1,|F_k|); ask each for
            // tol/c so that the joint relative gap meets tol even when every F_k is below 1
            SolverSettings ss = new SolverSettings(settings.tol() / c,
                    Math.max(1, settings.maxIterations() - iterations), remaining);
            final int base = iterations;
            final double objDone = objective;
            final double lbDone = bound;
            IterationListener relay = listener == null ? null : info -> listener.onIteration(new IterationInfo(
                    base + info.iteration(), objDone + info.objective(), lbDone + info.lowerBound(),
                    SolveResult.relativeGap(objDone + info.objective(), lbDone + info.lowerBound()), 0.0,
                    (System.nanoTime() - start) / 1e9));
            SolveResult r = new Single(subOp, ws, ss, wk, relay, start).iterate();
            for (int b = 0; b < p; b++) {
                System.arraycopy(r.weights(), b * d, w, (b * c + k) * d, d);
            }
            objective += r.objective();
            bound += r.lowerBound();
            iterations += r.iterations();
            if (r.status() != SolveStatus.OPTIMAL && status == SolveStatus.OPTIMAL) {
                status = r.status();
            }
        }
        if (status == SolveStatus.OPTIMAL && SolveResult.relativeGap(objective, bound) > settings.tol()) {
            status = SolveStatus.MAX_ITERATIONS;
        }
        return new SolveResult(status, w, iterations, (System.nanoTime() - start) / 1e9, objective, bound, 0.0,
                "ssnal");
    }

    /** The method on a one-output program. */
    private static final class Single {
        final MaskedFeatureOperator op;
        final SolverSettings settings;
        final IterationListener listener;
        final long start;
        final long deadline;
        final Blas blas;
        final int n;
        final int d;
        final int p;
        final double lambda;
        final Loss loss;
        final boolean logistic;
        final double[] x;
        final double[] y;
        final double[] masks;
        final double[] kernel;
        final double[] hessian;
        final Cholesky chol;
        final double lipschitz;
        final double[] u;
        final double[] xi;
        final double[] atxi;
        final double[] v;
        final double[] vNorm;
        final double[] up;
        final double[] pred;
        final double[] grad;
        boolean haveFactor;
        int lastPcg;
        double sigma;
        int iterations;
        double bestObjective = Double.POSITIVE_INFINITY;
        double[] bestW;
        double bestBound = Double.NEGATIVE_INFINITY;

        Single(MaskedFeatureOperator op, Workspace ws, SolverSettings settings, double[] warmStart,
               IterationListener listener, long start) {
            this.op = op;
            this.settings = settings;
            this.listener = listener;
            this.start = start;
            this.deadline = settings.deadlineNanos(start);
            ConvexProgram prog = op.program();
            this.blas = op.blas();
            this.n = prog.n();
            this.d = prog.d();
            this.p = prog.patterns().size();
            this.lambda = prog.lambda();
            this.loss = prog.loss();
            this.logistic = loss == Loss.LOGISTIC;
            this.x = prog.x().data();
            this.y = prog.y().data();
            this.masks = ws.masks;
            this.kernel = ws.kernel;
            this.hessian = ws.hessian;
            this.chol = ws.chol;
            this.lipschitz = ws.lipschitz * (logistic ? 0.25 : 1.0);
            this.u = warmStart != null ? warmStart.clone() : new double[p * d];
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
            sigma = (logistic ? SIGMA0_LOGISTIC : SIGMA0) / lipschitz;
            double sigmaMax = SIGMA_MAX / lipschitz;
            // ξ = ℓ'(ŷ)/n at the warm start (inside the conjugate's domain for the logistic loss)
            op.forward(u, pred, null);
            LossState.derivative(loss, pred, y, 1.0 / n, xi);
            if (logistic) {
                keepInsideDomain(xi);
            }
            op.adjoint(xi, atxi);
            double[] dir = new double[n];
            double[] atd = new double[p * d];
            double[] resid = new double[n];
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
                    // certify prox(u − σAᵀξ): its objective, the bound from ξ and the bound from its loss gradient
                    double objective = LossState.mean(loss, pred, y, n) + lambda * GroupNorms.sum(up, p, d, d);
                    double[] scaledXi = new double[n];
                    for (int i = 0; i < n; i++) {
                        scaledXi[i] = n * xi[i];
                    }
                    double lbXi = DualBound.lowerBound(loss, scaledXi, y, n, lambda,
                            GroupNorms.maxPerOutput(atxi, p, d, d, 1));
                    LossState.derivative(loss, pred, y, 1.0 / n, resid);
                    op.adjoint(resid, residAdj);
                    LossState.derivative(loss, pred, y, 1.0, resid);
                    double lbRes = DualBound.lowerBound(loss, resid, y, n, lambda,
                            GroupNorms.maxPerOutput(residAdj, p, d, d, 1));
                    if (!Double.isFinite(objective) || !Double.isFinite(psi)) {
                        status = SolveStatus.NUMERICAL_ERROR;
                        break outer;
                    }
                    if (objective < bestObjective) {
                        bestObjective = objective;
                        System.arraycopy(up, 0, bestW, 0, up.length);
                    }
                    bestBound = Math.max(bestBound, Math.max(lbXi, lbRes));
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
                    int pcg = haveFactor && lastPcg <= PCG_REFRESH && cgPays() ? preconditionedCg(dir, atd, gnorm) : -1;
                    if (pcg < 0) {
                        // CG failed or was not tried: factor afresh; no CG again before σ changes (the active
                        // groups are moving, so an older factor would not precondition the next matrix either)
                        if (!formAndFactor()) {
                            status = SolveStatus.NUMERICAL_ERROR;
                            break outer;
                        }
                        haveFactor = true;
                        for (int i = 0; i < n; i++) {
                            dir[i] = -grad[i];
                        }
                        chol.solve(dir);
                        op.adjoint(dir, atd);
                        lastPcg = Integer.MAX_VALUE;
                    } else {
                        lastPcg = pcg;
                    }
                    iterations++;
                    double slope = 0;
                    for (int i = 0; i < n; i++) {
                        slope += grad[i] * dir[i];
                    }
                    if (!(slope < 0)) {
                        break; // ∇ψ is numerically zero for this σ
                    }
                    double t = logistic ? Math.min(1.0, 0.995 * stepToBoundary(dir)) : 1.0;
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
                lastPcg = 0;
                sigma = Math.min(sigma * SIGMA_GROWTH, sigmaMax);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new SolveResult(status, bestW, iterations, secs, bestObjective, bestBound, 0.0, "ssnal");
        }

        /**
         * The loss part of the dual, {@code f*(ξ)} for {@code f(z) = (1/n)Σℓ(z_j, y_j)} (spec §3.6): squared,
         * {@code ⟨ξ,y⟩ + (n/2)‖ξ‖²}; logistic, {@code (1/n)Σ[t log t + (1−t) log(1−t)]} with {@code t_j = −n y_j ξ_j}
         * (+∞ outside [0,1]).
         */
        private double conjugate(double[] z) {
            double s = 0;
            if (!logistic) {
                for (int i = 0; i < n; i++) {
                    s += z[i] * y[i] + 0.5 * n * z[i] * z[i];
                }
                return s;
            }
            for (int i = 0; i < n; i++) {
                double t = -n * y[i] * z[i];
                if (!(t >= 0 && t <= 1)) {
                    return Double.POSITIVE_INFINITY;
                }
                s += entropy(t) + entropy(1 - t);
            }
            return s / n;
        }

        /** ∇f*(ξ) into out. */
        private void conjugateGradient(double[] z, double[] out) {
            for (int i = 0; i < n; i++) {
                if (logistic) {
                    double t = interior(-n * y[i] * z[i]);
                    out[i] = -y[i] * Math.log(t / (1 - t));
                } else {
                    out[i] = y[i] + n * z[i];
                }
            }
        }

        /** The i-th diagonal entry of ∇²f* at the current ξ: n (squared), n/(t(1−t)) (logistic). */
        private double conjugateCurvature(int i) {
            if (!logistic) {
                return n;
            }
            double t = interior(-n * y[i] * xi[i]);
            return n / (t * (1 - t));
        }

        /**
         * t itself when inside (0, 1), else the nearest double inside: only a step that rounding carried onto the
         * boundary is moved, so the gradient and curvature stay those of ψ (t legitimately gets far below 1e-15).
         */
        private static double interior(double t) {
            return t <= 0 ? Double.MIN_NORMAL : t >= 1 ? Math.nextDown(1.0) : t;
        }

        /** Logistic: moves each t_j = −n y_j ξ_j into [1e-12, 1 − 1e-12], where log(t/(1−t)) is finite. */
        private void keepInsideDomain(double[] z) {
            for (int i = 0; i < n; i++) {
                double t = Math.min(1 - 1e-12, Math.max(1e-12, -n * y[i] * z[i]));
                z[i] = -t * y[i] / n;
            }
        }

        /** The largest step along dir that keeps every t_j in [0, 1] (logistic). */
        private double stepToBoundary(double[] dir) {
            double max = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double t = -n * y[i] * xi[i];
                double dt = -n * y[i] * dir[i];
                if (dt > 0) {
                    max = Math.min(max, (1 - t) / dt);
                } else if (dt < 0) {
                    max = Math.min(max, -t / dt);
                }
            }
            return max;
        }

        /** At the current ξ: v, its norms, up = prox(v), pred = A·up, ∇ψ; returns ψ. */
        private double evaluate() {
            double upSq = shrink(u, atxi, sigma, v, vNorm, up);
            op.forward(up, pred, null);
            conjugateGradient(xi, grad);
            for (int i = 0; i < n; i++) {
                grad[i] -= pred[i];
            }
            return upSq / (2 * sigma) + conjugate(xi);
        }

        /** ψ at ξ + t·dir given Aᵀdir (no operator pass: v moves along −σtAᵀdir). */
        private double psiAt(double[] xiTrial, double[] atd, double t) {
            return shrink(v, atd, sigma * t, null, null, null) / (2 * sigma) + conjugate(xiTrial);
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
         * settle), with products applied as one adjoint and one forward pass. Stops at a residual of
         * {@link #PCG_RTOL}·‖∇ψ‖ and accumulates {@code Aᵀdir} on the way.
         *
         * @return the CG iterations used, or −1 when {@link #MAX_PCG} did not reach the tolerance
         */
        private int preconditionedCg(double[] dir, double[] atd, double gnorm) {
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
            chol.solve(z);
            System.arraycopy(z, 0, pv, 0, n);
            double rz = dot(r, z);
            double sl = sigma * lambda;
            for (int k = 1; k <= MAX_PCG; k++) {
                op.adjoint(pv, atp);
                for (int b = 0; b < p; b++) {
                    int o = b * d;
                    double nv = vNorm[b];
                    if (nv > sl) {
                        double a = 1.0 - sl / nv;
                        double bb = sl / nv;
                        double proj = 0;
                        for (int j = 0; j < d; j++) {
                            proj += v[o + j] * atp[o + j];
                        }
                        proj *= bb / (nv * nv);
                        for (int j = 0; j < d; j++) {
                            jw[o + j] = a * atp[o + j] + proj * v[o + j];
                        }
                    } else {
                        Arrays.fill(jw, o, o + d, 0.0);
                    }
                }
                op.forward(jw, q, null);
                for (int i = 0; i < n; i++) {
                    q[i] = conjugateCurvature(i) * pv[i] + sigma * q[i];
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
                if (norm(r) <= PCG_RTOL * gnorm) {
                    return k;
                }
                System.arraycopy(r, 0, z, 0, n);
                chol.solve(z);
                double rzNew = dot(r, z);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int i = 0; i < n; i++) {
                    pv[i] = z[i] + beta * pv[i];
                }
            }
            return -1;
        }

        /**
         * Whether a few CG iterations (two operator passes and two triangular solves each) cost well under forming
         * and factoring the matrix: true for large n (Fashion-MNIST: 12000 rows), false for small programs.
         */
        private boolean cgPays() {
            double nn = (double) n * n;
            double cg = 4 * (4.0 * n * d * p + 2 * nn);
            double factor = 2 * nn * p + nn * n / 3;
            return cg < 0.5 * factor;
        }

        /** Forms the lower triangle of nI + σAJAᵀ at the current v and factors it. */
        private boolean formAndFactor() {
            double sl = sigma * lambda;
            int s = 0;
            for (int b = 0; b < p; b++) {
                if (vNorm[b] > sl) {
                    s++;
                }
            }
            Arrays.fill(hessian, 0.0);
            if (s > 0) {
                int[] act = new int[s];
                int k = 0;
                for (int b = 0; b < p; b++) {
                    if (vNorm[b] > sl) {
                        act[k++] = b;
                    }
                }
                double[] ms = new double[n * s];
                double[] ma = new double[n * s];
                double[] vhat = new double[s * d];
                double[] sqrtB = new double[s];
                for (int q = 0; q < s; q++) {
                    int b = act[q];
                    double nv = vNorm[b];
                    for (int j = 0; j < d; j++) {
                        vhat[q * d + j] = v[b * d + j] / nv;
                    }
                    sqrtB[q] = Math.sqrt(sl / nv);
                }
                for (int i = 0; i < n; i++) {
                    int mo = i * p;
                    int so = i * s;
                    for (int q = 0; q < s; q++) {
                        int b = act[q];
                        double m = masks[mo + b];
                        ms[so + q] = m;
                        ma[so + q] = m * (1.0 - sl / vNorm[b]);
                    }
                }
                // H = K ∘ (M_S diag(a) M_Sᵀ)
                lowerGram(blas, n, ma, ms, s, 1.0, 0.0, hessian);
                for (int r0 = 0; r0 < n; r0 += TILE) {
                    int r1 = Math.min(n, r0 + TILE);
                    for (int i = r0; i < r1; i++) {
                        int o = i * n;
                        for (int j = 0; j < r1; j++) {
                            hessian[o + j] *= kernel[o + j];
                        }
                    }
                }
                // H += G diag(b) Gᵀ with G = M_S ∘ (X V̂ᵀ): reuse ma for G·diag(√b)
                blas.dgemm(false, true, n, s, d, 1.0, x, 0, d, vhat, 0, d, 0.0, ma, 0, s);
                for (int i = 0; i < n; i++) {
                    int so = i * s;
                    for (int q = 0; q < s; q++) {
                        ma[so + q] *= ms[so + q] * sqrtB[q];
                    }
                }
                lowerGram(blas, n, ma, ma, s, 1.0, 1.0, hessian);
            }
            for (int r0 = 0; r0 < n; r0 += TILE) {
                int r1 = Math.min(n, r0 + TILE);
                for (int i = r0; i < r1; i++) {
                    int o = i * n;
                    for (int j = 0; j < r1; j++) {
                        hessian[o + j] *= sigma;
                    }
                    hessian[o + i] += conjugateCurvature(i);
                }
            }
            if (!chol.isNative()) {
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        hessian[i * n + j] = hessian[j * n + i];
                    }
                }
            }
            return chol.factor(hessian);
        }

    }

    /**
     * C = alpha·A·Bᵀ + beta·C (n x n) on the lower block triangle (row tiles of TILE rows, columns up to the tile's
     * end), A and B n x k row-major: about half the work of the full product.
     */
    private static void lowerGram(Blas blas, int n, double[] a, double[] b, int k, double alpha, double beta,
                                  double[] cMat) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int r1 = Math.min(n, r0 + TILE);
            blas.dgemm(false, true, r1 - r0, r1, k, alpha, a, r0 * k, k, b, 0, k, beta, cMat, r0 * n, n);
        }
    }

    /** The masks as an n x P 0/1 matrix. */
    static double[] maskMatrix(PatternSet patterns) {
        int n = patterns.rows();
        int p = patterns.size();
        double[] m = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < p; b++) {
                if (patterns.active(i, b)) {
                    m[i * p + b] = 1.0;
                }
            }
        }
        return m;
    }

    private static double entropy(double t) {
        return t > 0 ? t * Math.log(t) : 0.0;
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
