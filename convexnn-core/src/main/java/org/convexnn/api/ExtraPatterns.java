package org.convexnn.api;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.baseline.NonConvexResult;
import org.convexnn.baseline.NonConvexTrainer;
import org.convexnn.baseline.Optimizer;
import org.convexnn.data.Standardization;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.ReverseMap;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.settings.SettingException;

/**
 * Extra pattern sources of {@link FitOptions} (spec §10.2 (iii)): the activation patterns of given networks' non-zero
 * neurons on the training-space data, and those of a baseline network trained first on the same objective. With them
 * in the pattern set, each network's convex image (spec §3.5) is feasible, so the convex optimum is at most its
 * objective (scalar output).
 */
final class ExtraPatterns {
    private ExtraPatterns() {
    }

    /**
     * The pattern set with the extra patterns, and the networks they came from (training space), whose convex images
     * are feasible starting points of the program.
     */
    record Extra(PatternSet patterns, List<TwoLayerNetwork> networks) {
    }

    /**
     * @param xs   n x d training-space data (no bias column)
     * @param xbar xs with the bias column when {@code bias}
     * @param y    targets as the loss sees them
     * @param std  the standardisation applied to the raw data, or null
     */
    static Extra addTo(PatternSet patterns, TrainerSettings s, Matrix xs, Matrix xbar, Matrix y,
                       Standardization std, boolean bias, Blas blas) {
        FitOptions o = s.options();
        if (!o.extraPatterns()) {
            return new Extra(patterns, List.of());
        }
        List<Matrix> gates = new ArrayList<>();
        List<TwoLayerNetwork> nets = new ArrayList<>();
        int k = 0;
        for (TwoLayerNetwork net : o.patternNetworks()) {
            k++;
            if (net.inputs() != xs.cols()) {
                throw new SettingException("patternNetworks", "{patternNetworks}: network " + k + " has "
                        + net.inputs() + " inputs but the data has " + xs.cols() + " feature columns");
            }
            TwoLayerNetwork t = std != null ? ReverseMap.toTrainingSpace(net, std.means(), std.scales()) : net;
            try {
                gates.add(ReverseMap.neuronGates(t, bias));
                nets.add(t);
            } catch (IllegalArgumentException e) {
                String inner = e instanceof SettingException se ? se.template() : e.getMessage();
                SettingException named = new SettingException("patternNetworks", "{patternNetworks}: " + inner);
                named.initCause(e);
                throw named;
            }
        }
        if (o.sgdEpochs() > 0) {
            TwoLayerNetwork net = baseline(s, xs, y, bias).bestNetwork();
            gates.add(ReverseMap.neuronGates(net, bias));
            nets.add(net);
        }
        PatternSet out = patterns;
        for (Matrix g : gates) {
            if (g.rows() > 0) {
                out = out.union(PatternSet.fromGates(xbar, g, blas));
            }
        }
        return new Extra(out, List.copyOf(nets));
    }

    /** The {@code sgd:EPOCHS} baseline: Adam on the same objective, data and bias handling (training space). */
    static NonConvexResult baseline(TrainerSettings s, Matrix xs, Matrix y, boolean bias) {
        FitOptions o = s.options();
        return NonConvexTrainer.builder().optimizer(Optimizer.ADAM).learningRate(o.sgdLearningRate())
                .epochs(o.sgdEpochs()).width(o.sgdWidth()).seed(s.seed()).activation(s.activation())
                .hiddenBias(bias).build().fit(xs, y, s.loss(), s.lambda(), bias);
    }
}
