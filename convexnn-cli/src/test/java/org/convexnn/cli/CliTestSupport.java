package org.convexnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.data.Task;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.convexnn.solver.SolveStatus;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, and makes small models and data files. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** As a user would get it: through {@link Main#commandLine()}. */
    static Result run(String... args) {
        return run(Main.commandLine(), args);
    }

    /** Through a plain {@code new CommandLine(new Main())}. */
    static Result runPlain(String... args) {
        return run(new CommandLine(new Main()), args);
    }

    private static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static FitSummary summary() {
        return new FitSummary(0.3, 0.3, 0.29, 0.01, 0.01, SolveStatus.OPTIMAL, 10, 0.1, 2, 2, 0, 1.0, "accuracy",
                "fista", "java");
    }

    /**
     * A binary model on features (a, b) with target 'label' in {no, yes}: output relu(a) - relu(b) + 0.5,
     * so rows with a - b + 0.5 >= 0 (for non-negative inputs) are 'yes'.
     */
    static Path binaryModel(Path dir, String file) throws IOException {
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{1, 0}, {0, 1}}), null,
                Matrix.of(new double[][] {{1, -1}}), new double[] {0.5}, null, null);
        TwoLayerFit fit = new TwoLayerFit(net, summary(),
                ConvexTrainer.builder().model(Model.RELU).loss(Loss.LOGISTIC).build().settings(), List.of("a", "b"),
                new TargetEncoding(Task.BINARY, "label", List.of("no", "yes")), Standardization.identity(2));
        Path p = dir.resolve(file);
        FitFiles.writeModel(fit, p);
        return p;
    }

    /** A 3-class gated model on features (f1, f2): scores (x1, x2, 0.5) through always-open gates. */
    static Path multiclassLibsvmModel(Path dir, String file) throws IOException {
        TwoLayerNetwork net = new TwoLayerNetwork(Activation.RELU, Matrix.of(new double[][] {{1, 0}, {0, 1}}), null,
                Matrix.of(new double[][] {{1, 0}, {0, 1}, {0, 0}}), new double[] {0, 0, 0.5},
                Matrix.of(new double[][] {{0, 0}, {0, 0}}), new double[] {1, 1});
        TwoLayerFit fit = new TwoLayerFit(net, summary(),
                ConvexTrainer.builder().loss(Loss.SQUARED).build().settings(), List.of("f1", "f2"),
                new TargetEncoding(Task.MULTICLASS, "label", List.of("1", "2", "3")), Standardization.identity(2));
        Path p = dir.resolve(file);
        FitFiles.writeModel(fit, p);
        return p;
    }

    /** One data row of a generated CSV (without its line end), drawn from r; i is the row's index. */
    interface CsvRow {
        String next(Random r, int i);
    }

    /** Writes dir/name: the header line, then n rows from {@code row}, all drawing from one {@code new Random(seed)}. */
    static Path csvRows(Path dir, String name, String header, int n, long seed, CsvRow row) throws IOException {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(header).append('\n');
        for (int i = 0; i < n; i++) {
            b.append(row.next(r, i)).append(System.lineSeparator());
        }
        return write(dir, name, b.toString());
    }

    /** The JSON document in file p. */
    static JsonNode json(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    /** True once the real trainer has landed (the skeleton's throws UnsupportedOperationException). */
    static boolean trainerAvailable() {
        try {
            ConvexTrainer.builder().patterns(4).maxIterations(5).build()
                    .fit(Matrix.of(new double[][] {{0, 1}, {1, 0}, {1, 1}}), new double[] {1, 2, 3});
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (RuntimeException e) {
            return true; // some other failure: let the tests show it
        }
    }
}
