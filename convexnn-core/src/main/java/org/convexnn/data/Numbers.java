package org.convexnn.data;

/**
 * Strict, allocation-free decimal number parsing for data files.
 * Accepts {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} and the literals
 * {@code nan}, {@code inf}, {@code infinity} (any case, optional sign). Short inputs take an exact fast path
 * (at most 15 significant digits and a power of ten up to 22, one correctly rounded operation);
 * everything else that passes the syntax check goes to {@link Double#parseDouble}.
 */
final class Numbers {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1.0;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10.0;
        }
    }

    private Numbers() {
    }

    /**
     * Parses s (surrounding whitespace ignored). Returns NaN when s is not a number (or is the literal nan);
     * infinities come back for the inf literals and for overflow.
     */
    static double parse(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        if (from == to) {
            return Double.NaN;
        }
        int i = from;
        boolean negative = false;
        char c0 = s.charAt(i);
        if (c0 == '+' || c0 == '-') {
            negative = c0 == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exp10 = 0;
        int digits = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            digits++;
            if (mantissa != 0 || c != '0') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                } else {
                    exp10++;
                }
                significant++;
            }
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            for (; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                digits++;
                if (mantissa != 0 || c != '0') {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (c - '0');
                        exp10--;
                    }
                    significant++;
                } else {
                    exp10--;
                }
            }
        }
        if (digits == 0) {
            return parseLiteral(s, from, to);
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                expNegative = s.charAt(i) == '-';
                i++;
            }
            int expStart = i;
            int e = 0;
            for (; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                if (e < 100_000) {
                    e = e * 10 + (c - '0');
                }
            }
            if (i == expStart) {
                return Double.NaN;
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (significant <= 15 && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -v : v;
        }
        return Double.parseDouble(s.substring(from, to));
    }

    /** True when s is a number whose value is finite. */
    static boolean isFinite(String s) {
        return Double.isFinite(parse(s));
    }

    /** True when s is a number or one of the literals nan, inf, infinity (finite or not). */
    static boolean isNumeral(String s) {
        return !Double.isNaN(parse(s)) || isNanLiteral(s.trim());
    }

    /** Explains why s, for which {@link #parse} gave no finite value, is rejected. */
    static String whyNot(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return "missing value";
        }
        double v = parse(t);
        return Double.isNaN(v) && !isNanLiteral(t) ? "'" + t + "' is not a number" : "'" + t + "' is not a finite number";
    }

    private static boolean isNanLiteral(String t) {
        String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return u.equalsIgnoreCase("nan");
    }

    private static double parseLiteral(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            negative = s.charAt(i) == '-';
            i++;
        }
        String word = s.substring(i, to);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }
}
