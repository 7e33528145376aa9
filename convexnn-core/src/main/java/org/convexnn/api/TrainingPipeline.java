package org.convexnn.api;

import org.convexnn.data.Dataset;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.NewtonAugmentedLagrangian;
import org.convexnn.solver.NewtonSettings;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.WarmStart;

/**
 * The training pipeline, data → patterns → program → solver → certificate → network → summary (spec §11.1–11.3,
 * docs/architecture.md): {@link ProgramBuilder} builds the program, {@link Seeding} starts the solve, {@link
 * SolverChoice} picks the method, {@link FitAssembly} certifies and recovers.
 */
final class TrainingPipeline {
    private TrainingPipeline() {
    }

    static TwoLayerFit run(TrainerSettings s, IterationListener listener, Dataset data) {
        HeapPeak.reset();
        if (s.options().growRounds() > 0) {
            return ColumnGeneration.run(s, listener, data);
        }
        Prepared p = ProgramBuilder.prepare(s, data);
        SolveResult r = Seeding.solveSeeded(p, listener);
        if (s.options().prune()) {
            PruneStage.Outcome o = PruneStage.apply(p.program(), r);
            return FitAssembly.finish(p, s.lambda(), o.result(), o.groupsBefore());
        }
        return FitAssembly.finish(p, s.lambda(), r);
    }

    /** Solves the prepared program at λ, optionally warm-started (G x d). */
    static SolveResult solve(Prepared p, double lambda, double[] warmStart, IterationListener listener) {
        return solve(p, lambda, warmStart, listener, null);
    }

    /**
     * How a sequence of solves on one prepared program (the regularization path) uses the Newton augmented
     * Lagrangian: whether {@code auto} may choose it for the next solve, and its workspace, built at the first Newton
     * solve and kept for the next ones.
     */
    static final class NewtonUse implements AutoCloseable {
        /** Whether {@code auto} may choose Newton (an explicit {@code --solver ssnal} always uses it). */
        boolean allowed;
        private NewtonAugmentedLagrangian.Workspace workspace;

        NewtonUse(boolean allowed) {
            this.allowed = allowed;
        }

        NewtonAugmentedLagrangian.Workspace workspace(FeatureOperator op, NewtonSettings settings) {
            if (workspace == null || !workspace.fits(op.program())) {
                close();
                workspace = NewtonAugmentedLagrangian.workspace(op, settings);
            }
            return workspace;
        }

        @Override
        public void close() {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
        }
    }

    /**
     * {@link #solve(Prepared, double, double[], IterationListener)} as one of a sequence of solves (see
     * {@link NewtonUse}; null: a single solve). The method is {@link SolverChoice}'s.
     */
    static SolveResult solve(Prepared p, double lambda, double[] warmStart, IterationListener listener,
                             NewtonUse newton) {
        TrainerSettings s = p.settings();
        ConvexProgram program = lambda == p.program().lambda() ? p.program() : p.program().withLambda(lambda);
        FeatureOperator op = new MaskedFeatureOperator(program, p.blas(),
                FitOptions.zBlockBytes(s.options().effectiveMemoryBudget()));
        SolverSettings ss = new SolverSettings(s.tol(), s.maxIterations(), s.timeLimitSeconds());
        boolean newtonAllowed = newton == null || newton.allowed;
        NewtonAugmentedLagrangian.Workspace ws = null;
        if (newton != null && (s.solver() == SolverKind.SSNAL
                || newtonAllowed && SolverChoice.chooseNewton(s, program, p.blas()))) {
            ws = newton.workspace(op, s.engine().newton());
        }
        SolverChoice choice = SolverChoice.of(s, program, p.blas(), newtonAllowed, ws);
        return choice.solver().solve(op, WarmStart.of(warmStart), ss, listener);
    }
}
