package org.convexnn.program;

import org.convexnn.arrangement.PatternSet;
import org.convexnn.linalg.Matrix;
import org.convexnn.linalg.Nnls;
import org.convexnn.linalg.VectorOps;

/**
 * Euclidean projection onto the pattern cone {@code K_D = {u : A_D u ≥ 0}}, {@code A_D = (2D − I) X}
 * (spec §1, §3.6), for a fixed data matrix X (n x d).
 *
 * <p>By the Moreau decomposition, with polar cone {@code K° = {−A_Dᵀμ : μ ≥ 0}},
 * {@code Π_K(g) = g − Π_{K°}(g) = g + A_Dᵀμ*} where {@code μ* ∈ argmin_{μ≥0} ‖g + A_Dᵀμ‖}, and
 * {@code ‖Π_K(g)‖ = dist(g, K°) = min_{μ≥0} ‖g + A_Dᵀμ‖}. This is the NNLS problem {@code min ‖Eμ − f‖} with
 * {@code E = A_Dᵀ} (column j = {@code s_j x_j}, {@code s_j = ±1}) and {@code f = −g}, solved by {@link Nnls}
 * with implicit columns (A_D is never formed).
 *
 * <p><b>Certified upper bound.</b> For every μ ≥ 0, {@code −A_Dᵀμ ∈ K°}, so
 * {@code ‖g + A_Dᵀμ‖ = ‖g − (−A_Dᵀμ)‖ ≥ dist(g, K°) = ‖Π_K(g)‖}. The returned norm is that quantity for the
 * solver's final (non-negative) μ, recomputed from μ, so it is an upper bound on ‖Π_K(g)‖ even when the solver
 * stops at its iteration cap; it is exact when the solver converged. Adding {@link Nnls.Result#roundoff()}
 * (see {@link #solve}) also covers floating-point rounding.
 *
 * <p>Fast paths: if {@code A_D g ≥ 0} then {@code Π_K(g) = g}; zero rows of X impose no constraint.
 * Thread-safe: the instance is immutable and each call allocates its own scratch.
 */
public final class ConeProjection {
    private final double[] xd;
    private final int n;
    private final int d;
    private final double[] rowNorms;
    private final Nnls nnls;

    /** Projection for data x with the default {@link Nnls} settings. */
    public ConeProjection(Matrix x) {
        this(x, new Nnls());
    }

    /** Projection for data x (n x d, not copied; must not be modified afterwards) using the given solver. */
    public ConeProjection(Matrix x, Nnls nnls) {
        this.xd = x.data();
        this.n = x.rows();
        this.d = x.cols();
        this.nnls = nnls;
        this.rowNorms = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int t = 0; t < d; t++) {
                double v = xd[j * d + t];
                s += v * v;
            }
            rowNorms[j] = Math.sqrt(s);
        }
    }

    /** Number of data rows n. */
    public int rows() {
        return n;
    }

    /** Dimension d. */
    public int dimension() {
        return d;
    }

    /** {@code ‖Π_{K_D}(g)‖} for the pattern {@code active} (length n); an upper bound if the solver hit its cap. */
    public double projectionNorm(boolean[] active, double[] g) {
        return solve(active, g).residualNorm();
    }

    /** As {@link #projectionNorm(boolean[], double[])} for pattern p of a pattern set over the same rows. */
    public double projectionNorm(PatternSet patterns, int p, double[] g) {
        return projectionNorm(pattern(patterns, p), g);
    }

    /** Writes {@code Π_{K_D}(g) = g + A_Dᵀμ} into out (length d) and returns its norm. */
    public double project(boolean[] active, double[] g, double[] out) {
        if (out.length != d) {
            throw new IllegalArgumentException("out has length " + out.length + ", expected " + d);
        }
        Nnls.Result res = solve(active, g);
        double[] r = res.residual();
        for (int t = 0; t < d; t++) {
            out[t] = -r[t];
        }
        return res.residualNorm();
    }

    /** As {@link #project(boolean[], double[], double[])} for pattern p of a pattern set over the same rows. */
    public double project(PatternSet patterns, int p, double[] g, double[] out) {
        return project(pattern(patterns, p), g, out);
    }

    /**
     * The NNLS solution behind the projection: μ (indexed by data row) with {@code μ ≥ 0}, residual
     * {@code −(g + A_Dᵀμ)} (so the projection is its negation), its norm, and the rounding bound.
     */
    public Nnls.Result solve(boolean[] active, double[] g) {
        if (active.length != n) {
            throw new IllegalArgumentException("pattern has length " + active.length + ", expected " + n);
        }
        if (g.length != d) {
            throw new IllegalArgumentException("g has length " + g.length + ", expected " + d);
        }
        double[] f = new double[d];
        for (int t = 0; t < d; t++) {
            f[t] = -g[t];
        }
        SignedRows cols = new SignedRows(active);
        double[] w = new double[n];
        cols.transposeTimes(f, w);
        boolean inside = true;
        for (int j = 0; j < n && inside; j++) {
            inside = w[j] <= 0.0; // w_j = −(A_D g)_j
        }
        if (inside) {
            double gn = VectorOps.scaledNorm(f, d);
            return new Nnls.Result(new int[0], new double[0], f, gn, 1.01 * (d + 2) * Math.ulp(1.0) * gn, 0, true);
        }
        return nnls.solve(cols, f, w);
    }

    /** A projection together with the constraint rows active at it (μ_j &gt; 0), for warm starts. */
    public record Warm(double norm, int[] activeRows) {
    }

    /**
     * {@code Π_{K_D}(g)} into out, warm-started from a guess of the active rows (e.g. the previous projection of a
     * nearby point): solves the equality-constrained projection on those rows and accepts it only if the KKT
     * conditions hold — multipliers ≥ 0 and the result inside the cone, checked on every row — which makes it the
     * exact projection. Otherwise falls back to the full NNLS. Returns the norm and the rows active at the result.
     */
    public Warm projectFrom(boolean[] active, double[] g, int[] guess, double[] out) {
        if (guess != null && guess.length > 0 && guess.length <= d) {
            double nrm = tryActiveSet(active, g, guess, out);
            if (nrm >= 0) {
                return new Warm(nrm, guess);
            }
        }
        Nnls.Result res = solve(active, g);
        double[] r = res.residual();
        for (int t = 0; t < d; t++) {
            out[t] = -r[t];
        }
        return new Warm(res.residualNorm(), res.indices());
    }

    /** The KKT-verified projection with the given active rows, or −1 when that guess is not optimal. */
    private double tryActiveSet(boolean[] active, double[] g, int[] rows, double[] out) {
        int k = rows.length;
        double[] gram = new double[k * k];
        double[] mu = new double[k];
        for (int a = 0; a < k; a++) {
            int ja = rows[a];
            double sa = active[ja] ? 1.0 : -1.0;
            mu[a] = -sa * rowDot(xd, ja * d, g, d);
            for (int b = 0; b <= a; b++) {
                int jb = rows[b];
                double sb = active[jb] ? 1.0 : -1.0;
                double v = sa * sb * dot2(xd, ja * d, jb * d, d);
                gram[a * k + b] = v;
                gram[b * k + a] = v;
            }
        }
        if (!choleskySolve(gram, mu, k)) {
            return -1;
        }
        for (int a = 0; a < k; a++) {
            if (mu[a] < 0) {
                return -1;
            }
        }
        System.arraycopy(g, 0, out, 0, d);
        for (int a = 0; a < k; a++) {
            int ja = rows[a];
            double coef = (active[ja] ? 1.0 : -1.0) * mu[a];
            for (int t = 0; t < d; t++) {
                out[t] += coef * xd[ja * d + t];
            }
        }
        double on = VectorOps.scaledNorm(out, d);
        double tol = 1e-12 * (VectorOps.scaledNorm(g, d) + on);
        for (int j = 0; j < n; j++) {
            double h = rowDot(xd, j * d, out, d);
            if ((active[j] ? h : -h) < -tol * rowNorm(j)) {
                return -1;
            }
        }
        return on;
    }

    private double rowNorm(int j) {
        return Math.sqrt(dot2(xd, j * d, j * d, d));
    }

    /** In-place Cholesky solve of the k x k SPD system; false when it is not numerically positive definite. */
    private static boolean choleskySolve(double[] a, double[] b, int k) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j];
                for (int t = 0; t < j; t++) {
                    s -= a[i * k + t] * a[j * k + t];
                }
                if (i == j) {
                    if (!(s > 1e-12 * Math.max(1.0, Math.abs(a[i * k + i])))) {
                        return false;
                    }
                    a[i * k + i] = Math.sqrt(s);
                } else {
                    a[i * k + j] = s / a[j * k + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int t = 0; t < i; t++) {
                s -= a[i * k + t] * b[t];
            }
            b[i] = s / a[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int t = i + 1; t < k; t++) {
                s -= a[t * k + i] * b[t];
            }
            b[i] = s / a[i * k + i];
        }
        return true;
    }

    private boolean[] pattern(PatternSet patterns, int p) {
        if (patterns.rows() != n) {
            throw new IllegalArgumentException("pattern set has " + patterns.rows() + " rows, data has " + n);
        }
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = patterns.active(i, p);
        }
        return a;
    }

    /** Implicit columns {@code s_j x_j} of {@code E = A_Dᵀ} (d x n). */
    private final class SignedRows implements Nnls.Columns {
        private final boolean[] active;

        SignedRows(boolean[] active) {
            this.active = active;
        }

        @Override
        public int rows() {
            return d;
        }

        @Override
        public int cols() {
            return n;
        }

        @Override
        public void column(int j, double[] out) {
            int off = j * d;
            if (active[j]) {
                System.arraycopy(xd, off, out, 0, d);
            } else {
                for (int t = 0; t < d; t++) {
                    out[t] = -xd[off + t];
                }
            }
        }

        @Override
        public double columnNorm(int j) {
            return rowNorms[j];
        }

        @Override
        public double dot(int j, double[] v) {
            double s = rowDot(xd, j * d, v, d);
            return active[j] ? s : -s;
        }

        @Override
        public void transposeTimes(double[] v, double[] w) {
            for (int j = 0; j < n; j++) {
                double s = rowDot(xd, j * d, v, d);
                w[j] = active[j] ? s : -s;
            }
        }
    }

    /** {@code a[o1..o1+len) · a[o2..o2+len)}. */
    static double dot2(double[] a, int o1, int o2, int len) {
        double s = 0.0;
        for (int t = 0; t < len; t++) {
            s += a[o1 + t] * a[o2 + t];
        }
        return s;
    }

    /** {@code a[off..off+len) · v} with four accumulators (breaks the add latency chain). */
    static double rowDot(double[] a, int off, double[] v, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int t = 0;
        for (; t + 3 < len; t += 4) {
            s0 += a[off + t] * v[t];
            s1 += a[off + t + 1] * v[t + 1];
            s2 += a[off + t + 2] * v[t + 2];
            s3 += a[off + t + 3] * v[t + 3];
        }
        for (; t < len; t++) {
            s0 += a[off + t] * v[t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
