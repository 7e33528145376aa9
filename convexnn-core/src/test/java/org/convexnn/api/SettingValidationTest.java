package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Supplier;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.linalg.KernelSettings;
import org.convexnn.program.Loss;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.FistaSettings;
import org.convexnn.solver.NewtonSettings;
import org.junit.jupiter.api.Test;

/** One validation per setting, with messages in library terms; the builder's engine settings; one set of defaults. */
class SettingValidationTest {
    private static SettingException refused(Supplier<?> build) {
        return assertThrows(SettingException.class, build::get);
    }

    @Test
    void messagesNameTheSettingInLibraryTerms() {
        SettingException e = refused(() -> ConvexTrainer.builder().lambda(-1).build());
        assertEquals("lambda", e.setting());
        assertEquals("lambda must be a finite number > 0, got -1.0", e.getMessage());
        assertEquals("maxIterations must be positive, got 0",
                refused(() -> ConvexTrainer.builder().maxIterations(0).build()).getMessage());
        assertEquals("timeLimitSeconds must be > 0 seconds, got 0.0",
                refused(() -> ConvexTrainer.builder().timeLimitSeconds(0).build()).getMessage());
        assertEquals("width must be >= 1, got 0",
                refused(() -> new BaselineTrainer.Settings(Optimizer.ADAM, 1e-3, 1, 0, 0, 1)).getMessage());
        assertEquals("sgdWidth must be >= 1, got 0",
                refused(() -> new FitOptions(false, List.of(), 1, 0, 1e-3)).getMessage());
        assertEquals("learningRate must be a finite number > 0, got NaN",
                refused(() -> NonConvexTrainer.builder().learningRate(Double.NaN)).getMessage());
    }

    @Test
    void noLibraryMessageNamesACliFlag() {
        List<Supplier<?>> bad = List.of(
                () -> ConvexTrainer.builder().lambda(Double.NaN).build(),
                () -> ConvexTrainer.builder().patterns(0).build(),
                () -> ConvexTrainer.builder().tol(0).build(),
                () -> ConvexTrainer.builder().threads(-1).build(),
                () -> ConvexTrainer.builder().maxPatterns(0).build(),
                () -> ConvexTrainer.builder().model(Model.LEAKY_RELU).leakySlope(Double.POSITIVE_INFINITY).build(),
                () -> ConvexTrainer.builder().leakySlope(0.1).build(),
                () -> ConvexTrainer.builder().solver(SolverKind.AL).build(),
                () -> ConvexTrainer.builder().model(Model.RELU).solver(SolverKind.SSNAL).build(),
                () -> ConvexTrainer.builder().outputBias(true).loss(Loss.LOGISTIC).build(),
                () -> ConvexTrainer.builder().model(Model.RELU).bias(BiasMode.UNREGULARIZED)
                        .solver(SolverKind.FISTA).build(),
                () -> ConvexTrainer.builder().model(Model.RELU).lowRank(2).loss(Loss.LOGISTIC).build(),
                () -> ConvexTrainer.builder().memoryBudget(1).build(),
                () -> new BaselineTrainer.Settings(Optimizer.SGD, -1, 1, 0, 1, 1),
                () -> new BaselineTrainer.Settings(Optimizer.SGD, 1, 0, 0, 1, 1),
                () -> new BaselineTrainer.Settings(Optimizer.SGD, 1, 1, -1, 1, 1),
                () -> new BaselineTrainer.Settings(Optimizer.SGD, 1, 1, 0, 1, 0),
                () -> NonConvexTrainer.builder().timeLimitSeconds(-1),
                () -> NonConvexTrainer.builder().batchSize(-1));
        for (Supplier<?> s : bad) {
            String m = refused(s).getMessage();
            assertFalse(m.contains("--"), m);
        }
    }

    @Test
    void builderSetsTheEngineSettings() {
        assertEquals(EngineSettings.DEFAULT, ConvexTrainer.builder().build().settings().engine());
        TrainerSettings s = ConvexTrainer.builder().kernels(KernelSettings.Backend.JAVA)
                .kernelThreading(KernelSettings.Threading.OPENBLAS).fma(KernelSettings.Fma.OFF).workingSets(false)
                .whitening(false).newtonPrecision(NewtonSettings.Precision.DOUBLE).build().settings();
        assertEquals(new EngineSettings(new KernelSettings(KernelSettings.Backend.JAVA,
                KernelSettings.Threading.OPENBLAS, KernelSettings.Fma.OFF), new FistaSettings(false, false),
                new NewtonSettings(NewtonSettings.Precision.DOUBLE)), s.engine());
        EngineSettings e = EngineSettings.DEFAULT.withFista(FistaSettings.DEFAULT.withWhitening(false));
        assertEquals(e, ConvexTrainer.builder().engine(e).build().settings().engine());
    }

    @Test
    void oneDefaultPerSetting() {
        TrainerSettings s = ConvexTrainer.builder().build().settings();
        assertEquals(TrainerSettings.DEFAULT_LAMBDA, s.lambda());
        assertEquals(TrainerSettings.DEFAULT_PATTERNS, s.patterns());
        assertEquals(TrainerSettings.DEFAULT_TOL, s.tol());
        assertEquals(TrainerSettings.DEFAULT_MAX_ITERATIONS, s.maxIterations());
        assertEquals(TrainerSettings.DEFAULT_SEED, s.seed());
        // the baseline width: the trainer's default, the baseline settings' and the sgd:EPOCHS baseline's
        assertEquals(100, NonConvexTrainer.DEFAULT_WIDTH);
        assertEquals(NonConvexTrainer.DEFAULT_WIDTH, NonConvexTrainer.builder().build().width());
        assertEquals(NonConvexTrainer.DEFAULT_WIDTH, BaselineTrainer.Settings.defaults().width());
        assertEquals(NonConvexTrainer.DEFAULT_WIDTH, FitOptions.NONE.sgdWidth());
    }
}
