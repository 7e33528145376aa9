package org.convexnn.program;

/**
 * Per-entry losses ℓ(z, y) of spec §1 and their conjugates, summed over all entries (rows and outputs).
 * The library reports means (spec §1.0); the 1/n factor is applied by the caller.
 */
public enum Loss implements LossFunction {
    /** ℓ(z,y) = ½(z − y)². */
    SQUARED("squared"),
    /** ℓ(z,y) = log(1 + e^{−yz}) with y ∈ {−1, +1}. */
    LOGISTIC("logistic");

    private final String cliName;

    Loss(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Loss fromCliName(String s) {
        for (Loss l : values()) {
            if (l.cliName.equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + s + "' (expected squared or logistic)");
    }

    /** {@code out[i] = scale · ℓ'(z[i], y[i])}. */
    @Override
    public void gradient(double[] z, double[] y, double scale, double[] out) {
        for (int i = 0; i < z.length; i++) {
            out[i] = derivative(z[i], y[i]) * scale;
        }
    }

    /** ℓ(z, y). */
    public double value(double z, double y) {
        if (this == SQUARED) {
            double r = z - y;
            return 0.5 * r * r;
        }
        double m = -y * z;
        return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    }

    /** ∂ℓ/∂z at (z, y). */
    public double derivative(double z, double y) {
        if (this == SQUARED) {
            return z - y;
        }
        return -y * sigmoid(-y * z);
    }

    /** Sum of ℓ over paired entries. */
    @Override
    public double sum(double[] z, double[] y) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            s += value(z[i], y[i]);
        }
        return s;
    }

    /**
     * {@code −L*(s·g)} summed over entries, where g is the loss gradient at some prediction (so g is in the
     * domain of the conjugate for s ∈ [0,1]). Squared: {@code −Σ(s²g²/2 + s g y)}. Logistic, with
     * {@code p = −y s g ∈ [0,1]}: {@code −Σ [p log p + (1−p) log(1−p)]}.
     */
    @Override
    public double negConjugate(double[] g, double[] y, double s) {
        double acc = 0;
        if (this == SQUARED) {
            for (int i = 0; i < g.length; i++) {
                double l = s * g[i];
                acc -= 0.5 * l * l + l * y[i];
            }
            return acc;
        }
        for (int i = 0; i < g.length; i++) {
            double p = -y[i] * s * g[i];
            if (p < 0 || p > 1) {
                if (p < -1e-12 || p > 1 + 1e-12) {
                    return Double.NEGATIVE_INFINITY;
                }
                p = Math.min(1, Math.max(0, p));
            }
            acc -= xlogx(p) + xlogx(1 - p);
        }
        return acc;
    }

    /**
     * The scale s in [0, sMax] maximising {@code −L*(s·g)} (a concave function of s): closed form for squared
     * loss, bisection on the derivative for logistic loss.
     */
    @Override
    public double bestScale(double[] g, double[] y, double sMax) {
        if (sMax <= 0) {
            return 0;
        }
        if (this == SQUARED) {
            double gy = 0;
            double gg = 0;
            for (int i = 0; i < g.length; i++) {
                gy += g[i] * y[i];
                gg += g[i] * g[i];
            }
            if (gg == 0) {
                return sMax;
            }
            return Math.max(0, Math.min(sMax, -gy / gg));
        }
        // d/ds of −Σ h(p_i(s)), p_i = s q_i, q_i = −y_i g_i ∈ [0,1]: −Σ q_i log(p_i/(1−p_i)); decreasing in s.
        double lo = 0;
        double hi = sMax;
        if (logisticSlope(g, y, hi) >= 0) {
            return hi;
        }
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (logisticSlope(g, y, mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double logisticSlope(double[] g, double[] y, double s) {
        double acc = 0;
        for (int i = 0; i < g.length; i++) {
            double q = -y[i] * g[i];
            if (q <= 0) {
                continue;
            }
            double p = Math.min(s * q, 1 - 1e-16);
            acc -= q * Math.log(p / (1 - p));
        }
        return acc;
    }

    private static double xlogx(double p) {
        return p <= 0 ? 0 : p * Math.log(p);
    }

    /** The logistic function {@code 1/(1 + e^{−t})}, without overflow for large |t|. */
    public static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1 + e);
    }
}
