package org.convexnn.program;

/**
 * Piecewise-linear activation {@code σ(t) = c₊ t} for {@code t >= 0}, {@code c₋ t} otherwise (spec §5).
 * ReLU is (1, 0). The tie convention is {@code >=} everywhere (spec §1), so {@code σ'(0) = c₊}.
 *
 * @param name     stable name used in model files ("relu", "leaky-relu", "abs", "linear")
 * @param positive slope c₊ on the non-negative side
 * @param negative slope c₋ on the negative side
 */
public record Activation(String name, double positive, double negative) {
    public static final Activation RELU = new Activation("relu", 1.0, 0.0);
    public static final Activation ABS = new Activation("abs", 1.0, -1.0);
    public static final Activation LINEAR = new Activation("linear", 1.0, 1.0);

    public Activation {
        if (!Double.isFinite(positive) || !Double.isFinite(negative)) {
            throw new IllegalArgumentException("activation slopes must be finite");
        }
    }

    /** Leaky ReLU with slope κ on the negative side. */
    public static Activation leakyRelu(double slope) {
        return new Activation("leaky-relu", 1.0, slope);
    }

    /** Applies σ to t. */
    public double apply(double t) {
        return t >= 0 ? positive * t : negative * t;
    }

    /** Looks up an activation by its model-file name. */
    public static Activation of(String name, double leakySlope) {
        return switch (name) {
            case "relu" -> RELU;
            case "abs" -> ABS;
            case "linear" -> LINEAR;
            case "leaky-relu" -> leakyRelu(leakySlope);
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
        };
    }
}
