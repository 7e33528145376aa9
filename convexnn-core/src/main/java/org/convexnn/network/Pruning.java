package org.convexnn.network;

import java.util.ArrayList;
import java.util.List;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.VectorOps;
import org.convexnn.program.ConvexProgram;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Pruning a convex solution to a minimal network (spec §3.7). The active atoms of a solution W are
 * {@code z_g = D̃_b X w_g} (an n-vector placed in output column k of group g = (b, k)). While the atoms of one output
 * are linearly dependent, take {@code c ≠ 0} with {@code Σ c_g z_g = 0} (a right singular vector of the atom matrix
 * for a zero singular value) and scale {@code w_g ← (1 + t c_g) w_g}: the prediction does not change, cone membership
 * and gates are kept ({@code 1 + t c_g ≥ 0}), and the regulariser changes by {@code t Σ c_g ‖w_g‖}, so the sign of t is
 * chosen to make that slope ≤ 0 (at an optimum it is 0). t grows until a group vanishes; repeat. The result has at
 * most n non-zero groups per output (n·c in all) and an objective no larger than the input's. A pure function.
 *
 * <p>Cost: one SVD of at most (n+1) x (n+1) per removed group, plus one SVD of the final n x m atom matrix per
 * output; meant for moderate n.
 */
public final class Pruning {
    /** Atoms of one output are treated as dependent when {@code σ_min ≤ DEPENDENT_TOL · σ_max}. */
    static final double DEPENDENT_TOL = 1e-10;

    private Pruning() {
    }

    /**
     * @param weights        the pruned point, G x d (a fresh array)
     * @param groupsBefore   non-zero groups of the input
     * @param groupsAfter    non-zero groups of the result
     * @param removed        groups set to zero by the pruning
     */
    public record Result(double[] weights, int groupsBefore, int groupsAfter, int removed) {
    }

    /**
     * Prunes a (cone-feasible) solution of {@code program}.
     * @param w G x d point of the program (not modified)
     */
    public static Result prune(ConvexProgram program, double[] w) {
        int d = program.d();
        int c = program.outputs();
        int groups = program.groups();
        if (w.length != groups * d) {
            throw new IllegalArgumentException("weights have " + w.length + " entries, expected " + groups + " x " + d);
        }
        double[] out = w.clone();
        int before = countNonZero(out, groups, d);
        for (int k = 0; k < c; k++) {
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < program.blocks(); b++) {
                int g = b * c + k;
                if (norm(out, g, d) > 0) {
                    active.add(g);
                }
            }
            pruneOutput(program, out, active);
        }
        int after = countNonZero(out, groups, d);
        return new Result(out, before, after, before - after);
    }

    /** Reduces the groups of one output to a linearly independent set of atoms. */
    private static void pruneOutput(ConvexProgram program, double[] w, List<Integer> active) {
        int n = program.n();
        List<Integer> window = new ArrayList<>();
        List<double[]> atoms = new ArrayList<>();
        for (int g : active) {
            window.add(g);
            atoms.add(atom(program, w, g));
            while (window.size() > n) {
                reduceOnce(program, w, window, atoms, true);
            }
        }
        // no forced dependence left; remove near-exact dependences among at most n atoms
        while (window.size() > 1 && reduceOnce(program, w, window, atoms, false)) {
            // repeat until independent
        }
    }

    /**
     * One reduction step on the window: finds a null vector of its atom matrix and scales until one group vanishes.
     * @param forced the window has more atoms than rows, so a null vector exists
     * @return whether a group was removed
     */
    private static boolean reduceOnce(ConvexProgram program, double[] w, List<Integer> window, List<double[]> atoms,
                                      boolean forced) {
        int n = program.n();
        int d = program.d();
        int m = window.size();
        int rows = Math.max(n, m); // zero rows pad a wide matrix to square: same null space, full V
        DMatrixRMaj a = new DMatrixRMaj(rows, m);
        double scale = 0;
        double[] atomNorm = new double[m];
        for (int j = 0; j < m; j++) {
            double[] z = atoms.get(j);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += z[i] * z[i];
            }
            s = Math.sqrt(s);
            atomNorm[j] = s;
            scale = Math.max(scale, s);
            // columns normalised, so the null vector does not favour large groups; c_g rescaled below
            for (int i = 0; i < n; i++) {
                a.set(i, j, s > 0 ? z[i] / s : 0.0);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, m, false, true, true);
        if (!svd.decompose(a)) {
            if (forced) {
                throw new ArithmeticException("SVD failed while pruning");
            }
            return false;
        }
        double[] sv = svd.getSingularValues();
        int ns = svd.numberOfSingularValues();
        int minIdx = 0;
        double max = 0;
        for (int i = 0; i < ns; i++) {
            max = Math.max(max, sv[i]);
            if (sv[i] < sv[minIdx]) {
                minIdx = i;
            }
        }
        if (!forced && !(sv[minIdx] <= DEPENDENT_TOL * max)) {
            return false;
        }
        DMatrixRMaj v = svd.getV(null, false); // m x ns, columns are right singular vectors
        double[] coef = new double[m];
        double slope = 0;
        for (int j = 0; j < m; j++) {
            double s = atomNorm[j];
            // Σ v_j z_j / ‖z_j‖ = 0  ⇒  c_j = v_j / ‖z_j‖; an all-zero atom (a group that predicts nothing) gets c = −1
            coef[j] = s > 0 ? v.get(j, minIdx) / s * scale : -1.0;
            slope += coef[j] * norm(w, window.get(j), d);
        }
        if (slope > 0) {
            for (int j = 0; j < m; j++) {
                coef[j] = -coef[j];
            }
        }
        double t = Double.POSITIVE_INFINITY;
        int hit = -1;
        for (int j = 0; j < m; j++) {
            if (coef[j] < 0 && -1.0 / coef[j] < t) {
                t = -1.0 / coef[j];
                hit = j;
            }
        }
        if (hit < 0) {
            return false; // cannot happen for c ≠ 0 with slope ≤ 0; be safe
        }
        for (int j = m - 1; j >= 0; j--) {
            int g = window.get(j);
            double f = j == hit ? 0.0 : 1.0 + t * coef[j];
            if (f <= 1e-15) {
                f = 0.0;
            }
            for (int q = 0; q < d; q++) {
                w[g * d + q] *= f;
            }
            if (f == 0.0) {
                window.remove(j);
                atoms.remove(j);
            } else {
                double[] z = atoms.get(j);
                for (int i = 0; i < z.length; i++) {
                    z[i] *= f;
                }
            }
        }
        return true;
    }

    /** The atom {@code D̃_b X w_g} of group g as an n-vector. */
    static double[] atom(ConvexProgram program, double[] w, int g) {
        int n = program.n();
        int d = program.d();
        int b = g / program.outputs();
        int p = program.blockPattern(b);
        double on = program.onCoef(b);
        double off = program.offCoef(b);
        PatternSet ps = program.patterns();
        double[] x = program.x().data();
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int q = 0; q < d; q++) {
                s += x[i * d + q] * w[g * d + q];
            }
            z[i] = s * (ps.active(i, p) ? on : off);
        }
        return z;
    }

    /** Sum of the group norms {@code Σ_g ‖w_g‖} of a G x d point. */
    public static double groupNormSum(double[] w, int groups, int d) {
        double s = 0;
        for (int g = 0; g < groups; g++) {
            s += norm(w, g, d);
        }
        return s;
    }

    /** max over non-zero groups and rows of the cone violation {@code (−(2D − I) X w_g)₊}; 0 for gated programs. */
    public static double maxConeViolation(ConvexProgram program, double[] w) {
        if (!program.coneConstrained()) {
            return 0.0;
        }
        int n = program.n();
        int d = program.d();
        int c = program.outputs();
        double[] x = program.x().data();
        double worst = 0;
        for (int g = 0; g < program.groups(); g++) {
            if (norm(w, g, d) == 0) {
                continue;
            }
            int p = program.blockPattern(g / c);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int q = 0; q < d; q++) {
                    s += x[i * d + q] * w[g * d + q];
                }
                worst = Math.max(worst, program.patterns().active(i, p) ? -s : s);
            }
        }
        return worst;
    }

    /** Number of non-zero groups of a G x d point. */
    public static int countNonZero(double[] w, int groups, int d) {
        int m = 0;
        for (int g = 0; g < groups; g++) {
            if (norm(w, g, d) > 0) {
                m++;
            }
        }
        return m;
    }

    static double norm(double[] w, int g, int d) {
        return VectorOps.norm(w, g * d, d);
    }
}
