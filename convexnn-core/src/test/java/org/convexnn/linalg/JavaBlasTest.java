package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaBlasTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void matchesNaiveTripleLoop(int threads) {
        Blas blas = new JavaBlas(threads);
        BlasTestSupport.assertAllMatch(blas, BlasTestSupport.cases(1234 + threads));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bothKernelVariantsMatch(boolean fma) {
        Blas blas = new JavaBlas(2, fma);
        BlasTestSupport.assertAllMatch(blas, BlasTestSupport.cases(555));
    }

    @Test
    void zeroThreadsMeansAllProcessors() {
        assertEquals(Runtime.getRuntime().availableProcessors(), new JavaBlas(0).threads());
    }

    @Test
    void alphaZeroOrKZeroOnlyScalesC() {
        Blas blas = new JavaBlas(2);
        double[] c = {Double.NaN, 2, 3, 4};
        blas.dgemm(false, false, 2, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.0, c, 0, 2);
        assertEquals(0.0, c[0]);
        assertEquals(0.0, c[3]);
        double[] d = {1, 2, 3, 4};
        blas.dgemm(false, false, 2, 2, 2, 0.0, new double[] {Double.NaN, 1, 1, 1}, 0, 2, new double[4], 0, 2, 2.0, d, 0, 2);
        assertEquals(8.0, d[3]);
    }

    @Test
    void rejectsOutOfBounds() {
        Blas blas = new JavaBlas(1);
        assertThrows(IndexOutOfBoundsException.class,
                () -> blas.dgemm(false, false, 2, 2, 2, 1.0, new double[3], 0, 2, new double[4], 0, 2, 0.0, new double[4], 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> blas.dgemm(false, false, 2, 2, 2, 1.0, new double[4], 0, 1, new double[4], 0, 2, 0.0, new double[4], 0, 2));
    }

    @Test
    void concurrentCallersShareThePool() throws Exception {
        Blas blas = new JavaBlas(2);
        BlasTestSupport.assertConcurrentCallersMatch(blas, 4, 99, 20);
    }
}
