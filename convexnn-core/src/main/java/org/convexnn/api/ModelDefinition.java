package org.convexnn.api;

import org.convexnn.arrangement.ComplementaryPatterns;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.certificate.ProgramCertificate;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.Recovery;
import org.convexnn.network.ReverseMap;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Formulation;
import org.convexnn.solver.SolveResult;

/**
 * A model of the engine (docs/architecture.md): how its convex program is built over a pattern set, how a solution
 * maps to a network (recovery), how a network maps to a point of the program (reverse map), and how a solver's
 * result is certified. The pipeline, the solvers, the model files and the CLI are shared; a new model is a new
 * definition plus its registration in {@link #of}.
 */
interface ModelDefinition {

    /** Which program: gated (one free block per pattern) or cone-constrained (two cone blocks per pattern). */
    Formulation formulation();

    /** The activation of the recovered network. */
    Activation activation();

    /** The pattern set the program needs, from the sampled or enumerated one (spec §5). */
    PatternSet patterns(Matrix xbar, PatternSet patterns);

    /** The network of a point of the program, in the training space (spec §3.4, §4). */
    default TwoLayerNetwork recover(ConvexProgram program, double[] w, boolean bias) {
        return Recovery.recover(program, w, bias);
    }

    /**
     * The point of the program of a network (spec §3.5).
     *
     * @throws IllegalArgumentException when the network has no image in this program
     */
    default double[] reverse(ConvexProgram program, TwoLayerNetwork network, boolean bias) {
        return ReverseMap.toConvex(program, network, bias);
    }

    /** The certificate of a solver's result (spec §3.6, §10.1). */
    default ProgramCertificate certify(FeatureOperator op, SolveResult r) {
        return ProgramCertificate.of(op, r);
    }

    /** The definition of a model. */
    static ModelDefinition of(Model model, double leakySlope) {
        return model.gated() ? GatedRelu.INSTANCE : new ConeActivation(model, model.activation(leakySlope));
    }

    /** The gated ReLU network (spec §4): patterns as they are, no cones. */
    enum GatedRelu implements ModelDefinition {
        INSTANCE;

        @Override
        public Formulation formulation() {
            return Formulation.GATED;
        }

        @Override
        public Activation activation() {
            return Activation.RELU;
        }

        @Override
        public PatternSet patterns(Matrix xbar, PatternSet patterns) {
            return patterns;
        }
    }

    /**
     * ReLU, leaky ReLU, absolute value and linear networks (spec §3.2, §5): the cone-constrained program with the
     * activation's slopes as block coefficients.
     */
    record ConeActivation(Model model, Activation activation) implements ModelDefinition {
        @Override
        public Formulation formulation() {
            return Formulation.CONE_CONSTRAINED;
        }

        /**
         * For the absolute value one pattern of each complementary pair (the pair gives the same neurons); for an
         * activation with {@code |c₋| > c₊} the all-inactive pattern, whose neurons the all-active pattern no longer
         * dominates. ReLU, linear and leaky ReLU with {@code |κ| <= 1} use the patterns as they are.
         */
        @Override
        public PatternSet patterns(Matrix xbar, PatternSet patterns) {
            if (model == Model.ABS) {
                return ComplementaryPatterns.keepOnePerPair(xbar, patterns);
            }
            if (Math.abs(activation.negative()) > activation.positive()) {
                return ComplementaryPatterns.withAllInactive(xbar, patterns);
            }
            return patterns;
        }
    }
}
