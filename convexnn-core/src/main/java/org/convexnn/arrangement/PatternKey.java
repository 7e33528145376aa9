package org.convexnn.arrangement;

import java.util.Arrays;

/** A pattern's column bitset as a hash key (value equality), for de-duplicating pattern sets. */
public record PatternKey(long[] bits) {
    @Override
    public boolean equals(Object o) {
        return o instanceof PatternKey k && Arrays.equals(bits, k.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "PatternKey" + Arrays.toString(bits);
    }
}
