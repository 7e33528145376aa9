package org.convexnn.program;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.JavaBlas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blocked, bit-masked operator against the explicit matrix, for several block sizes and program kinds. */
class MaskedFeatureOperatorTest {

    @ParameterizedTest
    @CsvSource({
        "GATED, relu, 1, 1000000", "GATED, relu, 3, 1000000", "GATED, relu, 1, 1",
        "CONE_CONSTRAINED, relu, 1, 1000000", "CONE_CONSTRAINED, relu, 2, 7", "CONE_CONSTRAINED, leaky-relu, 1, 13",
        "CONE_CONSTRAINED, abs, 3, 5000", "GATED, relu, 2, 3"})
    void matchesDenseReference(Formulation form, String act, int c, int blockRowsBytesFactor) {
        Random rng = new Random(42);
        int n = 37;
        int d = 5;
        Matrix x = gaussian(n, d, rng);
        Matrix y = gaussian(n, c, rng);
        PatternSet ps = PatternSet.fromGates(x, GaussianGateSampler.sample(11, d, 3));
        ConvexProgram p = new ConvexProgram(x, y, ps, form, Activation.of(act, 0.1), Loss.SQUARED, 0.1);
        // block budget: factor * one row's Z (so "1" means one row per block, 7 and 13 do not divide n)
        long bytes = (long) blockRowsBytesFactor * 8L * p.groups();
        FeatureOperator op = new MaskedFeatureOperator(p, new JavaBlas(2), bytes);
        DenseReferenceOperator ref = new DenseReferenceOperator(p);
        double[] w = gaussian(p.groups(), d, rng).data();
        double[] pred = new double[n * c];
        op.forward(w, pred, null);
        assertArrayEquals(ref.forward(w), pred, 1e-12);
        double[] r = gaussian(n, c, rng).data();
        double[] g = new double[p.groups() * d];
        op.adjoint(r, g);
        assertArrayEquals(ref.adjoint(r), g, 1e-12);
        // adjoint identity <M w, r> = <w, Mᵀ r>
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < pred.length; i++) {
            lhs += pred[i] * r[i];
        }
        for (int i = 0; i < w.length; i++) {
            rhs += w[i] * g[i];
        }
        assertEquals(lhs, rhs, 1e-10 * Math.max(1, Math.abs(lhs)));
        // the fused pass with an identity kernel on the masked residual equals the adjoint
        double[] g2 = new double[g.length];
        op.fused(w, (start, rows, z) -> {
            for (int j = 0; j < rows; j++) {
                for (int q = 0; q < p.groups(); q++) {
                    z[j * p.groups() + q] = op.coef(start + j, q / c) * r[(start + j) * c + q % c];
                }
            }
        }, g2);
        assertArrayEquals(g, g2, 1e-12);
    }
}
