package org.convexnn.solver;

import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;

/**
 * Semismooth Newton augmented Lagrangian ("ssnal") for gated programs (spec §4) with squared or logistic loss: a
 * second-order method for the group lasso {@code min_u f(Au) + λ Σ_i ‖u_i‖}, {@code A = [D_1X … D_PX]},
 * {@code f(z) = (1/n) Σ_j ℓ(z_j, y_j)}. This class is the entry point: settings, workspace, memory and the choice
 * between one output and several. The method is in its parts:
 * <ul>
 *   <li>{@link AugmentedDual}: the augmented Lagrangian of the dual minimised over z, a smooth, strongly convex
 *       function ψ of ξ ∈ Rⁿ, and the Armijo line search on it;</li>
 *   <li>{@link NewtonAlIteration}: Newton steps on ψ, then {@code u ← prox(u − σAᵀξ)} (a proximal-point step on the
 *       primal) and σ grows ({@link NewtonRules});</li>
 *   <li>{@link NewtonDirection}: each direction by the generalized Hessian {@code ∇²f*(ξ) + σAJAᵀ}, formed and factored
 *       by {@link NewtonSystem} without A, or by conjugate gradients preconditioned with the last factor; in single
 *       precision ({@link NewtonSettings#precision}) every direction is CG in double precision on that factor;</li>
 *   <li>{@link CertifiedInterval}: every step certifies its candidate with the dual bounds of spec §3.6, and the
 *       status is OPTIMAL only when the certified relative gap meets the tolerance;</li>
 *   <li>{@link IndependentOutputs}: c &gt; 1 outputs are c independent programs (spec §12 O-N5).</li>
 * </ul>
 * The method converges fast where first-order methods crawl (dense optima of coherent programs) and pays O(n²) memory
 * and O(n²P + n³) work per factorization, so it suits programs with up to some thousands of rows
 * ({@link #memoryBytes}).
 */
public final class NewtonAugmentedLagrangian implements ConvexSolver {
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
        return prog.outputs() == 1 ? new NewtonAlIteration(op, ws.system, settings, settings.deadlineNanos(start),
                warmStart, listener, start).iterate()
                : IndependentOutputs.solve(op, ws.system, settings, warmStart, listener, start);
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
}
