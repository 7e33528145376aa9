package org.convexnn.solver.ipm;

/** A search direction (Δx, Δy, Δz, Δs, Δτ, Δκ) of the embedding, with its scaled parts W⁻¹Δs and WΔz. */
final class Direction {
    final double[] dx;
    final double[] dy;
    final double[] dz;
    final double[] ds;
    final double[] dsScaled;
    final double[] dzScaled;
    final double dtau;
    final double dkappa;

    Direction(double[] dx, double[] dy, double[] dz, double[] ds, double[] dsScaled, double[] dzScaled, double dtau,
              double dkappa) {
        this.dx = dx;
        this.dy = dy;
        this.dz = dz;
        this.ds = ds;
        this.dsScaled = dsScaled;
        this.dzScaled = dzScaled;
        this.dtau = dtau;
        this.dkappa = dkappa;
    }
}
