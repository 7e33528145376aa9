package org.convexnn.api;

/** Which two-layer model is trained. */
public enum Model {
    /** Gated ReLU with fixed gates: unconstrained group lasso (spec §4). */
    GATED_RELU("gated-relu"),
    /** ReLU: cone-constrained group lasso (spec §3.2). */
    RELU("relu"),
    /** Leaky ReLU with negative slope κ (spec §5): the cone program with {@code D̃ = D + κ(I − D)}. */
    LEAKY_RELU("leaky-relu"),
    /** Absolute value (spec §5): the cone program with {@code D̃ = 2D − I}, one pattern of each complementary pair. */
    ABS("abs"),
    /** Linear activation (spec §5, a sanity model): the cone program with {@code D̃ = I}. */
    LINEAR("linear");

    private final String cliName;

    Model(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in model files. */
    public String cliName() {
        return cliName;
    }

    /** Whether this model is the gated (fixed-gate, unconstrained) program. */
    public boolean gated() {
        return this == GATED_RELU;
    }

    /**
     * The activation of the trained network; {@code leakySlope} is used by leaky-relu only. Gated ReLU gates with
     * the ReLU pattern, so it reports ReLU.
     */
    public org.convexnn.program.Activation activation(double leakySlope) {
        return switch (this) {
            case GATED_RELU, RELU -> org.convexnn.program.Activation.RELU;
            case LEAKY_RELU -> org.convexnn.program.Activation.leakyRelu(leakySlope);
            case ABS -> org.convexnn.program.Activation.ABS;
            case LINEAR -> org.convexnn.program.Activation.LINEAR;
        };
    }

    public static Model fromCliName(String s) {
        for (Model m : values()) {
            if (m.cliName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "' (expected gated-relu, relu, leaky-relu, abs or linear)");
    }
}
