package org.convexnn.solver;

import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.MaskedFeatureOperator;

/**
 * A gated program with c &gt; 1 outputs as c independent one-output programs (spec §12 O-N5), solved one after
 * another by {@link NewtonAlIteration} in one workspace, each with its share of the remaining time and iterations.
 * The columns' candidates together certify the sum of the objectives.
 */
final class IndependentOutputs {
    private IndependentOutputs() {
    }

    static SolveResult solve(FeatureOperator op, NewtonSystem system, SolverSettings settings, double[] warmStart,
                             IterationListener listener, long start) {
        ConvexProgram prog = op.program();
        int c = prog.outputs();
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
                    Math.max(1, settings.maxIterations() - iterations), settings.timeLimitSeconds(),
                    settings.control().withoutCheckpoints());
            SolveResult r = new NewtonAlIteration(subOp, system, ss, share, wk,
                    relay(listener, iterations, objective, bound, start), start).iterate();
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
        return new SolveResult(status, w, iterations, (System.nanoTime() - start) / 1e9, objective, bound, 0.0,
                "ssnal", candidate);
    }

    /** One output's steps reported as the whole program's: after the outputs done, with their sums added. */
    private static IterationListener relay(IterationListener listener, int base, double objDone, double lbDone,
                                           long start) {
        return listener == null ? null : info -> listener.onIteration(new IterationInfo(
                base + info.iteration(), objDone + info.objective(), lbDone + info.lowerBound(),
                SolveResult.relativeGap(objDone + info.objective(), lbDone + info.lowerBound()), 0.0,
                (System.nanoTime() - start) / 1e9));
    }
}
