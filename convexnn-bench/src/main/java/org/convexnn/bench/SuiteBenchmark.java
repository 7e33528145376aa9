package org.convexnn.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.FitSummary;
import org.convexnn.api.Model;
import org.convexnn.api.RegularizationPath;
import org.convexnn.data.CsvReader;
import org.convexnn.data.Dataset;
import org.convexnn.data.TeacherData;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.IdxReader;
import org.convexnn.data.LabeledTable;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Loss;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveStatus;

/**
 * The whole-fit benchmark suite of issue 4: gated-ReLU and ReLU fits on breast_cancer, digits (0 vs 1), a synthetic
 * regression (n = 20000, d = 50) and, when its IDX files are given, Fashion-MNIST (classes 0 vs 6, and all ten
 * classes one-vs-all), each with time, iterations, ms per iteration next to the floor {@code 4·n·d̄·G} flops at the
 * dgemm rate measured once at the start (G = blocks x outputs), final relative gap, status and peak heap.
 */
public final class SuiteBenchmark {

    /** One case: data, model, gates and a tolerance. */
    public record Case(String name, Dataset data, Model model, int patterns, double tol, boolean standardize) {
    }

    /** One result row. */
    public record Row(Case c, FitSummary summary, double floorMs) {
    }

    /** The four Fashion-MNIST IDX file names. */
    public static final String[] FMNIST_FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    private SuiteBenchmark() {
    }

    /**
     * The cases whose data are available. {@code quick}: a synthetic n = 2000 problem (gated) and breast_cancer
     * (gated and ReLU) only; the ReLU program at n = 2000 would go to the augmented Lagrangian, whose final
     * projection does not respect the time limit.
     *
     * @param datasets folder with breast_cancer.csv and digits.csv
     * @param fmnist   folder with the four Fashion-MNIST IDX .gz files, or null
     */
    public static List<Case> cases(Path datasets, Path fmnist, boolean quick) {
        List<Case> out = new ArrayList<>();
        Dataset bc = breastCancer(datasets);
        if (quick) {
            Dataset syn = TeacherData.regression(2000, 50, 11);
            out.add(new Case("synthetic 2000×50", syn, Model.GATED_RELU, 1000, 1e-6, false));
            out.add(new Case("breast_cancer", bc, Model.GATED_RELU, 1000, 1e-6, true));
            out.add(new Case("breast_cancer", bc, Model.RELU, 1000, 1e-6, true));
            return out;
        }
        for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
            out.add(new Case("breast_cancer", bc, m, 1000, 1e-6, true));
        }
        Path digitsFile = datasets.resolve("digits.csv");
        if (Files.isRegularFile(digitsFile)) {
            Dataset digits = DatasetLoader.forTraining(CsvReader.read(digitsFile, null, true).withClasses(List.of("0", "1")),
                    DatasetLoader.TaskHint.CLASSIFICATION, false);
            for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
                out.add(new Case("digits 0 vs 1", digits, m, 1000, 1e-6, true));
            }
        }
        Dataset syn = TeacherData.regression(20000, 50, 11);
        for (Model m : new Model[] {Model.GATED_RELU, Model.RELU}) {
            out.add(new Case("synthetic 20000×50", syn, m, 1000, 1e-6, false));
        }
        if (hasFashionMnist(fmnist)) {
            Path img = fmnist.resolve(FMNIST_FILES[0]);
            Path lab = fmnist.resolve(FMNIST_FILES[1]);
            Dataset two = DatasetLoader.forTraining(IdxReader.read(img, lab, List.of("0", "6")),
                    DatasetLoader.TaskHint.CLASSIFICATION, false);
            out.add(new Case("fashion-mnist 0 vs 6", two, Model.GATED_RELU, 1000, 1e-4, true));
            Dataset ten = DatasetLoader.forTraining(IdxReader.read(img, lab, null),
                    DatasetLoader.TaskHint.CLASSIFICATION, false);
            // 100 gates (the 60000 x 10-class target): with 1000 gates the 10000-neuron network's prediction
            // after the solve (TwoLayerNetwork.predict, a scalar loop) alone takes many minutes
            out.add(new Case("fashion-mnist 10 classes", ten, Model.GATED_RELU, 100, 1e-4, true));
        }
        return out;
    }

    /** breast_cancer.csv of the datasets folder as a classification set. */
    public static Dataset breastCancer(Path datasets) {
        return DatasetLoader.forTraining(CsvReader.read(datasets.resolve("breast_cancer.csv"), null, true),
                DatasetLoader.TaskHint.CLASSIFICATION, false);
    }

    /** Whether the folder holds the four Fashion-MNIST IDX files. */
    public static boolean hasFashionMnist(Path dir) {
        if (dir == null) {
            return false;
        }
        for (String f : FMNIST_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /**
     * GFLOP/s of the two plain dgemm calls of one gated iteration (X·Wᵀ, then Zᵀ·X) at n x d with P gates, median of
     * {@code repeats} after two warm-ups.
     */
    public static double dgemmRate(Blas blas, int n, int d, int p, int repeats) {
        Random rng = new Random(1);
        double[] x = new double[n * d];
        double[] w = new double[p * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] z = new double[n * p];
        double[] g = new double[p * d];
        double sec = KernelBenchmark.median(repeats, () -> {
            blas.dgemm(false, true, n, p, d, 1.0, x, 0, d, w, 0, d, 0.0, z, 0, p);
            blas.dgemm(true, false, p, d, n, 1.0, z, 0, p, x, 0, d, 0.0, g, 0, d);
        });
        return 4.0 * n * d * p / sec / 1e9;
    }

    /** Flops of one operator pass pair (forward and adjoint): 4·n·d̄·G with G = blocks x outputs. */
    static double iterationFlops(Case c, int patterns) {
        int dbar = c.data().d() + 1; // the penalised bias column
        int outputs = c.data().targets().cols();
        int blocks = c.model().gated() ? patterns : 2 * patterns; // cone programs: v and w blocks
        return 4.0 * c.data().n() * dbar * (double) blocks * outputs;
    }

    /**
     * Runs every case (λ = 1e-3, squared loss, seed 7, the given time limit) and prints one markdown table. Its
     * last column names the solver that ran: for ssnal an iteration is a Newton step, which costs far more than the
     * floor (one forward and one adjoint pass).
     *
     * @param gflops the dgemm rate for the floor column
     */
    public static List<Row> run(List<Case> cases, double timeLimit, int threads, double gflops, PrintStream out) {
        out.println("| data | n×d | model | gates | tol | status | iterations | seconds | ms/iter | floor ms/iter | "
                + "relative gap | peak heap MB | solver |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<Row> rows = new ArrayList<>();
        for (Case c : cases) {
            System.gc(); // start each case from a collected heap, so its peak is its own
            FitSummary s = ConvexTrainer.builder().model(c.model()).loss(Loss.SQUARED).lambda(1e-3)
                    .patterns(c.patterns()).standardize(c.standardize()).seed(7).threads(threads).tol(c.tol())
                    .maxIterations(1_000_000).timeLimitSeconds(timeLimit).build().fit(c.data()).summary();
            double floor = 1e3 * iterationFlops(c, s.patterns()) / (gflops * 1e9);
            rows.add(new Row(c, s, floor));
            out.printf(Locale.ROOT, "| %s%s | %d×%d | %s | %d | %.0e | %s | %d | %.1f | %.1f | %.1f | %.1e | %s | %s |%n",
                    c.name(), c.data().targets().cols() > 1 ? " (" + c.data().targets().cols() + " outputs)" : "",
                    c.data().n(), c.data().d(), c.model().cliName(), s.patterns(), c.tol(), s.status(),
                    s.iterations(), s.seconds(), 1e3 * s.seconds() / Math.max(1, s.iterations()), floor,
                    s.relativeGap(), s.peakHeapMb() == null ? "–" : String.format(Locale.ROOT, "%.0f", s.peakHeapMb()),
                    s.solver());
            out.flush();
        }
        return rows;
    }

    /** The path comparison: both times in seconds, the path's Newton and first-order solves, and its largest gap. */
    public record PathRow(int lambdas, double pathSeconds, double singleSeconds, int newtonSolves, int firstOrderSolves,
                          int optimal, double largestGap) {
        /** Path time over single-fit time. */
        public double ratio() {
            return pathSeconds / singleSeconds;
        }
    }

    /**
     * Issue 4's path target in one process: {@code lambdas} log-spaced λ from λ_max down to 1e-3·λ_max with warm
     * starts, against one cold fit at the smallest λ (gated ReLU, squared loss, 1000 gates, tol 1e-6, seed 7). Both
     * are timed around the library calls (pattern sampling, solves, recovery and certificates), after the table's
     * fits have warmed the JIT, so the ratio is higher than that of two {@code fit} commands, whose JVM start and data
     * loading are common to both.
     */
    public static PathRow path(Dataset data, int lambdas, int threads, PrintStream out) {
        ConvexTrainer.Builder b = ConvexTrainer.builder().model(Model.GATED_RELU).loss(Loss.SQUARED).patterns(1000)
                .standardize(true).seed(7).threads(threads).tol(1e-6).maxIterations(1_000_000);
        System.gc();
        long t0 = System.nanoTime();
        RegularizationPath.Result r = RegularizationPath.fit(b.build().settings(), IterationListener.NONE, data,
                lambdas, null, 0);
        double pathSeconds = (System.nanoTime() - t0) / 1e9;
        double lmin = r.points().get(lambdas - 1).lambda();
        System.gc();
        t0 = System.nanoTime();
        FitSummary single = b.lambda(lmin).build().fit(data).summary();
        double singleSeconds = (System.nanoTime() - t0) / 1e9;
        int newton = 0;
        int firstOrder = 0;
        int optimal = 0;
        double largest = 0;
        for (RegularizationPath.Point p : r.points()) {
            FitSummary f = p.summary();
            if (f.solver().equals("ssnal")) {
                newton++;
            } else if (!f.solver().equals("closed-form")) {
                firstOrder++;
            }
            if (f.status() == SolveStatus.OPTIMAL) {
                optimal++;
            }
            largest = Math.max(largest, f.relativeGap());
        }
        PathRow row = new PathRow(lambdas, pathSeconds, singleSeconds, newton, firstOrder, optimal, largest);
        out.printf(Locale.ROOT, "%npath: %s, gated-relu, 1000 gates, tol 1e-6, %d lambdas from lambda_max %.5g down to "
                        + "%.5g, warm-started (%d first-order solves, then %d Newton)%n%n", data.source(), lambdas,
                r.lambdaMax(), lmin, firstOrder, newton);
        out.println("| path seconds | single fit at the smallest λ (s) | path / single | OPTIMAL | largest relative gap "
                + "| single fit solver, status |");
        out.println("|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| %.2f | %.2f | %.2f | %d of %d | %.1e | %s, %s |%n", pathSeconds, singleSeconds,
                row.ratio(), optimal, lambdas, largest, single.solver(), single.status());
        out.flush();
        return row;
    }
}
