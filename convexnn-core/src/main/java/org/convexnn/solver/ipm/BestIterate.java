package org.convexnn.solver.ipm;

/** The iterate with the smallest {@link ConicInfo#merit()} seen, returned when the method stops short. */
final class BestIterate {
    private double merit = Double.POSITIVE_INFINITY;
    private Iterate point;
    private double primalResidual = Double.NaN;
    private double dualResidual = Double.NaN;

    /** Keeps a copy of v if its merit is smaller (or not comparable). */
    void offer(ConicInfo info, Iterate v) {
        double mt = info.merit();
        if (!(mt >= merit)) {
            merit = mt;
            primalResidual = info.primalResidual();
            dualResidual = info.dualResidual();
            point = v.copy();
        }
    }

    Iterate point() {
        return point;
    }

    double primalResidual() {
        return primalResidual;
    }

    double dualResidual() {
        return dualResidual;
    }
}
