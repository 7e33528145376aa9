package org.convexnn.linalg;

import java.util.Arrays;

/**
 * Dense row-major matrix of doubles. Shapes are fixed at construction; the backing array is exposed
 * through {@link #data()} for kernels (entry (i,j) lives at {@code data[i * cols + j]}).
 * Callers that did not create the matrix must treat that array as read-only.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A zero matrix. */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** Wraps (does not copy) a row-major array. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        return new Matrix(rows, cols, data);
    }

    /** Copies a rectangular array of rows. */
    public static Matrix of(double[][] rowsArr) {
        int r = rowsArr.length;
        int c = r == 0 ? 0 : rowsArr[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowsArr[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rowsArr[i].length + " entries, expected " + c);
            }
            System.arraycopy(rowsArr[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    /** A column vector (n x 1). */
    public static Matrix column(double[] v) {
        return new Matrix(v.length, 1, v.clone());
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double v) {
        data[i * cols + j] = v;
    }

    /** A copy of row i. */
    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** A copy of column j. */
    public double[] column(int j) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = data[i * cols + j];
        }
        return out;
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    public Matrix transpose() {
        double[] t = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** Rows selected by index, in the given order. */
    public Matrix selectRows(int[] idx) {
        double[] d = new double[idx.length * cols];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(data, idx[k] * cols, d, k * cols, cols);
        }
        return new Matrix(idx.length, cols, d);
    }

    /** This matrix with a column of ones appended on the right. */
    public Matrix withOnesColumn() {
        double[] d = new double[rows * (cols + 1)];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * cols, d, i * (cols + 1), cols);
            d[i * (cols + 1) + cols] = 1.0;
        }
        return new Matrix(rows, cols + 1, d);
    }

    /** Plain triple-loop product, for tests and small sizes. */
    public Matrix times(Matrix b) {
        if (cols != b.rows) {
            throw new IllegalArgumentException("shape mismatch " + rows + "x" + cols + " * " + b.rows + "x" + b.cols);
        }
        double[] out = new double[rows * b.cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double a = data[i * cols + k];
                if (a == 0.0) {
                    continue;
                }
                for (int j = 0; j < b.cols; j++) {
                    out[i * b.cols + j] += a * b.data[k * b.cols + j];
                }
            }
        }
        return new Matrix(rows, b.cols, out);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
