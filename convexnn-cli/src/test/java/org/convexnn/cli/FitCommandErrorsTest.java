package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.listing;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to {@code fit}: exit code 2, a one-line message naming the flag or file, and nothing on disk. */
class FitCommandErrorsTest {
    @TempDir
    Path dir;
    Path data;
    Path model;
    Path summary;
    List<Path> before;

    @BeforeEach
    void setUp() throws IOException {
        data = write(dir, "train.csv", "a,b,label\n1,2,yes\n3,1,no\n0,0,yes\n2,2,no\n");
        model = dir.resolve("model.json");
        summary = dir.resolve("summary.json");
        before = listing(dir);
    }

    private Result fit(String... extra) {
        List<String> args = new ArrayList<>(List.of("fit", "--data", data.toString(), "--loss", "logistic",
                "--out", model.toString(), "--summary", summary.toString(), "--quiet"));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    private void assertBadInput(Result r, String... fragments) throws IOException {
        assertEquals(2, r.code(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one-line error expected: " + r);
        assertTrue(lines[0].startsWith("error: "), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in " + r);
        }
        assertEquals(before, listing(dir), "nothing may be left on disk");
    }

    /** Each bad data file: exit 2, the file and line (or column) in the one-line message, nothing on disk. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ragged row       | a,b,label\\n1,2,yes\\n3,no\\n                  | logistic | bad.csv:3",
        "non-numeric      | a,b,label\\n1,2,yes\\n3,x,no\\n                | logistic | bad.csv:3",
        "NaN feature      | a,b,label\\n1,NaN,yes\\n3,1,no\\n              | logistic | bad.csv:2",
        "infinite feature | a,b,label\\n1,2,yes\\n-Infinity,1,no\\n        | logistic | bad.csv:3",
        "header only      | a,b,label\\n                                   | logistic | bad.csv",
        "empty file       | ''                                             | logistic | bad.csv",
        "single class     | a,b,label\\n1,2,yes\\n3,1,yes\\n               | logistic | only one class",
        "numeric target   | a,b,y\\n1,2,0.5\\n3,1,1.5\\n0,0,2.5\\n         | logistic | logistic loss needs a class target"})
    void badDataFiles(String what, String content, String loss, String fragment) throws IOException {
        Path bad = write(dir, "bad.csv", content.strip().replace("\\n", "\n").replace("''", ""));
        before = listing(dir);
        Result r = run("fit", "--data", bad.toString(), "--loss", loss, "--out", model.toString(),
                "--summary", summary.toString(), "--quiet");
        assertBadInput(r, fragment);
    }

    @Test
    void memoryBudgetBad() throws IOException {
        assertBadInput(fit("--memory-budget", "1m"), "--memory-budget", "at least 16m");
        assertBadInput(fit("--memory-budget", "lots"), "--memory-budget", "512m");
    }

    @Test
    void memoryBudgetParses() {
        assertEquals(512L << 20, Converters.parseSize("512m"));
        assertEquals(2L << 30, Converters.parseSize("2G"));
        assertEquals(64L << 10, Converters.parseSize("64k"));
        assertEquals(12345L, Converters.parseSize("12345"));
        assertEquals(1L << 30, Converters.parseSize("1gb"));
    }

    @Test
    void memoryBudgetFitAndPeakHeap() throws IOException {
        Result r = fit("--memory-budget", "16m");
        assertEquals(0, r.code(), r.toString());
        assertTrue(java.nio.file.Files.readString(summary).contains("\"peak_heap_mb\""), "summary has peak_heap_mb");
    }

    /** Each bad setting: exit 2, the flag (and what is wrong with it) in the one-line message, nothing on disk. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        --lambda 0                     | --lambda must be a finite number > 0
        --lambda -1                    | --lambda must be a finite number > 0
        --lambda nan                   | --lambda must be a finite number > 0
        --lambda inf                   | --lambda must be a finite number > 0
        --lambda abc                   | --lambda;'abc' is not a number
        --patterns 0                   | --patterns must be a positive number
        --patterns abc                 | --patterns;abc
        --bogus                        | --bogus
        --model sigmoid                | --model;unknown model 'sigmoid'
        --loss hinge                   | --loss;unknown loss 'hinge'
        --format xlsx                  | --format;unknown format 'xlsx'
        --solver al --model gated-relu | --solver al
        --tol 0                        | --tol
        --max-iter 0                   | --max-iter
        --time-limit -3                | --time-limit
        --threads -1                   | --threads
        """)
    void badSettings(String args, String fragments) throws IOException {
        assertBadInput(fit(args.split(" ")), fragments.split(";"));
    }

    @Test
    void missingDataFile() throws IOException {
        Result r = run("fit", "--data", dir.resolve("nope.csv").toString(), "--out", model.toString(), "--quiet");
        assertBadInput(r, "nope.csv", "no such file");
    }

    @Test
    void missingDataFlag() throws IOException {
        assertBadInput(run("fit", "--out", model.toString()), "--data");
    }

    @Test
    void badDataNamesFileAndLine() throws IOException {
        Path bad = write(dir, "bad.csv", "a,b,label\n1,2,yes\n3,x,no\n");
        before = listing(dir);
        Result r = run("fit", "--data", bad.toString(), "--out", model.toString(), "--quiet");
        assertBadInput(r, "bad.csv:3");
    }

    @Test
    void targetMissing() throws IOException {
        assertBadInput(fit("--target", "nosuch"), "nosuch");
    }

    @Test
    void gatesWithWrongWidth() throws IOException {
        Path gates = write(dir, "gates.csv", "1,2,3,4\n");
        before = listing(dir);
        assertBadInput(fit("--gates", gates.toString()), "gates.csv:1", "expected 2 (d) or 3");
        assertBadInput(fit("--gates", gates.toString(), "--bias", "none"), "gates.csv:1", "expected 2 (d)");
    }

    @Test
    void gatesAndPatternsAreExclusive() throws IOException {
        Path gates = write(dir, "gates.csv", "1,2,3\n");
        before = listing(dir);
        assertBadInput(fit("--gates", gates.toString(), "--patterns", "10"), "--patterns and --gates are mutually exclusive");
    }

    @Test
    void outputDirectoryMissing() throws IOException {
        Result r = run("fit", "--data", data.toString(), "--out", dir.resolve("no/dir/model.json").toString(), "--quiet");
        assertBadInput(r, "does not exist");
        r = run("fit", "--data", data.toString(), "--summary", dir.resolve("no/s.json").toString(), "--quiet");
        assertBadInput(r, "does not exist");
    }

    @Test
    void targetWithLibsvmIsRejected() throws IOException {
        Path svm = write(dir, "d.libsvm", "1 1:0.5 2:1\n-1 1:1 2:0\n");
        before = listing(dir);
        assertBadInput(run("fit", "--data", svm.toString(), "--target", "y"), "--target applies to CSV data only");
    }

    @Test
    void plainCommandLineAlsoExitsTwo() {
        assertEquals(2, runPlain("fit", "--data", data.toString(), "--patterns", "abc").code());
        assertEquals(2, runPlain("fit", "--data", data.toString(), "--lambda", "0").code());
        assertEquals(2, runPlain("fit", "--bogus").code());
        assertEquals(2, runPlain("fit", "--data", dir.resolve("missing.csv").toString()).code());
    }
}
