package org.convexnn.arrangement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** A working set's patterns: {@link PatternSet#subset} keeps exactly the chosen columns, in the chosen order. */
class PatternSetSubsetTest {

    @Test
    void keepsTheChosenColumnsAcrossWordBoundaries() {
        Random rng = new Random(7);
        int n = 70;
        int count = 150; // three 64-bit words per row
        long[][] cols = new long[count][(n + 63) >>> 6];
        double[][] gates = new double[count][2];
        for (int q = 0; q < count; q++) {
            for (int i = 0; i < n; i++) {
                if (rng.nextBoolean()) {
                    cols[q][i >>> 6] |= 1L << (i & 63);
                }
            }
            gates[q][0] = q;
            gates[q][1] = -q;
        }
        PatternSet all = PatternSet.fromColumns(n, cols, Matrix.of(gates));
        int[] keep = {149, 0, 63, 64, 65, 127, 128, 3, 100, 63};
        PatternSet sub = all.subset(keep);
        assertEquals(keep.length, sub.size());
        assertEquals(n, sub.rows());
        for (int j = 0; j < keep.length; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(all.active(i, keep[j]), sub.active(i, j), "row " + i + ", kept column " + j);
            }
            assertArrayEquals(all.columnBits(keep[j]), sub.columnBits(j));
            assertArrayEquals(new double[] {keep[j], -keep[j]}, sub.gates().row(j));
        }
        assertEquals(0, all.subset(new int[0]).size());
        assertThrows(IllegalArgumentException.class, () -> all.subset(new int[] {0, count}));
    }
}
