package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.DualBound;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.FreeBiasBound;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Loss;
import org.convexnn.program.LossState;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A program with c outputs is c independent programs (one group per block and output, an entrywise loss), so its
 * certified bound with one dual scale per output must equal the sum of the c single-output programs' bounds at the
 * matching points, must never be below the one-scale bound, and must stay below the optimum.
 */
class PerOutputBoundTest {
    private static final int OUTPUTS = 3;

    /** The single-output program of output k: same data, patterns, formulation, loss and λ. */
    private static ConvexProgram column(ConvexProgram p, int k) {
        int n = p.n();
        int c = p.outputs();
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            y[i][0] = p.y().data()[i * c + k];
        }
        return new ConvexProgram(p.x(), Matrix.of(y), p.patterns(), p.formulation(), Activation.RELU, p.loss(),
                p.lambda());
    }

    /** Rows b·c + k of the joint variable: the single-output program's variable for output k. */
    private static double[] column(double[] w, int d, int c, int k) {
        int blocks = w.length / (d * c);
        double[] out = new double[blocks * d];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(w, (b * c + k) * d, out, b * d, d);
        }
        return out;
    }

    private static ConvexProgram joint(Formulation f, Loss loss, double yScale) {
        ConvexProgram p = WorkingSetSolverTest.program(f, 80, 4, OUTPUTS, 24, 0.05, 17, loss);
        if (yScale == 1.0) {
            return p;
        }
        // the last output's targets scaled up: its dual candidate violates its constraints far more than the others'
        double[] y = p.y().data().clone();
        for (int i = OUTPUTS - 1; i < y.length; i += OUTPUTS) {
            y[i] *= yScale;
        }
        return new ConvexProgram(p.x(), Matrix.wrap(p.n(), OUTPUTS, y), p.patterns(), f, Activation.RELU, loss,
                p.lambda());
    }

    private static void check(Formulation f, Loss loss, double yScale, boolean expectStrictGain) {
        ConvexProgram p = joint(f, loss, yScale);
        FeatureOperator op = new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS);
        ConeProjection cone = p.coneConstrained() ? new ConeProjection(p.x()) : null;
        int d = p.d();
        int c = p.outputs();
        SolveResult opt = FistaSolver.solve(op, new SolverSettings(1e-7, 500_000, Double.POSITIVE_INFINITY), null,
                IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, opt.status());
        Random rng = new Random(5);
        boolean gained = false;
        for (int trial = 0; trial < 6; trial++) {
            double[] w = new double[p.groups() * d];
            double amp = trial == 0 ? 0.0 : 0.05 * trial;
            for (int i = 0; i < w.length; i++) {
                w[i] = amp * rng.nextGaussian();
            }
            ProgramBound.Evaluation jointEval = ProgramBound.evaluate(op, cone, w, new double[w.length]);
            double sumObjective = 0;
            double sumBound = 0;
            for (int k = 0; k < c; k++) {
                ConvexProgram single = column(p, k);
                FeatureOperator sop = new MaskedFeatureOperator(single, WorkingSetSolverTest.BLAS);
                double[] wk = column(w, d, c, k);
                ProgramBound.Evaluation e = ProgramBound.evaluate(sop, cone, wk, new double[wk.length]);
                sumObjective += e.objective();
                sumBound += e.lowerBound();
            }
            double scale = Math.max(1, Math.abs(jointEval.objective()));
            assertEquals(sumObjective, jointEval.objective(), 1e-12 * scale, "objectives separate over outputs");
            assertEquals(sumBound, jointEval.lowerBound(), 1e-10 * scale, "per-output bound = sum of single bounds");
            // the one-scale bound (γ = max over all groups) is never better
            double[] pred = ProgramBound.predictions(op, w);
            double[] lossGrad = new double[pred.length];
            LossState.derivative(p.loss(), pred, p.y().data(), 1.0 / p.n(), lossGrad);
            double[] grad = new double[w.length];
            op.adjoint(lossGrad, grad);
            double gammaMax = cone != null ? ConeChecks.gamma(p, cone, grad) : GroupNorms.max(grad, p.groups(), d, d);
            LossState.derivative(p.loss(), pred, p.y().data(), 1.0, lossGrad);
            double oneScale = DualBound.lowerBound(p.loss(), lossGrad, p.y().data(), p.n(), p.lambda(), gammaMax);
            assertTrue(oneScale <= jointEval.lowerBound() + 1e-12 * scale, oneScale + " > " + jointEval.lowerBound());
            gained |= jointEval.lowerBound() > oneScale + 0.05 * Math.abs(oneScale);
            // weak duality: below the optimum
            assertTrue(jointEval.lowerBound() <= opt.objective() + 1e-12 * scale,
                    jointEval.lowerBound() + " > optimum " + opt.objective());
        }
        if (expectStrictGain) {
            assertTrue(gained, "one output's large violation should no longer shrink the other outputs' bounds");
        }
        // and the solver's own bound at its optimum closes the gap
        assertTrue(opt.lowerBound() <= opt.objective() && opt.relativeGap() <= 1e-7);
    }

    /** The per-output bound with the last output's targets scaled by yScale (expectStrictGain: it beats one scale). */
    @ParameterizedTest(name = "{0} {1} yScale={2}")
    @CsvSource(delimiter = '|', textBlock = """
        GATED            | SQUARED  | 1.0  | false
        GATED            | SQUARED  | 10.0 | true
        GATED            | LOGISTIC | 1.0  | false
        CONE_CONSTRAINED | SQUARED  | 10.0 | true
        """)
    void perOutputBound(Formulation f, Loss loss, double yScale, boolean expectStrictGain) {
        check(f, loss, yScale, expectStrictGain);
    }

    @Test
    void freeOutputBiasBoundIsTheSumOfTheSingleOutputBounds() {
        ConvexProgram base = joint(Formulation.GATED, Loss.SQUARED, 10.0);
        ConvexProgram p = new ConvexProgram(base.x(), base.y(), base.patterns(), Formulation.GATED, Activation.RELU,
                Loss.SQUARED, base.lambda(), base.d(), true);
        assertTrue(FreeBiasBound.needed(p));
        FeatureOperator op = new MaskedFeatureOperator(p, WorkingSetSolverTest.BLAS);
        SolveResult opt = FistaSolver.solve(op, new SolverSettings(1e-7, 500_000, Double.POSITIVE_INFINITY), null,
                IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, opt.status());
        int d = p.d();
        Random rng = new Random(9);
        for (int trial = 0; trial < 4; trial++) {
            double[] w = new double[p.groups() * d];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.05 * trial * rng.nextGaussian();
            }
            double joint = ProgramBound.lowerBound(op, w);
            double sum = 0;
            for (int k = 0; k < OUTPUTS; k++) {
                ConvexProgram col = column(p, k);
                ConvexProgram single = new ConvexProgram(col.x(), col.y(), col.patterns(), Formulation.GATED,
                        Activation.RELU, Loss.SQUARED, col.lambda(), d, true);
                sum += ProgramBound.lowerBound(new MaskedFeatureOperator(single, WorkingSetSolverTest.BLAS),
                        column(w, d, OUTPUTS, k));
            }
            double scale = Math.max(1, Math.abs(opt.objective()));
            assertEquals(sum, joint, 1e-10 * scale);
            assertTrue(joint <= opt.objective() + 1e-12 * scale, joint + " > optimum " + opt.objective());
        }
    }

    @Test
    void singleOutputIsTheOneScaleBound() {
        double[] g = {0.3, -1.2, 0.7, 2.0};
        double[] y = {1, -1, 1, 1};
        assertEquals(DualBound.lowerBound(Loss.SQUARED, g, y, 4, 0.1, 0.4),
                DualBound.lowerBound(Loss.SQUARED, g, y, 4, 0.1, new double[] {0.4}), 0.0);
    }
}
