package org.convexnn.api;

import org.convexnn.linalg.Blas;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.AugmentedLagrangianSolver;
import org.convexnn.solver.ConvexSolver;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.GatedDecomposition;
import org.convexnn.solver.InteriorPointSolver;
import org.convexnn.solver.NewtonAugmentedLagrangian;
import org.convexnn.solver.PolishedInteriorPoint;
import org.convexnn.solver.ProgramSocp;
import org.convexnn.solver.WorkingSetSolver;

/**
 * The one place that turns {@code --solver} into a method: an explicit choice is checked against the program, and
 * {@code auto} is decided by the rules below, each with the reason it records ({@link #reason}). The thresholds were
 * measured (BENCHMARKS.md).
 *
 * @param solver the method
 * @param reason why it was chosen, in words (the summary's {@code solver_reason})
 */
record SolverChoice(ConvexSolver solver, String reason) {

    /** {@code auto} uses the interior-point method for exact problems with at most this many SOCP variables. */
    static final int AUTO_IPM_MAX_VARIABLES = 1000;

    /**
     * {@code auto} uses the Newton augmented Lagrangian in double precision up to this many rows (measured:
     * BENCHMARKS.md, issue 4); above, only where it runs in single precision.
     */
    static final int AUTO_SSNAL_MAX_ROWS = 4000;

    /** Above this many rows, {@code auto} solves cone programs with the augmented Lagrangian. */
    static final int AUTO_PROJECTED_FISTA_MAX_ROWS = 1000;

    /**
     * The method for one solve of {@code program}.
     *
     * @param newtonAllowed whether {@code auto} may choose the Newton method (a regularization path starts without it)
     * @param workspace     the Newton workspace kept across a sequence of solves, or null for one per solve
     * @throws IllegalArgumentException when an explicit choice does not solve this program
     */
    static SolverChoice of(TrainerSettings s, ConvexProgram program, Blas blas, boolean newtonAllowed,
                           NewtonAugmentedLagrangian.Workspace workspace) {
        EngineSettings e = s.engine();
        switch (s.solver()) {
            case GATED_DECOMPOSITION:
                if (s.model() != Model.RELU) {
                    throw new SettingException("solver", "{solver} gated-decomposition applies to {model} relu only");
                }
                return new SolverChoice(new GatedDecomposition(e.fista()), "requested");
            case IPM:
                return new SolverChoice(new InteriorPointSolver(e.ipm()), "requested");
            case SSNAL:
                if (!NewtonAugmentedLagrangian.applies(program)) {
                    throw new SettingException("solver", "{solver} ssnal needs a penalized bias and no output bias "
                            + "({bias} regularized or none, without {outputBias})");
                }
                long need = NewtonAugmentedLagrangian.memoryBytes(program, e.newton(), blas.isNative());
                long max = Runtime.getRuntime().maxMemory();
                if (need > max * 0.8) {
                    throw new SettingException("solver", String.format("{solver} ssnal needs about %d MB of memory for "
                            + "its n x n matrices (n = %d) and this JVM has %d MB of heap: raise -Xmx (JAVA_OPTS) or use "
                            + "{solver} fista", need >> 20, program.n(), max >> 20));
                }
                return new SolverChoice(new NewtonAugmentedLagrangian(e.newton(), workspace), "requested");
            case AL:
                return new SolverChoice(new AugmentedLagrangianSolver(), "requested");
            case FISTA:
                return new SolverChoice(new WorkingSetSolver(e.fista()), "requested");
            default:
                return auto(s, program, blas, newtonAllowed, workspace);
        }
    }

    private static SolverChoice auto(TrainerSettings s, ConvexProgram program, Blas blas, boolean newtonAllowed,
                                     NewtonAugmentedLagrangian.Workspace workspace) {
        EngineSettings e = s.engine();
        if (newtonAllowed && chooseNewton(s, program, blas)) {
            return new SolverChoice(new NewtonAugmentedLagrangian(e.newton(), workspace),
                    "auto: gated program, squared loss, penalized bias, Newton matrices within the heap's share");
        }
        if (chooseInteriorPoint(s, program)) {
            return new SolverChoice(new PolishedInteriorPoint(e.ipm(), e.fista()), "auto: small exact program (at most "
                    + AUTO_IPM_MAX_VARIABLES + " SOCP variables), squared loss");
        }
        if (chooseAugmentedLagrangian(program)) {
            return new SolverChoice(new AugmentedLagrangianSolver(), program.penalized() < program.d()
                    ? "auto: cone program with an unregularized bias (FISTA has no simple prox)"
                    : "auto: cone program with more than " + AUTO_PROJECTED_FISTA_MAX_ROWS + " rows");
        }
        String why = program.coneConstrained()
                ? "auto: cone program with at most " + AUTO_PROJECTED_FISTA_MAX_ROWS + " rows (exact cone prox)"
                : !newtonAllowed && chooseNewton(s, program, blas)
                ? "auto on a path: FISTA on working sets while few groups are non-zero, before the hand-over to Newton"
                : "auto: first-order default";
        return new SolverChoice(new WorkingSetSolver(e.fista()), why);
    }

    /**
     * The reason the method that produced a result was chosen: the choice again for the program, with Newton
     * allowed exactly when it ran (a path starts without it).
     */
    static String reasonFor(TrainerSettings s, ConvexProgram program, Blas blas, String solverName) {
        try {
            return of(s, program, blas, solverName.startsWith("ssnal"), null).reason();
        } catch (IllegalArgumentException e) {
            return null; // a method that no longer applies (the program changed after the solve): nothing to record
        }
    }

    /**
     * {@code auto} and a small exact problem (all patterns, squared loss, regularized bias, no output bias): the
     * interior-point method, the high-accuracy reference (issue contract: "auto picks the interior-point method for
     * small exact problems").
     */
    static boolean chooseInteriorPoint(TrainerSettings s, ConvexProgram program) {
        return s.solver() == SolverKind.AUTO && s.exactPatterns() && program.loss() == Loss.SQUARED
                && program.penalized() == program.d() && !program.outputBias()
                && ProgramSocp.variables(program) <= AUTO_IPM_MAX_VARIABLES;
    }

    /**
     * {@code auto}, a gated program with squared loss, a penalized bias and no output bias: the semismooth Newton
     * augmented Lagrangian, which reaches tight gaps in tens of Newton steps where FISTA needs thousands of
     * iterations (breast_cancer: 1.4 s against 28.7 s), when
     * <ul>
     *   <li>n ≤ {@link #AUTO_SSNAL_MAX_ROWS} and its memory is within a quarter of the heap, or</li>
     *   <li>it runs in single precision (forming and factoring the matrix outweigh the operator passes,
     *       {@code NewtonSystem.singlePays}) and its memory, mostly off-heap, is within half the heap's size:
     *       Fashion-MNIST 0 vs 6 (n = 12000, 1000 gates) reached a gap of 1.3e-3 at 60 s and 8.1e-5 at 112 s, where
     *       FISTA with working sets had 9.2e-3 at 60 s and 1.2e-3 at 900 s.</li>
     * </ul>
     * Otherwise each Newton step costs O(n²P + n³) in double precision and FISTA gets further in short time limits.
     * Logistic loss: FISTA is as fast at the usual tolerances (breast_cancer, 1e-6: 1.7 s against 2.5 s), so it stays
     * the default there.
     */
    static boolean chooseNewton(TrainerSettings s, ConvexProgram program, Blas blas) {
        if (s.solver() != SolverKind.AUTO || program.loss() != Loss.SQUARED
                || !NewtonAugmentedLagrangian.applies(program)) {
            return false;
        }
        long heap = Runtime.getRuntime().maxMemory();
        long need = NewtonAugmentedLagrangian.memoryBytes(program, s.engine().newton(), blas.isNative());
        return program.n() <= AUTO_SSNAL_MAX_ROWS ? need <= heap / 4
                : NewtonAugmentedLagrangian.single(program, s.engine().newton(), blas.isNative()) && need <= heap / 2;
    }

    /**
     * {@code auto}: FISTA for gated programs; for cone programs FISTA with exact cone projections while n is small
     * (every prox solves one NNLS over n rows per non-zero group), else the augmented Lagrangian; and the augmented
     * Lagrangian for cone programs with an unregularized bias (B2: FISTA has no simple prox, spec §6).
     */
    static boolean chooseAugmentedLagrangian(ConvexProgram program) {
        if (program.coneConstrained() && program.penalized() < program.d()) {
            return true;
        }
        return program.coneConstrained() && program.n() > AUTO_PROJECTED_FISTA_MAX_ROWS;
    }
}
