package org.convexnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeBlasTest {

    private static Blas nativeOrSkip(int threads) {
        Blas blas = NativeBlas.tryCreate(threads);
        org.junit.jupiter.api.Assumptions.assumeTrue(blas != null,
                () -> "native OpenBLAS not loadable here: " + NativeBlas.loadError());
        return blas;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void matchesNaiveTripleLoop(int threads) {
        Blas blas = nativeOrSkip(threads);
        BlasTestSupport.assertAllMatch(blas, BlasTestSupport.cases(777 + threads));
    }

    @Test
    void openblasThreadedModeMatchesNaiveTripleLoop() {
        nativeOrSkip(2);
        Blas blas = NativeBlas.tryCreate(2, false);
        BlasTestSupport.assertAllMatch(blas, BlasTestSupport.cases(779));
    }

    @Test
    void agreesWithJavaTo1e12() {
        Blas nat = nativeOrSkip(0);
        Blas jav = new JavaBlas(0);
        for (BlasTestSupport.Case cs : BlasTestSupport.cases(4242)) {
            double[] x = cs.c.clone();
            double[] y = cs.c.clone();
            cs.run(nat, x);
            cs.run(jav, y);
            BlasTestSupport.assertMatches(cs, x, y, 1e-12);
        }
    }

    @Test
    void operatorShapesAgreeWithJava() {
        Blas nat = nativeOrSkip(0);
        Blas jav = new JavaBlas(0);
        Random rnd = new Random(5);
        // X V (rows blocked) and X^T R (inner dimension blocked), reduced sizes that still span several blocks
        int[][] shapes = {{3000, 200, 50, 0}, {40, 300, 6000, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean tA = s[3] == 1;
            double[] a = BlasTestSupport.random(rnd, m * k);
            double[] b = BlasTestSupport.random(rnd, k * n);
            double[] x = new double[m * n];
            double[] y = new double[m * n];
            nat.dgemm(tA, false, m, n, k, 1.0, a, 0, tA ? m : k, b, 0, n, 0.0, x, 0, n);
            jav.dgemm(tA, false, m, n, k, 1.0, a, 0, tA ? m : k, b, 0, n, 0.0, y, 0, n);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-12 * Math.sqrt(k) + 1e-12 * Math.abs(y[i]), "index " + i);
            }
        }
    }

    @Test
    void betaZeroOverwritesEvenAfterNaNsWereInTheBuffers() {
        Blas blas = nativeOrSkip(1);
        Random rnd = new Random(11);
        for (boolean tA : new boolean[] {false, true}) {
            int m = tA ? 5 : 300, n = 17, k = tA ? 900 : 4; // row-blocked and inner-blocked paths
            double[] a = BlasTestSupport.random(rnd, m * k);
            double[] b = BlasTestSupport.random(rnd, k * n);
            double[] nan = new double[m * n];
            java.util.Arrays.fill(nan, Double.NaN);
            blas.dgemm(tA, false, m, n, k, 1.0, a, 0, tA ? m : k, b, 0, n, 1.0, nan, 0, n); // leaves NaN off-heap
            assertTrue(Double.isNaN(nan[0]));
            double[] c = new double[m * n];
            java.util.Arrays.fill(c, Double.NaN);
            blas.dgemm(tA, false, m, n, k, 1.0, a, 0, tA ? m : k, b, 0, n, 0.0, c, 0, n);
            double[] ref = new double[m * n];
            new JavaBlas(1).dgemm(tA, false, m, n, k, 1.0, a, 0, tA ? m : k, b, 0, n, 0.0, ref, 0, n);
            for (int i = 0; i < c.length; i++) {
                assertEquals(ref[i], c[i], 1e-12, "index " + i);
            }
        }
    }

    @Test
    void concurrentCallers() throws Exception {
        Blas blas = nativeOrSkip(2);
        BlasTestSupport.assertConcurrentCallersMatch(blas, 3, 31, 25);
    }

    @Test
    void loadsWhereThePlatformJarIsPresent() {
        // Where the bytedeco linux-x86_64 natives are on the class path (our build machines), failing to load is a bug.
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")));
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlasTest.class.getClassLoader()
                .getResource("org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so") != null);
        Blas blas = NativeBlas.tryCreate(2);
        assertNotNull(blas, () -> "native load failed: " + NativeBlas.loadError());
        assertTrue(blas.name().startsWith("openblas"), blas.name());
        assertEquals(2, blas.threads());
        assertTrue(Blas.auto(1) instanceof NativeBlas);
    }

    @Test
    void theSettingsChooseTheKernel() {
        Blas blas = Blas.create(KernelSettings.DEFAULT.withBackend(KernelSettings.Backend.JAVA), 3);
        assertTrue(blas instanceof JavaBlas);
        assertEquals(3, blas.threads());
        assertTrue(!blas.isNative());
        assertTrue(new JavaBlas(1, false).name().startsWith("java"));
        assertTrue(KernelSettings.DEFAULT.withFma(KernelSettings.Fma.ON).useFma());
        assertTrue(!KernelSettings.DEFAULT.withFma(KernelSettings.Fma.OFF).useFma());
        if (NativeBlas.isAvailable()) {
            Blas nat = Blas.create(KernelSettings.DEFAULT.withBackend(KernelSettings.Backend.NATIVE), 2);
            assertTrue(nat.isNative() && nat instanceof NativeBlas);
            assertTrue(Blas.create(KernelSettings.DEFAULT.withThreading(KernelSettings.Threading.OPENBLAS), 2)
                    .isNative());
        }
    }
}
