package org.convexnn.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
import org.convexnn.solver.ConvexSolver;
import org.convexnn.solver.FistaSettings;
import org.convexnn.solver.InteriorPointSettings;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.LambdaMax;
import org.convexnn.solver.PolishedInteriorPoint;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;
import org.convexnn.solver.SolverSettings;
import org.convexnn.solver.WarmStart;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConvexSolver} must do, whatever its method (in the manner of EJML's generic solver checks): reach
 * an independent reference optimum, the closed-form zero network above λ_max, report an iteration limit honestly,
 * and return a point whose recomputed certificate is valid. Each solver's test overrides {@link #solver()} and, where
 * it solves another kind of program, {@link #formulation()}.
 */
public abstract class ConvexSolverContract {
    static final Blas BLAS = Blas.auto(1);

    /** The solver under test. */
    protected abstract ConvexSolver solver();

    /** The program kind it solves. */
    protected Formulation formulation() {
        return Formulation.GATED;
    }

    /** Whether it stops on its iteration limit (the interior-point method caps its own iterations). */
    protected boolean honoursIterationLimit() {
        return true;
    }

    /** A small squared-loss program: n = 24, d = 3 (bias column included), 8 gates. */
    protected ConvexProgram program(double lambda) {
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
        return new ConvexProgram(xm, Matrix.column(y), ps, formulation(), Activation.RELU, Loss.SQUARED, lambda);
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

    /** The stopping tolerance of the first test. */
    protected double tolerance() {
        return 1e-9;
    }

    @Test
    void reachesTheReferenceOptimumWithAValidCertificate() {
        ConvexProgram p = program(0.02);
        Reference ref = reference(p);
        SolveResult r = solve(solver(), p, tolerance(), 200_000);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        // lower ≤ p* ≤ upper: no valid bound above upper, no objective below lower
        assertTrue(cert.lowerBound() <= ref.upper(), cert.lowerBound() + " above the optimum " + ref.upper());
        assertTrue(r.lowerBound() <= ref.upper(), "the solver's own bound is above the optimum");
        assertTrue(cert.objective() >= ref.lower(), "an objective below the optimum");
        assertEquals(SolveStatus.OPTIMAL, r.status(), "status at tolerance " + tolerance());
        assertTrue(cert.relativeGap() <= tolerance() * 1.01, "certified gap " + cert.relativeGap());
        assertEquals(ref.upper(), cert.objective(), 2 * tolerance() * Math.max(1, ref.upper()));
    }

    @Test
    void aboveLambdaMaxTheZeroNetworkIsOptimal() {
        ConvexProgram p0 = program(1.0);
        double lmax = LambdaMax.of(op(p0));
        ConvexProgram p = p0.withLambda(1.5 * lmax);
        SolveResult r = solve(solver(), p, 1e-9, 100_000);
        double zero = LambdaMax.lossAtZero(p);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        assertEquals(zero, cert.objective(), 1e-8 * Math.max(1, zero));
        assertTrue(cert.lowerBound() <= zero + 1e-12);
    }

    @Test
    void anIterationLimitIsReportedHonestly() {
        if (!honoursIterationLimit()) {
            return;
        }
        ConvexProgram p = program(0.005);
        Reference ref = reference(p);
        SolveResult r = solve(solver(), p, 1e-14, 2);
        ProgramCertificate cert = ProgramCertificate.of(op(p), r);
        assertTrue(cert.lowerBound() <= ref.upper());
        if (r.status() == SolveStatus.OPTIMAL) {
            // only with a certified gap within the tolerance
            assertTrue(cert.relativeGap() <= 1e-14 + 1e-15, "OPTIMAL with gap " + cert.relativeGap());
        }
    }
}
