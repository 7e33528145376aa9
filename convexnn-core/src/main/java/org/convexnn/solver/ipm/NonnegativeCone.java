package org.convexnn.solver.ipm;

import java.util.Arrays;

/** The orthant R₊^dim: componentwise Jordan algebra, e = 1, diagonal scaling W = diag(√(s/z)). */
final class NonnegativeCone extends ConeRows implements Cone {
    // w: the diagonal of W, √(sᵢ/zᵢ)

    NonnegativeCone(int offset, int dim) {
        super(offset, dim);
    }

    @Override
    public int degree() {
        return dim;
    }

    @Override
    public void setIdentityScaling() {
        Arrays.fill(w, 1.0);
    }

    @Override
    public boolean updateScaling(double[] s, double[] z, double[] lambda) {
        for (int i = 0; i < dim; i++) {
            int r = offset + i;
            if (!(s[r] > 0) || !(z[r] > 0)) {
                return false;
            }
            w[i] = Math.sqrt(s[r] / z[r]);
            lambda[r] = Math.sqrt(s[r] * z[r]);
        }
        return true;
    }

    @Override
    public void mulW(double[] in, double[] out) {
        for (int i = 0; i < dim; i++) {
            out[offset + i] = in[offset + i] * w[i];
        }
    }

    @Override
    public void mulWInv(double[] in, double[] out) {
        for (int i = 0; i < dim; i++) {
            out[offset + i] = in[offset + i] / w[i];
        }
    }

    @Override
    public double[] mulWInvBlock(double[] g, int q) {
        double[] out = new double[dim * q];
        for (int i = 0; i < dim; i++) {
            double f = 1.0 / w[i];
            for (int j = 0; j < q; j++) {
                out[i * q + j] = g[i * q + j] * f;
            }
        }
        return out;
    }

    @Override
    public void jordanProduct(double[] u, double[] v, double[] out) {
        for (int i = offset; i < offset + dim; i++) {
            out[i] = u[i] * v[i];
        }
    }

    @Override
    public void jordanDivide(double[] u, double[] r, double[] out) {
        for (int i = offset; i < offset + dim; i++) {
            out[i] = r[i] / u[i];
        }
    }

    @Override
    public void addIdentity(double[] u, double t) {
        for (int i = offset; i < offset + dim; i++) {
            u[i] += t;
        }
    }

    @Override
    public double boundaryShift(double[] u) {
        double t = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + dim; i++) {
            t = Math.max(t, -u[i]);
        }
        return t;
    }

    @Override
    public double stepToBoundary(double[] u, double[] du) {
        double alpha = Double.POSITIVE_INFINITY;
        for (int i = offset; i < offset + dim; i++) {
            if (du[i] < 0) {
                alpha = Math.min(alpha, -u[i] / du[i]);
            }
        }
        return alpha;
    }
}
