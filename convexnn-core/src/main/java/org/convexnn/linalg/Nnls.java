package org.convexnn.linalg;

import java.util.Arrays;

/**
 * Lawson–Hanson active-set solver for non-negative least squares, {@code min_{μ ≥ 0} ‖E μ − f‖₂}, with
 * {@code E} an m x k matrix given column-wise through {@link Columns} (so callers may supply implicit columns).
 * Used for the exact per-pattern dual constraint of spec §3.6, {@code ‖Π_K(g)‖ = min_{μ≥0} ‖g + A_Dᵀμ‖}.
 *
 * <p>Method: keep a passive set P (the support of μ) whose columns are linearly independent, so {@code |P| ≤ m}.
 * Each outer iteration computes the gradient {@code w = Eᵀ(f − Eμ)}, adds the index outside P
 * with the largest normalised gradient {@code w_j / ‖e_j‖}, and solves the unconstrained least-squares problem
 * on P with an incrementally updated thin QR factorisation of {@code E_P} (Gram–Schmidt with
 * re-orthogonalisation on insertion, Givens rotations on deletion, one step of iterative refinement). If the
 * solution has non-positive entries, the inner loop moves toward it as far as μ stays non-negative and drops the
 * entries that hit zero. It stops when {@code max_{j∉P} w_j / ‖e_j‖ ≤ tol · ‖f‖} (KKT up to the tolerance;
 * the threshold is raised to the rounding level {@code 8(|P|+1)ε(‖f‖ + Σ μ_j‖e_j‖)} when that is larger).
 * When k ≫ m the scans run on a growing working set of columns (see {@link WorkingSet}), with a full gradient
 * pass only to confirm optimality or to enlarge the set, so a solve typically costs a few passes over E.
 * Columns that turn out numerically dependent on P are skipped until μ changes; if any remain with a gradient
 * above the threshold at the end, the result is reported as not converged.
 *
 * <p>Every iterate satisfies {@code μ ≥ 0}, and the returned residual is recomputed from the returned μ, so
 * even a non-converged result is an exactly attained objective value (up to floating-point rounding, bounded
 * by {@link Result#roundoff()}) and therefore a valid upper bound on the minimum.
 *
 * <p>Instances are immutable and thread-safe; all scratch is allocated per call.
 */
public final class Nnls {
    /** Default relative KKT tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    /** Column access to the m x k matrix E. Implementations must be safe for the calling thread only. */
    public interface Columns {
        /** Number of rows m (equations). */
        int rows();

        /** Number of columns k (unknowns). */
        int cols();

        /** Writes column j (length m) into out. */
        void column(int j, double[] out);

        /** Euclidean norm of column j. */
        double columnNorm(int j);

        /** {@code e_jᵀ v}. */
        double dot(int j, double[] v);

        /** Writes {@code w = Eᵀ v} (length k) into w. */
        default void transposeTimes(double[] v, double[] w) {
            for (int j = 0, k = cols(); j < k; j++) {
                w[j] = dot(j, v);
            }
        }

        /** Writes {@code w[j] = e_jᵀ v} for the first count indices j of subset; other entries are untouched. */
        default void transposeTimes(double[] v, int[] subset, int count, double[] w) {
            for (int i = 0; i < count; i++) {
                w[subset[i]] = dot(subset[i], v);
            }
        }

        /** Columns of a row-major m x k array (not copied). */
        static Columns dense(int m, int k, double[] rowMajor) {
            if ((long) m * k != rowMajor.length) {
                throw new IllegalArgumentException("data length " + rowMajor.length + " != " + m + "x" + k);
            }
            double[] norms = new double[k];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    double v = rowMajor[i * k + j];
                    norms[j] += v * v;
                }
            }
            for (int j = 0; j < k; j++) {
                norms[j] = Math.sqrt(norms[j]);
            }
            return new Columns() {
                @Override
                public int rows() {
                    return m;
                }

                @Override
                public int cols() {
                    return k;
                }

                @Override
                public void column(int j, double[] out) {
                    for (int i = 0; i < m; i++) {
                        out[i] = rowMajor[i * k + j];
                    }
                }

                @Override
                public double columnNorm(int j) {
                    return norms[j];
                }

                @Override
                public double dot(int j, double[] v) {
                    double s = 0.0;
                    for (int i = 0; i < m; i++) {
                        s += rowMajor[i * k + j] * v[i];
                    }
                    return s;
                }

                @Override
                public void transposeTimes(double[] v, double[] w) {
                    Arrays.fill(w, 0, k, 0.0);
                    for (int i = 0; i < m; i++) {
                        double vi = v[i];
                        if (vi != 0.0) {
                            int off = i * k;
                            for (int j = 0; j < k; j++) {
                                w[j] += rowMajor[off + j] * vi;
                            }
                        }
                    }
                }
            };
        }
    }

    /**
     * Solver output.
     *
     * @param indices       support of μ (distinct column indices)
     * @param values        μ on the support, all {@code > 0}
     * @param residual      {@code f − E μ} (length m), recomputed from μ
     * @param residualNorm  {@code ‖f − E μ‖}
     * @param roundoff      bound on the floating-point error of residualNorm (add it for a rigorous upper bound)
     * @param iterations    outer iterations (columns added)
     * @param converged     whether the KKT tolerance was met within the iteration cap
     */
    public record Result(int[] indices, double[] values, double[] residual, double residualNorm, double roundoff,
                         int iterations, boolean converged) {
        /** μ as a dense k-vector. */
        public double[] dense(int k) {
            double[] mu = new double[k];
            for (int i = 0; i < indices.length; i++) {
                mu[indices[i]] = values[i];
            }
            return mu;
        }
    }

    private final double tolerance;
    private final int maxIterations;

    /** Solver with {@link #DEFAULT_TOLERANCE} and the default cap {@code 3k + 100}. */
    public Nnls() {
        this(DEFAULT_TOLERANCE, 0);
    }

    /**
     * @param tolerance     relative KKT tolerance: stop when {@code max_{j∉P} (Eᵀr)_j / ‖e_j‖ ≤ tolerance·‖f‖}
     * @param maxIterations outer iteration cap; {@code ≤ 0} means {@code 3k + 100}
     */
    public Nnls(double tolerance, int maxIterations) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and non-negative, got " + tolerance);
        }
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Solves {@code min_{μ≥0} ‖E μ − f‖} for the columns e and right-hand side f (length m, not modified). */
    public Result solve(Columns e, double[] f) {
        return solve(e, f, null);
    }

    /**
     * As {@link #solve(Columns, double[])}, with an optional precomputed initial gradient {@code Eᵀ f}
     * (length k; it is overwritten), which saves one pass over E.
     */
    public Result solve(Columns e, double[] f, double[] initialGradient) {
        int m = e.rows();
        int k = e.cols();
        if (f.length != m) {
            throw new IllegalArgumentException("f has length " + f.length + " but E has " + m + " rows");
        }
        if (initialGradient != null && initialGradient.length != k) {
            throw new IllegalArgumentException(
                    "initial gradient has length " + initialGradient.length + ", expected " + k);
        }
        int cap = maxIterations > 0 ? maxIterations : 3 * k + 100;
        double fNorm = VectorOps.scaledNorm(f, m);
        double[] r = f.clone();
        if (fNorm == 0.0 || k == 0 || m == 0) {
            return new Result(new int[0], new double[0], r, fNorm, 0.0, 0, true);
        }
        double u = Math.ulp(1.0);
        double threshold = Math.max(tolerance, 8 * u) * fNorm;
        double[] w = initialGradient != null ? initialGradient : new double[k];
        boolean[] inP = new boolean[k];
        boolean[] excluded = new boolean[k];
        int[] excludedList = new int[Math.min(k, m + 1)];
        int nExcluded = 0;
        int maxPassive = Math.min(m, k);
        PassiveQr qr = new PassiveQr(m, maxPassive);
        int[] idx = new int[maxPassive];
        double[] x = new double[maxPassive];
        double[] z = new double[maxPassive];
        double[] col = new double[m];
        int iterations = 0;
        boolean converged = false;
        if (initialGradient == null) {
            e.transposeTimes(f, w);
        }
        WorkingSet ws = new WorkingSet(k, 2 * m + 16);
        ws.grow(e, w, threshold);
        boolean gradientValid = true;
        boolean fullGradientValid = true;
        while (true) {
            if (!gradientValid) {
                ws.gradient(e, r, w);
                gradientValid = true;
            }
            int t = -1;
            double best = threshold;
            for (int i = 0, size = ws.size(); i < size; i++) {
                int j = ws.index(i);
                if (!inP[j] && !excluded[j] && w[j] > 0) {
                    double cn = e.columnNorm(j);
                    if (cn > 0 && w[j] > best * cn) {
                        best = w[j] / cn;
                        t = j;
                    }
                }
            }
            if (t < 0 && !ws.isFull()) {
                // Optimal on the working set: check all columns, and continue if some were added.
                if (!fullGradientValid) {
                    e.transposeTimes(r, w);
                    fullGradientValid = true;
                }
                if (ws.grow(e, w, threshold) > 0) {
                    continue;
                }
            }
            if (t < 0) {
                // Skipped (numerically dependent) columns with a positive gradient leave KKT unverified.
                converged = nExcluded == 0;
                break;
            }
            if (iterations >= cap) {
                break;
            }
            iterations++;
            e.column(t, col);
            int p = qr.size();
            boolean added = qr.add(col);
            if (added) {
                qr.solve(f, z);
                if (!(z[p] > 0)) {
                    qr.removeLast();
                    added = false;
                }
            }
            if (!added) {
                // Numerically dependent column or wrong-signed step: skip it until μ changes.
                excluded[t] = true;
                if (nExcluded == excludedList.length) {
                    excludedList = Arrays.copyOf(excludedList, Math.min(k, 2 * nExcluded + 1));
                }
                excludedList[nExcluded++] = t;
                continue;
            }
            for (int i = 0; i < nExcluded; i++) {
                excluded[excludedList[i]] = false;
            }
            nExcluded = 0;
            idx[p] = t;
            x[p] = 0.0;
            inP[t] = true;
            p++;
            // Inner loop: restore feasibility.
            while (true) {
                double alpha = Double.POSITIVE_INFINITY;
                int argmin = -1;
                for (int i = 0; i < p; i++) {
                    if (z[i] <= 0) {
                        double den = x[i] - z[i];
                        double a = den > 0 ? x[i] / den : 0.0;
                        if (a < alpha) {
                            alpha = a;
                            argmin = i;
                        }
                    }
                }
                if (argmin < 0) {
                    System.arraycopy(z, 0, x, 0, p);
                    break;
                }
                for (int i = 0; i < p; i++) {
                    x[i] += alpha * (z[i] - x[i]);
                }
                x[argmin] = 0.0;
                for (int i = p - 1; i >= 0; i--) {
                    if (x[i] <= 0) {
                        inP[idx[i]] = false;
                        qr.remove(i);
                        System.arraycopy(idx, i + 1, idx, i, p - 1 - i);
                        System.arraycopy(x, i + 1, x, i, p - 1 - i);
                        p--;
                    }
                }
                if (p == 0) {
                    break;
                }
                qr.solve(f, z);
            }
            qr.residual(f, x, r);
            gradientValid = false;
            fullGradientValid = false;
            // Below this level the computed normalised gradient is rounding noise.
            double mass = fNorm;
            for (int i = 0; i < p; i++) {
                mass += x[i] * qr.columnNorm(i);
            }
            threshold = Math.max(tolerance * fNorm, 8 * (p + 1) * u * mass);
        }
        int p = qr.size();
        qr.residual(f, x, r);
        double rNorm = VectorOps.scaledNorm(r, m);
        double absSum = 0.0;
        for (int i = 0; i < p; i++) {
            absSum += x[i] * qr.columnNorm(i);
        }
        // The computed f − Σ x_i e_i has componentwise error ≤ γ_{p+1}(|f| + Σ x_i|e_i|), whose norm is
        // ≤ γ_{p+1}(‖f‖ + Σ x_i‖e_i‖); add the rounding of the norm itself.
        double roundoff = 1.01 * ((p + 2) * u * (fNorm + absSum) + (m + 2) * u * rNorm);
        return new Result(Arrays.copyOf(idx, p), Arrays.copyOf(x, p), r, rNorm, roundoff, iterations, converged);
    }
}
