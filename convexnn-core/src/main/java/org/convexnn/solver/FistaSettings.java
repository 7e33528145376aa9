package org.convexnn.solver;

/**
 * Settings of the accelerated proximal gradient method (spec §11.2) beyond its stopping rules. Immutable;
 * {@link #DEFAULT} holds the defaults.
 *
 * @param workingSets solve programs with at least {@link WorkingSetSolver#MIN_PATTERNS} patterns on a growing working
 *                    set of patterns, each round certified on the whole program ({@link WorkingSetSolver})
 * @param whitening   solve gated programs in whitened coordinates where {@link FistaSolver#whitening} finds that it
 *                    pays (penalised bias, at least 100 columns, ill-conditioned {@code X̄ᵀX̄}); false: never
 */
public record FistaSettings(boolean workingSets, boolean whitening) {
    /** Working sets and whitening where they pay. */
    public static final FistaSettings DEFAULT = new FistaSettings(true, true);

    public FistaSettings withWorkingSets(boolean on) {
        return new FistaSettings(on, whitening);
    }

    public FistaSettings withWhitening(boolean on) {
        return new FistaSettings(workingSets, on);
    }
}
