package org.convexnn.arrangement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Cells of a central arrangement of distinct hyperplanes given by unit normals spanning R^r (after step E0).
 * Implements E1 (r = 1), E2 (r = 2, angular sweep) and E4 (incremental insertion with strict-feasibility LPs).
 *
 * <p>E4 keeps one strictly interior witness per cell. When hyperplane k is inserted, a cell whose witness lies
 * clearly on one side certainly has that extension; the other extension exists iff H_k cuts the cell. With
 * {@link Algorithm#LP} this is decided by the LP of {@link CellLp}. With {@link Algorithm#RESTRICTION} (the
 * default for r ≥ 3) the cut cells are found without LPs: they correspond one-to-one to the cells of the
 * arrangement restricted to H_k (one dimension lower, enumerated recursively down to E2), matched by a Zobrist
 * hash of the sign vector. Cells whose witness is within {@link #SIDE_TOL} of H_k, and whole steps whose
 * restricted witnesses are that close to some hyperplane, fall back to the LPs. Package-private.
 */
final class CellEnumerator {
    /** A cell exists iff its LP margin exceeds this (unit normals, box-bounded h). */
    static final double LP_TOL = 1e-9;
    /** A witness decides a side only when its distance to the hyperplane exceeds this (unit witnesses). */
    static final double SIDE_TOL = 1e-9;

    /** Algorithm choice (AUTO: E1/E2 for r ≤ 2, E4 with restriction for r ≥ 3). */
    enum Algorithm { AUTO, LP, RESTRICTION }

    /** Diagnostics. */
    static final class Stats {
        long lpSolves;
        long fallbackSteps;
    }

    private CellEnumerator() {
    }

    static CellList cells(double[][] u, int r, Algorithm alg, Stats stats) {
        int n = u.length;
        if (n == 0) {
            CellList c = new CellList(r, 1);
            c.add(0L, unit(r));
            return c;
        }
        if (r == 1) {
            return incremental(u, r, false, stats); // E1: the two cells h > 0 and h < 0
        }
        if (r == 2 && alg != Algorithm.LP) {
            return planar(u);
        }
        return incremental(u, r, alg != Algorithm.LP, stats);
    }

    private static double[] unit(int r) {
        double[] e = new double[Math.max(r, 0)];
        if (r > 0) {
            e[0] = 1.0;
        }
        return e;
    }

    /** E2: sort the 2n boundary directions by angle; one cell between consecutive ones (midpoint direction). */
    static CellList planar(double[][] u) {
        int n = u.length;
        double[] ang = new double[2 * n];
        for (int l = 0; l < n; l++) {
            double th = Math.atan2(u[l][0], -u[l][1]); // direction of (-u_y, u_x)
            if (th < 0) {
                th += 2 * Math.PI;
            }
            double th2 = th + Math.PI;
            if (th2 >= 2 * Math.PI) {
                th2 -= 2 * Math.PI;
            }
            ang[2 * l] = th;
            ang[2 * l + 1] = th2;
        }
        Arrays.sort(ang);
        CellList cells = new CellList(2, 2 * n);
        double[] h = new double[2];
        for (int i = 0; i < 2 * n; i++) {
            double lo = ang[i];
            double hi = i + 1 < 2 * n ? ang[i + 1] : ang[0] + 2 * Math.PI;
            if (!(hi > lo)) {
                continue;
            }
            double mid = 0.5 * (lo + hi);
            h[0] = Math.cos(mid);
            h[1] = Math.sin(mid);
            cells.add(0L, h);
        }
        return cells;
    }

    /**
     * Witness points of all open cells of the central arrangement of the given rows (k x dim, non-zero rows),
     * as vectors of R^dim. Used for the restricted arrangements of the restriction step.
     */
    static List<double[]> witnessesOf(double[][] rows, int dim, Stats stats) {
        int k = rows.length;
        List<double[]> out = new ArrayList<>();
        if (k == 0) {
            out.add(unit(dim));
            return out;
        }
        double[] flat = new double[k * dim];
        for (int l = 0; l < k; l++) {
            System.arraycopy(rows[l], 0, flat, l * dim, dim);
        }
        HyperplaneReduction red = HyperplaneReduction.of(k, dim, flat);
        if (red.rank == 0) {
            out.add(unit(dim));
            return out;
        }
        CellList c = cells(red.normals, red.rank, Algorithm.AUTO, stats);
        for (int i = 0; i < c.size; i++) {
            out.add(red.lift(c.witness(i)));
        }
        return out;
    }

    /** E4: incremental insertion. */
    static CellList incremental(double[][] u, int r, boolean restriction, Stats stats) {
        int n = u.length;
        long[] zob = new long[n];
        Random rng = new Random(0x2b7e151628aed2a6L);
        for (int l = 0; l < n; l++) {
            zob[l] = rng.nextLong();
        }
        CellList cells = new CellList(r, 64);
        double[] neg = new double[r];
        for (int j = 0; j < r; j++) {
            neg[j] = -u[0][j];
        }
        cells.add(zob[0], u[0]);
        cells.add(0L, neg);
        CellLp lp = new CellLp(r);
        double[] a = new double[n * r];
        double[] h = new double[r];
        double[] hPlus = new double[r];
        double[] hMinus = new double[r];
        for (int k = 1; k < n; k++) {
            int count = cells.size;
            double[] uk = u[k];
            long zk = zob[k];
            Restriction rs = null;
            if (restriction) {
                rs = restrict(u, r, k, zob);
                if (rs == null) {
                    stats.fallbackSteps++;
                }
            }
            int[] pending = null;
            int npending = count;
            if (rs != null) {
                pending = scan(cells, count, rs, uk, zk, h, new int[16]);
                npending = pending[pending.length - 1];
            }
            for (int pi = 0; pi < npending; pi++) {
                int i = pending == null ? pi : pending[pi];
                double v = cells.dotWitness(i, uk);
                boolean plusKnown = v > SIDE_TOL;
                boolean minusKnown = v < -SIDE_TOL;
                double tauPlus = 1;
                double tauMinus = 1;
                if (!plusKnown) {
                    fill(a, u, cells, i, k, true);
                    tauPlus = lp.solve(a, k + 1, hPlus);
                    stats.lpSolves++;
                }
                if (!minusKnown) {
                    fill(a, u, cells, i, k, false);
                    tauMinus = lp.solve(a, k + 1, hMinus);
                    stats.lpSolves++;
                }
                boolean plus = tauPlus > LP_TOL;
                boolean minus = tauMinus > LP_TOL;
                if (!plus && !minus) {
                    // Numerically thin cell: keep the better side so that it is not lost, and key it by the
                    // signs of its witness.
                    double[] best = tauPlus >= tauMinus ? hPlus : hMinus;
                    cells.setWitness(i, best);
                    long hs = 0;
                    for (int l = 0; l <= k; l++) {
                        if (cells.dotWitness(i, u[l]) > 0) {
                            hs ^= zob[l];
                        }
                    }
                    cells.hash[i] = hs;
                    continue;
                }
                if (minus && plus) {
                    if (minusKnown) {
                        cells.add(cells.hash[i], cells.witness(i));
                    } else {
                        cells.add(cells.hash[i], hMinus);
                    }
                    if (!plusKnown) {
                        cells.setWitness(i, hPlus);
                    }
                    cells.hash[i] ^= zk;
                } else if (plus) {
                    if (!plusKnown) {
                        cells.setWitness(i, hPlus);
                    }
                    cells.hash[i] ^= zk;
                } else if (!minusKnown) {
                    cells.setWitness(i, hMinus);
                }
            }
            for (int q = 0; rs != null && q < rs.count; q++) {
                if (rs.used[q]) {
                    continue;
                }
                // A cell missed earlier (numerically thin); the witness proves that both halves exist.
                double eps = 0.5 * rs.margin[q];
                stepAlong(rs.point[q], -eps, uk, r, h);
                cells.add(rs.hash[q], h);
                stepAlong(rs.point[q], eps, uk, r, h);
                cells.add(rs.hash[q] ^ zk, h);
            }
        }
        return cells;
    }

    /**
     * One insertion step using the restriction witnesses: splits the matched cells, extends the others by the
     * side of their witness. Returns the indices of cells whose witness is too close to H_k (they need LPs);
     * the last array entry holds their count.
     */
    private static int[] scan(CellList cells, int count, Restriction rs, double[] uk, long zk, double[] h,
            int[] pending) {
        int r = cells.r;
        int np = 0;
        for (int i = 0; i < count; i++) {
            int q = rs.find(cells.hash[i]);
            if (q >= 0) {
                rs.used[q] = true;
                double eps = 0.5 * rs.margin[q];
                stepAlong(rs.point[q], -eps, uk, r, h);
                cells.add(cells.hash[i], h);
                stepAlong(rs.point[q], eps, uk, r, h);
                cells.hash[i] ^= zk;
                cells.setWitness(i, h);
                continue;
            }
            double[] wit = cells.wit;
            double v = 0;
            int off = i * r;
            for (int j = 0; j < r; j++) {
                v += wit[off + j] * uk[j];
            }
            if (v > SIDE_TOL) {
                cells.hash[i] ^= zk;
            } else if (!(v < -SIDE_TOL)) {
                if (np + 1 >= pending.length) {
                    pending = Arrays.copyOf(pending, pending.length * 2);
                }
                pending[np++] = i;
            }
        }
        if (np >= pending.length - 1) {
            pending = Arrays.copyOf(pending, np + 2);
        }
        pending[pending.length - 1] = np;
        return pending;
    }

    /** Signed constraint rows (signs of cell i's witness on 0..k-1, then side {@code plus} of hyperplane k). */
    private static void fill(double[] a, double[][] u, CellList cells, int i, int k, boolean plus) {
        int r = cells.r;
        for (int l = 0; l <= k; l++) {
            double[] ul = u[l];
            boolean pos = l < k ? cells.dotWitness(i, ul) > 0 : plus;
            int off = l * r;
            if (pos) {
                System.arraycopy(ul, 0, a, off, r);
            } else {
                for (int j = 0; j < r; j++) {
                    a[off + j] = -ul[j];
                }
            }
        }
    }

    /** Witnesses of the cells of the arrangement restricted to H_k, keyed by the hash of their sign vectors. */
    private static final class Restriction {
        final long[] hash;
        final double[][] point;
        final double[] margin;
        final boolean[] used;
        final int[] table;
        final int mask;
        int count;

        Restriction(int cap) {
            hash = new long[cap];
            point = new double[cap][];
            margin = new double[cap];
            used = new boolean[cap];
            int tc = Integer.highestOneBit(Math.max(4, cap * 2 - 1)) << 2;
            table = new int[tc];
            Arrays.fill(table, -1);
            mask = tc - 1;
        }

        /** Adds a witness unless one with the same sign vector is present. */
        void add(long hs, double[] p, double m) {
            int slot = mix(hs) & mask;
            while (table[slot] >= 0) {
                if (hash[table[slot]] == hs) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = count;
            hash[count] = hs;
            point[count] = p;
            margin[count] = m;
            count++;
        }

        /** The witness whose sign-vector hash is hs, or -1. */
        int find(long hs) {
            int slot = mix(hs) & mask;
            int q;
            while ((q = table[slot]) >= 0) {
                if (hash[q] == hs) {
                    return q;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }
    }

    /**
     * The cells of hyperplanes 0..k-1 cut by hyperplane k correspond one-to-one to the cells of the arrangement
     * restricted to H_k (enumerated recursively, one dimension lower). Returns null when some witness is too
     * close to a hyperplane to be trusted (the caller then uses LPs for this step). Cells are matched by 64-bit
     * Zobrist hashes; a collision would surface as a pattern its gate does not reproduce, which the final
     * verification rejects.
     */
    private static Restriction restrict(double[][] u, int r, int k, long[] zob) {
        double[] uk = u[k];
        double[][] q = complement(uk);
        double[][] w = new double[k][r - 1];
        for (int l = 0; l < k; l++) {
            for (int c = 0; c < r - 1; c++) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    s += q[c][j] * u[l][j];
                }
                w[l][c] = s;
            }
        }
        List<double[]> pts = witnessesOf(w, r - 1, new Stats());
        Restriction rs = new Restriction(pts.size());
        for (double[] pt : pts) {
            double[] p = new double[r];
            double nrm = 0;
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int c = 0; c < r - 1; c++) {
                    s += q[c][j] * pt[c];
                }
                p[j] = s;
                nrm += s * s;
            }
            nrm = Math.sqrt(nrm);
            if (!(nrm > 0)) {
                return null;
            }
            for (int j = 0; j < r; j++) {
                p[j] /= nrm;
            }
            long hs = 0;
            double margin = Double.POSITIVE_INFINITY;
            for (int l = 0; l < k; l++) {
                double s = 0;
                double[] ul = u[l];
                for (int j = 0; j < r; j++) {
                    s += ul[j] * p[j];
                }
                margin = Math.min(margin, Math.abs(s));
                if (s > 0) {
                    hs ^= zob[l];
                }
            }
            if (!(margin > SIDE_TOL)) {
                return null;
            }
            rs.add(hs, p, margin);
        }
        return rs;
    }

    private static int mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** r-1 orthonormal vectors spanning the orthogonal complement of the unit vector u (Householder). */
    static double[][] complement(double[] u) {
        int r = u.length;
        int jm = 0;
        for (int j = 1; j < r; j++) {
            if (Math.abs(u[j]) > Math.abs(u[jm])) {
                jm = j;
            }
        }
        double[] v = u.clone();
        v[jm] += u[jm] >= 0 ? 1.0 : -1.0;
        double vv = 0;
        for (double e : v) {
            vv += e * e;
        }
        double[][] q = new double[r - 1][r];
        int c = 0;
        for (int i = 0; i < r; i++) {
            if (i == jm) {
                continue;
            }
            for (int j = 0; j < r; j++) {
                q[c][j] = (i == j ? 1.0 : 0.0) - 2.0 * v[i] * v[j] / vv;
            }
            c++;
        }
        return q;
    }

    /** out = p + t·u on the first r coordinates (the points either side of H_k at distance |t| along its normal u). */
    private static void stepAlong(double[] p, double t, double[] u, int r, double[] out) {
        for (int j = 0; j < r; j++) {
            out[j] = p[j] + t * u[j];
        }
    }
}
