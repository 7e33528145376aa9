package org.convexnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: SIGTERM during a fit, kill and resume from a checkpoint, and checkpoints of other data or settings. The
 * fits run in a child JVM ({@code java -cp <test classpath> org.convexnn.cli.Main fit ...}) so that they can be
 * signalled and killed.
 */
class InterruptResumeCliTest {
    @TempDir
    Path dir;

    /** Regression data on which the Newton solver needs about two seconds to reach --tol 1e-10. */
    private Path slowData() throws IOException {
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < 30; j++) {
            header.append('x').append(j).append(',');
        }
        header.append('y');
        return CliTestSupport.csvRows(dir, "slow.csv", header.toString(), 1500, 2, (r, i) -> {
            StringBuilder b = new StringBuilder();
            double[] x = new double[30];
            double y = 0;
            for (int j = 0; j < 30; j++) {
                x[j] = r.nextGaussian();
                b.append(String.format(Locale.ROOT, "%.5f", x[j])).append(',');
            }
            for (int j = 0; j + 1 < 30; j += 2) {
                y += Math.max(0, x[j] - x[j + 1]);
            }
            return b.append(String.format(Locale.ROOT, "%.5f", y + 0.3 * r.nextGaussian())).toString();
        });
    }

    private static List<String> fitArgs(Path data, String... extra) {
        return fitArgs("ssnal", data, extra);
    }

    private static List<String> fitArgs(String solver, Path data, String... extra) {
        List<String> a = new ArrayList<>(List.of("fit", "--data", data.toString(), "--lambda", "1e-3", "--patterns",
                "800", "--tol", "1e-10", "--solver", solver, "--threads", "1", "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    /** Starts the CLI in a child JVM; its output goes to dir/name.log. */
    private Process start(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.convexnn.cli.Main");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    /** Waits until the file exists (the solve is running and has written a checkpoint). */
    private static void awaitFile(Path file, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(p.isAlive(), "the fit ended before writing " + file);
            assertTrue(System.nanoTime() < deadline, "no checkpoint after 60 s");
            Thread.sleep(20);
        }
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static double objective(Path summary) throws IOException {
        return CliTestSupport.json(summary).get("objective").asDouble();
    }

    @Test
    void killedFitResumesFromItsCheckpointToTheSameOptimum() throws Exception {
        Path data = slowData();
        Path ck = dir.resolve("ck.json");
        Process p = start("killed", fitArgs(data, "--checkpoint", ck.toString(), "--checkpoint-every", "0.2",
                "--summary", dir.resolve("never.json").toString()));
        awaitFile(ck, p);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(dir.resolve("never.json")), "killed before the end, yet a summary: " + log("killed"));
        JsonNode c = CliTestSupport.json(ck);
        assertEquals("convexnn-checkpoint", c.get("format").asText());
        assertEquals(800 * 31, c.get("point").size());

        Path resumed = dir.resolve("resumed.json");
        Process r = start("resumed", fitArgs(data, "--resume", ck.toString(), "--summary", resumed.toString()));
        assertTrue(r.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, r.exitValue(), log("resumed"));
        Path full = dir.resolve("full.json");
        CliTestSupport.Result u = CliTestSupport.run(fitArgs(data, "--summary", full.toString())
                .toArray(new String[0]));
        assertEquals(0, u.code(), u.toString());
        assertEquals("OPTIMAL", CliTestSupport.json(resumed).get("status").asText());
        assertEquals("OPTIMAL", CliTestSupport.json(full).get("status").asText());
        assertEquals(objective(full), objective(resumed), 1e-9);

    }

    @Test
    void sigtermWritesAnInterruptedModelAndExits130() throws Exception {
        Path data = slowData();
        Path ck = dir.resolve("ck.json");
        Path model = dir.resolve("m.json");
        Path summary = dir.resolve("s.json");
        Process p = start("term", fitArgs(data, "--checkpoint", ck.toString(), "--checkpoint-every", "0.2",
                "--out", model.toString(), "--summary", summary.toString()));
        awaitFile(ck, p);
        Thread.sleep(700); // well into the solve (about two seconds in all)
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), log("term"));
        JsonNode s = CliTestSupport.json(summary);
        assertEquals("INTERRUPTED", s.get("status").asText(), log("term"));
        assertTrue(s.get("lower_bound").asDouble() <= s.get("objective").asDouble());
        assertTrue(Files.exists(model));
        assertTrue(log("term").contains("interrupt"), log("term"));
        // the model is usable, and the checkpoint written at the interrupt resumes
        CliTestSupport.Result e = CliTestSupport.run("evaluate", "--model", model.toString(), "--data",
                data.toString());
        assertEquals(0, e.code(), e.toString());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temp files left");
        }
        // the checkpoint written at the interrupt holds the point it stopped at: one (monotone) proximal-gradient
        // step from it is no worse, and better than one step from the usual start
        double stopped = s.get("objective").asDouble();
        Path one = dir.resolve("one.json");
        Path oneResumed = dir.resolve("one-resumed.json");
        CliTestSupport.Result scratch = CliTestSupport.run(concat(fitArgs("fista", data, "--summary",
                one.toString()), "--max-iter", "1"));
        CliTestSupport.Result resumed = CliTestSupport.run(concat(fitArgs("fista", data, "--resume", ck.toString(),
                "--summary", oneResumed.toString()), "--max-iter", "1"));
        assertEquals(0, scratch.code(), scratch.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(stopped < objective(one), "the interrupted point " + stopped + " is no better than one step, "
                + objective(one));
        assertTrue(objective(oneResumed) <= stopped * (1 + 1e-9), objective(oneResumed) + " > " + stopped);
    }

    @Test
    void aSecondSignalAbortsAtOnce() throws Exception {
        Path data = slowData();
        Path ck = dir.resolve("ck.json");
        Path summary = dir.resolve("s.json");
        Process p = start("twice", fitArgs(data, "--checkpoint", ck.toString(), "--checkpoint-every", "0.2",
                "--summary", summary.toString()));
        awaitFile(ck, p);
        p.destroy();
        Thread.sleep(30); // apart, so that the two are not merged into one pending signal
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), log("twice"));
        assertTrue(log("twice").contains("second signal"), log("twice"));
        assertFalse(Files.exists(summary), "aborted, yet a summary: " + log("twice"));
    }

    @Test
    void aCheckpointOfOtherDataOrSettingsIsRefused() throws Exception {
        Path a = CliTestSupport.csvRows(dir, "a.csv", "u,v,y", 40, 1,
                (r, i) -> r.nextGaussian() + "," + r.nextGaussian() + "," + r.nextGaussian());
        Path b = CliTestSupport.csvRows(dir, "b.csv", "u,v,y", 40, 2,
                (r, i) -> r.nextGaussian() + "," + r.nextGaussian() + "," + r.nextGaussian());
        Path ck = dir.resolve("a.ck.json");
        CliTestSupport.Result w = CliTestSupport.run("fit", "--data", a.toString(), "--patterns", "20", "--quiet",
                "--checkpoint", ck.toString(), "--checkpoint-every", "0");
        assertEquals(0, w.code(), w.toString());
        assertTrue(Files.exists(ck), w.toString());

        CliTestSupport.Result otherData = CliTestSupport.run("fit", "--data", b.toString(), "--patterns", "20",
                "--quiet", "--resume", ck.toString());
        assertEquals(2, otherData.code(), otherData.toString());
        assertTrue(otherData.err().contains("other training data"), otherData.err());

        CliTestSupport.Result otherSettings = CliTestSupport.run("fit", "--data", a.toString(), "--patterns", "20",
                "--lambda", "0.01", "--quiet", "--resume", ck.toString());
        assertEquals(2, otherSettings.code(), otherSettings.toString());
        assertTrue(otherSettings.err().contains("other settings") && otherSettings.err().contains("lambda"),
                otherSettings.err());

        CliTestSupport.Result same = CliTestSupport.run("fit", "--data", a.toString(), "--patterns", "20",
                "--quiet", "--resume", ck.toString(), "--tol", "1e-8");
        assertEquals(0, same.code(), same.toString()); // the stopping rules may change on resume

        Path notCk = CliTestSupport.write(dir, "x.json", "{\"format\": \"something\"}");
        CliTestSupport.Result bad = CliTestSupport.run("fit", "--data", a.toString(), "--quiet", "--resume",
                notCk.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("not a checkpoint"), bad.err());

        CliTestSupport.Result path = CliTestSupport.run("fit", "--data", a.toString(), "--quiet", "--lambda-path",
                "3", "--checkpoint", dir.resolve("p.json").toString());
        assertEquals(2, path.code(), path.toString());
        CliTestSupport.Result every = CliTestSupport.run("fit", "--data", a.toString(), "--quiet",
                "--checkpoint-every", "1");
        assertEquals(2, every.code(), every.toString());
    }
}
