package org.convexnn.solver.ipm;

import java.util.List;
import org.convexnn.solver.SolveStatus;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense primal-dual interior-point method for {@link ConicProblem}s over products of orthants and second-order
 * cones. The dual is {@code max −bᵀy − hᵀz s.t. Aᵀy + Gᵀz + c = 0, z ∈ K}.
 *
 * <p>Method: the homogeneous self-dual embedding
 * <pre>
 *   [0]   [ 0   Aᵀ  Gᵀ  c] [x]     (s, κ) ∈ K × R₊, (z, τ) ∈ K × R₊,
 *   [0] = [−A   0   0   b] [y]
 *   [s]   [−G   0   0   h] [z]
 *   [κ]   [−cᵀ −bᵀ −hᵀ  0] [τ]
 * </pre>
 * followed by Newton steps on the central path with Nesterov–Todd scaling: for each cone a scaling W (diagonal
 * for the orthant; a scaled hyperbolic Householder matrix for a second-order cone) with {@code W z = W⁻¹ s = λ},
 * and the linearised centrality condition {@code λ∘(W⁻¹Δs + WΔz) = σμe − λ∘λ − (Mehrotra correction)}.
 * Each iteration factors the reduced normal matrix {@code Gᵀ W⁻² G + AᵀA} once (Cholesky, small diagonal
 * regularisation), solves three KKT systems with iterative refinement on the unregularised system, takes an affine
 * predictor step, picks {@code σ = (1 − α_aff)³} and takes the combined predictor–corrector step. τ → 0 with
 * κ &gt; 0 yields the infeasibility certificates.
 */
public final class ConicSolver {

    /**
     * @param maxIterations iteration limit
     * @param feasTol       relative primal/dual residual and infeasibility-certificate tolerance
     * @param gapTol        gap tolerance: {@code sᵀz ≤ gapTol·max(1, min(|pcost|, |dcost|))}
     * @param deadlineNanos {@link System#nanoTime()} deadline (Long.MAX_VALUE for none)
     */
    public record Settings(int maxIterations, double feasTol, double gapTol, long deadlineNanos) {
        public static Settings defaults() {
            return new Settings(100, 1e-8, 1e-8, Long.MAX_VALUE);
        }
    }

    private static final double STEP_FRACTION = 0.99;
    private static final boolean DEBUG = Boolean.getBoolean("convexnn.ipm.debug");
    private static final int REFINEMENT_STEPS = 4;

    private final int nx;
    private final int ny;
    private final int m;
    private final ConicProblem.Block[] blocks;
    private final int[] off;
    private final int degree;
    private final double[] c;
    private final double[] a;
    private final double[] b;
    private final double[] h;
    // Nesterov–Todd scaling: orthant rows keep sqrt(s/z) in wv; SOC cones keep w̄ in wv (their rows) and β in beta
    private final double[] wv;
    private final double[] beta;
    private final double[] lambda;
    // factorisation
    private LinearSolverDense<DMatrixRMaj> cholM;
    private LinearSolverDense<DMatrixRMaj> cholS;
    private DMatrixRMaj mInvAt;
    // structured normal matrix M = D + UᵀU (see factorStructured); null when the dense path is used
    private final Structure structure;
    /** Whether the structured factorisation is in use (switched off for good when refinement cannot fix it). */
    private boolean useStructure;

    private ConicSolver(ConicProblem prob) {
        this.nx = prob.variables();
        this.ny = prob.equalities();
        List<ConicProblem.Block> list = prob.blocks();
        this.blocks = list.toArray(new ConicProblem.Block[0]);
        this.off = new int[blocks.length + 1];
        int deg = 0;
        for (int k = 0; k < blocks.length; k++) {
            off[k + 1] = off[k] + blocks[k].cone().dim();
            deg += blocks[k].cone().degree();
        }
        this.m = off[blocks.length];
        this.degree = deg;
        this.c = prob.c();
        this.a = prob.a();
        this.b = prob.b();
        this.h = new double[m];
        for (int k = 0; k < blocks.length; k++) {
            System.arraycopy(blocks[k].h(), 0, h, off[k], blocks[k].cone().dim());
        }
        this.wv = new double[m];
        this.beta = new double[blocks.length];
        this.lambda = new double[m];
        this.structure = ny == 0 && !Boolean.getBoolean("convexnn.ipm.dense") ? Structure.of(blocks, nx) : null;
        this.useStructure = structure != null;
    }

    /**
     * Column structure for the normal matrix: "wide" cone blocks (many columns, few rows) give a low-rank term
     * UᵀU; the others touch small groups of columns (connected components) and give a block-diagonal D. Columns in
     * no narrow block form the set R, handled by a small Schur complement.
     */
    private static final class Structure {
        final boolean[] wide;
        final int[][] comps; // columns of each component
        final int[] compOf; // component of a column, −1 for R
        final int[] posInComp;
        final int[] rest; // R
        final int wideRows;
        // factorisation
        LinearSolverDense<DMatrixRMaj>[] compChol;
        double[] u; // wideRows x nx
        double[] v; // wideRows x nx: D⁻¹ U_Bᵀ (rows), zero on R
        LinearSolverDense<DMatrixRMaj> cholC;
        LinearSolverDense<DMatrixRMaj> cholS;

        private Structure(boolean[] wide, int[][] comps, int[] compOf, int[] posInComp, int[] rest, int wideRows) {
            this.wide = wide;
            this.comps = comps;
            this.compOf = compOf;
            this.posInComp = posInComp;
            this.rest = rest;
            this.wideRows = wideRows;
        }

        static Structure of(ConicProblem.Block[] blocks, int nx) {
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
            java.util.Map<Integer, java.util.List<Integer>> byRoot = new java.util.LinkedHashMap<>();
            java.util.List<Integer> rest = new java.util.ArrayList<>();
            for (int j = 0; j < nx; j++) {
                if (!covered[j]) {
                    rest.add(j);
                    compOf[j] = -1;
                    continue;
                }
                byRoot.computeIfAbsent(find(parent, j), r -> new java.util.ArrayList<>()).add(j);
            }
            int[][] comps = new int[byRoot.size()][];
            int ci = 0;
            for (java.util.List<Integer> l : byRoot.values()) {
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
            return new Structure(wide, comps, compOf, posInComp, rest.stream().mapToInt(Integer::intValue).toArray(),
                    wideRows);
        }

        private static int find(int[] parent, int j) {
            while (parent[j] != j) {
                parent[j] = parent[parent[j]];
                j = parent[j];
            }
            return j;
        }
    }

    /**
     * M = D + UᵀU with D block diagonal over the components (plus δ on R) and U = W⁻¹G over the wide blocks.
     * P = M_BB is inverted by Woodbury, {@code P⁻¹ = D⁻¹ − D⁻¹U_Bᵀ C⁻¹ U_B D⁻¹} with {@code C = I + U_B D⁻¹ U_Bᵀ};
     * the R part by the Schur complement {@code S = U_Rᵀ C⁻¹ U_R + δI}.
     */
    @SuppressWarnings("unchecked")
    private boolean factorStructured() {
        Structure st = structure;
        int nc = st.comps.length;
        DMatrixRMaj[] dm = new DMatrixRMaj[nc];
        for (int ci = 0; ci < nc; ci++) {
            dm[ci] = new DMatrixRMaj(st.comps[ci].length, st.comps[ci].length);
        }
        int mw = st.wideRows;
        double[] u = new double[mw * nx];
        int wr = 0;
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int dim = blk.cone().dim();
            int[] cols = blk.cols();
            int q = cols.length;
            double[] bm = new double[dim * q];
            if (blk.cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = 0; i < dim; i++) {
                    double f = 1.0 / wv[off[k] + i];
                    for (int j = 0; j < q; j++) {
                        bm[i * q + j] = blk.g()[i * q + j] * f;
                    }
                }
            } else {
                for (int j = 0; j < q; j++) {
                    applySoc(wv, off[k], dim, beta[k], blk.g(), j, bm, j, q, true);
                }
            }
            if (st.wide[k]) {
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < q; j++) {
                        u[(wr + i) * nx + cols[j]] += bm[i * q + j];
                    }
                }
                wr += dim;
                continue;
            }
            if (q == 0) {
                continue;
            }
            DMatrixRMaj dc = dm[st.compOf[cols[0]]];
            int sz = dc.numCols;
            int[] pos = new int[q];
            for (int j = 0; j < q; j++) {
                pos[j] = st.posInComp[cols[j]];
            }
            for (int i = 0; i < dim; i++) {
                int ro = i * q;
                for (int s1 = 0; s1 < q; s1++) {
                    double val = bm[ro + s1];
                    if (val == 0.0) {
                        continue;
                    }
                    int base = pos[s1] * sz;
                    for (int s2 = 0; s2 < q; s2++) {
                        dc.data[base + pos[s2]] += val * bm[ro + s2];
                    }
                }
            }
        }
        st.compChol = new LinearSolverDense[nc];
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
                    st.compChol[ci] = ch;
                    ok = true;
                }
            }
            if (!ok) {
                return false;
            }
        }
        st.u = u;
        // V = D⁻¹ U_Bᵀ row by row
        double[] v = new double[mw * nx];
        double[] row = new double[nx];
        for (int i = 0; i < mw; i++) {
            System.arraycopy(u, i * nx, row, 0, nx);
            applyDinv(row);
            System.arraycopy(row, 0, v, i * nx, nx);
        }
        st.v = v;
        DMatrixRMaj cm = new DMatrixRMaj(mw, mw);
        for (int i = 0; i < mw; i++) {
            for (int l = i; l < mw; l++) {
                double acc = 0;
                int io = i * nx;
                int lo = l * nx;
                for (int j = 0; j < nx; j++) {
                    acc += u[io + j] * v[lo + j];
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
        st.cholC = cc;
        int nr = st.rest.length;
        if (nr > 0) {
            DMatrixRMaj ur = new DMatrixRMaj(mw, nr);
            for (int i = 0; i < mw; i++) {
                for (int t2 = 0; t2 < nr; t2++) {
                    ur.data[i * nr + t2] = u[i * nx + st.rest[t2]];
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
            st.cholS = cs;
        }
        return true;
    }

    /** row ← D⁻¹ row on the component columns; R entries set to 0. */
    private void applyDinv(double[] row) {
        Structure st = structure;
        for (int ci = 0; ci < st.comps.length; ci++) {
            int[] cols = st.comps[ci];
            DMatrixRMaj b1 = new DMatrixRMaj(cols.length, 1);
            for (int p = 0; p < cols.length; p++) {
                b1.data[p] = row[cols[p]];
            }
            DMatrixRMaj x1 = new DMatrixRMaj(cols.length, 1);
            st.compChol[ci].solve(b1, x1);
            for (int p = 0; p < cols.length; p++) {
                row[cols[p]] = x1.data[p];
            }
        }
        for (int j : st.rest) {
            row[j] = 0.0;
        }
    }

    /** P⁻¹ f on the B columns (R entries of f ignored, of the result 0). */
    private double[] applyPinv(double[] f) {
        Structure st = structure;
        int mw = st.wideRows;
        double[] a1 = f.clone();
        applyDinv(a1);
        double[] t1 = new double[mw];
        for (int i = 0; i < mw; i++) {
            double acc = 0;
            int io = i * nx;
            for (int j = 0; j < nx; j++) {
                acc += st.u[io + j] * a1[j];
            }
            t1[i] = acc; // R entries of a1 are 0, so this is U_B a1
        }
        DMatrixRMaj t2 = new DMatrixRMaj(mw, 1);
        st.cholC.solve(DMatrixRMaj.wrap(mw, 1, t1), t2);
        for (int i = 0; i < mw; i++) {
            double c2 = t2.data[i];
            if (c2 == 0.0) {
                continue;
            }
            int io = i * nx;
            for (int j = 0; j < nx; j++) {
                a1[j] -= st.v[io + j] * c2;
            }
        }
        return a1;
    }

    /** x = M⁻¹ f through the structure. */
    private double[] solveStructured(double[] f) {
        Structure st = structure;
        int nr = st.rest.length;
        if (nr == 0) {
            return applyPinv(f);
        }
        int mw = st.wideRows;
        double[] pb = applyPinv(f);
        // rhs_R = f_R − U_Rᵀ U_B P⁻¹ f_B
        double[] t1 = new double[mw];
        for (int i = 0; i < mw; i++) {
            double acc = 0;
            int io = i * nx;
            for (int j = 0; j < nx; j++) {
                acc += st.u[io + j] * pb[j];
            }
            t1[i] = acc;
        }
        DMatrixRMaj rr = new DMatrixRMaj(nr, 1);
        for (int p = 0; p < nr; p++) {
            double acc = f[st.rest[p]];
            for (int i = 0; i < mw; i++) {
                acc -= st.u[i * nx + st.rest[p]] * t1[i];
            }
            rr.data[p] = acc;
        }
        DMatrixRMaj xr = new DMatrixRMaj(nr, 1);
        st.cholS.solve(rr, xr);
        // x_B = P⁻¹(f_B − U_Bᵀ U_R x_R)
        double[] ur = new double[mw];
        for (int i = 0; i < mw; i++) {
            double acc = 0;
            for (int p = 0; p < nr; p++) {
                acc += st.u[i * nx + st.rest[p]] * xr.data[p];
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
                fb[j] -= st.u[io + j] * c2;
            }
        }
        double[] x = applyPinv(fb);
        for (int p = 0; p < nr; p++) {
            x[st.rest[p]] = xr.data[p];
        }
        return x;
    }

    public static ConicResult solve(ConicProblem problem) {
        return solve(problem, Settings.defaults());
    }

    public static ConicResult solve(ConicProblem problem, Settings settings) {
        return new ConicSolver(problem).run(settings);
    }

    // ---------------------------------------------------------------- the method

    private ConicResult run(Settings st) {
        long start = System.nanoTime();
        double[] x = new double[nx];
        double[] y = new double[ny];
        double[] z = new double[m];
        double[] s = new double[m];
        double tau = 1.0;
        double kappa = 1.0;
        double nc = Math.max(1.0, norm(c));
        double nb = Math.max(1.0, norm(b));
        double nh = Math.max(1.0, norm(h));

        // starting point: least-squares solutions with W = I, shifted into the cone interior
        setIdentityScaling();
        if (!factor()) {
            return fail(SolveStatus.NUMERICAL_ERROR, x, y, z, s, 0, start);
        }
        double[][] sol = solveKkt(new double[nx], b.clone(), h.clone());
        System.arraycopy(sol[0], 0, x, 0, nx);
        for (int i = 0; i < m; i++) {
            s[i] = -sol[2][i];
        }
        double[] negC = scaled(c, -1.0);
        sol = solveKkt(negC, new double[ny], new double[m]);
        System.arraycopy(sol[1], 0, y, 0, ny);
        System.arraycopy(sol[2], 0, z, 0, m);
        shiftIntoCone(s);
        shiftIntoCone(z);

        double[] rx = new double[nx];
        double[] ry = new double[ny];
        double[] rz = new double[m];
        double[] tmpZ = new double[m];
        double[] tmpZ2 = new double[m];
        double bestPres = Double.NaN;
        double bestDres = Double.NaN;
        double bestMerit = Double.POSITIVE_INFINITY;
        double[][] best = null;
        int it = 0;
        for (;; it++) {
            // residuals of the embedding
            atMul(y, rx);
            gtMulAdd(z, rx);
            for (int j = 0; j < nx; j++) {
                rx[j] += c[j] * tau;
            }
            aMul(x, ry);
            for (int i = 0; i < ny; i++) {
                ry[i] = b[i] * tau - ry[i];
            }
            gMul(x, rz);
            for (int i = 0; i < m; i++) {
                rz[i] = h[i] * tau - rz[i] - s[i];
            }
            double cx = dot(c, x);
            double byhz = dot(b, y) + dot(h, z);
            double rt = -cx - byhz - kappa;
            double sz = dot(s, z);
            double mu = (sz + tau * kappa) / (degree + 1);
            if (!Double.isFinite(mu) || !Double.isFinite(cx) || !Double.isFinite(byhz)) {
                return fail(SolveStatus.NUMERICAL_ERROR, x, y, z, s, it, start);
            }
            double pcost = cx / tau;
            double dcost = -byhz / tau;
            double pres = Math.max(norm(ry) / tau / nb, norm(rz) / tau / nh);
            double dres = norm(rx) / tau / nc;
            double gap = sz / (tau * tau);
            double gapScale = Math.max(1.0, Math.min(Math.abs(pcost), Math.abs(dcost)));
            double merit = Math.max(Math.max(pres, dres), gap / gapScale);
            if (!(merit >= bestMerit)) {
                bestMerit = merit;
                bestPres = pres;
                bestDres = dres;
                best = new double[][] {x.clone(), y.clone(), z.clone(), s.clone(), {tau}};
            }
            if (DEBUG) {
                System.err.printf("ipm %3d pcost %.10e dcost %.10e gap %.2e pres %.2e dres %.2e tau %.2e kappa %.2e%n",
                        it, pcost, dcost, gap, pres, dres, tau, kappa);
            }
            if (pres <= st.feasTol() && dres <= st.feasTol() && gap <= st.gapTol() * gapScale
                    && Math.abs(pcost - dcost) <= st.gapTol() * gapScale + gap) {
                return finish(SolveStatus.OPTIMAL, x, y, z, s, tau, it, pres, dres, start);
            }
            // infeasibility certificates
            if (byhz < 0 && tau < kappa) {
                double[] aty = new double[nx];
                atMul(y, aty);
                gtMulAdd(z, aty);
                if (norm(aty) / -byhz / nc <= st.feasTol()) {
                    double f = 1.0 / -byhz;
                    return new ConicResult(SolveStatus.PRIMAL_INFEASIBLE, new double[nx], scaled(y, f), scaled(z, f),
                            new double[m], Double.NaN, Double.NaN, it, Double.NaN, norm(aty) * f / nc, Double.NaN,
                            seconds(start));
                }
            }
            if (cx < 0 && tau < kappa) {
                double[] ax = new double[ny];
                aMul(x, ax);
                double[] gs = new double[m];
                gMul(x, gs);
                for (int i = 0; i < m; i++) {
                    gs[i] += s[i];
                }
                double res = Math.max(norm(ax) / nb, norm(gs) / nh) / -cx;
                if (res <= st.feasTol()) {
                    double f = 1.0 / -cx;
                    return new ConicResult(SolveStatus.DUAL_INFEASIBLE, scaled(x, f), new double[ny], new double[m],
                            scaled(s, f), Double.NaN, Double.NaN, it, res, Double.NaN, Double.NaN, seconds(start));
                }
            }
            if (it >= st.maxIterations()) {
                return finishBest(SolveStatus.MAX_ITERATIONS, best, it, bestPres, bestDres, start);
            }
            if (st.deadlineNanos() != Long.MAX_VALUE && System.nanoTime() - st.deadlineNanos() > 0) {
                return finishBest(SolveStatus.TIME_LIMIT, best, it, bestPres, bestDres, start);
            }

            // scaling and factorisation at the current point
            if (!computeScaling(s, z) || !factor()) {
                debug("scaling/factorisation failed");
                return finishBest(SolveStatus.NUMERICAL_ERROR, best, it, bestPres, bestDres, start);
            }
            double[][] d1 = solveKkt(negC, b.clone(), h.clone());
            double d1dot = dot(c, d1[0]) + dot(b, d1[1]) + dot(h, d1[2]);

            // affine (predictor) direction: r_c = −λ∘λ, r_κ = −τκ, full residual
            double[] rc = new double[m];
            jordan(lambda, lambda, rc);
            negate(rc);
            Direction aff = direction(rx, ry, rz, rt, rc, -tau * kappa, 1.0, d1, d1dot, tau, kappa, tmpZ, tmpZ2);
            if (aff == null) {
                debug("affine direction");
                return finishBest(SolveStatus.NUMERICAL_ERROR, best, it, bestPres, bestDres, start);
            }
            double alphaAff = Math.min(1.0, maxStep(aff, tau, kappa));
            double sigma = Math.pow(Math.max(0.0, Math.min(1.0, 1.0 - alphaAff)), 3);

            // combined direction: r_c = −λ∘λ − Δs̃_a∘Δz̃_a + σμe
            jordan(lambda, lambda, rc);
            jordan(aff.dsScaled, aff.dzScaled, tmpZ);
            for (int i = 0; i < m; i++) {
                rc[i] = -rc[i] - tmpZ[i];
            }
            addIdentity(rc, sigma * mu);
            double rk = -tau * kappa - aff.dtau * aff.dkappa + sigma * mu;
            Direction dir = direction(rx, ry, rz, rt, rc, rk, 1.0 - sigma, d1, d1dot, tau, kappa, tmpZ, tmpZ2);
            if (dir == null) {
                debug("combined direction");
                return finishBest(SolveStatus.NUMERICAL_ERROR, best, it, bestPres, bestDres, start);
            }
            double alpha = Math.min(1.0, STEP_FRACTION * maxStep(dir, tau, kappa));
            if (!(alpha > 1e-12)) {
                debug("step " + alpha);
                return finishBest(SolveStatus.NUMERICAL_ERROR, best, it, bestPres, bestDres, start);
            }
            axpy(alpha, dir.dx, x);
            axpy(alpha, dir.dy, y);
            axpy(alpha, dir.dz, z);
            axpy(alpha, dir.ds, s);
            tau += alpha * dir.dtau;
            kappa += alpha * dir.dkappa;
            if (!(tau > 0) || !(kappa > 0)) {
                debug("tau/kappa " + tau + " " + kappa);
                return finishBest(SolveStatus.NUMERICAL_ERROR, best, it, bestPres, bestDres, start);
            }
        }
    }

    /** A search direction of the embedding; dsScaled = W⁻¹Δs, dzScaled = WΔz. */
    private static final class Direction {
        double[] dx;
        double[] dy;
        double[] dz;
        double[] ds;
        double[] dsScaled;
        double[] dzScaled;
        double dtau;
        double dkappa;
    }

    /**
     * Solves the linearised embedding with target residual reduction η:
     * {@code K[dx;dy;dz] = [−η rx − c dτ; η ry + b dτ; η rz + h dτ − W(λ⧵r_c)]}, then Δs, Δκ.
     */
    private Direction direction(double[] rx, double[] ry, double[] rz, double rt, double[] rc, double rk, double eta,
                                double[][] d1, double d1dot, double tau, double kappa, double[] tmp, double[] tmp2) {
        jordanDiv(lambda, rc, tmp); // λ⧵r_c
        applyW(tmp, tmp2, false); // W(λ⧵r_c)
        double[] ux = scaled(rx, -eta);
        double[] uy = scaled(ry, eta);
        double[] uz = new double[m];
        for (int i = 0; i < m; i++) {
            uz[i] = eta * rz[i] - tmp2[i];
        }
        double[][] d2 = solveKkt(ux, uy, uz);
        double den = kappa / tau - d1dot;
        double num = -eta * rt + rk / tau + dot(c, d2[0]) + dot(b, d2[1]) + dot(h, d2[2]);
        double dtau = num / den;
        if (!Double.isFinite(dtau)) {
            return null;
        }
        Direction dir = new Direction();
        dir.dtau = dtau;
        dir.dkappa = (rk - kappa * dtau) / tau;
        dir.dx = d2[0];
        dir.dy = d2[1];
        dir.dz = d2[2];
        axpy(dtau, d1[0], dir.dx);
        axpy(dtau, d1[1], dir.dy);
        axpy(dtau, d1[2], dir.dz);
        // Δs = W(λ⧵r_c − WΔz);  W⁻¹Δs = λ⧵r_c − WΔz
        dir.dzScaled = new double[m];
        applyW(dir.dz, dir.dzScaled, false);
        dir.dsScaled = new double[m];
        for (int i = 0; i < m; i++) {
            dir.dsScaled[i] = tmp[i] - dir.dzScaled[i];
        }
        dir.ds = new double[m];
        applyW(dir.dsScaled, dir.ds, false);
        for (double v : dir.dx) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return dir;
    }

    /** Largest α ≤ ∞ with λ + αW⁻¹Δs ∈ K, λ + αWΔz ∈ K, τ + αΔτ ≥ 0, κ + αΔκ ≥ 0. */
    private double maxStep(Direction d, double tau, double kappa) {
        double alpha = Math.min(maxConeStep(lambda, d.dsScaled), maxConeStep(lambda, d.dzScaled));
        if (d.dtau < 0) {
            alpha = Math.min(alpha, -tau / d.dtau);
        }
        if (d.dkappa < 0) {
            alpha = Math.min(alpha, -kappa / d.dkappa);
        }
        return alpha;
    }

    private double maxConeStep(double[] u, double[] du) {
        double alpha = Double.POSITIVE_INFINITY;
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    if (du[i] < 0) {
                        alpha = Math.min(alpha, -u[i] / du[i]);
                    }
                }
            } else {
                alpha = Math.min(alpha, socStep(u, du, o, dim));
            }
        }
        return alpha;
    }

    /** Largest α with u + α du in the second-order cone at rows o..o+dim−1 (u interior). */
    static double socStep(double[] u, double[] du, int o, int dim) {
        double u0 = u[o];
        double d0 = du[o];
        double uu = 0;
        double ud = 0;
        double dd = 0;
        for (int i = o + 1; i < o + dim; i++) {
            uu += u[i] * u[i];
            ud += u[i] * du[i];
            dd += du[i] * du[i];
        }
        double qa = d0 * d0 - dd;
        double qb = 2 * (u0 * d0 - ud);
        double qc = (u0 - Math.sqrt(uu)) * (u0 + Math.sqrt(uu));
        double alpha = Double.POSITIVE_INFINITY;
        if (d0 < 0) {
            alpha = -u0 / d0;
        }
        double root;
        if (qa == 0) {
            root = qb < 0 ? -qc / qb : Double.POSITIVE_INFINITY;
        } else {
            double disc = qb * qb - 4 * qa * qc;
            if (disc < 0) {
                root = Double.POSITIVE_INFINITY;
            } else {
                double sq = Math.sqrt(disc);
                double q = -0.5 * (qb + Math.copySign(sq, qb));
                double r1 = q / qa;
                double r2 = q != 0 ? qc / q : Double.POSITIVE_INFINITY;
                root = Double.POSITIVE_INFINITY;
                if (r1 > 0) {
                    root = Math.min(root, r1);
                }
                if (r2 > 0) {
                    root = Math.min(root, r2);
                }
            }
        }
        return Math.min(alpha, root);
    }

    // ---------------------------------------------------------------- scaling

    private void setIdentityScaling() {
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                java.util.Arrays.fill(wv, o, o + dim, 1.0);
            } else {
                java.util.Arrays.fill(wv, o, o + dim, 0.0);
                wv[o] = 1.0;
                beta[k] = 1.0;
            }
        }
    }

    /** Nesterov–Todd scaling of (s, z); false when either left the interior. */
    boolean computeScaling(double[] s, double[] z) {
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    if (!(s[i] > 0) || !(z[i] > 0)) {
                        return false;
                    }
                    wv[i] = Math.sqrt(s[i] / z[i]);
                    lambda[i] = Math.sqrt(s[i] * z[i]);
                }
            } else {
                double sdet = jdet(s, o, dim);
                double zdet = jdet(z, o, dim);
                if (!(sdet > 0) || !(zdet > 0) || !(s[o] > 0) || !(z[o] > 0)) {
                    return false;
                }
                double sn = Math.sqrt(sdet);
                double zn = Math.sqrt(zdet);
                double sbzb = 0;
                for (int i = o; i < o + dim; i++) {
                    sbzb += (s[i] / sn) * (z[i] / zn);
                }
                double gamma = Math.sqrt((1 + sbzb) / 2);
                wv[o] = (s[o] / sn + z[o] / zn) / (2 * gamma);
                for (int i = o + 1; i < o + dim; i++) {
                    wv[i] = (s[i] / sn - z[i] / zn) / (2 * gamma);
                }
                beta[k] = Math.sqrt(sn / zn);
                applyWBlock(k, z, lambda, false);
            }
        }
        return true;
    }

    /** u₀² − ‖u₁‖² computed as (u₀ − ‖u₁‖)(u₀ + ‖u₁‖). */
    private static double jdet(double[] u, int o, int dim) {
        double t = 0;
        for (int i = o + 1; i < o + dim; i++) {
            t += u[i] * u[i];
        }
        t = Math.sqrt(t);
        return (u[o] - t) * (u[o] + t);
    }

    /** out = W in (inverse: W⁻¹ in), over all cones. W is symmetric. */
    void applyW(double[] in, double[] out, boolean inverse) {
        for (int k = 0; k < blocks.length; k++) {
            applyWBlock(k, in, out, inverse);
        }
    }

    private void applyWBlock(int k, double[] in, double[] out, boolean inverse) {
        int o = off[k];
        int dim = blocks[k].cone().dim();
        if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
            for (int i = o; i < o + dim; i++) {
                out[i] = inverse ? in[i] / wv[i] : in[i] * wv[i];
            }
            return;
        }
        applySoc(wv, o, dim, beta[k], in, o, out, o, 1, inverse);
    }

    /**
     * W = β[[w̄₀, w̄₁ᵀ], [w̄₁, I + w̄₁w̄₁ᵀ/(1+w̄₀)]], W⁻¹ = β⁻¹[[w̄₀, −w̄₁ᵀ], [−w̄₁, I + w̄₁w̄₁ᵀ/(1+w̄₀)]]
     * applied to in[io + i·stride] into out[oo + i·stride] (in and out may alias only if io == oo).
     */
    private static void applySoc(double[] w, int wo, int dim, double bt, double[] in, int io, double[] out, int oo,
                                 int stride, boolean inverse) {
        double w0 = w[wo];
        double sgn = inverse ? -1.0 : 1.0;
        double f = inverse ? 1.0 / bt : bt;
        double u0 = in[io];
        double wu = 0;
        for (int i = 1; i < dim; i++) {
            wu += w[wo + i] * in[io + i * stride];
        }
        double out0 = w0 * u0 + sgn * wu;
        double coef = sgn * u0 + wu / (1 + w0);
        for (int i = 1; i < dim; i++) {
            out[oo + i * stride] = f * (in[io + i * stride] + coef * w[wo + i]);
        }
        out[oo] = f * out0;
    }

    // ---------------------------------------------------------------- Jordan algebra

    /** out = u∘v (componentwise on orthants; (uᵀv, u₀v₁ + v₀u₁) on second-order cones). */
    private void jordan(double[] u, double[] v, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    out[i] = u[i] * v[i];
                }
            } else {
                double t = 0;
                for (int i = o; i < o + dim; i++) {
                    t += u[i] * v[i];
                }
                for (int i = o + 1; i < o + dim; i++) {
                    out[i] = u[o] * v[i] + v[o] * u[i];
                }
                out[o] = t;
            }
        }
    }

    /** out = u⧵r, the solution x of u∘x = r (u interior). */
    private void jordanDiv(double[] u, double[] r, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    out[i] = r[i] / u[i];
                }
            } else {
                double det = jdet(u, o, dim);
                double ur = 0;
                for (int i = o + 1; i < o + dim; i++) {
                    ur += u[i] * r[i];
                }
                double x0 = (u[o] * r[o] - ur) / det;
                for (int i = o + 1; i < o + dim; i++) {
                    out[i] = (r[i] - x0 * u[i]) / u[o];
                }
                out[o] = x0;
            }
        }
    }

    private void addIdentity(double[] u, double t) {
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    u[i] += t;
                }
            } else {
                u[o] += t;
            }
        }
    }

    /** u ← u + (1 + t)e when t = max violation ≥ −1e-8·max(1, ‖u‖) (CVXOPT-style start). */
    private void shiftIntoCone(double[] u) {
        double t = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < blocks.length; k++) {
            int o = off[k];
            int dim = blocks[k].cone().dim();
            if (blocks[k].cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = o; i < o + dim; i++) {
                    t = Math.max(t, -u[i]);
                }
            } else {
                double q = 0;
                for (int i = o + 1; i < o + dim; i++) {
                    q += u[i] * u[i];
                }
                t = Math.max(t, Math.sqrt(q) - u[o]);
            }
        }
        if (m > 0 && t >= -1e-8 * Math.max(1.0, norm(u))) {
            addIdentity(u, 1.0 + t);
        }
    }

    // ---------------------------------------------------------------- KKT system

    /**
     * Factors {@code M = Gᵀ W⁻² G + AᵀA + δI} (and {@code S = A M⁻¹ Aᵀ} when there are equalities); retries with a
     * larger δ when Cholesky fails.
     */
    private boolean factor() {
        if (useStructure) {
            return factorStructured();
        }
        DMatrixRMaj mm = new DMatrixRMaj(nx, nx);
        double[] md = mm.data;
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int dim = blk.cone().dim();
            int[] cols = blk.cols();
            int q = cols.length;
            if (q == 0) {
                continue;
            }
            double[] bm = new double[dim * q]; // W⁻¹ G_k, row-major dim x q
            if (blk.cone().kind() == ConeSpec.Kind.NONNEG) {
                for (int i = 0; i < dim; i++) {
                    double f = 1.0 / wv[off[k] + i];
                    for (int j = 0; j < q; j++) {
                        bm[i * q + j] = blk.g()[i * q + j] * f;
                    }
                }
            } else {
                for (int j = 0; j < q; j++) {
                    applySoc(wv, off[k], dim, beta[k], blk.g(), j, bm, j, q, true);
                }
            }
            for (int i = 0; i < dim; i++) {
                int ro = i * q;
                for (int s1 = 0; s1 < q; s1++) {
                    double v = bm[ro + s1];
                    if (v == 0.0) {
                        continue;
                    }
                    int base = cols[s1] * nx;
                    for (int s2 = 0; s2 < q; s2++) {
                        md[base + cols[s2]] += v * bm[ro + s2];
                    }
                }
            }
        }
        for (int i = 0; i < ny; i++) {
            int ro = i * nx;
            for (int j1 = 0; j1 < nx; j1++) {
                double v = a[ro + j1];
                if (v == 0.0) {
                    continue;
                }
                for (int j2 = 0; j2 < nx; j2++) {
                    md[j1 * nx + j2] += v * a[ro + j2];
                }
            }
        }
        double maxDiag = 0;
        for (int j = 0; j < nx; j++) {
            maxDiag = Math.max(maxDiag, md[j * nx + j]);
        }
        if (!Double.isFinite(maxDiag)) {
            return false;
        }
        double delta = 1e-13 * Math.max(1.0, maxDiag);
        for (int attempt = 0; attempt < 6; attempt++, delta *= 100) {
            DMatrixRMaj trial = mm.copy();
            for (int j = 0; j < nx; j++) {
                trial.data[j * nx + j] += delta;
            }
            LinearSolverDense<DMatrixRMaj> ch = LinearSolverFactory_DDRM.chol(nx);
            if (!ch.setA(trial)) {
                continue;
            }
            cholM = ch;
            if (ny == 0) {
                return true;
            }
            DMatrixRMaj at = new DMatrixRMaj(nx, ny);
            for (int i = 0; i < ny; i++) {
                for (int j = 0; j < nx; j++) {
                    at.data[j * ny + i] = a[i * nx + j];
                }
            }
            mInvAt = new DMatrixRMaj(nx, ny);
            cholM.solve(at, mInvAt);
            DMatrixRMaj sm = new DMatrixRMaj(ny, ny);
            for (int i = 0; i < ny; i++) {
                for (int l = 0; l < ny; l++) {
                    double acc = 0;
                    for (int j = 0; j < nx; j++) {
                        acc += a[i * nx + j] * mInvAt.data[j * ny + l];
                    }
                    sm.data[i * ny + l] = acc;
                }
            }
            double sd = 0;
            for (int i = 0; i < ny; i++) {
                sd = Math.max(sd, sm.data[i * ny + i]);
            }
            double ds = 1e-13 * Math.max(1.0, sd) * Math.pow(100, attempt);
            for (int i = 0; i < ny; i++) {
                sm.data[i * ny + i] += ds;
            }
            LinearSolverDense<DMatrixRMaj> chs = LinearSolverFactory_DDRM.chol(ny);
            if (chs.setA(sm)) {
                cholS = chs;
                return true;
            }
        }
        return false;
    }

    /**
     * Solves {@code [0 Aᵀ Gᵀ; A 0 0; G 0 −W²] [x; y; z] = [ux; uy; uz]} with the factorisation plus iterative
     * refinement on the unregularised system. Returns {x, y, z}.
     */
    private double[][] solveKkt(double[] ux, double[] uy, double[] uz) {
        double[][] sol = solveReduced(ux, uy, uz);
        double rhsNorm = Math.max(norm(ux), Math.max(norm(uy), norm(uz)));
        double[] ex = new double[nx];
        double[] ey = new double[ny];
        double[] ez = new double[m];
        double[] t1 = new double[m];
        double[] t2 = new double[m];
        double err = 0;
        for (int step = 0; step <= REFINEMENT_STEPS; step++) {
            // residual e = u − K sol
            atMul(sol[1], ex);
            gtMulAdd(sol[2], ex);
            aMul(sol[0], ey);
            gMul(sol[0], ez);
            applyW(sol[2], t1, false);
            applyW(t1, t2, false);
            err = 0;
            for (int j = 0; j < nx; j++) {
                ex[j] = ux[j] - ex[j];
                err = Math.max(err, Math.abs(ex[j]));
            }
            for (int i = 0; i < ny; i++) {
                ey[i] = uy[i] - ey[i];
                err = Math.max(err, Math.abs(ey[i]));
            }
            for (int i = 0; i < m; i++) {
                ez[i] = uz[i] - (ez[i] - t2[i]);
                err = Math.max(err, Math.abs(ez[i]));
            }
            if (!(err > 1e-15 * Math.max(1.0, rhsNorm)) || step == REFINEMENT_STEPS) {
                break;
            }
            double[][] corr = solveReduced(ex, ey, ez);
            axpy(1.0, corr[0], sol[0]);
            axpy(1.0, corr[1], sol[1]);
            axpy(1.0, corr[2], sol[2]);
        }
        if (useStructure && !(err <= 1e-10 * Math.max(1.0, rhsNorm))) {
            // the Woodbury factorisation lost accuracy (ill-conditioned D near the optimum): go dense for good
            debug("structured KKT solve inaccurate (" + err + "), switching to the dense factorisation");
            useStructure = false;
            if (factor()) {
                return solveKkt(ux, uy, uz);
            }
        }
        return sol;
    }

    private double[][] solveReduced(double[] ux, double[] uy, double[] uz) {
        // z = W⁻²(G x − uz); (GᵀW⁻²G + AᵀA) x + Aᵀ y = ux + GᵀW⁻² uz + Aᵀ uy; A x = uy
        double[] t1 = new double[m];
        double[] t2 = new double[m];
        applyW(uz, t1, true);
        applyW(t1, t2, true);
        double[] rhs = ux.clone();
        gtMulAdd(t2, rhs);
        double[] aty = new double[nx];
        atMul(uy, aty);
        axpy(1.0, aty, rhs);
        double[] x;
        if (useStructure) {
            x = solveStructured(rhs);
        } else {
            DMatrixRMaj x0 = new DMatrixRMaj(nx, 1);
            cholM.solve(DMatrixRMaj.wrap(nx, 1, rhs), x0);
            x = x0.data;
        }
        double[] y = new double[ny];
        if (ny > 0) {
            double[] ax = new double[ny];
            aMul(x, ax);
            for (int i = 0; i < ny; i++) {
                ax[i] -= uy[i];
            }
            DMatrixRMaj yy = new DMatrixRMaj(ny, 1);
            cholS.solve(DMatrixRMaj.wrap(ny, 1, ax), yy);
            y = yy.data;
            for (int j = 0; j < nx; j++) {
                double acc = 0;
                for (int i = 0; i < ny; i++) {
                    acc += mInvAt.data[j * ny + i] * y[i];
                }
                x[j] -= acc;
            }
        }
        double[] gx = new double[m];
        gMul(x, gx);
        for (int i = 0; i < m; i++) {
            gx[i] -= uz[i];
        }
        applyW(gx, t1, true);
        double[] z = new double[m];
        applyW(t1, z, true);
        return new double[][] {x, y, z};
    }

    // ---------------------------------------------------------------- products

    private void gMul(double[] x, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int[] cols = blk.cols();
            int q = cols.length;
            double[] g = blk.g();
            int o = off[k];
            for (int i = 0; i < blk.cone().dim(); i++) {
                double acc = 0;
                int ro = i * q;
                for (int j = 0; j < q; j++) {
                    acc += g[ro + j] * x[cols[j]];
                }
                out[o + i] = acc;
            }
        }
    }

    private void gtMulAdd(double[] z, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int[] cols = blk.cols();
            int q = cols.length;
            double[] g = blk.g();
            int o = off[k];
            for (int i = 0; i < blk.cone().dim(); i++) {
                double zi = z[o + i];
                if (zi == 0.0) {
                    continue;
                }
                int ro = i * q;
                for (int j = 0; j < q; j++) {
                    out[cols[j]] += g[ro + j] * zi;
                }
            }
        }
    }

    private void aMul(double[] x, double[] out) {
        for (int i = 0; i < ny; i++) {
            double acc = 0;
            for (int j = 0; j < nx; j++) {
                acc += a[i * nx + j] * x[j];
            }
            out[i] = acc;
        }
    }

    /** out = Aᵀ y (overwritten). */
    private void atMul(double[] y, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int i = 0; i < ny; i++) {
            double yi = y[i];
            if (yi == 0.0) {
                continue;
            }
            for (int j = 0; j < nx; j++) {
                out[j] += a[i * nx + j] * yi;
            }
        }
    }

    // ---------------------------------------------------------------- results and helpers

    private ConicResult finish(SolveStatus status, double[] x, double[] y, double[] z, double[] s, double tau, int it,
                               double pres, double dres, long start) {
        double f = 1.0 / tau;
        double[] xs = scaled(x, f);
        double[] ys = scaled(y, f);
        double[] zs = scaled(z, f);
        double[] ss = scaled(s, f);
        return new ConicResult(status, xs, ys, zs, ss, dot(c, xs), -dot(b, ys) - dot(h, zs), it, pres, dres,
                dot(ss, zs), seconds(start));
    }

    /** The iterate with the smallest max(residuals, relative gap) seen, with a non-optimal status. */
    private ConicResult finishBest(SolveStatus status, double[][] best, int it, double pres, double dres, long start) {
        return finish(status, best[0], best[1], best[2], best[3], best[4][0], it, pres, dres, start);
    }

    private ConicResult fail(SolveStatus status, double[] x, double[] y, double[] z, double[] s, int it, long start) {
        return new ConicResult(status, x, y, z, s, Double.NaN, Double.NaN, it, Double.NaN, Double.NaN, Double.NaN,
                seconds(start));
    }

    private static void debug(String msg) {
        if (DEBUG) {
            System.err.println("ipm: " + msg);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static double dot(double[] u, double[] v) {
        double acc = 0;
        for (int i = 0; i < u.length; i++) {
            acc += u[i] * v[i];
        }
        return acc;
    }

    static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
    }

    private static double[] scaled(double[] u, double f) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = u[i] * f;
        }
        return out;
    }

    private static void negate(double[] u) {
        for (int i = 0; i < u.length; i++) {
            u[i] = -u[i];
        }
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }
}
