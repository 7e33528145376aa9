package org.convexnn.program;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The nuclear norm over blocks, the regulariser of vector-output programs whose hidden neurons are shared by the c
 * outputs (spec §7.2, §7.4 (1)): {@code Σ_b ‖W_b‖_*} with {@code W_b} the c x d block of rows {@code b·c .. b·c+c−1}
 * of the G x d variable. Prox: singular-value soft-thresholding; polar: the largest singular value (spectral norm).
 * The scalar-output models do not use it; the vector-output models build on it.
 */
public final class NuclearNorm implements Regularizer {
    private final int blocks;
    private final int c;
    private final int d;

    /** B blocks of c x d. */
    public NuclearNorm(int blocks, int c, int d) {
        if (blocks <= 0 || c <= 0 || d <= 0) {
            throw new IllegalArgumentException("blocks, outputs and columns must be > 0, got " + blocks + ", " + c
                    + ", " + d);
        }
        this.blocks = blocks;
        this.c = c;
        this.d = d;
    }

    @Override
    public int units() {
        return blocks;
    }

    @Override
    public int unitSize() {
        return c * d;
    }

    @Override
    public double value(double[] w) {
        double s = 0;
        for (int b = 0; b < blocks; b++) {
            for (double sv : singularValues(block(w, b))) {
                s += sv;
            }
        }
        return s;
    }

    @Override
    public void prox(int unit, double[] z, double t, double[] out) {
        DMatrixRMaj m = new DMatrixRMaj(c, d, true, Arrays.copyOf(z, c * d));
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(c, d, true, true, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD failed on a " + c + " x " + d + " block");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj s = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        for (int i = 0; i < Math.min(s.numRows, s.numCols); i++) {
            s.set(i, i, Math.max(0.0, s.get(i, i) - t));
        }
        DMatrixRMaj us = new DMatrixRMaj(u.numRows, s.numCols);
        CommonOps_DDRM.mult(u, s, us);
        DMatrixRMaj r = new DMatrixRMaj(c, d);
        CommonOps_DDRM.mult(us, vt, r);
        System.arraycopy(r.data, 0, out, 0, c * d);
    }

    /** The largest spectral norm over the blocks, the same for every output (the blocks couple them). */
    @Override
    public double[] dualConstraint(double[] grad) {
        double best = 0;
        for (int b = 0; b < blocks; b++) {
            for (double sv : singularValues(block(grad, b))) {
                best = Math.max(best, sv);
            }
        }
        double[] gamma = new double[c];
        Arrays.fill(gamma, best);
        return gamma;
    }

    private DMatrixRMaj block(double[] w, int b) {
        return new DMatrixRMaj(c, d, true, Arrays.copyOfRange(w, b * c * d, (b + 1) * c * d));
    }

    private static double[] singularValues(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false,
                false, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD failed on a " + m.numRows + " x " + m.numCols + " block");
        }
        return Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
    }
}
