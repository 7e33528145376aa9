package org.convexnn.network;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.convexnn.linalg.Blas;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.Activation;

/**
 * An ordinary two-layer network {@code f(x) = W2 σ(W1 x + b1) + b2}, or its gated form
 * {@code f(x) = W2 [1(G x + gb >= 0) ∘ (W1 x + b1)] + b2} when gates are present (spec §4).
 * Shapes: W1 m x d, b1 m, W2 c x m, b2 c, gates m x d and gate biases m. Immutable.
 */
public final class TwoLayerNetwork implements Network {
    private final Activation activation;
    private final Matrix w1;
    private final double[] b1;
    private final Matrix w2;
    private final double[] b2;
    private final Matrix gates;
    private final double[] gateBias;

    /**
     * @param gates    m x d gate vectors, or null for an ordinary (non-gated) network
     * @param gateBias m gate offsets, or null (zeros) — ignored when gates is null
     */
    public TwoLayerNetwork(Activation activation, Matrix w1, double[] b1, Matrix w2, double[] b2,
                           Matrix gates, double[] gateBias) {
        this.activation = Objects.requireNonNull(activation, "activation");
        this.w1 = Objects.requireNonNull(w1, "W1");
        this.w2 = Objects.requireNonNull(w2, "W2");
        int m = w1.rows();
        this.b1 = b1 == null ? new double[m] : b1.clone();
        this.b2 = b2 == null ? new double[w2.rows()] : b2.clone();
        if (this.b1.length != m) {
            throw new IllegalArgumentException("b1 has length " + this.b1.length + ", expected " + m);
        }
        if (w2.cols() != m) {
            throw new IllegalArgumentException("W2 is " + w2.rows() + "x" + w2.cols() + ", expected c x " + m);
        }
        if (this.b2.length != w2.rows()) {
            throw new IllegalArgumentException("b2 has length " + this.b2.length + ", expected " + w2.rows());
        }
        if (gates != null) {
            if (gates.rows() != m || gates.cols() != w1.cols()) {
                throw new IllegalArgumentException("gates are " + gates.rows() + "x" + gates.cols()
                        + ", expected " + m + "x" + w1.cols());
            }
            this.gateBias = gateBias == null ? new double[m] : gateBias.clone();
            if (this.gateBias.length != m) {
                throw new IllegalArgumentException("gate bias has length " + this.gateBias.length + ", expected " + m);
            }
        } else {
            this.gateBias = null;
        }
        this.gates = gates;
        checkFinite("W1", w1.data());
        checkFinite("b1", this.b1);
        checkFinite("W2", w2.data());
        checkFinite("b2", this.b2);
        if (gates != null) {
            checkFinite("gates", gates.data());
            checkFinite("gate bias", this.gateBias);
        }
    }

    private static void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has a non-finite entry at index " + i);
            }
        }
    }

    public Activation activation() {
        return activation;
    }

    /** m x d first-layer weights (not a copy; do not modify). */
    public Matrix w1() {
        return w1;
    }

    public double[] b1() {
        return b1.clone();
    }

    /** c x m second-layer weights (not a copy; do not modify). */
    public Matrix w2() {
        return w2;
    }

    public double[] b2() {
        return b2.clone();
    }

    /** m x d gates, or null for an ordinary network. */
    public Matrix gates() {
        return gates;
    }

    public double[] gateBias() {
        return gateBias == null ? null : gateBias.clone();
    }

    public boolean isGated() {
        return gates != null;
    }

    /** Input dimension d. */
    @Override
    public int inputs() {
        return w1.cols();
    }

    /** Hidden width m. */
    public int width() {
        return w1.rows();
    }

    /** Number of outputs c. */
    @Override
    public int outputs() {
        return w2.rows();
    }

    /** Forward pass on n x d inputs, returning n x c outputs. */
    @Override
    public Matrix predict(Matrix x) {
        if (x.cols() != inputs()) {
            throw new IllegalArgumentException("input has " + x.cols() + " columns, network expects " + inputs());
        }
        int n = x.rows();
        int d = inputs();
        int m = width();
        int c = outputs();
        Matrix out = Matrix.zeros(n, c);
        if (n == 0 || m == 0) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(b2, 0, out.data(), i * c, c);
            }
            return out;
        }
        Blas blas = Kernel.BLAS;
        double[] xd = x.data();
        double[] od = out.data();
        int rows = (int) Math.max(1, Math.min(n, (16L << 20) / (8L * m)));
        double[] h = new double[rows * m];
        double[] g = gates == null ? null : new double[rows * m];
        for (int r0 = 0; r0 < n; r0 += rows) {
            int r = Math.min(rows, n - r0);
            // pre-activations of a row block with one GEMM (and the gates' with another)
            blas.dgemm(false, true, r, m, d, 1.0, xd, r0 * d, d, w1.data(), 0, d, 0.0, h, 0, m);
            if (g != null) {
                blas.dgemm(false, true, r, m, d, 1.0, xd, r0 * d, d, gates.data(), 0, d, 0.0, g, 0, m);
            }
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < m; j++) {
                    double s = h[i * m + j] + b1[j];
                    h[i * m + j] = g == null ? activation.apply(s) : (g[i * m + j] + gateBias[j] >= 0 ? s : 0.0);
                }
            }
            blas.dgemm(false, true, r, c, m, 1.0, h, 0, m, w2.data(), 0, m, 0.0, od, r0 * c, c);
            for (int i = 0; i < r; i++) {
                for (int o = 0; o < c; o++) {
                    od[(r0 + i) * c + o] += b2[o];
                }
            }
        }
        return out;
    }

    /** The kernel shared by every forward pass (native when it loads). */
    private static final class Kernel {
        static final Blas BLAS = Blas.auto(0);
    }

    /**
     * The weight-decay term {@code (λ/2) Σ_j (‖u_j‖² + b1_j² + ‖W2[:,j]‖²)} of spec §1.0, with the first-layer
     * bias regularised (bias mode B1) when {@code includeBias}; b2 is never penalised.
     */
    @Override
    public double weightDecay(double lambda, boolean includeBias) {
        double s = 0;
        double[] wd = w1.data();
        for (double v : wd) {
            s += v * v;
        }
        if (includeBias) {
            for (double v : b1) {
                s += v * v;
            }
        }
        for (double v : w2.data()) {
            s += v * v;
        }
        return 0.5 * lambda * s;
    }

    /**
     * {@code W1} (m x d), {@code b1} (1 x m), {@code W2} (m x c), {@code b2} (1 x c), and for gated networks the
     * gates {@code G} (m x d) and their biases {@code g} (1 x m).
     */
    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> m = new LinkedHashMap<>();
        m.put("W1", w1().copy());
        m.put("b1", Matrix.wrap(1, b1().length, b1().clone()));
        m.put("W2", w2().copy());
        m.put("b2", Matrix.wrap(1, b2().length, b2().clone()));
        if (isGated()) {
            m.put("G", gates().copy());
            m.put("g", Matrix.wrap(1, gateBias().length, gateBias().clone()));
        }
        return m;
    }
}
