package org.convexnn.program;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;

/**
 * The cone side of cone-constrained programs, shared by every solver: the dual-constraint value γ with exact
 * per-pattern projections (spec §3.6), the projection of a point onto the pattern cones (primal feasibility), and
 * the largest cone violation of a point.
 */
public final class ConeChecks {
    private ConeChecks() {
    }

    /** Each non-zero block replaced by its Euclidean projection onto its pattern's cone (a feasible point). */
    public static double[] projectOntoCones(ConvexProgram prog, ConeProjection cone, double[] w) {
        int d = prog.d();
        int c = prog.outputs();
        double[] out = new double[w.length];
        PatternSet ps = prog.patterns();
        IntStream.range(0, prog.groups()).parallel().forEach(q -> {
            double[] g = Arrays.copyOfRange(w, q * d, (q + 1) * d);
            boolean zero = true;
            for (double v : g) {
                zero &= v == 0.0;
            }
            if (!zero) {
                double[] proj = new double[d];
                cone.project(ps, prog.blockPattern(q / c), g, proj);
                System.arraycopy(proj, 0, out, q * d, d);
            }
        });
        return out;
    }

    /** max over rows and groups of the cone violation (−(2D − I) X w_g)₊, computed block-wise. */
    public static double maxViolation(FeatureOperator op, double[] w) {
        ConvexProgram prog = op.program();
        int groups = prog.groups();
        int c = prog.outputs();
        double[] pred = new double[prog.n() * c];
        double[] worst = {0.0};
        op.forward(w, pred, (rowStart, rows, z) -> {
            for (int j = 0; j < rows; j++) {
                for (int q = 0; q < groups; q++) {
                    double v = z[j * groups + q];
                    double h = op.active(rowStart + j, q / c) ? v : -v;
                    worst[0] = Math.max(worst[0], -h);
                }
            }
        });
        return worst[0];
    }

    /**
     * γ = max over groups of ‖Π_{K_p}(g_group)‖ (spec §3.6). Groups whose plain norm cannot beat the current maximum
     * are skipped, since the projection never increases the norm.
     */
    public static double gamma(ConvexProgram prog, ConeProjection cone, double[] g) {
        double best = 0;
        for (double v : gammaPerOutput(prog, cone, g)) {
            best = Math.max(best, v);
        }
        return best;
    }

    /**
     * γ_k = max over the groups of output k of ‖Π_{K_p}(g_group)‖, for each output k (group q belongs to output
     * q mod c); the same skipping as {@link #gamma}, per output.
     */
    public static double[] gammaPerOutput(ConvexProgram prog, ConeProjection cone, double[] g) {
        int d = prog.d();
        int groups = prog.groups();
        int c = prog.outputs();
        double[] norms = new double[groups];
        Integer[] order = new Integer[groups];
        for (int q = 0; q < groups; q++) {
            norms[q] = GroupNorms.norm(g, q, d, d);
            order[q] = q;
        }
        Arrays.sort(order, (a, b) -> Double.compare(norms[b], norms[a]));
        PatternSet ps = prog.patterns();
        double[] best = new double[c];
        double[] v = new double[d];
        for (int idx = 0; idx < groups; idx++) {
            int q = order[idx];
            if (norms[q] <= best[q % c]) {
                continue; // the projection never increases the norm
            }
            System.arraycopy(g, q * d, v, 0, d);
            best[q % c] = Math.max(best[q % c], cone.projectionNorm(ps, prog.blockPattern(q / c), v));
        }
        return best;
    }
}
