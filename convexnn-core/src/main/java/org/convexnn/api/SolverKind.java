package org.convexnn.api;

/**
 * Which solver runs. FISTA solves both programs (for cone-constrained ones its prox is the exact projection onto
 * each pattern's cone); AL is the augmented Lagrangian for cone-constrained programs; IPM is the dense
 * interior-point SOCP solver (squared loss, small programs). AUTO picks FISTA.
 */
public enum SolverKind {
    AUTO("auto"), FISTA("fista"), AL("al"), IPM("ipm"),
    /** ReLU model: solve the gated program, then split each block into two cone members (spec §4). */
    GATED_DECOMPOSITION("gated-decomposition"),
    /** Semismooth Newton augmented Lagrangian: gated ReLU, squared loss, n up to some thousands (O(n²) memory). */
    SSNAL("ssnal");

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
        throw new IllegalArgumentException("unknown solver '" + s + "' (expected auto, fista, al, ipm, gated-decomposition or ssnal)");
    }
}
