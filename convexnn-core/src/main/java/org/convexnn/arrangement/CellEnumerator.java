package org.convexnn.arrangement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Cells of a central arrangement of distinct hyperplanes given by unit normals spanning R^r (after step E0).
 * Implements E1 (r = 1), E2 (r = 2, angular sweep) and E4 (incremental insertion with strict-feasibility LPs).
 * E4 optionally finds the cells cut by a new hyperplane H from the cells of the arrangement restricted to H
 * (one dimension lower, enumerated recursively), which replaces almost all LPs; the LP remains the fallback
 * whenever a witness is too close to a hyperplane to be trusted. Package-private.
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
            CellList c = new CellList(0, r, 1);
            c.add(new long[c.words], 0L, unit(r));
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
        CellList cells = new CellList(n, 2, 2 * n);
        long[] b = new long[cells.words];
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
            Arrays.fill(b, 0L);
            for (int l = 0; l < n; l++) {
                if (u[l][0] * h[0] + u[l][1] * h[1] > 0) {
                    b[l >>> 6] |= 1L << (l & 63);
                }
            }
            cells.add(b, 0L, h);
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
        CellList cells = new CellList(n, r, 64);
        long[] b = new long[cells.words];
        double[] neg = new double[r];
        for (int j = 0; j < r; j++) {
            neg[j] = -u[0][j];
        }
        b[0] = 1L;
        cells.add(b, zob[0], u[0]);
        b[0] = 0L;
        cells.add(b, 0L, neg);
        CellLp lp = new CellLp(r);
        double[] a = new double[n * r];
        double[] h = new double[r];
        for (int k = 1; k < n; k++) {
            int count = cells.size;
            boolean[] split = null;
            double[][] splitPoint = null;
            double[] splitMargin = null;
            List<long[]> unknownBits = new ArrayList<>();
            List<double[]> unknownPoint = new ArrayList<>();
            List<Double> unknownMargin = new ArrayList<>();
            if (restriction) {
                split = new boolean[count];
                splitPoint = new double[count][];
                splitMargin = new double[count];
                if (!restrict(u, r, k, cells, split, splitPoint, splitMargin, unknownBits, unknownPoint,
                        unknownMargin, zob, stats)) {
                    stats.fallbackSteps++;
                    split = null;
                }
            }
            double[] uk = u[k];
            for (int i = 0; i < count; i++) {
                if (split != null) {
                    if (split[i]) {
                        double[] p = splitPoint[i];
                        double eps = 0.5 * splitMargin[i];
                        double[] hp = new double[r];
                        double[] hm = new double[r];
                        for (int j = 0; j < r; j++) {
                            hp[j] = p[j] + eps * uk[j];
                            hm[j] = p[j] - eps * uk[j];
                        }
                        cells.addCopy(i, hm);
                        cells.setBit(i, k, zob[k]);
                        cells.setWitness(i, hp);
                        continue;
                    }
                    double v = cells.dotWitness(i, uk);
                    if (v > SIDE_TOL) {
                        cells.setBit(i, k, zob[k]);
                        continue;
                    } else if (v < -SIDE_TOL) {
                        continue;
                    }
                    // too close to decide: LPs below
                }
                double v = cells.dotWitness(i, uk);
                boolean plusKnown = v > SIDE_TOL;
                boolean minusKnown = v < -SIDE_TOL;
                double tauPlus = plusKnown ? 1 : Double.NEGATIVE_INFINITY;
                double tauMinus = minusKnown ? 1 : Double.NEGATIVE_INFINITY;
                double[] hPlus = null;
                double[] hMinus = null;
                if (!plusKnown) {
                    fill(a, u, cells, i, k, true);
                    tauPlus = lp.solve(a, k + 1, h);
                    stats.lpSolves++;
                    hPlus = h.clone();
                }
                if (!minusKnown) {
                    fill(a, u, cells, i, k, false);
                    tauMinus = lp.solve(a, k + 1, h);
                    stats.lpSolves++;
                    hMinus = h.clone();
                }
                boolean plus = tauPlus > LP_TOL;
                boolean minus = tauMinus > LP_TOL;
                if (!plus && !minus) {
                    // Numerically thin cell: keep the better side so the cell is not lost.
                    if (tauPlus >= tauMinus) {
                        plus = true;
                    } else {
                        minus = true;
                    }
                }
                if (minus && plus) {
                    cells.addCopy(i, minusKnown ? cells.witness(i) : hMinus);
                    if (!plusKnown) {
                        cells.setWitness(i, hPlus);
                    }
                    cells.setBit(i, k, zob[k]);
                } else if (plus) {
                    if (!plusKnown) {
                        cells.setWitness(i, hPlus);
                    }
                    cells.setBit(i, k, zob[k]);
                } else if (!minusKnown) {
                    cells.setWitness(i, hMinus);
                }
            }
            for (int q = 0; q < unknownBits.size(); q++) {
                long[] bits = unknownBits.get(q);
                double[] p = unknownPoint.get(q);
                double eps = 0.5 * unknownMargin.get(q);
                double[] hp = new double[r];
                double[] hm = new double[r];
                for (int j = 0; j < r; j++) {
                    hp[j] = p[j] + eps * uk[j];
                    hm[j] = p[j] - eps * uk[j];
                }
                long hs = 0;
                for (int l = 0; l < k; l++) {
                    if ((bits[l >>> 6] >>> (l & 63) & 1L) != 0) {
                        hs ^= zob[l];
                    }
                }
                cells.add(bits, hs, hm);
                int idx = cells.add(bits, hs, hp);
                cells.setBit(idx, k, zob[k]);
            }
        }
        return cells;
    }

    /** Signed constraint rows for extending cell i (hyperplanes 0..k-1) by side {@code plus} of hyperplane k. */
    private static void fill(double[] a, double[][] u, CellList cells, int i, int k, boolean plus) {
        int r = cells.r;
        for (int l = 0; l <= k; l++) {
            boolean pos = l < k ? cells.get(i, l) : plus;
            double[] ul = u[l];
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

    /**
     * Marks the cells of hyperplanes 0..k-1 that hyperplane k cuts, from the cells of the arrangement restricted
     * to H_k. Returns false when some witness is too close to a hyperplane (then the caller uses LPs).
     */
    private static boolean restrict(double[][] u, int r, int k, CellList cells, boolean[] split,
            double[][] splitPoint, double[] splitMargin, List<long[]> unknownBits, List<double[]> unknownPoint,
            List<Double> unknownMargin, long[] zob, Stats stats) {
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
        List<double[]> pts = witnessesOf(w, r - 1, stats);
        // Hash table over the current cells' Zobrist keys.
        int count = cells.size;
        int cap = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
        int[] table = new int[cap];
        Arrays.fill(table, -1);
        int mask = cap - 1;
        for (int i = 0; i < count; i++) {
            int slot = mix(cells.hash[i]) & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i;
        }
        long[] bits = new long[cells.words];
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
                return false;
            }
            for (int j = 0; j < r; j++) {
                p[j] /= nrm;
            }
            Arrays.fill(bits, 0L);
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
                    bits[l >>> 6] |= 1L << (l & 63);
                    hs ^= zob[l];
                }
            }
            if (!(margin > SIDE_TOL)) {
                return false;
            }
            int slot = mix(hs) & mask;
            int found = -1;
            while (table[slot] >= 0) {
                int i = table[slot];
                if (cells.hash[i] == hs && cells.sameBits(i, bits)) {
                    found = i;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (found >= 0) {
                if (!split[found]) {
                    split[found] = true;
                    splitPoint[found] = p;
                    splitMargin[found] = margin;
                }
            } else if (unknownBits.stream().noneMatch(x -> Arrays.equals(x, bits))) {
                // A cell missed earlier (numerically thin); the witness proves it exists.
                unknownBits.add(bits.clone());
                unknownPoint.add(p);
                unknownMargin.add(margin);
            }
        }
        return true;
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
}
