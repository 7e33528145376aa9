package org.convexnn.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.certificate.ProgramCertificate;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.AugmentedLagrangianSolver;
import org.convexnn.solver.ConvexSolver;
import org.convexnn.solver.FistaSettings;
import org.convexnn.solver.FistaSolver;
import org.convexnn.solver.InteriorPointSettings;
import org.convexnn.solver.InteriorPointSolver;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.LambdaMax;
import org.convexnn.solver.NewtonAugmentedLagrangian;
import org.convexnn.solver.NewtonSettings;
import org.convexnn.solver.PolishedInteriorPoint;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.WarmStart;
import org.convexnn.solver.WorkingSetSolver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link ConvexSolver} must do, whatever its method (in the manner of EJML's generic solver checks): reach
 * an independent reference optimum with an honest OPTIMAL, the closed-form zero network above λ_max, report an
 * iteration limit honestly, and return a point whose recomputed certificate is valid. Each case is one solver on
 * the program kind it solves, with the tolerance it reaches on the test program.
 */
class ConvexSolverContractTest {
    static final Blas BLAS = Blas.auto(1);

    /** The solvers under contract. */
    enum Case {
        FISTA_GATED(() -> new FistaSolver(FistaSettings.DEFAULT), Formulation.GATED, 1e-9, true),
        FISTA_CONE(() -> new FistaSolver(FistaSettings.DEFAULT), Formulation.CONE_CONSTRAINED, 1e-9, true),
        WORKING_SETS(() -> new WorkingSetSolver(FistaSettings.DEFAULT), Formulation.GATED, 1e-9, true),
        NEWTON(() -> new NewtonAugmentedLagrangian(NewtonSettings.DEFAULT), Formulation.GATED, 1e-9, true),
        /** The augmented Lagrangian reaches 1e-7 here but not 1e-9 in 200000 inner iterations (issue 16). */
        AUGMENTED_LAGRANGIAN(AugmentedLagrangianSolver::new, Formulation.CONE_CONSTRAINED, 1e-7, true),
        /**
         * The interior-point method alone certifies only to about 1e-6 here: its interior point is never exactly
         * sparse (issue 16 asks for 1e-8; {@code auto} polishes it with FISTA). It caps its own iterations.
         */
        INTERIOR_POINT_GATED(InteriorPointSolver::new, Formulation.GATED, 1e-6, false),
        INTERIOR_POINT_CONE(InteriorPointSolver::new, Formulation.CONE_CONSTRAINED, 1e-6, false),
        POLISHED_INTERIOR_POINT(() -> new PolishedInteriorPoint(InteriorPointSettings.DEFAULT, FistaSettings.DEFAULT),
                Formulation.CONE_CONSTRAINED, 1e-9, false);

        final Supplier<ConvexSolver> solver;
        final Formulation formulation;
        final double tolerance;
        final boolean honoursIterationLimit;

        Case(Supplier<ConvexSolver> solver, Formulation formulation, double tolerance, boolean honoursIterationLimit) {
            this.solver = solver;
            this.formulation = formulation;
            this.tolerance = tolerance;
            this.honoursIterationLimit = honoursIterationLimit;
        }
    }

    /** A small squared-loss program: n = 24, d = 3 (bias column included), 8 gates. */
    static ConvexProgram program(Formulation formulation, double lambda) {
        Random rng = new Random(5);
        int n = 24;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = rng.nextGaussian();
            x[i][2] = 1.0;
            y[i] = Math.max(0, x[i][0] - 0.3) - 0.8 * Math.max(0, x[i][1] + 0.2) + 0.05 * rng.nextGaussian();
        }
        Matrix xm = Matrix.of(x);
        PatternSet ps = PatternSet.fromGates(xm, GaussianGateSampler.sample(8, 3, 9), BLAS);
        return new ConvexProgram(xm, Matrix.column(y), ps, formulation, Activation.RELU, Loss.SQUARED, lambda);
    }

    static FeatureOperator op(ConvexProgram p) {
        return new MaskedFeatureOperator(p, BLAS);
    }

    static SolveResult solve(ConvexSolver s, ConvexProgram p, double tol, int maxIter) {
        return s.solve(op(p), WarmStart.NONE, new SolverSettings(tol, maxIter, Double.POSITIVE_INFINITY),
                IterationListener.NONE);
    }

    /** The optimum p* bracketed by a certified reference: {@code lower ≤ p* ≤ upper}. */
    record Reference(double lower, double upper) {
    }

    /**
     * The reference: the interior-point method on the same program, polished by FISTA (what {@code auto} runs on
     * small exact programs), certified to a relative gap of 1e-10 by {@link ProgramCertificate}.
     */
    static Reference reference(ConvexProgram p) {
        SolveResult r = solve(new PolishedInteriorPoint(InteriorPointSettings.DEFAULT, FistaSettings.DEFAULT), p,
                1e-10, 200_000);
        ProgramCertificate c = ProgramCertificate.of(op(p), r);
        assertTrue(c.relativeGap() <= 1e-10, "the reference is not certified: gap " + c.relativeGap());
        return new Reference(c.lowerBound(), c.objective());
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void reachesTheReferenceOptimumWithAValidCertificate(Case c) {
        ConvexProgram p = program(c.formulation, 0.02);
        Reference ref = reference(p);
        SolveResult r = solve(c.solver.get(), p, c.tolerance, 200_000);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        // lower ≤ p* ≤ upper: no valid bound above upper, no objective below lower
        assertTrue(cert.lowerBound() <= ref.upper(), cert.lowerBound() + " above the optimum " + ref.upper());
        assertTrue(r.lowerBound() <= ref.upper(), "the solver's own bound is above the optimum");
        assertTrue(cert.objective() >= ref.lower(), "an objective below the optimum");
        assertEquals(SolveStatus.OPTIMAL, r.status(), "status at tolerance " + c.tolerance);
        assertTrue(cert.relativeGap() <= c.tolerance * 1.01, "certified gap " + cert.relativeGap());
        assertEquals(ref.upper(), cert.objective(), 2 * c.tolerance * Math.max(1, ref.upper()));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aboveLambdaMaxTheZeroNetworkIsOptimal(Case c) {
        ConvexProgram p0 = program(c.formulation, 1.0);
        double lmax = LambdaMax.of(op(p0));
        ConvexProgram p = p0.withLambda(1.5 * lmax);
        SolveResult r = solve(c.solver.get(), p, 1e-9, 100_000);
        double zero = LambdaMax.lossAtZero(p);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        assertEquals(zero, cert.objective(), 1e-8 * Math.max(1, zero));
        assertTrue(cert.lowerBound() <= zero + 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void anIterationLimitIsReportedHonestly(Case c) {
        Assumptions.assumeTrue(c.honoursIterationLimit, "caps its own iterations");
        ConvexProgram p = program(c.formulation, 0.005);
        Reference ref = reference(p);
        SolveResult r = solve(c.solver.get(), p, 1e-14, 2);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        assertTrue(cert.lowerBound() <= ref.upper());
        if (r.status() == SolveStatus.OPTIMAL) {
            // only with a certified gap within the tolerance
            assertTrue(cert.relativeGap() <= 1e-14 + 1e-15, "OPTIMAL with gap " + cert.relativeGap());
        }
    }
}
