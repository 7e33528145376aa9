package org.convexnn.solver;

import java.util.stream.IntStream;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;

/**
 * The proximal map of {@code t‖w‖ + ι_K(w)} for a polyhedral cone K (spec §3.2 constraints), group by group:
 * {@code prox(z) = (1 − t/‖Π_K z‖)₊ Π_K z}. Exact for cones: every w ∈ K has ⟨w, Π_{K°} z⟩ ≤ 0, so
 * {@code ‖w − z‖² ≥ ‖w − Π_K z‖² + ‖Π_{K°} z‖²} with equality on the ray of {@code Π_K z}; minimising the right
 * side plus {@code t‖w‖} gives the shrunk projection. Groups with {@code ‖z‖ ≤ t} vanish without a projection.
 */
final class ConeProx implements Fista.Prox {
    private final ConvexProgram prog;
    private final ConeProjection cone;
    private final PatternSet ps;
    private final int d;
    private final int c;
    private final boolean[][] patternRows;
    private final int[][] lastActive;

    ConeProx(ConvexProgram prog, ConeProjection cone) {
        this.prog = prog;
        this.cone = cone;
        this.ps = prog.patterns();
        this.d = prog.d();
        this.c = prog.outputs();
        this.patternRows = new boolean[ps.size()][];
        this.lastActive = new int[prog.groups()][];
    }

    private boolean[] rows(int p) {
        boolean[] r = patternRows[p];
        if (r == null) {
            r = ps.pattern(p);
            patternRows[p] = r;
        }
        return r;
    }

    @Override
    public void apply(double[] in, double[] out, double t) {
        IntStream.range(0, prog.groups()).parallel().forEach(q -> {
            int o = q * d;
            double nrm = 0;
            for (int j = 0; j < d; j++) {
                nrm += in[o + j] * in[o + j];
            }
            nrm = Math.sqrt(nrm);
            if (nrm <= t) {
                java.util.Arrays.fill(out, o, o + d, 0.0);
                return;
            }
            double[] g = java.util.Arrays.copyOfRange(in, o, o + d);
            double[] proj = new double[d];
            // warm start from this group's previous active rows: one KKT-checked solve instead of a full NNLS
            ConeProjection.Warm res = cone.projectFrom(rows(prog.blockPattern(q / c)), g, lastActive[q], proj);
            lastActive[q] = res.activeRows();
            double pn = res.norm();
            double scale = pn > t ? 1.0 - t / pn : 0.0;
            for (int j = 0; j < d; j++) {
                out[o + j] = scale * proj[j];
            }
        });
    }
}
