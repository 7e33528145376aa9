package org.convexnn.certificate;

import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;

/** TEMPORARY stub (replaced by the NNLS implementation): projected-gradient projection onto the pattern cone. */
public final class ConeProjection {
    private final Matrix x;

    public ConeProjection(Matrix x) {
        this.x = x;
    }

    public double projectionNorm(PatternSet ps, int p, double[] g) {
        boolean[] a = ps.pattern(p);
        return projectionNorm(a, g);
    }

    public double projectionNorm(boolean[] active, double[] g) {
        // Dykstra-free simple check: if g in cone return ‖g‖, else return ‖g‖ (valid upper bound, loose)
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
