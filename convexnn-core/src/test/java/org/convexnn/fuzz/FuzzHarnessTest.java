package org.convexnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convexnn.data.DataFormatException;
import org.junit.jupiter.api.Test;

/** The fuzz harness fails on each thing it guards against (so the properties can fail). */
class FuzzHarnessTest {
    private static final byte[] INPUT = {1, 2, 3};

    @Test
    void passesTheDocumentedErrorAndAResult() {
        FuzzHarness.check("ok", INPUT, 3, DataFormatException.class, () -> {
            throw new DataFormatException("bad");
        }, null);
        FuzzHarness.check("ok", INPUT, 3, DataFormatException.class, () -> "fine", null);
    }

    @Test
    void failsOnAnotherException() {
        AssertionError e = assertThrows(AssertionError.class, () -> FuzzHarness.check("npe", INPUT, 3,
                DataFormatException.class, () -> {
                    throw new IllegalArgumentException("not documented");
                }, null));
        assertTrue(e.getMessage().contains("only DataFormatException is documented"), e.getMessage());
    }

    @Test
    void failsOnAnAllocationBeyondTheInput() {
        AssertionError e = assertThrows(AssertionError.class, () -> FuzzHarness.check("alloc", INPUT, 3,
                DataFormatException.class, () -> new byte[(int) FuzzHarness.allowance(3) + 1024], null));
        assertTrue(e.getMessage().contains("allocated"), e.getMessage());
    }

    @Test
    void failsOnOutOfMemory() {
        AssertionError e = assertThrows(AssertionError.class, () -> FuzzHarness.check("oom", INPUT, 3,
                DataFormatException.class, () -> {
                    throw new OutOfMemoryError("Java heap space");
                }, null));
        assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
    }

    @Test
    void failsOnAHang() {
        long t0 = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> FuzzHarness.check("hang", INPUT, 3,
                DataFormatException.class, () -> {
                    Thread.sleep(60_000);
                    return null;
                }, null, 500));
        assertTrue(e.getMessage().contains("a hang"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 20_000 * 1_000_000L);
        // the worker was interrupted and is free again
        FuzzHarness.check("after", INPUT, 3, DataFormatException.class, () -> "fine", null);
    }
}
