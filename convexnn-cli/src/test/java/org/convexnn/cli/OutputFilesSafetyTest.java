package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.binaryModel;
import static org.convexnn.cli.CliTestSupport.listing;
import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.convexnn.cli.CliTestSupport.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, user files: no output may name an input (real paths), outputs are checked writable before any work,
 * created with the umask's mode, written through symbolic links, and no temp file of ours is left behind.
 */
class OutputFilesSafetyTest {
    @TempDir
    Path dir;
    Path data;
    Path model;

    @BeforeEach
    void setUp() throws IOException {
        data = write(dir, "train.csv", "a,b,label\n1,2,yes\n3,1,no\n0,0,yes\n2,2,no\n");
        model = binaryModel(dir, "m.json");
    }

    /** Every file in dir with its bytes (symbolic links as their target's name). */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Path p : listing(dir)) {
            m.put(p.getFileName().toString(), Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                    : Files.isDirectory(p) ? "<dir>" : Files.readString(p));
        }
        return m;
    }

    private void assertRefused(String[] args, String... fragments) throws IOException {
        Map<String, String> before = snapshot();
        Result r = run(args);
        assertEquals(2, r.code(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one-line error expected: " + r);
        assertTrue(lines[0].startsWith("error: "), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in " + r);
        }
        assertEquals("", r.out(), "no work may be done: " + r);
        assertEquals(before, snapshot(), "every file must be unchanged and nothing new on disk");
    }

    private String[] fit(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("fit", "--data", data.toString(), "--loss", "logistic",
                "--quiet"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void predictOutCannotBeTheData() throws IOException {
        assertRefused(new String[] {"predict", "--model", model.toString(), "--data", data.toString(), "--out",
            data.toString()}, "--out", "--data", data.toString());
    }

    @Test
    void predictOutCannotBeTheModel() throws IOException {
        assertRefused(new String[] {"predict", "--model", model.toString(), "--data", data.toString(), "--out",
            model.toString()}, "--out", "--model", model.toString());
    }

    @Test
    void predictOutCannotBeTheDataThroughADifferentSpelling() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Path other = dir.resolve("sub/../train.csv");
        assertRefused(new String[] {"predict", "--model", model.toString(), "--data", data.toString(), "--out",
            other.toString()}, "--out", "--data");
    }

    @Test
    void evaluateSummaryCannotBeTheModel() throws IOException {
        assertRefused(new String[] {"evaluate", "--model", model.toString(), "--data", data.toString(), "--summary",
            model.toString()}, "--summary", "--model", model.toString());
    }

    @Test
    void fitOutCannotBeTheData() throws IOException {
        assertRefused(fit("--out", data.toString()), "--out", "--data", data.toString());
    }

    @Test
    void fitSummaryCannotBeTheData() throws IOException {
        assertRefused(fit("--summary", data.toString()), "--summary", "--data", data.toString());
    }

    @Test
    void fitOutCannotBeTheGatesOrPatternsFrom() throws IOException {
        Path gates = write(dir, "gates.csv", "1,0,0\n0,1,0\n");
        assertRefused(fit("--gates", gates.toString(), "--out", gates.toString()), "--out", "--gates",
                gates.toString());
        assertRefused(fit("--patterns-from", model.toString(), "--summary", model.toString()), "--summary",
                "--patterns-from", model.toString());
    }

    @Test
    void fitOutThroughASymlinkToTheDataIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data.getFileName());
        assertRefused(fit("--out", link.toString()), "--out", "--data", link.toString());
    }

    @Test
    void certifyAndCompareSummaryCannotBeAnInput() throws IOException {
        assertRefused(new String[] {"certify", "--model", model.toString(), "--data", data.toString(), "--lambda",
            "0.1", "--summary", model.toString()}, "--summary", "--model", model.toString());
        assertRefused(new String[] {"compare", "--data", data.toString(), "--loss", "logistic", "--summary",
            data.toString()}, "--summary", "--data", data.toString());
    }

    @Test
    void outAndSummaryThroughASymlinkedDirectoryAreTheSameFile() throws IOException {
        Path d = Files.createDirectory(dir.resolve("D"));
        Files.createSymbolicLink(d.resolve("sub"), Path.of("."));
        Path out = d.resolve("m.json");
        Path summary = d.resolve("sub/m.json");
        assertRefused(fit("--out", out.toString(), "--summary", summary.toString()), "--out", "--summary",
                out.toString(), summary.toString(), "name the same file");
    }

    @Test
    void unwritableOutIsReportedBeforeTheSolveNamingTheFlagAndPath() throws IOException {
        Path proc = Path.of("/proc/m.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")));
        assertRefused(fit("--out", proc.toString()), "--out /proc/m.json");
        Result r = run(fit("--out", proc.toString()));
        assertFalse(r.err().contains(".tmp"), "the message must not name a temp file: " + r);
    }

    @Test
    void outThatIsADirectoryIsRefusedNamingTheFlag() throws IOException {
        Files.createDirectory(dir.resolve("out.json"));
        assertRefused(fit("--out", dir.resolve("out.json").toString()), "--out", "is a directory");
    }

    @Test
    void outputsGetTheUmaskMode() throws IOException {
        Path probe = dir.resolve("probe");
        try (OutputStream o = Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            o.write(1);
        }
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(probe);
        Path out = dir.resolve("new.json");
        Path summary = dir.resolve("new-summary.json");
        Result r = run(fit("--out", out.toString(), "--summary", summary.toString()));
        assertEquals(0, r.code(), r.toString());
        assertEquals(umaskMode, Files.getPosixFilePermissions(out), "model mode");
        assertEquals(umaskMode, Files.getPosixFilePermissions(summary), "summary mode");
        Path preds = dir.resolve("preds.csv");
        r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out", preds.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(umaskMode, Files.getPosixFilePermissions(preds), "predictions mode");
    }

    @Test
    void anExistingOutputKeepsItsMode() throws IOException {
        Path out = write(dir, "old.json", "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(out, mode);
        Result r = run(fit("--out", out.toString()));
        assertEquals(0, r.code(), r.toString());
        assertEquals(mode, Files.getPosixFilePermissions(out));
        assertTrue(Files.readString(out).contains("network"));
    }

    @Test
    void aSymlinkAtOutIsWrittenThrough() throws IOException {
        Path realDir = Files.createDirectory(dir.resolve("models"));
        Path target = write(realDir, "real.json", "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("models/real.json"));
        Result r = run(fit("--out", link.toString()));
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.isSymbolicLink(link), "the link must stay a link");
        assertEquals(Path.of("models/real.json"), Files.readSymbolicLink(link));
        assertTrue(Files.readString(target).contains("network"), "the link's target holds the model");
        assertEquals(List.of(target), listing(realDir), "no temp file next to the target");
    }

    @Test
    void staleTempFilesOfOursAreCleanedOnTheNextWrite() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        Path stale = write(dir, ".out.json." + deadPid + ".k3j4h5" + ".convexnn.tmp", "half a model");
        Path legacy = write(dir, ".out.json.1234567890.tmp", "{\"half\":");
        Files.setLastModifiedTime(legacy, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path live = write(dir, ".out.json." + ProcessHandle.current().pid() + "x.convexnn.tmp", "not ours to judge");
        Path otherName = write(dir, ".other.json." + deadPid + ".abc.convexnn.tmp", "another target's");
        Path out = dir.resolve("out.json");
        Result r = run(fit("--out", out.toString()));
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(stale), "a dead writer's temp file is removed");
        assertFalse(Files.exists(legacy), "an old-style temp file older than a minute is removed");
        assertTrue(Files.exists(live), "a file not matching our pattern stays");
        assertTrue(Files.exists(otherName), "another target's temp file stays");
        Files.delete(live);
        Files.delete(otherName);
        for (Path f : listing(dir)) {
            assertFalse(f.getFileName().toString().endsWith(".tmp"), "left behind: " + f);
        }
    }

    @Test
    void aMissingSummaryDirectoryIsReportedNamingTheFlagAndKeepsTheOldModel() throws IOException {
        Path out = write(dir, "keep.json", "keep me");
        byte[] before = Files.readAllBytes(out);
        assertRefused(fit("--out", out.toString(), "--summary", dir.resolve("nodir/s.json").toString()),
                "--summary", "does not exist");
        assertArrayEquals(before, Files.readAllBytes(out));
    }
}
