package org.convexnn.solver.ipm;

/**
 * The residuals of the embedding at an iterate:
 * {@code r_x = Aᵀy + Gᵀz + cτ}, {@code r_y = bτ − Ax}, {@code r_z = hτ − Gx − s}, {@code r_τ = −cᵀx − bᵀy − hᵀz − κ}.
 */
final class Residuals {
    final double[] rx;
    final double[] ry;
    final double[] rz;
    double rt;
    private final ConicData data;
    private final int degree;

    Residuals(ConicData data, int degree) {
        this.data = data;
        this.degree = degree;
        this.rx = new double[data.nx];
        this.ry = new double[data.ny];
        this.rz = new double[data.m];
    }

    /** Updates the residuals for v and returns the iteration's {@link ConicInfo}. */
    ConicInfo evaluate(Iterate v, int iteration) {
        double[] c = data.c;
        double[] b = data.b;
        double[] h = data.h;
        double tau = v.tau;
        data.atMul(v.y, rx);
        data.gtMulAdd(v.z, rx);
        for (int j = 0; j < data.nx; j++) {
            rx[j] += c[j] * tau;
        }
        data.aMul(v.x, ry);
        for (int i = 0; i < data.ny; i++) {
            ry[i] = b[i] * tau - ry[i];
        }
        data.gMul(v.x, rz);
        for (int i = 0; i < data.m; i++) {
            rz[i] = h[i] * tau - rz[i] - v.s[i];
        }
        double cx = Vec.dot(c, v.x);
        double byhz = Vec.dot(b, v.y) + Vec.dot(h, v.z);
        rt = -cx - byhz - v.kappa;
        double sz = Vec.dot(v.s, v.z);
        double mu = (sz + tau * v.kappa) / (degree + 1);
        double pcost = cx / tau;
        double dcost = -byhz / tau;
        double pres = Math.max(Vec.norm(ry) / tau / data.normB, Vec.norm(rz) / tau / data.normH);
        double dres = Vec.norm(rx) / tau / data.normC;
        double gap = sz / (tau * tau);
        double gapScale = Math.max(1.0, Math.min(Math.abs(pcost), Math.abs(dcost)));
        return new ConicInfo(iteration, pcost, dcost, gap, gapScale, pres, dres, mu, tau, v.kappa, cx, byhz);
    }
}
