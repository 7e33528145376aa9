package org.convexnn.arrangement;

import java.util.Arrays;

/**
 * Flat growable storage of arrangement cells: a sign bit per hyperplane (1 = positive side), a unit witness
 * point strictly inside the cell, and a Zobrist hash of the sign bits (XOR of per-hyperplane keys over the
 * positive bits). Package-private.
 */
final class CellList {
    final int words;
    final int r;
    int size;
    long[] bits;
    double[] wit;
    long[] hash;

    CellList(int hyperplanes, int r, int capacity) {
        this.words = Math.max(1, (hyperplanes + 63) >>> 6);
        this.r = r;
        int cap = Math.max(4, capacity);
        this.bits = new long[cap * words];
        this.wit = new double[cap * r];
        this.hash = new long[cap];
    }

    private void ensure(int cap) {
        if (cap > hash.length) {
            int nc = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(cap, hash.length * 3L / 2 + 4));
            bits = Arrays.copyOf(bits, Math.multiplyExact(nc, words));
            wit = Arrays.copyOf(wit, Math.multiplyExact(nc, r));
            hash = Arrays.copyOf(hash, nc);
        }
    }

    /** Appends a copy of cell {@code src}'s bits with the given witness; returns the new index. */
    int addCopy(int src, double[] h) {
        ensure(size + 1);
        System.arraycopy(bits, src * words, bits, size * words, words);
        hash[size] = hash[src];
        setWitness(size, h);
        return size++;
    }

    /** Appends a cell with the given bits (words long) and hash. */
    int add(long[] b, long hsh, double[] h) {
        ensure(size + 1);
        System.arraycopy(b, 0, bits, size * words, words);
        hash[size] = hsh;
        setWitness(size, h);
        return size++;
    }

    boolean get(int cell, int bit) {
        return (bits[cell * words + (bit >>> 6)] >>> (bit & 63) & 1L) != 0;
    }

    void setBit(int cell, int bit, long key) {
        bits[cell * words + (bit >>> 6)] |= 1L << (bit & 63);
        hash[cell] ^= key;
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

    boolean sameBits(int cell, long[] b) {
        int off = cell * words;
        for (int w = 0; w < words; w++) {
            if (bits[off + w] != b[w]) {
                return false;
            }
        }
        return true;
    }
}
