package org.convexnn.solver;

import java.util.Random;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.Loss;
import org.convexnn.program.MaskedFeatureOperator;

/** Power-iteration estimate of the Lipschitz constant of ∇f for the loss part (spec §11.2). */
final class Lipschitz {
    private Lipschitz() {
    }

    /**
     * Estimates {@code ‖M‖₂² / n} (times ¼ for logistic) with a few power iterations; backtracking corrects any
     * underestimate, so a handful of iterations suffices.
     */
    static double estimate(FeatureOperator op, Loss loss) {
        var prog = op.program();
        int n = prog.n();
        int len = prog.groups() * prog.d();
        double[] v = new double[len];
        Random rng = new Random(12345);
        for (int i = 0; i < len; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] pred = new double[n * prog.outputs()];
        double[] g = new double[len];
        double est = 1.0;
        for (int it = 0; it < 6; it++) {
            double nrm = 0;
            for (double a : v) {
                nrm += a * a;
            }
            nrm = Math.sqrt(nrm);
            if (nrm == 0) {
                break;
            }
            for (int i = 0; i < len; i++) {
                v[i] /= nrm;
            }
            op.forward(v, pred, null);
            op.adjoint(pred, g);
            double r = 0;
            for (int i = 0; i < len; i++) {
                r += v[i] * g[i];
            }
            est = r;
            System.arraycopy(g, 0, v, 0, len);
        }
        double lip = est / n * (loss == Loss.LOGISTIC ? 0.25 : 1.0);
        return lip > 0 && Double.isFinite(lip) ? lip : 1.0;
    }
}
