package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.FloatSymmetricMatrix;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.Loss;
import org.convexnn.solver.NewtonSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** When {@code auto} gives a gated program to the Newton augmented Lagrangian (SolverChoice.chooseNewton). */
class AutoSolverChoiceTest {

    private static ConvexProgram program(int n, int d, int gates, Loss loss) {
        Random rng = new Random(n);
        double[][] x = new double[n][d];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) {
                x[i][j] = rng.nextGaussian();
            }
            x[i][d - 1] = 1.0;
            y[i][0] = x[i][0] > 0 ? 1 : -1;
        }
        Matrix xm = Matrix.of(x);
        double[][] g = new double[gates][d];
        for (double[] gate : g) {
            for (int j = 0; j < d; j++) {
                gate[j] = rng.nextGaussian();
            }
        }
        PatternSet ps = PatternSet.fromGates(xm, Matrix.of(g), Blas.auto(1));
        return new ConvexProgram(xm, Matrix.of(y), ps, Formulation.GATED, Activation.RELU, loss, 1e-3);
    }

    private static final Blas BLAS = Blas.auto(1);

    private static TrainerSettings settings(SolverKind solver) {
        return ConvexTrainer.builder().model(Model.GATED_RELU).solver(solver).build().settings();
    }

    private static TrainerSettings settings(NewtonSettings.Precision precision) {
        TrainerSettings s = settings(SolverKind.AUTO);
        return s.withEngine(s.engine().withNewton(new NewtonSettings(precision)));
    }

    @Test
    void smallSquaredLossProgramsGoToNewton() {
        ConvexProgram p = program(300, 4, 20, Loss.SQUARED);
        assertTrue(SolverChoice.chooseNewton(settings(SolverKind.AUTO), p, BLAS));
        assertFalse(SolverChoice.chooseNewton(settings(SolverKind.FISTA), p, BLAS), "an explicit solver is kept");
        assertFalse(SolverChoice.chooseNewton(settings(SolverKind.AUTO), program(300, 4, 20, Loss.LOGISTIC), BLAS),
                "logistic loss stays with FISTA");
    }

    @Test
    void aboveTheRowLimitOnlyInSinglePrecision() {
        Assumptions.assumeTrue(FloatSymmetricMatrix.isAvailable(), "native OpenBLAS not loadable here");
        // n = 5000 against d·P = 8: forming and factoring dominate, single precision pays; 200 MB of n x n floats
        ConvexProgram p = program(SolverChoice.AUTO_SSNAL_MAX_ROWS + 1000, 4, 2, Loss.SQUARED);
        assertTrue(SolverChoice.chooseNewton(settings(NewtonSettings.Precision.AUTO), p, BLAS));
        assertFalse(SolverChoice.chooseNewton(settings(NewtonSettings.Precision.DOUBLE), p, BLAS),
                "in double precision n x n work is left to FISTA above " + SolverChoice.AUTO_SSNAL_MAX_ROWS);
    }

    @Test
    void theChoiceSaysWhy() {
        ConvexProgram p = program(300, 4, 20, Loss.SQUARED);
        SolverChoice auto = SolverChoice.of(settings(SolverKind.AUTO), p, BLAS, true, null);
        assertTrue(auto.solver() instanceof org.convexnn.solver.NewtonAugmentedLagrangian, auto.reason());
        assertTrue(auto.reason().startsWith("auto: gated program, squared loss"), auto.reason());
        SolverChoice path = SolverChoice.of(settings(SolverKind.AUTO), p, BLAS, false, null);
        assertTrue(path.solver() instanceof org.convexnn.solver.WorkingSetSolver, path.reason());
        assertTrue(path.reason().startsWith("auto on a path"), path.reason());
        assertTrue(SolverChoice.of(settings(SolverKind.FISTA), p, BLAS, true, null).reason().equals("requested"));
        assertTrue(SolverChoice.of(settings(SolverKind.AUTO), program(300, 4, 20, Loss.LOGISTIC), BLAS, true, null)
                .reason().equals("auto: first-order default"));
        assertTrue(SolverChoice.reasonFor(settings(SolverKind.AUTO), p, BLAS, "ssnal").startsWith("auto: gated"));
    }
}
