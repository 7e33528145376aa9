package org.convexnn.api;

/** Which solver runs. AUTO picks FISTA for gated ReLU and the augmented Lagrangian for ReLU. */
public enum SolverKind {
    AUTO("auto"), FISTA("fista"), AL("al");

    private final String cliName;

    SolverKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static SolverKind fromCliName(String s) {
        for (SolverKind m : values()) {
            if (m.cliName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown solver '" + s + "' (expected auto, fista or al)");
    }
}
