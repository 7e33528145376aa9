package org.convexnn.program;

import org.convexnn.linalg.VectorOps;

/**
 * The regulariser of the cone-constrained programs (spec §3.2, §5): {@code Σ_g ‖w_g‖ + ι_{K_g}(w_g)} with
 * {@code K_g = {u : (2D_b − I) X u ≥ 0}} the cone of group g's pattern. Prox: the shrunk projection
 * {@code (1 − t/‖Π_K z‖)₊ Π_K z}; polar: {@code ‖Π_K(g)‖} (spec §3.6), both through exact projections
 * ({@link ConeProjection}).
 */
public final class ConeConstrainedGroupL2 implements Regularizer {
    private final ConvexProgram program;
    private final ConeProjection cone;

    /** The regulariser of a cone-constrained program. */
    public ConeConstrainedGroupL2(ConvexProgram program) {
        this(program, new ConeProjection(program.x()));
    }

    /** As above, with projections over the program's data already at hand. */
    public ConeConstrainedGroupL2(ConvexProgram program, ConeProjection cone) {
        if (!program.coneConstrained()) {
            throw new IllegalArgumentException("a gated program has no cones: use GroupL2");
        }
        this.program = program;
        this.cone = cone;
    }

    @Override
    public int units() {
        return program.groups();
    }

    @Override
    public int unitSize() {
        return program.d();
    }

    @Override
    public double value(double[] w) {
        return GroupNorms.sum(w, program.groups(), program.d(), program.penalized());
    }

    @Override
    public void prox(int unit, double[] z, double t, double[] out) {
        int d = program.d();
        if (VectorOps.norm(z, d) <= t) {
            java.util.Arrays.fill(out, 0, d, 0.0);
            return;
        }
        boolean[] rows = program.patterns().pattern(program.blockPattern(unit / program.outputs()));
        double[] proj = new double[d];
        double pn = cone.projectFrom(rows, z.clone(), null, proj).norm();
        double scale = pn > t ? 1.0 - t / pn : 0.0;
        for (int j = 0; j < d; j++) {
            out[j] = scale * proj[j];
        }
    }

    @Override
    public double[] dualConstraint(double[] grad) {
        return ConeChecks.gammaPerOutput(program, cone, grad);
    }
}
