package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.run;
import static org.convexnn.cli.CliTestSupport.runPlain;
import static org.convexnn.cli.CliTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convexnn.cli.CliTestSupport.Result;
import org.convexnn.linalg.KernelSettings;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.NewtonSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The engine flags of {@code fit} and {@code compare}: parsing, bad values (exit 2, the flag named), effect. */
class EngineFlagsTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void setUp() throws IOException {
        data = write(dir, "train.csv", "a,b,y\n1,2,0.5\n3,1,-1\n0,0,2\n2,2,0\n1,0,1\n");
    }

    private Result command(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of(name, "--data", data.toString()));
        if (name.equals("fit")) {
            args.add("--quiet");
        }
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "fit, --kernels, fortran",
        "fit, --kernel-threading, mpi",
        "fit, --fma, maybe",
        "fit, --working-sets, yes",
        "fit, --whitening, on",
        "fit, --newton-precision, half",
        "compare, --kernels, gpu",
        "compare, --working-sets, 1",
        "compare, --newton-precision, quad"})
    void badValueExitsTwoNamingTheFlag(String cmd, String flag, String value) {
        Result r = command(cmd, flag, value);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertTrue(r.err().contains("'" + flag + "'") && r.err().contains("'" + value + "'"), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(2, runPlain(cmd, "--data", data.toString(), flag, value).code());
    }

    @Test
    void flagsBuildTheEngineSettings() {
        FitCommand fit = new FitCommand();
        new CommandLine(fit).parseArgs("--data", "x.csv", "--kernels", "java", "--kernel-threading", "openblas",
                "--fma", "off", "--working-sets", "off", "--whitening", "off", "--newton-precision", "single");
        EngineSettings e = fit.engine.settings();
        assertEquals(new KernelSettings(KernelSettings.Backend.JAVA, KernelSettings.Threading.OPENBLAS,
                KernelSettings.Fma.OFF), e.kernels());
        assertEquals(false, e.fista().workingSets());
        assertEquals(false, e.fista().whitening());
        assertEquals(NewtonSettings.Precision.SINGLE, e.newton().precision());
        CompareCommand cmp = new CompareCommand();
        new CommandLine(cmp).parseArgs("--data", "x.csv", "--whitening", "AUTO", "--fma", "on");
        assertEquals(EngineSettings.DEFAULT.withKernels(KernelSettings.DEFAULT.withFma(KernelSettings.Fma.ON)),
                cmp.engine.settings());
    }

    @Test
    void noFlagsMeanTheLibraryDefaults() {
        FitCommand fit = new FitCommand();
        new CommandLine(fit).parseArgs("--data", "x.csv");
        assertEquals(EngineSettings.DEFAULT, fit.engine.settings());
        // each description states the default that EngineSettings.DEFAULT holds
        CommandLine.Model.CommandSpec spec = new CommandLine(new FitCommand()).getCommandSpec();
        EngineSettings d = EngineSettings.DEFAULT;
        String[][] expected = {
            {"--kernels", lower(d.kernels().backend())},
            {"--kernel-threading", lower(d.kernels().threading())},
            {"--fma", lower(d.kernels().fma())},
            {"--working-sets", d.fista().workingSets() ? "on" : "off"},
            {"--whitening", d.fista().whitening() ? "auto" : "off"},
            {"--newton-precision", lower(d.newton().precision())}};
        for (String[] e : expected) {
            String text = String.join(" ", spec.findOption(e[0]).description());
            assertTrue(text.contains("(default: " + e[1] + ")"), e[0] + ": " + text);
        }
    }

    @Test
    void fitRunsWithEveryEngineFlag() {
        Result r = command("fit", "--patterns", "8", "--kernels", "java", "--kernel-threading", "java", "--fma", "on",
                "--working-sets", "off", "--whitening", "off", "--newton-precision", "double");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("kernels: java"), r.toString());
    }

    @Test
    void workingSetsAndWhiteningDoNotChangeTheCertifiedOptimum() {
        Result on = command("fit", "--patterns", "8", "--kernels", "java");
        Result off = command("fit", "--patterns", "8", "--kernels", "java", "--working-sets", "off",
                "--whitening", "off");
        assertEquals(0, on.code(), on.toString());
        assertEquals(0, off.code(), off.toString());
        assertEquals(line(on.out(), "status"), line(off.out(), "status"));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String line(String out, String key) {
        return out.lines().filter(l -> l.startsWith(key)).findFirst().orElse("");
    }
}
