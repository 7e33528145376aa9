package org.convexnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convexnn.api.Model;
import org.convexnn.api.TrainerSettings;
import org.convexnn.data.Dataset;
import org.convexnn.io.CheckpointFile;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.solver.SolveControl;

/**
 * {@code fit --checkpoint FILE --checkpoint-every S} and {@code fit --resume FILE} (issue 18): which settings a
 * checkpoint pins, the checks on resume, and the sink that writes the file.
 *
 * <p>A checkpoint pins the settings that define the program: model, loss, λ, the pattern source (count and seed, the
 * gates file's content, exact or low-rank enumeration, the networks and baseline whose patterns are added), the bias
 * modes and standardisation. With the same data these regenerate the same pattern set exactly, so the saved point is
 * a point of the same program. The stopping rules (--tol, --max-iter, --time-limit), --solver, --threads, the engine
 * flags, --prune and the output paths may differ on resume: they change how the optimum is reached, not which.
 */
final class FitCheckpoint {
    private FitCheckpoint() {
    }

    /** The program-defining settings, as the checkpoint records them. */
    static Map<String, String> settings(TrainerSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", s.model().cliName());
        if (s.model() == Model.LEAKY_RELU) {
            m.put("leaky_slope", Double.toString(s.leakySlope()));
        }
        m.put("loss", s.loss().cliName());
        m.put("lambda", Double.toString(s.lambda()));
        if (s.gates() != null) {
            m.put("gates_sha256", CheckpointFile.matrixFingerprint(s.gates()));
        } else if (s.exactPatterns() || s.lowRank() > 0) {
            m.put("patterns", s.exactPatterns() ? "exact" : "lowrank:" + s.lowRank());
            m.put("max_patterns", Long.toString(s.maxPatterns()));
        } else {
            m.put("patterns", Integer.toString(s.patterns()));
        }
        m.put("seed", Long.toString(s.seed()));
        m.put("bias", s.bias().cliName());
        m.put("output_bias", Boolean.toString(s.outputBias()));
        m.put("standardize", Boolean.toString(s.standardize()));
        m.put("sgd_epochs", Integer.toString(s.options().sgdEpochs()));
        if (s.options().sgdEpochs() > 0) {
            m.put("sgd_width", Integer.toString(s.options().sgdWidth()));
            m.put("sgd_learning_rate", Double.toString(s.options().sgdLearningRate()));
        }
        int k = 0;
        for (TwoLayerNetwork net : s.options().patternNetworks()) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Matrix> e : net.parameters().entrySet()) {
                b.append(e.getKey()).append(':').append(CheckpointFile.matrixFingerprint(e.getValue())).append(';');
            }
            m.put("patterns_from_" + k++, b.toString());
        }
        return m;
    }

    /** Refuses a checkpoint of other data or settings (exit 2, naming what differs). */
    static void check(CheckpointFile c, Path file, Dataset data, Map<String, String> settings) {
        if (!c.dataSha256().equals(CheckpointFile.dataFingerprint(data))) {
            throw new UserException("--resume " + file + ": the checkpoint was written for other training data (its"
                    + " data fingerprint differs from that of --data); refusing to resume");
        }
        if (!c.settingsSha256().equals(CheckpointFile.settingsFingerprint(c.settings()))) {
            throw new UserException("--resume " + file + ": the checkpoint's settings do not match its own"
                    + " fingerprint (the file was edited); refusing to resume");
        }
        if (!c.settings().equals(settings)) {
            StringBuilder diff = new StringBuilder();
            java.util.Set<String> keys = new java.util.LinkedHashSet<>(c.settings().keySet());
            keys.addAll(settings.keySet());
            for (String key : keys) {
                String then = c.settings().get(key);
                String now = settings.get(key);
                if (!java.util.Objects.equals(then, now)) {
                    diff.append(diff.length() == 0 ? "" : "; ").append(key).append(' ')
                            .append(then == null ? "(unset)" : then).append(" in the checkpoint, ")
                            .append(now == null ? "(unset)" : now).append(" now");
                }
            }
            throw new UserException("--resume " + file + ": the checkpoint was written with other settings ("
                    + diff + "); refusing to resume");
        }
    }

    /**
     * The control's checkpoint sink: writes {@code file} atomically. A failed write is reported once on stderr and
     * the fit goes on (the previous checkpoint, if any, is intact).
     */
    static SolveControl.CheckpointSink sink(Path file, Dataset data, Map<String, String> settings, PrintWriter err) {
        long start = System.nanoTime();
        boolean[] warned = {false};
        return point -> {
            try {
                CheckpointFile.of(data, settings, (System.nanoTime() - start) / 1e9, point).write(file);
            } catch (IOException | RuntimeException e) {
                if (!warned[0]) {
                    warned[0] = true;
                    err.println("warning: could not write the checkpoint " + file + ": " + e.getMessage());
                    err.flush();
                }
            }
        };
    }
}
