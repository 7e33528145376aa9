package org.convexnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: atomic writes with the umask's mode, through symbolic links, and no temp file left on any exit. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void writeText(Path p, String text) throws IOException {
        AtomicFiles.write(p, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<Path> temps() throws IOException {
        return listing().stream().filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }

    @Test
    void aNewFileGetsTheModeTheUmaskGives() throws IOException {
        Path probe = dir.resolve("probe");
        try (OutputStream o = Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            o.write(1);
        }
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(probe);
        Path p = dir.resolve("out.json");
        writeText(p, "{}");
        assertEquals(umaskMode, Files.getPosixFilePermissions(p));
        assertEquals("{}", Files.readString(p));
    }

    @Test
    void anExistingFileKeepsItsMode() throws IOException {
        Path p = dir.resolve("out.json");
        Files.writeString(p, "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(p, mode);
        writeText(p, "new");
        assertEquals(mode, Files.getPosixFilePermissions(p));
        assertEquals("new", Files.readString(p));
    }

    @Test
    void aSymlinkIsWrittenThroughToItsTarget() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path target = sub.resolve("real.json");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("sub/real.json"));
        writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), Files.list(sub).toList(), "the temp file was next to the target and is gone");
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("later.json"));
        writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(dir.resolve("later.json")));
    }

    @Test
    void theTempFileIsOursAndRemovedWhenTheWriteFails() throws IOException {
        Path p = dir.resolve("out.json");
        Files.writeString(p, "keep");
        AtomicReference<List<Path>> during = new AtomicReference<>();
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write(1);
            during.set(temps());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(1, during.get().size(), "one temp file while writing: " + during.get());
        String name = during.get().get(0).getFileName().toString();
        assertTrue(name.startsWith(".out.json.") && name.endsWith(".convexnn.tmp"), name);
        assertEquals(List.of(p), listing(), "the temp file is removed, the old file kept");
        assertEquals("keep", Files.readString(p));
        assertTrue(AtomicFiles.inFlight().isEmpty());
    }

    @Test
    void theShutdownHookDeletesTempFilesInFlight() throws Exception {
        Path p = dir.resolve("out.json");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                AtomicFiles.write(p, out -> {
                    out.write(new byte[1000]);
                    out.flush();
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            assertTrue(writing.await(10, TimeUnit.SECONDS));
            assertEquals(1, temps().size());
            assertEquals(1, AtomicFiles.inFlight().size());
            AtomicFiles.deleteInFlight(); // what the hook runs
            assertEquals(List.of(), temps(), "the hook removed the temp file");
            assertThrows(IOException.class, () -> writeText(dir.resolve("other.json"), "x"),
                    "no new temp file once shutting down");
        } finally {
            release.countDown();
            t.join(10_000);
            AtomicFiles.resetForTest();
        }
        assertTrue(failure.get() instanceof IOException, "the interrupted write fails: " + failure.get());
        assertEquals(List.of(), listing(), "nothing left on disk");
    }

    /** A real JVM, SIGTERM (Process.destroy) in the middle of a write: no temp file remains. */
    @Test
    void sigtermDuringAWriteLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("big.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWriteMain.class.getName(), target.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertEquals("WRITING", line);
            assertEquals(1, temps().size(), "a temp file while writing");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue(), "killed by SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), listing(), "no temp file and no partial target after SIGTERM");
    }

    @Test
    void staleTempFilesOfADeadWriterAreCleaned() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = dir.resolve(".out.json." + gone.pid() + ".zz9.convexnn.tmp");
        Files.writeString(stale, "half");
        Path mine = dir.resolve(".out.json." + ProcessHandle.current().pid() + ".zz8.convexnn.tmp");
        Files.writeString(mine, "a live writer's");
        writeText(dir.resolve("out.json"), "{}");
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(mine), "a live writer's temp file stays");
    }

    @Test
    void checkWritableTargetNamesTheUsersPath() {
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.checkWritableTarget(Path.of("/proc/m.json")));
        assertTrue(e.getMessage().startsWith("/proc/m.json"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }
}
