package org.convexnn.arrangement;

import java.util.Random;
import org.convexnn.linalg.Matrix;

/**
 * Gaussian gate sampling (spec §2.4): {@code h_k ~ N(0, I)} with an explicit seed. A cell is hit with probability
 * equal to its normalised solid angle, so small cells may be missed; the resulting program is an upper bound
 * (spec §2.4, monotonicity).
 */
public final class GaussianGateSampler {
    private GaussianGateSampler() {
    }

    /**
     * @param count number of gates (&gt; 0)
     * @param dim   gate dimension (data columns, bias column included when used)
     * @param seed  random seed
     * @return count x dim matrix of gates
     */
    public static Matrix sample(int count, int dim, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("number of gates must be positive, got " + count);
        }
        Random rng = new Random(seed);
        Matrix g = Matrix.zeros(count, dim);
        double[] d = g.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return g;
    }
}
