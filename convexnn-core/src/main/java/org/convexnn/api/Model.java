package org.convexnn.api;

/** Which two-layer model is trained. */
public enum Model {
    /** Gated ReLU with fixed gates: unconstrained group lasso (spec §4). */
    GATED_RELU("gated-relu"),
    /** ReLU: cone-constrained group lasso (spec §3.2). */
    RELU("relu");

    private final String cliName;

    Model(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in model files. */
    public String cliName() {
        return cliName;
    }

    public static Model fromCliName(String s) {
        for (Model m : values()) {
            if (m.cliName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "' (expected gated-relu or relu)");
    }
}
