package org.convexnn.solver.ipm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code min cᵀx  s.t.  A x = b,  G x + s = h,  s ∈ K}, K a product of orthants and second-order cones.
 * G is stored by cone: block k covers the cone's rows and only the columns it touches ({@code cols}), so
 * structured problems (one small cone per variable group) cost little. Immutable by convention (arrays are not
 * copied).
 */
public final class ConicProblem {

    /**
     * One cone's rows of {@code G x + s = h}.
     *
     * @param cone the cone
     * @param cols the variables this block touches (distinct indices)
     * @param g    cone.dim x cols.length, row-major
     * @param h    cone.dim
     */
    public record Block(ConeSpec cone, int[] cols, double[] g, double[] h) {
        public Block {
            if (g.length != cone.dim() * cols.length || h.length != cone.dim()) {
                throw new IllegalArgumentException("block sizes do not match: cone " + cone.dim() + " rows, "
                        + cols.length + " cols, g " + g.length + ", h " + h.length);
            }
        }
    }

    private final double[] c;
    private final double[] a;
    private final double[] b;
    private final List<Block> blocks;

    /**
     * @param c      objective (nx)
     * @param a      equality matrix p x nx row-major (length 0 for none)
     * @param b      right-hand side (p)
     * @param blocks the cone blocks, in the order of s
     */
    public ConicProblem(double[] c, double[] a, double[] b, List<Block> blocks) {
        this.c = c;
        this.a = a == null ? new double[0] : a;
        this.b = b == null ? new double[0] : b;
        this.blocks = List.copyOf(blocks);
        int nx = c.length;
        if (this.a.length != this.b.length * nx) {
            throw new IllegalArgumentException("A must be " + this.b.length + " x " + nx);
        }
        for (Block blk : this.blocks) {
            for (int j : blk.cols()) {
                if (j < 0 || j >= nx) {
                    throw new IllegalArgumentException("column index " + j + " out of range 0.." + (nx - 1));
                }
            }
        }
    }

    /**
     * From dense data: G (m x nx) and h split into consecutive blocks by {@code cones}; each block keeps only the
     * columns where it has a non-zero.
     *
     * @param aRows equality rows (may be null or empty)
     */
    public static ConicProblem dense(double[] c, double[][] aRows, double[] b, double[][] g, double[] h,
                                     List<ConeSpec> cones) {
        int nx = c.length;
        int p = aRows == null ? 0 : aRows.length;
        double[] a = new double[p * nx];
        for (int i = 0; i < p; i++) {
            System.arraycopy(aRows[i], 0, a, i * nx, nx);
        }
        List<Block> blocks = new ArrayList<>();
        int row = 0;
        for (ConeSpec k : cones) {
            List<Integer> cols = new ArrayList<>();
            for (int j = 0; j < nx; j++) {
                for (int i = 0; i < k.dim(); i++) {
                    if (g[row + i][j] != 0.0) {
                        cols.add(j);
                        break;
                    }
                }
            }
            int q = cols.size();
            double[] gb = new double[k.dim() * q];
            double[] hb = new double[k.dim()];
            for (int i = 0; i < k.dim(); i++) {
                for (int t = 0; t < q; t++) {
                    gb[i * q + t] = g[row + i][cols.get(t)];
                }
                hb[i] = h[row + i];
            }
            blocks.add(new Block(k, cols.stream().mapToInt(Integer::intValue).toArray(), gb, hb));
            row += k.dim();
        }
        if (row != g.length || row != h.length) {
            throw new IllegalArgumentException("cones cover " + row + " rows but G has " + g.length
                    + " and h " + h.length);
        }
        return new ConicProblem(c, a, p == 0 ? new double[0] : b, blocks);
    }

    public double[] c() {
        return c;
    }

    /** p x nx row-major. */
    public double[] a() {
        return a;
    }

    public double[] b() {
        return b;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public int variables() {
        return c.length;
    }

    public int equalities() {
        return b.length;
    }

    /** Total number of cone rows. */
    public int coneRows() {
        int m = 0;
        for (Block blk : blocks) {
            m += blk.cone().dim();
        }
        return m;
    }
}
