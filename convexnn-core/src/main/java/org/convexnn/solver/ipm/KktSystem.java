package org.convexnn.solver.ipm;

import java.util.function.Consumer;

/**
 * The scaled KKT system {@code [0 Aᵀ Gᵀ; A 0 0; G 0 −W²] [x; y; z] = [u_x; u_y; u_z]}, solved by eliminating
 * {@code z = W⁻²(G x − u_z)}, a {@link ReducedKktSolver} for (x, y), and iterative refinement on the unregularised
 * system. Starts with the {@link StructuredKktSolver} where it applies and falls back to the
 * {@link DenseKktSolver} for good when refinement cannot make the structured solve accurate.
 */
final class KktSystem {
    private static final int REFINEMENT_STEPS = 4;

    private final ConicData data;
    private final ProductCone cones;
    private final Consumer<String> log;
    private ReducedKktSolver solver;

    /**
     * @param dense use the dense factorisation even where the structured one applies
     * @param log   receives a line when the solver falls back to the dense factorisation
     */
    KktSystem(ConicData data, ProductCone cones, boolean dense, Consumer<String> log) {
        this.data = data;
        this.cones = cones;
        this.log = log;
        ReducedKktSolver structured = data.ny == 0 && !dense ? StructuredKktSolver.of(data, cones) : null;
        this.solver = structured != null ? structured : new DenseKktSolver(data, cones);
    }

    /** Factors at the cones' current scaling; false when that fails. */
    boolean factor() {
        return solver.factor();
    }

    /** Returns {x, y, z}, refined until the residual is below 1e-15·max(1, ‖u‖) or four corrections were made. */
    double[][] solve(double[] ux, double[] uy, double[] uz) {
        int nx = data.nx;
        int ny = data.ny;
        int m = data.m;
        double[][] sol = solveReduced(ux, uy, uz);
        double rhsNorm = Math.max(Vec.norm(ux), Math.max(Vec.norm(uy), Vec.norm(uz)));
        double[] ex = new double[nx];
        double[] ey = new double[ny];
        double[] ez = new double[m];
        double[] t1 = new double[m];
        double[] t2 = new double[m];
        double err = 0;
        for (int step = 0; step <= REFINEMENT_STEPS; step++) {
            // residual e = u − K sol
            data.atMul(sol[1], ex);
            data.gtMulAdd(sol[2], ex);
            data.aMul(sol[0], ey);
            data.gMul(sol[0], ez);
            cones.mulW(sol[2], t1);
            cones.mulW(t1, t2);
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
            Vec.axpy(1.0, corr[0], sol[0]);
            Vec.axpy(1.0, corr[1], sol[1]);
            Vec.axpy(1.0, corr[2], sol[2]);
        }
        if (solver instanceof StructuredKktSolver && !(err <= 1e-10 * Math.max(1.0, rhsNorm))) {
            // the Woodbury factorisation lost accuracy (ill-conditioned D near the optimum): go dense for good
            log.accept("structured KKT solve inaccurate (" + err + "), switching to the dense factorisation");
            solver = new DenseKktSolver(data, cones);
            if (factor()) {
                return solve(ux, uy, uz);
            }
        }
        return sol;
    }

    /** (GᵀW⁻²G + AᵀA) x + Aᵀy = u_x + GᵀW⁻²u_z + Aᵀu_y, A x = u_y, then z = W⁻²(G x − u_z). */
    private double[][] solveReduced(double[] ux, double[] uy, double[] uz) {
        int nx = data.nx;
        int m = data.m;
        double[] t1 = new double[m];
        double[] t2 = new double[m];
        cones.mulWInv(uz, t1);
        cones.mulWInv(t1, t2);
        double[] rhs = ux.clone();
        data.gtMulAdd(t2, rhs);
        double[] aty = new double[nx];
        data.atMul(uy, aty);
        Vec.axpy(1.0, aty, rhs);
        double[][] xy = solver.solve(rhs, uy);
        double[] x = xy[0];
        double[] gx = new double[m];
        data.gMul(x, gx);
        for (int i = 0; i < m; i++) {
            gx[i] -= uz[i];
        }
        cones.mulWInv(gx, t1);
        double[] z = new double[m];
        cones.mulWInv(t1, z);
        return new double[][] {x, xy[1], z};
    }
}
