package org.convexnn.program;

import org.convexnn.linalg.Matrix;

/**
 * The program's feature operator materialised as an explicit {@code (n·c) x (G·d)} matrix — for small problems and
 * tests only: it is the oracle that {@link MaskedFeatureOperator} is checked against (entry-by-entry definition,
 * no blocking, no masks in bit form).
 */
public final class DenseReferenceOperator {
    private final Matrix m;

    public DenseReferenceOperator(ConvexProgram p) {
        int n = p.n();
        int d = p.d();
        int c = p.outputs();
        int groups = p.groups();
        m = Matrix.zeros(n * c, groups * d);
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < p.blocks(); b++) {
                boolean on = p.patterns().active(i, p.blockPattern(b));
                double cf = on ? p.onCoef(b) : p.offCoef(b);
                for (int k = 0; k < c; k++) {
                    int g = b * c + k;
                    for (int t = 0; t < d; t++) {
                        m.set(i * c + k, g * d + t, cf * p.x().get(i, t));
                    }
                }
            }
        }
    }

    /** The explicit matrix. */
    public Matrix matrix() {
        return m;
    }

    /** pred = M w. */
    public double[] forward(double[] w) {
        return m.times(Matrix.wrap(w.length, 1, w.clone())).data();
    }

    /** g = Mᵀ r. */
    public double[] adjoint(double[] r) {
        return m.transpose().times(Matrix.wrap(r.length, 1, r.clone())).data();
    }
}
