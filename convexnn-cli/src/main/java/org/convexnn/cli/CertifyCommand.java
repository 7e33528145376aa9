package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.analysis.DualCertificate;
import org.convexnn.analysis.DualCertificate.Mode;
import org.convexnn.analysis.EscapeNeuron;
import org.convexnn.analysis.SubsampledOptimum;
import org.convexnn.data.Dataset;
import org.convexnn.data.DatasetLoader;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.data.LabeledTable;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.io.NpzReader;
import org.convexnn.io.SummaryWriter;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convexnn certify}: a certified lower bound and stationary-point analysis for any ReLU network (spec §10). */
@Command(name = "certify", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Certifies how far a two-layer ReLU network is from the global optimum.", sortOptions = false,
        description = {"Computes J(θ) (mean loss + (λ/2)·Σ(‖u‖²+b1²+‖W2[:,j]‖²); first-layer bias regularised, output",
            "bias held fixed at the model's value), a dual lower bound on the global optimum, the gap, and a",
            "stationary-point analysis (spec §10.2): verdict GLOBAL_OPTIMUM, SPURIOUS_STATIONARY_POINT (with an",
            "escape neuron), NOT_STATIONARY or STATIONARY_INCONCLUSIVE.",
            "Modes: exact (all patterns; valid bound), sampled (heuristic, \"valid\": false), spectral (valid, loose)."},
        footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class CertifyCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "NET.json|NET.npz",
            description = "A model saved by 'convexnn fit' (.json) or a NumPy archive (.npz: W1, b1, W2, b2 or the"
                    + " PyTorch names 0.weight, 0.bias, 2.weight, 2.bias).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (CSV with a header row, or LIBSVM).")
    Path data;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column (default: the model's target, else the last column).")
    String target;

    @Option(names = "--task", paramLabel = "auto|regression|classification", defaultValue = "auto",
            converter = Converters.TaskConverter.class, description = "Task for .npz models (default: ${DEFAULT-VALUE}).")
    TaskHint task;

    @Option(names = "--lambda", required = true, paramLabel = "X", converter = Converters.LenientDouble.class,
            description = "Weight decay λ > 0 (public convention).")
    double lambda;

    @Option(names = "--loss", paramLabel = "squared|logistic", converter = Converters.LossConverter.class,
            description = "Loss (default: the model's training loss, else squared).")
    Loss loss;

    @Option(names = "--mode", paramLabel = "exact|sampled|spectral", defaultValue = "exact",
            description = "How γ is bounded (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000", description = "Sampled patterns for --mode sampled (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-patterns", paramLabel = "N", defaultValue = "100000",
            description = "Refuse exact mode above this many patterns (default: ${DEFAULT-VALUE}).")
    long maxPatterns;

    @Option(names = "--stationarity-tol", paramLabel = "T", defaultValue = "1e-6", converter = Converters.LenientDouble.class,
            description = "Stationary when ‖∇J‖ ≤ T·max(1, J) (default: ${DEFAULT-VALUE}).")
    double stationarityTol;

    @Option(names = "--subsampled-tol", paramLabel = "T", defaultValue = "1e-8", converter = Converters.LenientDouble.class,
            description = "Relative-gap tolerance of the p(S_θ) solve (default: ${DEFAULT-VALUE}).")
    double subsampledTol;

    @Option(names = "--subsampled-time-limit", paramLabel = "SECONDS", defaultValue = "120",
            converter = Converters.LenientDouble.class,
            description = "Wall-clock limit of the p(S_θ) solve; when it is hit the summary gives the solver's status "
                    + "and certified bracket (default: ${DEFAULT-VALUE}).")
    double subsampledTimeLimit;

    @Option(names = "--no-subsampled", description = "Skip the p(S_θ) solve (subsampled_optimum is then null).")
    boolean noSubsampled;

    @Option(names = "--summary", required = true, paramLabel = "OUT.json", description = "Where to write the certificate as JSON.")
    Path summary;

    @Override
    int run() throws Exception {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new UserException("--lambda must be a finite number > 0, got " + lambda);
        }
        if (!(stationarityTol > 0)) {
            throw new UserException("--stationarity-tol must be > 0, got " + stationarityTol);
        }
        if (!(subsampledTol > 0) || !(subsampledTol < 1)) {
            throw new UserException("--subsampled-tol must be in (0, 1), got " + subsampledTol);
        }
        if (!(subsampledTimeLimit > 0)) {
            throw new UserException("--subsampled-time-limit must be > 0 seconds, got " + subsampledTimeLimit);
        }
        Mode m;
        try {
            m = Mode.fromLabel(mode);
        } catch (IllegalArgumentException e) {
            throw new UserException("--mode: " + e.getMessage());
        }
        new OutputGuard().input("--model", model).input("--data", data).input("--labels", source.labels)
                .output("--summary", summary).check();
        TwoLayerNetwork net;
        Dataset ds;
        Loss l = loss;
        String name = model.getFileName() == null ? "" : model.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            net = NpzReader.readNetwork(model);
            l = l == null ? Loss.SQUARED : l;
            LabeledTable t = DataInput.forTraining(data, source.format, target, source.labels, source.classes);
            if (t.features().cols() != net.inputs()) {
                throw new UserException(data + ": the data has " + t.features().cols() + " feature columns but "
                        + model + " has W1 with " + net.inputs() + " columns");
            }
            TaskHint hint = task == TaskHint.AUTO && DataInput.isIdx(data, source.format) ? TaskHint.CLASSIFICATION : task;
            ds = DatasetLoader.forTraining(t, hint, l == Loss.LOGISTIC);
        } else {
            LoadedModel lm = ModelFile.read(model);
            net = lm.network();
            if (l == null) {
                l = lm.lossName() != null ? Loss.fromCliName(lm.lossName()) : Loss.SQUARED;
            }
            LabeledTable t = DataInput.forModel(data, source.format, lm, target, source.labels, source.classes);
            if (t.features().cols() != net.inputs()) {
                throw new UserException(data + ": the data has " + t.features().cols() + " feature columns but the"
                        + " model's W1 has " + net.inputs());
            }
            if (!t.hasTarget()) {
                throw new UserException(data + ": no target column, which certify needs (use --target)");
            }
            ds = DatasetLoader.forPrediction(t, lm.encoding());
        }
        Matrix y = ds.targets();
        if (y.cols() != net.outputs()) {
            throw new UserException(data + ": the target encodes to " + y.cols() + " output(s) but the model has "
                    + net.outputs());
        }
        if (l == Loss.LOGISTIC) {
            for (double v : y.data()) {
                if (v != 1 && v != -1) {
                    throw new UserException(data + ": logistic loss needs ±1 targets (a binary class target)");
                }
            }
        }
        DualCertificate.Options opt = DualCertificate.Options.defaults().withMode(m).withSamples(samples)
                .withSeed(seed).withMaxPatterns(maxPatterns).withStationarityTol(stationarityTol)
                .withSubsampled(!noSubsampled).withSubsampledBudget(subsampledTol, subsampledTimeLimit);
        DualCertificate.Result r = DualCertificate.certify(net, ds.features(), y, l, lambda, opt);
        SummaryWriter.write(toJson(r, l, m == Mode.SAMPLED ? samples : 0), summary);
        printHuman(r);
        return Main.OK;
    }

    static ObjectNode toJson(DualCertificate.Result r, Loss loss, int samples) {
        ObjectNode o = SummaryWriter.newObject();
        o.put("objective", r.objective());
        SummaryWriter.putNumber(o, "lower_bound", r.lowerBound());
        SummaryWriter.putNumber(o, "gap", r.gap());
        SummaryWriter.putNumber(o, "relative_gap", r.relativeGap());
        o.put("mode", r.mode().label());
        o.put("valid", r.valid());
        o.put("output_bias", "fixed");
        o.put("stationary", r.stationary());
        o.put("gradient_norm", r.gradientNorm());
        o.put("stationarity_threshold", r.stationarityThreshold());
        o.put("verdict", r.verdict().name());
        SummaryWriter.putNumber(o, "subsampled_optimum", r.subsampledOptimum());
        SubsampledOptimum sub = r.subsampled();
        SummaryWriter.putNumber(o, "subsampled_lower_bound", sub.lowerBound());
        if (sub.status() == null) {
            o.putNull("subsampled_status");
        } else {
            o.put("subsampled_status", sub.status());
            o.put("subsampled_iterations", sub.iterations());
            o.put("subsampled_seconds", sub.seconds());
        }
        o.put("gamma", r.gamma());
        SummaryWriter.putNumber(o, "gamma_lower", r.gammaLower());
        o.put("beta", r.beta());
        o.put("scale", r.scale());
        o.put("balanced_objective", r.balancedObjective());
        o.put("patterns", r.patternCount());
        if (samples > 0) {
            o.put("samples", samples);
        }
        o.put("loss", loss.cliName());
        EscapeNeuron e = r.escape();
        if (e == null) {
            o.putNull("escape_neuron");
        } else {
            ObjectNode en = o.putObject("escape_neuron");
            ArrayNode w = en.putArray("weights");
            for (double v : e.weights()) {
                w.add(v);
            }
            en.put("bias", e.bias());
            en.put("output", e.output());
            en.put("sign", e.sign());
            en.put("rate", e.rate());
            en.put("step", e.step());
            o.put("escape_decrease", e.decrease());
        }
        return o;
    }

    private void printHuman(DualCertificate.Result r) {
        var out = out();
        out.printf(Locale.ROOT, "objective J(θ)      %.10g%n", r.objective());
        out.printf(Locale.ROOT, "lower bound         %.10g  (%s mode, %s; output bias fixed)%n", r.lowerBound(),
                r.mode().label(), r.valid() ? "certified" : "NOT a certified bound");
        out.printf(Locale.ROOT, "gap                 %.3e  (relative %.3e)%n", r.gap(), r.relativeGap());
        out.printf(Locale.ROOT, "gamma / beta        %.6g / %.6g%n", r.gamma(), r.beta());
        out.printf(Locale.ROOT, "gradient norm       %.3e  (%s)%n", r.gradientNorm(),
                r.stationary() ? "stationary" : "not stationary");
        if (Double.isFinite(r.subsampledOptimum())) {
            SubsampledOptimum sub = r.subsampled();
            out.printf(Locale.ROOT, "p(S_θ)              %.10g  (%s, bound %.10g, %.1f s)%n", r.subsampledOptimum(),
                    sub.status(), sub.lowerBound(), sub.seconds());
        }
        out.println("verdict             " + r.verdict());
        if (r.escape() != null) {
            out.printf(Locale.ROOT, "escape neuron       output %d, sign %+d, lowers J by %.3e%n", r.escape().output(),
                    r.escape().sign(), r.escape().decrease());
        }
        out.println("wrote " + summary);
    }
}
