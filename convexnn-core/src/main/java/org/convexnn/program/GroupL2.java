package org.convexnn.program;

import org.convexnn.linalg.VectorOps;

/**
 * The group-ℓ2 norm of the gated program (spec §4): {@code Σ_g ‖w_g[0..p)‖} over the G groups of d entries, with the
 * first p ("penalized") coordinates inside the norm. Prox: group soft-thresholding; polar: the group's Euclidean norm.
 */
public final class GroupL2 implements Regularizer {
    private final int groups;
    private final int d;
    private final int penalized;
    private final int outputs;

    /** The regulariser of a gated program. */
    public GroupL2(ConvexProgram p) {
        this(p.groups(), p.d(), p.penalized(), p.outputs());
    }

    /** G groups of d entries, the first {@code penalized} inside the norm; group g belongs to output g mod c. */
    public GroupL2(int groups, int d, int penalized, int outputs) {
        this.groups = groups;
        this.d = d;
        this.penalized = penalized;
        this.outputs = outputs;
    }

    @Override
    public int units() {
        return groups;
    }

    @Override
    public int unitSize() {
        return d;
    }

    @Override
    public double value(double[] w) {
        return GroupNorms.sum(w, groups, d, penalized);
    }

    @Override
    public void prox(int unit, double[] z, double t, double[] out) {
        double nrm = VectorOps.norm(z, penalized);
        double scale = nrm > t ? 1.0 - t / nrm : 0.0;
        for (int j = 0; j < penalized; j++) {
            out[j] = scale * z[j];
        }
        for (int j = penalized; j < d; j++) {
            out[j] = z[j]; // unpenalised coordinates (a free first-layer bias) pass through
        }
    }

    /** Polar norms over every coordinate (the unpenalised ones are handled by the free-bias bound). */
    @Override
    public double[] dualConstraint(double[] grad) {
        return GroupNorms.maxPerOutput(grad, groups, d, d, outputs);
    }
}
