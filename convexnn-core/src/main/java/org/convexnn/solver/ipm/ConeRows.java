package org.convexnn.solver.ipm;

/**
 * What every {@link Cone} factor holds: its rows {@code offset … offset + dim − 1} in the stacked vectors and the
 * dim numbers that define its current scaling W (their meaning is the subclass's).
 */
abstract class ConeRows {
    final int offset;
    final int dim;
    /** The parameters of W, one per row of the cone. */
    final double[] w;

    ConeRows(int offset, int dim) {
        this.offset = offset;
        this.dim = dim;
        this.w = new double[dim];
    }

    /** First row of the cone in the stacked vectors. */
    public int offset() {
        return offset;
    }

    public int dim() {
        return dim;
    }
}
