package io.cdckit.smt.mapping;

import java.math.BigDecimal;

/**
 * Numbers and booleans from strings: blanks around the text are ignored (CHAR columns are padded),
 * only ASCII digits, signs, a point and an exponent are numbers (no hex, no {@code d}/{@code f}
 * suffix, no other scripts' digits), {@code NaN} and {@code [+-]Infinity} only for floats, and
 * {@code true}/{@code false} in any case for booleans. A text that is no number is
 * {@link CastFailure#NOT_A_NUMBER}; the parsers' own exceptions quote the text and are dropped.
 */
final class NumberText {

    private NumberText() {
    }

    static long parseLong(String s) {
        String t = s.strip();
        int n = t.length();
        int start = n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (n > start && n - start <= 18 && digits(t, start)) {
            return Long.parseLong(t); // the common case, no BigDecimal
        }
        return NumberCasts.exactLong(parseDecimal(t));
    }

    static BigDecimal parseDecimal(String s) {
        String t = s.strip();
        if (!numeric(t)) {
            throw CastFailure.NOT_A_NUMBER;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw CastFailure.NOT_A_NUMBER; // its message quotes the text: dropped
        }
    }

    static double parseFloat64(String s) {
        String t = s.strip();
        switch (t) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
            case "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        double d;
        try {
            d = numeric(t) ? Double.parseDouble(t) : Double.NaN;
        } catch (NumberFormatException e) {
            d = Double.NaN; // its message quotes the text: dropped
        }
        if (Double.isNaN(d)) {
            throw CastFailure.NOT_A_NUMBER;
        }
        if (Double.isInfinite(d) || (d == 0 && nonZeroMantissa(t))) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return d;
    }

    /** As {@link #parseFloat64}, rounded once (straight from the text) to a float. */
    static float parseFloat32(String s) {
        String t = s.strip();
        if (t.equals("NaN") || t.endsWith("Infinity")) {
            return (float) parseFloat64(t);
        }
        float f;
        try {
            f = numeric(t) ? Float.parseFloat(t) : Float.NaN;
        } catch (NumberFormatException e) {
            f = Float.NaN;
        }
        if (Float.isNaN(f)) {
            throw CastFailure.NOT_A_NUMBER;
        }
        if (Float.isInfinite(f) || (f == 0 && nonZeroMantissa(t))) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return f;
    }

    static Boolean parseBoolean(String s) {
        String t = s.strip();
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw CastFailure.NOT_A_BOOLEAN;
    }

    private static boolean digits(String t, int from) {
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Only ASCII digits, signs, a point and exponent letters (no hex, no {@code d}/{@code f} suffix, no other scripts' digits). */
    private static boolean numeric(String t) {
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit;
    }

    /** Whether the digits before the exponent are not all zero (a parse to 0 then underflowed). */
    private static boolean nonZeroMantissa(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
