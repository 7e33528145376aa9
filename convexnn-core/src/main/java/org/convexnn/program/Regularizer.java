package org.convexnn.program;

/**
 * The regulariser of a convex program (spec §3.2, §4, §7.2): a sum over units (a group, or for vector outputs a block
 * of groups) of a norm, possibly restricted to a cone. What solvers and certificates need of it: its value, its prox
 * on one unit, and the dual-constraint value of a gradient (the largest polar norm over the units of each output,
 * spec §3.6), which scales a dual candidate into the dual-feasible set. Instances are bound to one program.
 */
public interface Regularizer {

    /** Number of units. */
    int units();

    /** Number of entries of one unit (d for a group, c·d for a block of c groups). */
    int unitSize();

    /** {@code r(W) = Σ_u ‖W_u‖} at a G x d point (the norm part; a cone's feasibility is checked apart). */
    double value(double[] w);

    /**
     * The prox of {@code t·r_u} on unit u: {@code out = argmin_v ½‖v − z‖² + t‖v‖ (+ ι_K(v))}.
     *
     * @param z   the unit's entries (length {@link #unitSize}); not modified
     * @param out receives the prox (length {@link #unitSize})
     */
    void prox(int unit, double[] z, double t, double[] out);

    /**
     * Per output k, {@code γ_k = max_u ‖G_u‖°} over the units of output k of a gradient G (G x d), with {@code ‖·‖°}
     * the polar (dual norm, or its restriction to the cone); a dual candidate whose gradient this is becomes feasible
     * when scaled by {@code λ/γ_k} (spec §3.6, §10.1). Units shared by every output give one value for all.
     */
    double[] dualConstraint(double[] grad);
}
