package io.cdckit.smt.mapping;

import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The converters of numbers, booleans, strings and bytes (see {@link Casts} for the rules). Each
 * {@code from...} method returns the converter to a target, or null if the pair is not supported.
 */
final class NumberCasts {

    /** Longest plain string a decimal is written as; beyond it the scale is not a real value's. */
    private static final int MAX_PLAIN_SCALE = 100_000;

    private NumberCasts() {
    }

    static Converter fromInteger(CastType to) {
        CastType.Kind k = to.kind();
        switch (k) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return v -> integer(integral(v), k);
            case FLOAT32:
                return v -> (float) integral(v);
            case FLOAT64:
                return v -> (double) integral(v);
            case BOOLEAN:
                return v -> integral(v) != 0;
            case STRING:
                return v -> Long.toString(integral(v));
            case DECIMAL:
                return v -> decimal(BigDecimal.valueOf(integral(v)), to);
            default:
                return null;
        }
    }

    static Converter fromFloat(CastType to) {
        CastType.Kind k = to.kind();
        switch (k) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return v -> integer(exactLong(floating(v)), k);
            case FLOAT32:
                return v -> v instanceof Float ? v : float32(floating(v));
            case FLOAT64:
                return v -> floating(v); // a Float widens exactly
            case BOOLEAN:
                return v -> {
                    double d = floating(v);
                    if (Double.isNaN(d)) {
                        throw CastFailure.NOT_FINITE;
                    }
                    return d != 0;
                };
            case STRING:
                return v -> {
                    floating(v);
                    return v.toString(); // Float.toString for a float32: no binary noise
                };
            case DECIMAL:
                return v -> decimal(exactDecimal(v), to);
            default:
                return null;
        }
    }

    /** Converters of BigDecimal values (Connect {@code Decimal}, and a decoded VariableScaleDecimal). */
    static Converter fromDecimal(CastType to) {
        CastType.Kind k = to.kind();
        switch (k) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return v -> integer(exactLong((BigDecimal) v), k);
            case FLOAT32:
                return v -> float32((BigDecimal) v);
            case FLOAT64:
                return v -> float64((BigDecimal) v);
            case BOOLEAN:
                return v -> ((BigDecimal) v).signum() != 0;
            case STRING:
                return v -> plain((BigDecimal) v);
            case DECIMAL:
                return v -> decimal((BigDecimal) v, to);
            default:
                return null;
        }
    }

    static Converter fromBoolean(CastType to) {
        CastType.Kind k = to.kind();
        switch (k) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return v -> integer((Boolean) v ? 1 : 0, k);
            case FLOAT32:
                return v -> (Boolean) v ? 1f : 0f;
            case FLOAT64:
                return v -> (Boolean) v ? 1d : 0d;
            case BOOLEAN:
                return v -> (Boolean) v;
            case STRING:
                return v -> (Boolean) v ? "true" : "false";
            case DECIMAL:
                return v -> decimal((Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO, to);
            default:
                return null;
        }
    }

    static Converter fromString(CastType to) {
        CastType.Kind k = to.kind();
        switch (k) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return v -> integer(NumberText.parseLong((String) v), k);
            case FLOAT32:
                return v -> NumberText.parseFloat32((String) v);
            case FLOAT64:
                return v -> NumberText.parseFloat64((String) v);
            case BOOLEAN:
                return v -> NumberText.parseBoolean((String) v);
            case STRING:
                return v -> (String) v;
            case BYTES:
                return v -> ((String) v).getBytes(StandardCharsets.UTF_8);
            case DECIMAL:
                return v -> decimal(NumberText.parseDecimal((String) v), to);
            default:
                return null;
        }
    }

    static Converter fromBytes(CastType to) {
        switch (to.kind()) {
            case STRING:
                return v -> Base64.getEncoder().encodeToString(bytes(v));
            case BYTES:
                return v -> {
                    bytes(v);
                    return v;
                };
            default:
                return null;
        }
    }

    // ---- reading values: a value of the wrong class is a ClassCastException, which the cast reports

    /** An integer value (Byte, Short, Integer, Long) as a long. */
    static long integral(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new ClassCastException();
    }

    private static double floating(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        throw new ClassCastException();
    }

    /** The bytes of a byte[] or ByteBuffer (from its position; the buffer is not moved). */
    static byte[] bytes(Object v) {
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A VariableScaleDecimal struct as a BigDecimal. */
    static BigDecimal variableScale(Object v) {
        Struct s = (Struct) v;
        if (s.schema().field("scale") == null || s.schema().field("value") == null) {
            throw CastFailure.MALFORMED;
        }
        Object scale = s.get("scale");
        Object value = s.get("value");
        if (!(scale instanceof Integer) || value == null) {
            throw CastFailure.MALFORMED;
        }
        byte[] unscaled = bytes(value);
        if (unscaled.length == 0) {
            throw CastFailure.MALFORMED;
        }
        return new BigDecimal(new BigInteger(unscaled), (Integer) scale);
    }

    // ---- writing values

    /** {@code v} as the integer kind {@code k}, if in its range. */
    static Object integer(long v, CastType.Kind k) {
        switch (k) {
            case INT8:
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    throw CastFailure.OUT_OF_RANGE;
                }
                return (byte) v;
            case INT16:
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw CastFailure.OUT_OF_RANGE;
                }
                return (short) v;
            case INT32:
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw CastFailure.OUT_OF_RANGE;
                }
                return (int) v;
            default:
                return v;
        }
    }

    /** A double that is a whole number in the range of a long, as one. */
    static long exactLong(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw CastFailure.NOT_FINITE;
        }
        if (d != Math.floor(d)) {
            throw CastFailure.FRACTION_LOST;
        }
        if (d < -0x1p63 || d >= 0x1p63) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return (long) d;
    }

    /** A decimal that is a whole number in the range of a long, as one. */
    static long exactLong(BigDecimal b) {
        if (b.signum() == 0) {
            return 0;
        }
        long integerDigits = (long) b.precision() - b.scale(); // |b| is below 10^integerDigits
        if (integerDigits > 19) {
            throw CastFailure.OUT_OF_RANGE;
        }
        if (integerDigits <= 0) {
            throw CastFailure.FRACTION_LOST; // 0 < |b| < 1
        }
        try {
            return b.longValueExact();
        } catch (ArithmeticException e) {
            throw b.scale() > 0 && b.stripTrailingZeros().scale() > 0 ? CastFailure.FRACTION_LOST : CastFailure.OUT_OF_RANGE;
        }
    }

    /** A double narrowed to float: rounding is accepted, overflow and underflow to zero are not. */
    static float float32(double d) {
        float f = (float) d;
        if ((Float.isInfinite(f) && !Double.isInfinite(d)) || (f == 0 && d != 0)) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return f;
    }

    static double float64(BigDecimal b) {
        if (b.signum() == 0) {
            return 0d;
        }
        requireMagnitude(b, 310, -330);
        double d = b.doubleValue();
        if (Double.isInfinite(d) || d == 0) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return d;
    }

    static float float32(BigDecimal b) {
        if (b.signum() == 0) {
            return 0f;
        }
        requireMagnitude(b, 40, -50);
        float f = b.floatValue();
        if (Float.isInfinite(f) || f == 0) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return f;
    }

    /**
     * Rejects a decimal far outside a floating-point type's range before converting it (whose cost
     * grows with the digits): {@code max} and {@code min} bound its count of integer digits.
     */
    private static void requireMagnitude(BigDecimal b, int max, int min) {
        long integerDigits = (long) b.precision() - b.scale();
        if (integerDigits > max || integerDigits < min) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    /** The plain text of a decimal, no exponent ({@code 1E+3} is {@code 1000}). */
    static String plain(BigDecimal b) {
        if (Math.abs((long) b.scale()) > MAX_PLAIN_SCALE) {
            throw CastFailure.OUT_OF_RANGE;
        }
        return b.toPlainString();
    }

    /**
     * The decimal of a finite float or double: its shortest decimal text ({@code Float.toString},
     * {@code Double.toString}), so that 0.1 is 0.1, not the binary fraction's 55 digits.
     */
    private static BigDecimal exactDecimal(Object v) {
        double d = floating(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw CastFailure.NOT_FINITE;
        }
        return v instanceof Float ? new BigDecimal(v.toString()) : BigDecimal.valueOf(d);
    }

    /** {@code b} with the target's scale, if no digit is rounded away and it fits the precision. */
    static BigDecimal decimal(BigDecimal b, CastType to) {
        int scale = to.scale();
        if (b.signum() == 0) {
            return BigDecimal.valueOf(0, scale);
        }
        if (b.scale() > scale) {
            if ((long) b.scale() - scale >= b.precision()) {
                throw CastFailure.ROUNDING; // every digit of a non-zero value would go
            }
            try {
                b = b.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw CastFailure.ROUNDING;
            }
        } else if (b.scale() < scale) {
            if ((long) b.precision() + scale - b.scale() > to.precision()) {
                throw CastFailure.PRECISION;
            }
            b = b.setScale(scale);
        }
        if (b.precision() > to.precision()) {
            throw CastFailure.PRECISION;
        }
        return b;
    }
}
