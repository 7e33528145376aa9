package org.convexnn.baseline;

/** First-order method used by {@link NonConvexTrainer}. */
public enum Optimizer {
    /** Plain (mini-batch) stochastic gradient descent, no momentum. */
    SGD("sgd"),
    /** Adam (Kingma &amp; Ba) with bias correction; β1 = 0.9, β2 = 0.999, ε = 1e-8 unless set. */
    ADAM("adam"),
    /** Full-batch gradient descent: one step per epoch on the exact gradient of F, whatever the batch size. */
    GD("gd");

    private final String cliName;

    Optimizer(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optimizer fromCliName(String s) {
        for (Optimizer o : values()) {
            if (o.cliName.equals(s)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + s + "' (expected sgd, adam or gd)");
    }
}
