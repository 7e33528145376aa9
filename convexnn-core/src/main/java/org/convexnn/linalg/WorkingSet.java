package org.convexnn.linalg;

import java.util.Arrays;

/**
 * Column-generation working set for {@link Nnls} when k ≫ m: Lawson–Hanson scans and updates gradients only on
 * a subset W of columns (cost |W|·m instead of k·m per iteration); when W has no violator, one full gradient pass
 * either confirms optimality on all k columns or adds the strongest violators to W. W only grows and always
 * contains the passive set, so the iterates are exactly those of Lawson–Hanson restricted to W.
 * Becomes the full index set once W would exceed half of the columns. Not thread-safe (one per solve).
 */
final class WorkingSet {
    private final int k;
    private final int batch;
    private boolean full;
    private int[] list;
    private boolean[] member;
    private int count;

    /** @param batch how many violators to add per full pass; W is used only if k &gt; 4·batch */
    WorkingSet(int k, int batch) {
        this.k = k;
        this.batch = batch;
        this.full = k <= 4 * batch;
        if (!full) {
            list = new int[Math.min(k, 4 * batch)];
            member = new boolean[k];
        }
    }

    boolean isFull() {
        return full;
    }

    /** Number of scanned columns. */
    int size() {
        return full ? k : count;
    }

    /** The i-th scanned column. */
    int index(int i) {
        return full ? i : list[i];
    }

    /** Updates {@code w = Eᵀ r} on the working set. */
    void gradient(Nnls.Columns e, double[] r, double[] w) {
        if (full) {
            e.transposeTimes(r, w);
        } else {
            e.transposeTimes(r, list, count, w);
        }
    }

    /**
     * Given a full gradient w, adds up to batch columns outside W with the largest {@code w_j/‖e_j‖ > threshold}.
     * @return the number added
     */
    int grow(Nnls.Columns e, double[] w, double threshold) {
        if (full) {
            return 0;
        }
        int nc = 0;
        int[] cand = new int[Math.min(k, 4 * batch)];
        double[] score = new double[cand.length];
        for (int j = 0; j < k; j++) {
            if (!member[j] && w[j] > 0) {
                double cn = e.columnNorm(j);
                if (cn > 0 && w[j] > threshold * cn) {
                    if (nc == cand.length) {
                        cand = Arrays.copyOf(cand, 2 * nc);
                        score = Arrays.copyOf(score, 2 * nc);
                    }
                    cand[nc] = j;
                    score[nc++] = w[j] / cn;
                }
            }
        }
        if (nc == 0) {
            return 0;
        }
        double cutoff = Double.NEGATIVE_INFINITY;
        if (nc > batch) {
            double[] sorted = Arrays.copyOf(score, nc);
            Arrays.sort(sorted);
            cutoff = sorted[nc - batch];
        }
        if (count + Math.min(nc, batch) > k / 2) {
            full = true;
            list = null;
            member = null;
            return nc;
        }
        int added = 0;
        for (int i = 0; i < nc && added < batch; i++) {
            if (score[i] >= cutoff) {
                int j = cand[i];
                if (count == list.length) {
                    list = Arrays.copyOf(list, Math.min(k, 2 * count));
                }
                list[count++] = j;
                member[j] = true;
                added++;
            }
        }
        return added;
    }
}
