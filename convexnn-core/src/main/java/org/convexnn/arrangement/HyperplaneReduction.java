package org.convexnn.arrangement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Step E0 of exact enumeration (spec §2.3): drops zero rows, reduces the data to its row space
 * ({@code X̃ = X V_r}) and merges rows that define the same hyperplane (positive multiples share a side,
 * negative multiples get the opposite side). Package-private.
 */
final class HyperplaneReduction {
    /** Singular values at or below {@code RANK_RTOL * sigma_max} count as zero. */
    static final double RANK_RTOL = 1e-10;
    /** Unit normals within this Euclidean distance (up to sign) are the same hyperplane. */
    static final double MERGE_TOL = 1e-10;

    final int n;
    final int d;
    final int rank;
    /** d x rank row-major orthonormal basis of the row space; null when it is the identity (rank == d). */
    final double[] basis;
    /** Distinct unit normals in reduced coordinates, one per hyperplane (distinct x rank). */
    final double[][] normals;
    /** Hyperplane of each original row, or -1 for a zero row. */
    final int[] rowGroup;
    /** Whether an original row is a negative multiple of its hyperplane's normal. */
    final boolean[] rowFlip;

    private HyperplaneReduction(int n, int d, int rank, double[] basis, double[][] normals, int[] rowGroup,
            boolean[] rowFlip) {
        this.n = n;
        this.d = d;
        this.rank = rank;
        this.basis = basis;
        this.normals = normals;
        this.rowGroup = rowGroup;
        this.rowFlip = rowFlip;
    }

    int distinct() {
        return normals.length;
    }

    /** Maps a reduced vector (length rank) back to R^d. */
    double[] lift(double[] reduced) {
        if (basis == null) {
            return rank == d ? reduced.clone() : new double[d]; // rank 0: no hyperplanes, any vector will do
        }
        double[] h = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < rank; j++) {
                s += basis[i * rank + j] * reduced[j];
            }
            h[i] = s;
        }
        return h;
    }

    static HyperplaneReduction of(Matrix x) {
        return of(x.rows(), x.cols(), x.data());
    }

    /** @param data n x d row-major */
    static HyperplaneReduction of(int n, int d, double[] data) {
        int[] rowGroup = new int[n];
        boolean[] rowFlip = new boolean[n];
        Arrays.fill(rowGroup, -1);
        int[] nz = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                if (data[i * d + j] != 0.0) {
                    nz[m++] = i;
                    break;
                }
            }
        }
        if (m == 0) {
            return new HyperplaneReduction(n, d, 0, null, new double[0][], rowGroup, rowFlip);
        }
        double[] a = new double[m * d];
        for (int k = 0; k < m; k++) {
            System.arraycopy(data, nz[k] * d, a, k * d, d);
        }
        // Rank and row-space basis by SVD.
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, d, false, true, true);
        if (!svd.decompose(new DMatrixRMaj(m, d, true, a.clone()))) {
            throw new IllegalStateException("SVD failed during pattern enumeration");
        }
        double[] sv = svd.getSingularValues();
        int ns = svd.numberOfSingularValues();
        double smax = 0;
        for (int k = 0; k < ns; k++) {
            smax = Math.max(smax, sv[k]);
        }
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < ns; k++) {
            if (sv[k] > RANK_RTOL * smax) {
                keep.add(k);
            }
        }
        keep.sort((p, q) -> Double.compare(sv[q], sv[p]));
        int r = keep.size();
        double[] basis = null;
        double[] red;
        if (r == d) {
            red = a; // full column rank: keep the original coordinates (no rounding)
        } else {
            DMatrixRMaj v = svd.getV(null, false); // d x ns, columns are right singular vectors
            basis = new double[d * r];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < r; j++) {
                    basis[i * r + j] = v.get(i, keep.get(j));
                }
            }
            red = new double[m * r];
            for (int k = 0; k < m; k++) {
                for (int j = 0; j < r; j++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += a[k * d + i] * basis[i * r + j];
                    }
                    red[k * r + j] = s;
                }
            }
        }
        // Unit normals.
        double[][] u = new double[m][r];
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += red[k * r + j] * red[k * r + j];
            }
            double nrm = Math.sqrt(s);
            for (int j = 0; j < r; j++) {
                u[k][j] = nrm > 0 ? red[k * r + j] / nrm : 0.0;
            }
        }
        // Merge parallel normals: sort by |u . g| for a fixed pseudo-random g, compare neighbours in a window.
        Random rng = new Random(0x5eed_c0ffeeL);
        double[] g = new double[r];
        double gn = 0;
        for (int j = 0; j < r; j++) {
            g[j] = rng.nextGaussian();
            gn += g[j] * g[j];
        }
        gn = Math.sqrt(gn);
        double[] t = new double[m];
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += u[k][j] * g[j];
            }
            t[k] = Math.abs(s) / gn;
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Double.compare(t[p], t[q]));
        int[] parent = new int[m];
        for (int k = 0; k < m; k++) {
            parent[k] = k;
        }
        for (int a1 = 0; a1 < m; a1++) {
            int p = order[a1];
            for (int b1 = a1 + 1; b1 < m && t[order[b1]] - t[p] <= 2 * MERGE_TOL; b1++) {
                int q = order[b1];
                if (parallelDistance(u[p], u[q]) <= MERGE_TOL) {
                    int rp = find(parent, p);
                    int rq = find(parent, q);
                    if (rp != rq) {
                        parent[Math.max(rp, rq)] = Math.min(rp, rq);
                    }
                }
            }
        }
        int[] groupOfRoot = new int[m];
        Arrays.fill(groupOfRoot, -1);
        List<double[]> normals = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int root = find(parent, k);
            if (groupOfRoot[root] < 0) {
                groupOfRoot[root] = normals.size();
                normals.add(u[root]); // root is the group's lowest index, visited first
            }
            int grp = groupOfRoot[root];
            double[] rep = normals.get(grp);
            double dot = 0;
            for (int j = 0; j < r; j++) {
                dot += rep[j] * u[k][j];
            }
            rowGroup[nz[k]] = grp;
            rowFlip[nz[k]] = dot < 0;
        }
        return new HyperplaneReduction(n, d, r, basis, normals.toArray(new double[0][]), rowGroup, rowFlip);
    }

    private static double parallelDistance(double[] a, double[] b) {
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
        }
        double sg = dot < 0 ? -1 : 1;
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - sg * b[j];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }
}
