package org.convexnn.solver.ipm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convexnn.linalg.VectorOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The normal matrix of a problem without equalities as {@code M = D + UᵀU}: "wide" cone blocks (many columns, few
 * rows) give the low-rank term U = W⁻¹G over those blocks; the others touch small groups of columns (connected
 * components) and give a block-diagonal D. Columns in no narrow block form the set R. With B the other columns,
 * {@code P = M_BB} is inverted by Woodbury, {@code P⁻¹ = D⁻¹ − D⁻¹U_Bᵀ C⁻¹ U_B D⁻¹} with
 * {@code C = I + U_B D⁻¹ U_Bᵀ}, and R by the Schur complement {@code S = U_Rᵀ C⁻¹ U_R + δI}.
 */
final class StructuredKktSolver implements ReducedKktSolver {
    private final ConicData data;
    private final ProductCone cones;
    private final boolean[] wide;
    /** Columns of each component. */
    private final int[][] comps;
    /** Component of a column, −1 for R. */
    private final int[] compOf;
    private final int[] posInComp;
    /** R. */
    private final int[] rest;
    private final int wideRows;
    // factorisation
    private LinearSolverDense<DMatrixRMaj>[] compChol;
    /** U, wideRows x nx. */
    private double[] u;
    /** D⁻¹ U_Bᵀ by rows (wideRows x nx), zero on R. */
    private double[] v;
    private LinearSolverDense<DMatrixRMaj> cholC;
    private LinearSolverDense<DMatrixRMaj> cholS;

    private StructuredKktSolver(ConicData data, ProductCone cones, boolean[] wide, int[][] comps, int[] compOf,
                                int[] posInComp, int[] rest, int wideRows) {
        this.data = data;
        this.cones = cones;
        this.wide = wide;
        this.comps = comps;
        this.compOf = compOf;
        this.posInComp = posInComp;
        this.rest = rest;
        this.wideRows = wideRows;
    }

    /**
     * The structure of the problem's normal matrix, or null where it does not pay: no wide block, a component of
     * more than 256 columns, more than 256 columns in R or more than 2048 wide rows. Only for problems without
     * equalities.
     */
    static StructuredKktSolver of(ConicData data, ProductCone cones) {
        ConicProblem.Block[] blocks = data.blocks;
        int nx = data.nx;
        boolean[] wide = new boolean[blocks.length];
        int wideRows = 0;
        int[] parent = new int[nx];
        boolean[] covered = new boolean[nx];
        for (int j = 0; j < nx; j++) {
            parent[j] = j;
        }
        boolean anyWide = false;
        for (int k = 0; k < blocks.length; k++) {
            int q = blocks[k].cols().length;
            int dim = blocks[k].cone().dim();
            wide[k] = q >= 32 && q > 2 * dim;
            if (wide[k]) {
                anyWide = true;
                wideRows += dim;
                continue;
            }
            int[] cols = blocks[k].cols();
            for (int j : cols) {
                covered[j] = true;
            }
            for (int i = 1; i < q; i++) {
                int ra = find(parent, cols[0]);
                int rb = find(parent, cols[i]);
                if (ra != rb) {
                    parent[rb] = ra;
                }
            }
        }
        if (!anyWide) {
            return null;
        }
        int[] compOf = new int[nx];
        int[] posInComp = new int[nx];
        Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int j = 0; j < nx; j++) {
            if (!covered[j]) {
                rest.add(j);
                compOf[j] = -1;
                continue;
            }
            byRoot.computeIfAbsent(find(parent, j), r -> new ArrayList<>()).add(j);
        }
        int[][] comps = new int[byRoot.size()][];
        int ci = 0;
        for (List<Integer> l : byRoot.values()) {
            if (l.size() > 256) {
                return null; // large coupled components: the dense path is as good
            }
            comps[ci] = l.stream().mapToInt(Integer::intValue).toArray();
            for (int p = 0; p < comps[ci].length; p++) {
                compOf[comps[ci][p]] = ci;
                posInComp[comps[ci][p]] = p;
            }
            ci++;
        }
        if (rest.size() > 256 || wideRows > 2048) {
            return null;
        }
        return new StructuredKktSolver(data, cones, wide, comps, compOf, posInComp,
                rest.stream().mapToInt(Integer::intValue).toArray(), wideRows);
    }

    /** Union-find root with path halving. */
    private static int find(int[] parent, int j) {
        while (parent[j] != j) {
            parent[j] = parent[parent[j]];
            j = parent[j];
        }
        return j;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean factor() {
        int nx = data.nx;
        ConicProblem.Block[] blocks = data.blocks;
        int nc = comps.length;
        DMatrixRMaj[] dm = new DMatrixRMaj[nc];
        for (int ci = 0; ci < nc; ci++) {
            dm[ci] = new DMatrixRMaj(comps[ci].length, comps[ci].length);
        }
        int mw = wideRows;
        double[] uw = new double[mw * nx];
        int wr = 0;
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int dim = blk.cone().dim();
            int[] cols = blk.cols();
            int q = cols.length;
            double[] bm = cones.cone(k).mulWInvBlock(blk.g(), q);
            if (wide[k]) {
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < q; j++) {
                        uw[(wr + i) * nx + cols[j]] += bm[i * q + j];
                    }
                }
                wr += dim;
                continue;
            }
            if (q == 0) {
                continue;
            }
            DMatrixRMaj dc = dm[compOf[cols[0]]];
            int sz = dc.numCols;
            int[] pos = new int[q];
            for (int j = 0; j < q; j++) {
                pos[j] = posInComp[cols[j]];
            }
            Vec.addGram(bm, dim, q, pos, dc.data, sz);
        }
        compChol = new LinearSolverDense[nc];
        for (int ci = 0; ci < nc; ci++) {
            DMatrixRMaj dc = dm[ci];
            int sz = dc.numCols;
            double maxDiag = 0;
            for (int j = 0; j < sz; j++) {
                maxDiag = Math.max(maxDiag, dc.data[j * sz + j]);
            }
            if (!Double.isFinite(maxDiag)) {
                return false;
            }
            double delta = 1e-13 * Math.max(1.0, maxDiag);
            boolean ok = false;
            for (int attempt = 0; attempt < 6 && !ok; attempt++, delta *= 100) {
                DMatrixRMaj trial = dc.copy();
                for (int j = 0; j < sz; j++) {
                    trial.data[j * sz + j] += delta;
                }
                LinearSolverDense<DMatrixRMaj> ch = LinearSolverFactory_DDRM.chol(sz);
                if (ch.setA(trial)) {
                    compChol[ci] = ch;
                    ok = true;
                }
            }
            if (!ok) {
                return false;
            }
        }
        u = uw;
        // V = D⁻¹ U_Bᵀ row by row
        double[] vw = new double[mw * nx];
        double[] row = new double[nx];
        for (int i = 0; i < mw; i++) {
            System.arraycopy(uw, i * nx, row, 0, nx);
            applyDinv(row);
            System.arraycopy(row, 0, vw, i * nx, nx);
        }
        v = vw;
        DMatrixRMaj cm = new DMatrixRMaj(mw, mw);
        for (int i = 0; i < mw; i++) {
            for (int l = i; l < mw; l++) {
                double acc = 0;
                int io = i * nx;
                int lo = l * nx;
                for (int j = 0; j < nx; j++) {
                    acc += uw[io + j] * vw[lo + j];
                }
                // U_B only: R columns of v are zero
                cm.data[i * mw + l] = acc;
                cm.data[l * mw + i] = acc;
            }
            cm.data[i * mw + i] += 1.0;
        }
        LinearSolverDense<DMatrixRMaj> cc = LinearSolverFactory_DDRM.chol(mw);
        if (!cc.setA(cm)) {
            return false;
        }
        cholC = cc;
        int nr = rest.length;
        if (nr > 0) {
            DMatrixRMaj ur = new DMatrixRMaj(mw, nr);
            for (int i = 0; i < mw; i++) {
                for (int t2 = 0; t2 < nr; t2++) {
                    ur.data[i * nr + t2] = uw[i * nx + rest[t2]];
                }
            }
            DMatrixRMaj y = new DMatrixRMaj(mw, nr);
            cc.solve(ur, y);
            DMatrixRMaj sm = new DMatrixRMaj(nr, nr);
            double maxDiag = 0;
            for (int p1 = 0; p1 < nr; p1++) {
                for (int p2 = 0; p2 < nr; p2++) {
                    double acc = 0;
                    for (int i = 0; i < mw; i++) {
                        acc += ur.data[i * nr + p1] * y.data[i * nr + p2];
                    }
                    sm.data[p1 * nr + p2] = acc;
                }
                maxDiag = Math.max(maxDiag, sm.data[p1 * nr + p1]);
            }
            for (int p1 = 0; p1 < nr; p1++) {
                sm.data[p1 * nr + p1] += 1e-13 * Math.max(1.0, maxDiag);
            }
            LinearSolverDense<DMatrixRMaj> cs = LinearSolverFactory_DDRM.chol(nr);
            if (!cs.setA(sm)) {
                return false;
            }
            cholS = cs;
        }
        return true;
    }

    /** x = M⁻¹ r through the structure (no equalities: y is empty). */
    @Override
    public double[][] solve(double[] r, double[] uy) {
        return new double[][] {solveNormal(r), new double[data.ny]};
    }

    /** row ← D⁻¹ row on the component columns; R entries set to 0. */
    private void applyDinv(double[] row) {
        for (int ci = 0; ci < comps.length; ci++) {
            int[] cols = comps[ci];
            DMatrixRMaj b1 = new DMatrixRMaj(cols.length, 1);
            for (int p = 0; p < cols.length; p++) {
                b1.data[p] = row[cols[p]];
            }
            DMatrixRMaj x1 = new DMatrixRMaj(cols.length, 1);
            compChol[ci].solve(b1, x1);
            for (int p = 0; p < cols.length; p++) {
                row[cols[p]] = x1.data[p];
            }
        }
        for (int j : rest) {
            row[j] = 0.0;
        }
    }

    /** U x (wideRows entries). */
    private double[] mulU(double[] x) {
        int nx = data.nx;
        double[] out = new double[wideRows];
        for (int i = 0; i < wideRows; i++) {
            out[i] = VectorOps.dot(u, i * nx, x, nx);
        }
        return out;
    }

    /** P⁻¹ f on the B columns (R entries of f ignored, of the result 0). */
    private double[] applyPinv(double[] f) {
        int nx = data.nx;
        int mw = wideRows;
        double[] a1 = f.clone();
        applyDinv(a1);
        double[] t1 = mulU(a1); // R entries of a1 are 0, so this is U_B a1
        DMatrixRMaj t2 = new DMatrixRMaj(mw, 1);
        cholC.solve(DMatrixRMaj.wrap(mw, 1, t1), t2);
        for (int i = 0; i < mw; i++) {
            double c2 = t2.data[i];
            if (c2 == 0.0) {
                continue;
            }
            int io = i * nx;
            for (int j = 0; j < nx; j++) {
                a1[j] -= v[io + j] * c2;
            }
        }
        return a1;
    }

    /** M⁻¹ f: x_R from the Schur complement, then x_B = P⁻¹(f_B − U_Bᵀ U_R x_R). */
    private double[] solveNormal(double[] f) {
        int nx = data.nx;
        int nr = rest.length;
        if (nr == 0) {
            return applyPinv(f);
        }
        int mw = wideRows;
        double[] pb = applyPinv(f);
        // rhs_R = f_R − U_Rᵀ U_B P⁻¹ f_B
        double[] t1 = mulU(pb);
        DMatrixRMaj rr = new DMatrixRMaj(nr, 1);
        for (int p = 0; p < nr; p++) {
            double acc = f[rest[p]];
            for (int i = 0; i < mw; i++) {
                acc -= u[i * nx + rest[p]] * t1[i];
            }
            rr.data[p] = acc;
        }
        DMatrixRMaj xr = new DMatrixRMaj(nr, 1);
        cholS.solve(rr, xr);
        // x_B = P⁻¹(f_B − U_Bᵀ U_R x_R)
        double[] ur = new double[mw];
        for (int i = 0; i < mw; i++) {
            double acc = 0;
            for (int p = 0; p < nr; p++) {
                acc += u[i * nx + rest[p]] * xr.data[p];
            }
            ur[i] = acc;
        }
        double[] fb = f.clone();
        for (int i = 0; i < mw; i++) {
            double c2 = ur[i];
            if (c2 == 0.0) {
                continue;
            }
            int io = i * nx;
            for (int j = 0; j < nx; j++) {
                fb[j] -= u[io + j] * c2;
            }
        }
        double[] x = applyPinv(fb);
        for (int p = 0; p < nr; p++) {
            x[rest[p]] = xr.data[p];
        }
        return x;
    }
}
