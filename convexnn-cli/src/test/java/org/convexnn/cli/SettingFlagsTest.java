package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import org.convexnn.api.TrainerSettings;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.cli.CliTestSupport.Result;
import org.convexnn.settings.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Library setting names become flags in CLI errors; the CLI's defaults are the library's. */
class SettingFlagsTest {
    @TempDir
    Path dir;

    @Test
    void everyMappedFlagIsAnOptionOfFitCompareOrCertify() {
        CommandSpec fit = new CommandLine(new FitCommand()).getCommandSpec();
        CommandSpec compare = new CommandLine(new CompareCommand()).getCommandSpec();
        CommandSpec certify = new CommandLine(new CertifyCommand()).getCommandSpec();
        for (String flag : SettingFlags.FLAGS.values()) {
            String name = flag.split(" ")[0];
            assertNotNull(fit.findOption(name) != null ? fit.findOption(name)
                    : compare.findOption(name) != null ? compare.findOption(name) : certify.findOption(name), flag);
        }
    }

    @Test
    void settingNamesAreRewrittenAsFlags() {
        SettingException e = new SettingException("solver",
                "{solver} al solves cone programs; use {solver} fista for {model} gated-relu (see {unknownThing})");
        assertEquals("solver al solves cone programs; use solver fista for model gated-relu (see unknownThing)",
                e.getMessage());
        assertEquals("--solver al solves cone programs; use --solver fista for --model gated-relu (see unknownThing)",
                SettingFlags.message(e));
    }

    @Test
    void libraryErrorsKeepTheirCliWording() throws IOException {
        Path data = write(dir, "train.csv", "a,b,y\n1,2,0.5\n3,1,-1\n0,0,2\n2,2,0\n");
        assertError("error: --lambda must be a finite number > 0, got -1.0",
                run("fit", "--data", data.toString(), "--lambda", "-1"));
        assertError("error: --max-iter must be positive, got 0",
                run("fit", "--data", data.toString(), "--max-iter", "0"));
        assertError("error: --threads must be >= 0, got -2",
                run("fit", "--data", data.toString(), "--threads", "-2"));
        assertError("error: --time-limit must be > 0 seconds, got -1.0",
                run("fit", "--data", data.toString(), "--time-limit", "-1"));
        assertError("error: --output-bias is supported with --loss squared only",
                run("fit", "--data", data.toString(), "--output-bias", "--loss", "logistic", "--task",
                        "classification"));
        assertError("error: --width must be >= 1, got 0",
                run("compare", "--data", data.toString(), "--width", "0"));
        assertError("error: --batch-size must be >= 0 (0 = full batch), got -1",
                run("compare", "--data", data.toString(), "--batch-size", "-1"));
    }

    @Test
    void cliDefaultsAreTheLibraryDefaults() {
        CommandSpec fit = new CommandLine(new FitCommand()).getCommandSpec();
        assertEquals(TrainerSettings.DEFAULT_LAMBDA, Double.parseDouble(fit.findOption("--lambda").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_TOL, Double.parseDouble(fit.findOption("--tol").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_MAX_ITERATIONS,
                Integer.parseInt(fit.findOption("--max-iter").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_SEED, Long.parseLong(fit.findOption("--seed").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_THREADS, Integer.parseInt(fit.findOption("--threads").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_PATTERNS, FitRunner.DEFAULT_PATTERNS);
        CommandSpec compare = new CommandLine(new CompareCommand()).getCommandSpec();
        assertEquals(TrainerSettings.DEFAULT_LAMBDA,
                Double.parseDouble(compare.findOption("--lambda").defaultValue()));
        assertEquals(TrainerSettings.DEFAULT_TOL, Double.parseDouble(compare.findOption("--tol").defaultValue()));
        assertEquals(NonConvexTrainer.DEFAULT_WIDTH, Integer.parseInt(compare.findOption("--width").defaultValue()));
        assertEquals(NonConvexTrainer.DEFAULT_BATCH_SIZE,
                Integer.parseInt(compare.findOption("--batch-size").defaultValue()));
    }

    private static void assertError(String expected, Result r) {
        assertEquals(2, r.code(), r.toString());
        assertEquals(expected, r.err().strip(), r.toString());
    }
}
