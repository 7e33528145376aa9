package org.convexnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convexnn.data.Dataset;
import org.convexnn.data.TeacherData;
import org.junit.jupiter.api.Test;

/** Issue 4: the memory budget only changes how Z is blocked, never the fit. */
class MemoryBudgetTest {

    private static FitSummary fit(Dataset data, long budget) {
        return ConvexTrainer.builder().lambda(1e-3).patterns(120).seed(3).threads(2).tol(1e-14).maxIterations(60)
                .memoryBudget(budget).build().fit(data).summary();
    }

    @Test
    void budgetsGiveTheSameFit() {
        // n = 20000, d = 8 + bias, 120 gates: the full Z is 20000 x 120 doubles = 19.2 MB, so a 16 MB budget (8 MB Z
        // blocks: 8738 rows, three blocks, the last one partial) and 24 MB (12 MB: two blocks, 13107 + 6893 rows)
        // both block it, while 64 MB holds it at once
        Dataset data = TeacherData.regression(20000, 8, 5);
        FitSummary whole = fit(data, 64L << 20);
        assertEquals(60, whole.iterations());
        for (long budget : new long[] {16L << 20, 24L << 20}) {
            FitSummary blocked = fit(data, budget);
            assertEquals(whole.iterations(), blocked.iterations());
            double scale = Math.abs(whole.objective());
            assertEquals(whole.objective(), blocked.objective(), 1e-12 * scale, "objective, budget " + budget);
            assertEquals(whole.lowerBound(), blocked.lowerBound(), 1e-12 * scale, "bound, budget " + budget);
            assertEquals(whole.neurons(), blocked.neurons());
        }
    }

    @Test
    void blockSizeFollowsTheBudget() {
        assertEquals(8L << 20, FitOptions.zBlockBytes(16L << 20));
        long dflt = FitOptions.defaultMemoryBudget();
        assertTrue(dflt >= FitOptions.MIN_MEMORY_BUDGET);
        assertEquals(dflt, FitOptions.NONE.effectiveMemoryBudget());
        assertEquals(32L << 20, FitOptions.NONE.withMemoryBudget(32L << 20).effectiveMemoryBudget());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.NONE.withMemoryBudget(1L << 20));
        assertThrows(IllegalArgumentException.class, () -> FitOptions.NONE.withMemoryBudget(-1));
    }

    @Test
    void summaryReportsPeakHeap() {
        FitSummary s = fit(TeacherData.regression(500, 5, 1), 0);
        assertNotNull(s.peakHeapMb());
        assertTrue(s.peakHeapMb() > 0, "peak heap " + s.peakHeapMb());
    }
}
