package org.convexnn.solver.ipm;

import java.util.Arrays;
import java.util.List;

/**
 * The data (c, A, b, G, h) of a {@link ConicProblem} laid out for the solver, with the products Gx, Gᵀz, Ax, Aᵀy.
 * G is kept by cone block; {@code offsets[k]} is the first row of block k in s, z and h.
 */
final class ConicData {
    final int nx;
    final int ny;
    final int m;
    final ConicProblem.Block[] blocks;
    final int[] offsets;
    final double[] c;
    /** ny x nx row-major. */
    final double[] a;
    final double[] b;
    final double[] h;
    /** max(1, ‖c‖), max(1, ‖b‖), max(1, ‖h‖): the residual scales. */
    final double normC;
    final double normB;
    final double normH;

    ConicData(ConicProblem prob) {
        this.nx = prob.variables();
        this.ny = prob.equalities();
        List<ConicProblem.Block> list = prob.blocks();
        this.blocks = list.toArray(new ConicProblem.Block[0]);
        this.offsets = new int[blocks.length + 1];
        for (int k = 0; k < blocks.length; k++) {
            offsets[k + 1] = offsets[k] + blocks[k].cone().dim();
        }
        this.m = offsets[blocks.length];
        this.c = prob.c();
        this.a = prob.a();
        this.b = prob.b();
        this.h = new double[m];
        for (int k = 0; k < blocks.length; k++) {
            System.arraycopy(blocks[k].h(), 0, h, offsets[k], blocks[k].cone().dim());
        }
        this.normC = Math.max(1.0, Vec.norm(c));
        this.normB = Math.max(1.0, Vec.norm(b));
        this.normH = Math.max(1.0, Vec.norm(h));
    }

    /** out = G x (overwritten). */
    void gMul(double[] x, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int[] cols = blk.cols();
            int q = cols.length;
            double[] g = blk.g();
            int o = offsets[k];
            for (int i = 0; i < blk.cone().dim(); i++) {
                double acc = 0;
                int ro = i * q;
                for (int j = 0; j < q; j++) {
                    acc += g[ro + j] * x[cols[j]];
                }
                out[o + i] = acc;
            }
        }
    }

    /** out ← out + Gᵀ z. */
    void gtMulAdd(double[] z, double[] out) {
        for (int k = 0; k < blocks.length; k++) {
            ConicProblem.Block blk = blocks[k];
            int[] cols = blk.cols();
            int q = cols.length;
            double[] g = blk.g();
            int o = offsets[k];
            for (int i = 0; i < blk.cone().dim(); i++) {
                double zi = z[o + i];
                if (zi == 0.0) {
                    continue;
                }
                int ro = i * q;
                for (int j = 0; j < q; j++) {
                    out[cols[j]] += g[ro + j] * zi;
                }
            }
        }
    }

    /** out = A x (overwritten). */
    void aMul(double[] x, double[] out) {
        for (int i = 0; i < ny; i++) {
            double acc = 0;
            for (int j = 0; j < nx; j++) {
                acc += a[i * nx + j] * x[j];
            }
            out[i] = acc;
        }
    }

    /** out = Aᵀ y (overwritten). */
    void atMul(double[] y, double[] out) {
        Arrays.fill(out, 0.0);
        for (int i = 0; i < ny; i++) {
            double yi = y[i];
            if (yi == 0.0) {
                continue;
            }
            for (int j = 0; j < nx; j++) {
                out[j] += a[i * nx + j] * yi;
            }
        }
    }

    /** Aᵀy + Gᵀz, the dual operator (zero on a primal-infeasibility certificate). */
    double[] dualOperator(double[] y, double[] z) {
        double[] out = new double[nx];
        atMul(y, out);
        gtMulAdd(z, out);
        return out;
    }

    /**
     * {@code max(‖Ax‖/max(1,‖b‖), ‖Gx + s‖/max(1,‖h‖)) / −cᵀx}: how far (x, s) normalised to cᵀx = −1 is from a
     * dual-infeasibility certificate.
     */
    double rayResidual(double[] x, double[] s, double cx) {
        double[] ax = new double[ny];
        aMul(x, ax);
        double[] gs = new double[m];
        gMul(x, gs);
        for (int i = 0; i < m; i++) {
            gs[i] += s[i];
        }
        return Math.max(Vec.norm(ax) / normB, Vec.norm(gs) / normH) / -cx;
    }
}
