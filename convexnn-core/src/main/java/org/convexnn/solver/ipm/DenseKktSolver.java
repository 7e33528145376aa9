package org.convexnn.solver.ipm;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense Cholesky of {@code M = Gᵀ W⁻² G + AᵀA + δI} and of the Schur complement {@code S = A M⁻¹ Aᵀ + δ_S I};
 * δ grows a hundredfold on each failed attempt (six at most).
 */
final class DenseKktSolver implements ReducedKktSolver {
    private final ConicData data;
    private final ProductCone cones;
    private LinearSolverDense<DMatrixRMaj> cholM;
    private LinearSolverDense<DMatrixRMaj> cholS;
    private DMatrixRMaj mInvAt;

    DenseKktSolver(ConicData data, ProductCone cones) {
        this.data = data;
        this.cones = cones;
    }

    @Override
    public boolean factor() {
        int nx = data.nx;
        int ny = data.ny;
        double[] a = data.a;
        DMatrixRMaj mm = new DMatrixRMaj(nx, nx);
        double[] md = mm.data;
        for (int k = 0; k < data.blocks.length; k++) {
            ConicProblem.Block blk = data.blocks[k];
            int dim = blk.cone().dim();
            int[] cols = blk.cols();
            int q = cols.length;
            if (q == 0) {
                continue;
            }
            double[] bm = cones.cone(k).mulWInvBlock(blk.g(), q); // W⁻¹ G_k, row-major dim x q
            Vec.addGram(bm, dim, q, cols, md, nx);
        }
        Vec.addGram(a, ny, nx, IntStream.range(0, nx).toArray(), md, nx);
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

    /** x = M⁻¹r; with equalities y = S⁻¹(A x − u_y) and x ← x − M⁻¹Aᵀy. */
    @Override
    public double[][] solve(double[] r, double[] uy) {
        int nx = data.nx;
        int ny = data.ny;
        DMatrixRMaj x0 = new DMatrixRMaj(nx, 1);
        cholM.solve(DMatrixRMaj.wrap(nx, 1, r), x0);
        double[] x = x0.data;
        double[] y = new double[ny];
        if (ny > 0) {
            double[] ax = new double[ny];
            data.aMul(x, ax);
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
        return new double[][] {x, y};
    }
}
