package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.Formulation;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.Regularizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The program's regulariser gives the prox that FISTA applies (its fused, warm-started implementations). */
class RegularizerProxTest {

    @ParameterizedTest
    @EnumSource(Formulation.class)
    void theRegulariserAndFistasProxAgree(Formulation form) {
        ConvexProgram p = WorkingSetSolverTest.program(form, 40, 3, 2, 8, 0.05, 6);
        Random rng = new Random(7);
        int d = p.d();
        double[] z = new double[p.groups() * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        double t = 0.4;
        double[] fista = new double[z.length];
        if (form == Formulation.GATED) {
            GroupNorms.softThreshold(z, fista, p.groups(), d, p.penalized(), t);
        } else {
            new ConeProx(p, new ConeProjection(p.x())).apply(z, fista, t);
        }
        Regularizer r = p.regularizer();
        double[] unit = new double[d];
        double[] out = new double[d];
        for (int g = 0; g < p.groups(); g++) {
            System.arraycopy(z, g * d, unit, 0, d);
            r.prox(g, unit, t, out);
            assertArrayEquals(java.util.Arrays.copyOfRange(fista, g * d, (g + 1) * d), out, 1e-12, "group " + g);
        }
    }
}
