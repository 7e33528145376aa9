package org.convexnn.solver.ipm;

/** A point (x, y, z, s, τ, κ) of the homogeneous self-dual embedding. */
final class Iterate {
    final double[] x;
    final double[] y;
    final double[] z;
    final double[] s;
    double tau;
    double kappa;

    /** The origin with τ = κ = 1. */
    Iterate(int nx, int ny, int m) {
        this(new double[nx], new double[ny], new double[m], new double[m], 1.0, 1.0);
    }

    private Iterate(double[] x, double[] y, double[] z, double[] s, double tau, double kappa) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.s = s;
        this.tau = tau;
        this.kappa = kappa;
    }

    Iterate copy() {
        return new Iterate(x.clone(), y.clone(), z.clone(), s.clone(), tau, kappa);
    }

    /** v ← v + α Δv. */
    void step(double alpha, Direction d) {
        Vec.axpy(alpha, d.dx, x);
        Vec.axpy(alpha, d.dy, y);
        Vec.axpy(alpha, d.dz, z);
        Vec.axpy(alpha, d.ds, s);
        tau += alpha * d.dtau;
        kappa += alpha * d.dkappa;
    }
}
