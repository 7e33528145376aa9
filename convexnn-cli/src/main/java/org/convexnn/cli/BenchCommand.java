package org.convexnn.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convexnn.bench.FitBenchmark;
import org.convexnn.bench.KernelBenchmark;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.JavaBlas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convexnn bench}: kernel and whole-fit benchmarks (results belong in BENCHMARKS.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Benchmarks.",
        subcommands = {BenchCommand.Kernels.class, BenchCommand.Fits.class, BenchCommand.Suite.class,
                BenchCommand.Certify.class})
final class BenchCommand extends BaseCommand {
    @Override
    int run() {
        err().println("error: missing bench subcommand (kernels, fits or suite)");
        spec.commandLine().usage(err());
        return Main.BAD_INPUT;
    }

    /** The folder of the bundled datasets: the one given, else the one next to the demo's data. */
    static Path datasetsDir(Path given) {
        Path dir = given != null ? given : DemoCommand.locateDataset().toAbsolutePath().getParent();
        if (!Files.isRegularFile(dir.resolve("breast_cancer.csv"))) {
            throw new IllegalArgumentException("breast_cancer.csv not found; pass --datasets DIR");
        }
        return dir;
    }

    static PrintStream stdout(BaseCommand c) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                c.out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                c.out().write(new String(b, off, len, StandardCharsets.UTF_8));
                c.out().flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** {@code convexnn bench kernels}: one solver iteration against a plain dgemm of the same shapes. */
    @Command(name = "kernels", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
            description = "Effective GFLOP/s of one solver iteration (X·Wᵀ and Eᵀ·X with masks) next to plain dgemm.")
    static final class Kernels extends BaseCommand {
        @Option(names = "--n", description = "rows (default ${DEFAULT-VALUE})")
        int n = 20000;
        @Option(names = "--d", description = "columns (default ${DEFAULT-VALUE})")
        int d = 100;
        @Option(names = "--patterns", description = "gates (default ${DEFAULT-VALUE})")
        int patterns = 1000;
        @Option(names = "--repeats", description = "timed repeats, median reported (default ${DEFAULT-VALUE})")
        int repeats = 5;
        @Option(names = "--threads", description = "kernel threads, 0 = all (default ${DEFAULT-VALUE})")
        int threads;
        @Option(names = "--kernel", description = "native, java or both (default ${DEFAULT-VALUE})")
        String kernel = "both";

        @Override
        int run() {
            if (n <= 0 || d <= 0 || patterns <= 0 || repeats <= 0 || threads < 0) {
                throw new IllegalArgumentException("--n, --d, --patterns and --repeats must be positive, --threads >= 0");
            }
            PrintStream ps = stdout(this);
            boolean any = false;
            if (!kernel.equals("java")) {
                Blas b = Blas.auto(threads);
                if (!(b instanceof JavaBlas)) {
                    KernelBenchmark.run(b, n, d, patterns, repeats, ps);
                    any = true;
                } else if (kernel.equals("native")) {
                    throw new IllegalArgumentException("--kernel native: the native BLAS could not be loaded on this platform");
                }
            }
            if (!kernel.equals("native")) {
                KernelBenchmark.run(new JavaBlas(threads), n, d, patterns, repeats, ps);
                any = true;
            }
            if (!any) {
                throw new IllegalArgumentException("--kernel must be native, java or both");
            }
            return 0;
        }
    }

    /** A time limit given by {@code flag}, or {@code fallback} when absent; it must be &gt; 0. */
    static double seconds(Double given, double fallback, String flag) {
        double limit = given != null ? given : fallback;
        if (!(limit > 0)) {
            throw new UserException(flag + " must be > 0 seconds, got " + limit);
        }
        return limit;
    }

    /** {@code convexnn bench fits}: whole fits on breast_cancer and a synthetic regression. */
    @Command(name = "fits", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
            description = "Gated-ReLU and ReLU fits on breast_cancer and synthetic n=20000, d=50 data (markdown table).")
    static final class Fits extends BaseCommand {
        @Option(names = "--quick", description = "synthetic data with n=2000 instead of 20000")
        boolean quick;
        @Option(names = "--time-limit", description = "seconds per fit (default ${DEFAULT-VALUE})")
        double timeLimit = 300;
        @Option(names = "--threads", description = "kernel threads, 0 = all (default ${DEFAULT-VALUE})")
        int threads;
        @Option(names = "--datasets", description = "folder with breast_cancer.csv (default: ./datasets)")
        Path datasets;

        @Override
        int run() {
            Path dir = datasetsDir(datasets);
            FitBenchmark.run(FitBenchmark.cases(dir, quick), timeLimit, threads, stdout(this));
            return 0;
        }
    }

    /** {@code convexnn bench suite}: every whole-fit case of issue 4 whose data are available, one table. */
    @Command(name = "suite", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
            description = "Gated and ReLU fits on breast_cancer, digits 0 vs 1, synthetic 20000x50 and Fashion-MNIST "
                    + "(with --fmnist): time, iterations, ms/iter against the dgemm floor, gap, peak heap; then a 20-λ "
                    + "path on breast_cancer against one fit at its smallest λ.")
    static final class Suite extends BaseCommand {
        @Option(names = "--quick", description = "breast_cancer and a synthetic n=2000 problem only, 15 s per fit (< 2 minutes)")
        boolean quick;
        @Option(names = "--fmnist", paramLabel = "DIR", description = "folder with the four Fashion-MNIST IDX .gz files")
        Path fmnist;
        @Option(names = "--time-limit", description = "seconds per fit (default: 15 with --quick, else 75)")
        Double timeLimit;
        @Option(names = "--threads", description = "kernel threads, 0 = all (default ${DEFAULT-VALUE})")
        int threads;
        @Option(names = "--datasets", description = "folder with breast_cancer.csv and digits.csv (default: ./datasets)")
        Path datasets;
        @Option(names = "--path", paramLabel = "N", description = "λ values of the closing breast_cancer path against "
                + "one fit at its smallest λ; 0: no path (default ${DEFAULT-VALUE})")
        int pathLambdas = 20;

        @Override
        int run() {
            Path dir = datasetsDir(datasets);
            if (pathLambdas == 1 || pathLambdas < 0) {
                throw new IllegalArgumentException("--path needs 0 (no path) or at least 2 λ values, got " + pathLambdas);
            }
            if (fmnist != null && !quick && !org.convexnn.bench.SuiteBenchmark.hasFashionMnist(fmnist)) {
                throw new IllegalArgumentException("--fmnist " + fmnist + ": expected "
                        + String.join(", ", org.convexnn.bench.SuiteBenchmark.FMNIST_FILES));
            }
            double limit = seconds(timeLimit, quick ? 15 : 75, "--time-limit");
            PrintStream ps = stdout(this);
            Blas blas = Blas.auto(threads);
            double rate = quick ? org.convexnn.bench.SuiteBenchmark.dgemmRate(blas, 4000, 100, 500, 3)
                    : org.convexnn.bench.SuiteBenchmark.dgemmRate(blas, 20000, 100, 1000, 5);
            ps.printf(java.util.Locale.ROOT, "dgemm rate %.1f GFLOP/s (%s, %s); lambda 1e-3, squared loss, seed 7, "
                    + "%.0f s per fit; floor = 4·n·(d+1)·blocks·outputs flops at that rate%n%n", rate, blas.name(),
                    quick ? "n=4000 d=100 P=500, median of 3" : "n=20000 d=100 P=1000, median of 5", limit);
            java.util.List<org.convexnn.bench.SuiteBenchmark.Case> cases =
                    org.convexnn.bench.SuiteBenchmark.cases(dir, quick ? null : fmnist, quick);
            org.convexnn.bench.SuiteBenchmark.run(cases, limit, threads, rate, ps);
            if (pathLambdas > 0) {
                org.convexnn.bench.SuiteBenchmark.path(org.convexnn.bench.SuiteBenchmark.breastCancer(dir), pathLambdas,
                        threads, ps);
            }
            return 0;
        }
    }

    /** {@code convexnn bench certify}: certificate cost against n and the number of sampled patterns. */
    @Command(name = "certify", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
            description = "Cost of certify (spectral, sampled P patterns, and the p(S_θ) solve) on synthetic d=20 data"
                    + " for n = 500, 2000, 8000 and P = 100, 1000, 10000 (markdown tables).")
    static final class Certify extends BaseCommand {
        @Option(names = "--quick", description = "n = 500, 2000 and P = 100, 1000, p(S_θ) limited to 10 s")
        boolean quick;
        @Option(names = "--subsampled-time-limit", paramLabel = "SECONDS",
                description = "time limit of each p(S_θ) solve (default: 10 with --quick, else 60)")
        Double subsampledTimeLimit;

        @Override
        int run() {
            double limit = seconds(subsampledTimeLimit, quick ? 10 : 60, "--subsampled-time-limit");
            org.convexnn.bench.CertifyBenchmark.run(quick, limit, stdout(this));
            return 0;
        }
    }
}
