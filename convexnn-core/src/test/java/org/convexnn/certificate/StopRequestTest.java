package org.convexnn.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.Model;
import org.convexnn.api.RegularizationPath;
import org.convexnn.api.SolverKind;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.AugmentedLagrangianSolver;
import org.convexnn.solver.FistaSettings;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.GatedDecomposition;
import org.convexnn.solver.InteriorPointSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.NewtonAugmentedLagrangian;
import org.convexnn.solver.SolveControl;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.WarmStart;
import org.convexnn.solver.WorkingSetSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18: a stop request ends every solver with {@link SolveStatus#INTERRUPTED} at its current point, whose
 * certificate (recomputed by {@link ProgramCertificate}) is a valid bound: at most the optimum of an uninterrupted
 * solve. The request comes from the listener (another thread would do the same: the flag is atomic) after the
 * solver's first report, or before the solve for the interior-point method, which reports once at the end.
 */
class StopRequestTest {
    static final Blas BLAS = Blas.auto(1);
    static final double TIGHT = 1e-10;

    /** A solver under test: (operator, settings with a control) to result, and whether it reports while it runs. */
    record Method(String name, Formulation formulation, int outputs, int gates, boolean reportsWhileRunning,
                  BiFunction<FeatureOperator, SolverSettings, SolveResult> solve) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> methods() {
        FistaSettings plain = FistaSettings.DEFAULT;
        return Stream.of(
                new Method("fista gated", Formulation.GATED, 1, 40, true,
                        (op, s) -> new FistaSolver(plain).solve(op, WarmStart.NONE, s, listener(s))),
                new Method("fista cone", Formulation.CONE_CONSTRAINED, 1, 40, true,
                        (op, s) -> new FistaSolver(plain).solve(op, WarmStart.NONE, s, listener(s))),
                new Method("working sets", Formulation.GATED, 1, 400, true,
                        (op, s) -> WorkingSetSolver.solve(op, s, null, listener(s))),
                new Method("newton augmented lagrangian", Formulation.GATED, 1, 40, true,
                        (op, s) -> NewtonAugmentedLagrangian.solve(op, s, null, listener(s))),
                new Method("newton augmented lagrangian, two outputs", Formulation.GATED, 2, 40, true,
                        (op, s) -> NewtonAugmentedLagrangian.solve(op, s, null, listener(s))),
                new Method("augmented lagrangian", Formulation.CONE_CONSTRAINED, 1, 40, true,
                        (op, s) -> AugmentedLagrangianSolver.solve(op, s, listener(s))),
                new Method("gated decomposition", Formulation.CONE_CONSTRAINED, 1, 40, true,
                        (op, s) -> GatedDecomposition.solve(op.program(), BLAS, s, listener(s))),
                new Method("interior point", Formulation.GATED, 1, 20, false,
                        (op, s) -> new InteriorPointSolver().solve(op, WarmStart.NONE, s, listener(s)))
        ).map(Arguments::of);
    }

    /** Requests the stop at the solver's first report (none for the uninterrupted reference solve). */
    static IterationListener listener(SolverSettings s) {
        return info -> {
            if (s.control() != SolveControl.NONE) {
                s.control().requestStop();
            }
        };
    }

    static ConvexProgram program(Formulation f, int outputs, int gates) {
        Random rng = new Random(3);
        int n = 80;
        int d = 5;
        double[][] x = new double[n][d];
        double[][] y = new double[n][outputs];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) {
                x[i][j] = rng.nextGaussian();
            }
            x[i][d - 1] = 1.0;
            for (int k = 0; k < outputs; k++) {
                y[i][k] = Math.max(0, x[i][0] - 0.5 * x[i][1] + k) - Math.max(0, x[i][2]) + 0.1 * rng.nextGaussian();
            }
        }
        Matrix xm = Matrix.of(x);
        PatternSet ps = PatternSet.fromGates(xm, GaussianGateSampler.sample(gates, d, 4), BLAS);
        return new ConvexProgram(xm, Matrix.of(y), ps, f, Activation.RELU, Loss.SQUARED, 1e-3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aStopRequestEndsTheSolveInterruptedWithAValidBound(Method m) {
        ConvexProgram p = program(m.formulation(), m.outputs(), m.gates());
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        // any feasible point's objective bounds the optimum from above: a moderate reference solve suffices
        SolveResult full = m.solve().apply(op, new SolverSettings(1e-6, 20_000, 10));
        ProgramCertificate reference = ProgramCertificate.of(op, full);
        assertTrue(full.status() != SolveStatus.INTERRUPTED, "no stop request, yet " + full.status());

        SolveControl control = new SolveControl();
        if (!m.reportsWhileRunning()) {
            control.requestStop();
        }
        SolveResult r = m.solve().apply(op, new SolverSettings(TIGHT, 200_000, 60, control));
        assertEquals(SolveStatus.INTERRUPTED, r.status(), m.name());
        assertTrue(r.iterations() < full.iterations(), r.iterations() + " iterations, uninterrupted "
                + full.iterations());
        assertNotNull(r.weights());
        ProgramCertificate cert = ProgramCertificate.of(op, r);
        // a valid bound: below the interrupted point's objective and below the optimum of the uninterrupted solve
        assertTrue(Double.isFinite(cert.lowerBound()) && Double.isFinite(cert.objective()), m.name());
        double scale = Math.max(1, Math.abs(reference.objective()));
        assertTrue(cert.lowerBound() <= reference.objective() + 1e-12 * scale,
                cert.lowerBound() + " above the optimum " + reference.objective());
        assertTrue(cert.lowerBound() <= cert.objective() + 1e-12 * scale);
        // and it stopped short of the tolerance, so INTERRUPTED (not OPTIMAL) is the honest status
        assertTrue(cert.relativeGap() > TIGHT, "gap " + cert.relativeGap());
    }

    @Test
    void noStopRequestGivesTheSameIterates() {
        ConvexProgram p = program(Formulation.GATED, 1, 40);
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        SolveResult a = FistaSolver.solve(op, new SolverSettings(1e-8, 5000, 60), null, IterationListener.NONE);
        SolveResult b = FistaSolver.solve(op, new SolverSettings(1e-8, 5000, 60, new SolveControl()), null,
                IterationListener.NONE);
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.objective(), b.objective(), 0.0);
        assertTrue(java.util.Arrays.equals(a.weights(), b.weights()));
    }

    @Test
    void checkpointsAreWrittenAtMostEveryIntervalAndAreProgramPoints() {
        ConvexProgram p = program(Formulation.GATED, 1, 400);
        FeatureOperator op = new MaskedFeatureOperator(p, BLAS);
        AtomicInteger written = new AtomicInteger();
        SolveControl control = new SolveControl().withCheckpoints(0, point -> {
            assertEquals(p.groups() * p.d(), point.length);
            written.incrementAndGet();
        });
        SolveResult r = WorkingSetSolver.solve(op, new SolverSettings(1e-8, 20_000, 60, control), null,
                IterationListener.NONE);
        assertEquals(SolveStatus.OPTIMAL, r.status());
        assertTrue(written.get() > 0);
        AtomicInteger none = new AtomicInteger();
        SolveControl rare = new SolveControl().withCheckpoints(3600, point -> none.incrementAndGet());
        WorkingSetSolver.solve(op, new SolverSettings(1e-8, 20_000, 60, rare), null, IterationListener.NONE);
        assertEquals(0, none.get());
    }

    @Test
    void theSharedNoneControlCannotBeStopped() {
        assertThrows(UnsupportedOperationException.class, SolveControl.NONE::requestStop);
    }

    static Dataset data() {
        Random rng = new Random(5);
        int n = 60;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextGaussian();
            }
            y[i] = Math.max(0, x[i][0] + x[i][1]) - 0.5 * Math.max(0, x[i][2]) + 0.05 * rng.nextGaussian();
        }
        return new Dataset(Matrix.of(x), Matrix.wrap(n, 1, y), java.util.List.of("a", "b", "c"),
                new org.convexnn.data.TargetEncoding(org.convexnn.data.Task.REGRESSION, "y", java.util.List.of()),
                "test");
    }

    @Test
    void anInterruptedFitReportsInterruptedAndAValidBound() {
        Dataset ds = data();
        TwoLayerFit full = ConvexTrainer.builder().patterns(50).tol(1e-10).solver(SolverKind.FISTA).build().fit(ds);
        SolveControl control = new SolveControl();
        IterationListener stopAtFirst = info -> control.requestStop();
        TwoLayerFit fit = ConvexTrainer.builder().patterns(50).tol(1e-10).solver(SolverKind.FISTA)
                .listener(stopAtFirst).control(control).build().fit(ds);
        assertEquals(SolveStatus.INTERRUPTED, fit.summary().status());
        assertTrue(fit.summary().lowerBound() <= full.summary().objective() + 1e-12);
        assertTrue(fit.summary().objective() >= full.summary().lowerBound() - 1e-12);
    }

    @Test
    void anInterruptedFitWhoseGapMeetsTheToleranceIsOptimal() {
        // stopped at the first report, but --tol is loose enough that the certified gap there already meets it
        SolveControl control = new SolveControl();
        control.requestStop();
        TwoLayerFit fit = ConvexTrainer.builder().patterns(20).lambda(10).tol(0.5).solver(SolverKind.FISTA)
                .control(control).build().fit(data());
        assertEquals(SolveStatus.OPTIMAL, fit.summary().status());
        assertTrue(fit.summary().relativeGap() <= 0.5);
    }

    @Test
    void pathAndColumnGenerationStopBetweenSolves() {
        Dataset ds = data();
        SolveControl control = new SolveControl();
        control.requestStop();
        IterationListener l = IterationListener.withControl(IterationListener.NONE, control);
        var settings = ConvexTrainer.builder().patterns(30).tol(1e-10).solver(SolverKind.FISTA).build().settings();
        RegularizationPath.Result path = RegularizationPath.fit(settings, l, ds, 6, null, 0);
        assertTrue(path.points().size() < 6, path.points().size() + " points");
        assertNotNull(path.model());
        TwoLayerFit grown = ConvexTrainer.builder().model(Model.GATED_RELU).patterns(30).growPatterns(5).tol(1e-10)
                .solver(SolverKind.FISTA).control(control).build().fit(ds);
        assertEquals(SolveStatus.INTERRUPTED, grown.summary().status());
        assertTrue(grown.rounds().size() <= 1, grown.rounds().size() + " rounds");
    }
}
