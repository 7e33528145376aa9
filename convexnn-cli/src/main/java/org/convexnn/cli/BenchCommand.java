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
        subcommands = {BenchCommand.Kernels.class, BenchCommand.Fits.class})
final class BenchCommand extends BaseCommand {
    @Override
    int run() {
        err().println("error: missing bench subcommand (kernels or fits)");
        spec.commandLine().usage(err());
        return Main.BAD_INPUT;
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
            Path dir = datasets != null ? datasets : DemoCommand.locateDataset().toAbsolutePath().getParent();
            if (!Files.isRegularFile(dir.resolve("breast_cancer.csv"))) {
                throw new IllegalArgumentException("breast_cancer.csv not found; pass --datasets DIR");
            }
            FitBenchmark.run(FitBenchmark.cases(dir, quick), timeLimit, threads, stdout(this));
            return 0;
        }
    }
}
