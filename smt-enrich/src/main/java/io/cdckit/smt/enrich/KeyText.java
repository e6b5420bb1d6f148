package io.cdckit.smt.enrich;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * The canonical text of a key, by which a local table (a file, a topic) matches a record's key
 * fields whatever their types: an int32 7, an int64 7, a decimal 7.00 and the text "7" are all
 * {@code 7}; a float64 7.5 and a decimal 7.50 are {@code 7.5}; booleans are {@code true} and
 * {@code false}; dates and timestamps (Connect's {@code java.util.Date}) their ISO-8601 instant;
 * bytes their Base64. Text is itself. The parts of a key of several fields are joined by a
 * separator.
 */
final class KeyText {

    private KeyText() {
    }

    /** The canonical text of one key value (not null). */
    static String of(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return number(d);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? number(new BigDecimal(value.toString())) : value.toString();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (value instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    /** The parts' canonical texts joined by {@code separator} (one part: its text alone). */
    static String of(List<Object> parts, String separator) {
        if (parts.size() == 1) {
            return of(parts.get(0));
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(of(parts.get(i)));
        }
        return b.toString();
    }

    private static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }
}
