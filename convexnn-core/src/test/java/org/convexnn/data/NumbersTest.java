package org.convexnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void parsesDecimalForms() {
        assertEquals(1.5, Numbers.parse("1.5"));
        assertEquals(-3.0, Numbers.parse(" -3 "));
        assertEquals(400.0, Numbers.parse("4e2"));
        assertEquals(0.5, Numbers.parse(".5"));
        assertEquals(2.0, Numbers.parse("2."));
        assertEquals(1e-3, Numbers.parse("+1E-3"));
        assertEquals(0.07871, Numbers.parse("0.07871"));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Numbers.parse("-0.0")));
        assertEquals(12345678901234567890.0, Numbers.parse("12345678901234567890"));
        assertEquals(Double.MIN_VALUE, Numbers.parse("4.9e-324"));
    }

    @Test
    void rejectsNonNumbers() {
        for (String s : new String[] {"", " ", "abc", "1.5f", "1d", "0x10", "1e", "1e+", "--1", "1,5", ".", "-", "1 2", "e5"}) {
            assertTrue(Double.isNaN(Numbers.parse(s)), s);
            assertFalse(Numbers.isNumeral(s), s);
        }
        assertEquals("'abc' is not a number", Numbers.whyNot("abc"));
        assertEquals("missing value", Numbers.whyNot("  "));
    }

    @Test
    void specialLiteralsAreNumeralsButNotFinite() {
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parse("Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parse("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parse("1e999"));
        assertTrue(Numbers.isNumeral("NaN"));
        assertFalse(Numbers.isFinite("NaN"));
        assertEquals("'-inf' is not a finite number", Numbers.whyNot("-inf"));
        assertEquals("'NaN' is not a finite number", Numbers.whyNot("NaN"));
        assertEquals("'1e999' is not a finite number", Numbers.whyNot("1e999"));
    }

    @Test
    void agreesWithJdkBitForBit() {
        Random rnd = new Random(7);
        for (int k = 0; k < 50_000; k++) {
            String s = switch (k % 4) {
                case 0 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
                case 1 -> String.format(java.util.Locale.ROOT, "%." + rnd.nextInt(12) + "f", rnd.nextDouble() * 1000 - 500);
                case 2 -> Long.toString(rnd.nextLong() >> rnd.nextInt(63));
                default -> (rnd.nextInt(2000000) - 1000000) + "." + rnd.nextInt(100000) + "e" + (rnd.nextInt(60) - 30);
            };
            assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(Numbers.parse(s)), s);
        }
    }
}
