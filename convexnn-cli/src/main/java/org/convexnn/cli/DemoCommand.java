package org.convexnn.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convexnn.api.Model;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convexnn demo}: fits the bundled breast-cancer data end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Fits the bundled breast-cancer dataset end to end and saves the model.", sortOptions = false,
        description = {"Fits the bundled dataset datasets/breast_cancer.csv with gated-relu, logistic loss,",
            "lambda 1e-3, 1000 patterns and --standardize, saves the model and prints the summary."},
        footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class DemoCommand extends BaseCommand {
    static final String DATASET = "datasets/breast_cancer.csv";

    @Option(names = "--data", paramLabel = "FILE", description = "Use this CSV instead of the bundled " + DATASET + ".")
    Path data;

    @Option(names = "--out", paramLabel = "MODEL.json", defaultValue = "demo-model.json",
            description = "Where to save the model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--summary", paramLabel = "SUMMARY.json", description = "Also write the final numbers as JSON.")
    Path summary;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Kernel threads (default: 0 = all processors).")
    int threads;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    int run() throws Exception {
        FitRunner.Request r = new FitRunner.Request();
        r.data = data != null ? data : locateDataset();
        r.model = Model.GATED_RELU;
        r.loss = Loss.LOGISTIC;
        r.lambda = 1e-3;
        r.patterns = 1000;
        r.standardize = true;
        r.threads = threads;
        r.out = out;
        r.summary = summary;
        r.quiet = quiet;
        return FitRunner.run(r, out(), err());
    }

    /** The bundled dataset: relative to the current directory, else to the parents of the jar's location. */
    static Path locateDataset() {
        List<Path> tried = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        Path p = cwd.resolve(DATASET);
        if (Files.isRegularFile(p)) {
            return Path.of(DATASET);
        }
        tried.add(cwd);
        Path jar = codeLocation();
        for (Path dir = jar == null ? null : jar.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DATASET);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(dir);
        }
        throw new UserException("cannot find " + DATASET + " (looked under " + tried.get(0)
                + (jar != null ? " and the parent directories of " + jar : "") + "); pass --data FILE");
    }

    private static Path codeLocation() {
        try {
            var src = DemoCommand.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
