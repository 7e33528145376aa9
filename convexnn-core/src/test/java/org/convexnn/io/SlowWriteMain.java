package org.convexnn.io;

import java.nio.file.Path;

/** For {@link AtomicFilesTest}: starts an atomic write of args[0], says WRITING, then blocks until killed. */
public final class SlowWriteMain {
    private SlowWriteMain() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("WRITING");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
