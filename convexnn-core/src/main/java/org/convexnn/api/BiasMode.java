package org.convexnn.api;

/** First-layer bias handling (spec §6). */
public enum BiasMode {
    /** B1: append a ones column; the bias is penalised with the weights (default, as scnn). */
    REGULARIZED("regularized"),
    /** B2: append a ones column; the bias is NOT penalised (spec §6; the group norm skips the last coordinate). */
    UNREGULARIZED("unregularized"),
    /** No first-layer bias. */
    NONE("none");

    private final String cliName;

    BiasMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static BiasMode fromCliName(String s) {
        for (BiasMode m : values()) {
            if (m.cliName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown bias mode '" + s + "' (expected regularized, unregularized or none)");
    }
}
