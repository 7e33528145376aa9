package org.convexnn.arrangement;

import java.util.Arrays;

/**
 * Flat growable storage of arrangement cells during enumeration: a unit witness point strictly inside each cell
 * (its sign vector is {@code sign(u_l · h)}) and a Zobrist hash of that sign vector (XOR of per-hyperplane keys over
 * the positive sides), maintained incrementally. Sign vectors themselves are not stored: they are recomputed from
 * the witnesses when needed. Package-private.
 */
final class CellList {
    final int r;
    int size;
    double[] wit;
    long[] hash;

    CellList(int r, int capacity) {
        this.r = r;
        int cap = Math.max(4, capacity);
        this.wit = new double[cap * r];
        this.hash = new long[cap];
    }

    private void ensure(int cap) {
        if (cap > hash.length) {
            int nc = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(cap, hash.length * 3L / 2 + 4));
            wit = Arrays.copyOf(wit, Math.multiplyExact(nc, r));
            hash = Arrays.copyOf(hash, nc);
        }
    }

    /** Appends a cell; returns its index. */
    int add(long hsh, double[] h) {
        ensure(size + 1);
        hash[size] = hsh;
        setWitness(size, h);
        return size++;
    }

    /** Stores h normalised to unit length. */
    void setWitness(int cell, double[] h) {
        double s = 0;
        for (int j = 0; j < r; j++) {
            s += h[j] * h[j];
        }
        double inv = s > 0 ? 1.0 / Math.sqrt(s) : 1.0;
        for (int j = 0; j < r; j++) {
            wit[cell * r + j] = h[j] * inv;
        }
    }

    double dotWitness(int cell, double[] u) {
        double s = 0;
        int off = cell * r;
        for (int j = 0; j < r; j++) {
            s += wit[off + j] * u[j];
        }
        return s;
    }

    double[] witness(int cell) {
        return Arrays.copyOfRange(wit, cell * r, (cell + 1) * r);
    }
}
