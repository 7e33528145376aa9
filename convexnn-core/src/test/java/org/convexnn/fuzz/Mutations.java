package org.convexnn.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of fuzzed inputs from valid seed files: random bytes, truncations, and valid files with 1 to 8
 * mutations (byte flips, random insertions, deletions, duplicated ranges, swapped lines, huge or odd numbers written
 * over a number, and, for binary formats, huge or negative 32-bit sizes written over the header's size fields).
 * Each mutation draws from a seed that jqwik generates, so a failing case shrinks and replays by its seed.
 */
final class Mutations {
    /** Numbers that stress parsers and size checks. */
    static final String[] ODD_NUMBERS = {"1e308", "1e309", "-1e309", "4.9e-324", "1e-400", "2147483647", "2147483648",
        "-2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
        "-1", "0", "-0", "NaN", "nan", "inf", "-Infinity", "0x10", "1_000", "1e", "e5", ".", "-", "+", "1.2.3",
        "000000000000000000001", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1", "65536", "1000000000", "2e9"};
    /** 32-bit big-endian sizes for binary headers. */
    static final int[] ODD_SIZES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, 65536, 1_000_000,
        46341, 2_000_000_000, 0x7ffffff7, 255, 256};

    private Mutations() {
    }

    /** Random bytes, truncations and mutations of the seeds. */
    static Arbitrary<byte[]> of(List<byte[]> seeds, boolean binary) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<byte[]> truncated = seed.flatMap(s -> Arbitraries.integers().between(0, s.length)
                .map(n -> Arrays.copyOf(s, n)));
        Arbitrary<byte[]> mutated = seed.flatMap(s -> Arbitraries.longs().map(r -> mutate(s, new Random(r), binary)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, random),
                net.jqwik.api.Tuple.of(2, truncated),
                net.jqwik.api.Tuple.of(7, mutated));
    }

    /** 1 to 8 mutations of s. */
    static byte[] mutate(byte[] s, Random r, boolean binary) {
        byte[] b = s;
        int k = 1 + r.nextInt(8);
        for (int i = 0; i < k; i++) {
            b = mutateOnce(b, r, binary);
        }
        return b;
    }

    static byte[] mutateOnce(byte[] b, Random r, boolean binary) {
        int kind = r.nextInt(binary ? 9 : 8);
        int n = b.length;
        switch (kind) {
            case 0 -> { // flip a bit
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> { // insert random or structural bytes
                byte[] ins = r.nextBoolean() ? randomBytes(r, 1 + r.nextInt(8))
                        : pick(r, ",", "\n", "\r", "\"", ":", "#", " ", "\t", "\uFEFF", "[", "]", "{", "}", "\u0000",
                                "\u00e9", "\r\n", ",,,,", "\"\"").getBytes(StandardCharsets.UTF_8);
                return splice(b, r.nextInt(n + 1), 0, ins);
            }
            case 2 -> { // delete a range
                if (n == 0) {
                    return b;
                }
                int at = r.nextInt(n);
                return splice(b, at, 1 + r.nextInt(Math.min(16, n - at)), new byte[0]);
            }
            case 3 -> { // duplicate a range
                if (n == 0) {
                    return b;
                }
                int at = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(64, n - at));
                return splice(b, r.nextInt(n + 1), 0, Arrays.copyOfRange(b, at, at + len));
            }
            case 4 -> { // swap two lines
                return swapLines(b, r);
            }
            case 5, 6 -> { // a huge or odd number over a number (or anywhere)
                byte[] num = pick(r, ODD_NUMBERS).getBytes(StandardCharsets.US_ASCII);
                int[] span = numberSpan(b, r);
                return span == null ? splice(b, r.nextInt(n + 1), 0, num) : splice(b, span[0], span[1], num);
            }
            case 7 -> { // a random byte anywhere
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[r.nextInt(n)] = (byte) r.nextInt(256);
                return c;
            }
            default -> { // a 32-bit size field (binary headers: offsets 0..16 in steps of 4, or anywhere)
                if (n < 4) {
                    return b;
                }
                int at = r.nextInt(3) > 0 ? 4 * r.nextInt(Math.min(5, n / 4)) : r.nextInt(n - 3);
                byte[] c = b.clone();
                ByteBuffer.wrap(c).putInt(at, r.nextInt(3) > 0 ? ODD_SIZES[r.nextInt(ODD_SIZES.length)] : r.nextInt());
                return c;
            }
        }
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    /** The start and length of a random run of number characters, or null when there is none. */
    private static int[] numberSpan(byte[] b, Random r) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < b.length; ) {
            if (isNumberChar(b[i])) {
                int j = i;
                while (j < b.length && isNumberChar(b[j])) {
                    j++;
                }
                spans.add(new int[] {i, j - i});
                i = j;
            } else {
                i++;
            }
        }
        return spans.isEmpty() ? null : spans.get(r.nextInt(spans.size()));
    }

    private static boolean isNumberChar(byte c) {
        return c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }

    private static byte[] swapLines(byte[] b, Random r) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String[] lines = s.split("\n", -1);
        if (lines.length < 2) {
            return b;
        }
        int i = r.nextInt(lines.length);
        int j = r.nextInt(lines.length);
        String t = lines[i];
        lines[i] = lines[j];
        lines[j] = t;
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }
}
