package io.cdckit.smt.mapping;

import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

import java.util.Objects;

/**
 * The cast library of {@code FieldMapper}'s {@code cast} option: compiled once per input field
 * schema ({@link #compile}), applied per value ({@link Cast#apply}); schemaless values with
 * {@link #castSchemaless}.
 *
 * <h2>What casts to what</h2>
 * <table>
 * <caption>supported casts</caption>
 * <tr><th>from</th><th>to</th></tr>
 * <tr><td>int8..int64, float32, float64, Connect {@code Decimal}, {@code io.debezium.data.VariableScaleDecimal}</td>
 *     <td>int8..int64, float32, float64, boolean, string, decimal(p,s)</td></tr>
 * <tr><td>boolean</td><td>int8..int64, float32, float64, boolean, string, decimal(p,s)</td></tr>
 * <tr><td>string (also {@code io.debezium.data.Json}, {@code Uuid}, ...)</td><td>every target</td></tr>
 * <tr><td>bytes</td><td>string, bytes</td></tr>
 * <tr><td>dates, times, timestamps (below)</td><td>string, int64</td></tr>
 * <tr><td>{@code io.debezium.time.IsoDate}, {@code IsoTime}, {@code IsoTimestamp}</td><td>string, bytes</td></tr>
 * </table>
 * Anything else (struct, array, map, bytes to a number, a date to boolean, ...) is rejected by
 * {@link #compile}. Other logical types are read as their Connect type ({@code io.debezium.time.Year}
 * is an int32, {@code Json} a string). A field cast to the type it already has (not a logical type)
 * is left as it is, schema included: a Json string cast to string stays a Json string.
 *
 * <h2>Values</h2>
 * <ul>
 * <li>Integers and decimals to an integer: exact or failing (out of range; a fraction). Floats to an
 * integer: whole numbers only; NaN and infinities fail.</li>
 * <li>To float32/float64: rounding to the nearest float is accepted (a float is an approximation);
 * overflow to infinity and underflow of a non-zero value to zero fail.</li>
 * <li>To {@code decimal(p,s)}: the value with scale {@code s} exactly; a value with more decimal places
 * that are not zeros, or needing more than {@code p} digits, fails. Floats go by their shortest decimal
 * text ({@code 0.1} is {@code 0.1}); NaN and infinities fail.</li>
 * <li>To string: integers in decimal, floats as Java writes them ({@code 1.0E10}, {@code NaN}, as
 * Kafka's {@code Cast}), decimals as plain text without exponent, booleans {@code true}/{@code false},
 * bytes in Base64 (as Kafka's {@code Cast}).</li>
 * <li>Booleans to numbers are 1 and 0 (as Kafka's {@code Cast}); numbers to boolean are false for zero
 * and true otherwise (as Kafka's {@code Cast} for integers; a float such as 0.5 is true here, where
 * Kafka truncates it to 0 first); NaN fails.</li>
 * <li>From string: blanks around the text are ignored (padded CHAR columns); integers and decimals in
 * plain or exponent notation ({@code 42}, {@code 42.0}, {@code 4.2e1}: an integer target needs a
 * whole number), floats also {@code NaN} and {@code [+-]Infinity}; booleans {@code true}/{@code false}
 * in any case and nothing else (Kafka's {@code Cast} makes every other text false); anything else
 * fails. String to bytes is the UTF-8 encoding (so bytes to string to bytes does not round-trip:
 * Base64 one way, UTF-8 the other).</li>
 * <li>Dates: Connect {@code Date} (java.util.Date at midnight UTC) and {@code io.debezium.time.Date}
 * (int32 days) to string {@code 2024-03-01}, to int64 the epoch day.</li>
 * <li>Times: Connect {@code Time} and {@code io.debezium.time.Time} (ms), {@code MicroTime} (us),
 * {@code NanoTime} (ns), past midnight, to string {@code 12:00:00.123} with the unit's 3, 6 or 9
 * fraction digits (exactly 24 h is {@code 24:00:00.000}, outside 0..24 h fails), to int64 the count in
 * the type's unit.</li>
 * <li>Timestamps: Connect {@code Timestamp} and {@code io.debezium.time.Timestamp} (epoch ms),
 * {@code MicroTimestamp} (us), {@code NanoTimestamp} (ns) to string in UTC with the unit's fraction
 * digits, {@code 2024-03-01T12:00:00.123456Z} (Debezium's zone-less timestamps are read as UTC, as
 * Connect's are), years beyond 9999 with a sign ({@code +294247-01-10T04:00:54.775807Z}); to int64 the
 * epoch count in the type's unit. Pre-epoch counts use floor division.</li>
 * <li>{@code io.debezium.time.ZonedTimestamp} / {@code ZonedTime} (ISO-8601 with offset) to string: the
 * same instant in UTC with as many fraction digits as the text has ({@code 12:00:00.5Z} for a zoned
 * time); to int64 epoch microseconds / microseconds past midnight UTC (finer digits fail).</li>
 * <li>A schemaless {@code java.util.Date} is a timestamp (epoch ms).</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * A value that cannot be cast without losing information follows {@link CastOnError}: {@code FAIL}
 * throws a {@code DataException} naming the path, the source type and the target, never the value
 * (values may be personal data); {@code NULL} writes null, and is allowed for optional fields only.
 * A default value is cast with the field (as Kafka's {@code Cast} does); a default that cannot be
 * cast fails {@link #compile} with {@code FAIL} and is dropped with {@code NULL}.
 */
public final class Casts {

    /**
     * The parameter holding a decimal's precision, as Kafka Connect's own converters and Debezium write it.
     */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";

    private Casts() {
    }

    /**
     * Compiles the cast of one field for its input schema.
     *
     * @param path    the field's path, for messages
     * @param from    the field's schema
     * @param to      the target type
     * @param onError what a value that cannot be cast does
     * @return the cast, with its output schema
     * @throws IllegalArgumentException if the pair is not supported, {@code onError} is
     *         {@link CastOnError#NULL} and the field is required, or the default value cannot be cast
     *         with {@link CastOnError#FAIL}; the message names the path and the types
     */
    public static Cast compile(String path, Schema from, CastType to, CastOnError onError) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(onError, "onError");
        Source source = Source.of(from);
        if (source.castsToItselfUnchanged() && from.type() == to.schemaType() && to.kind() != CastType.Kind.DECIMAL) {
            requireOptionalForNull(path, from, to, onError);
            return new Cast(path, from, to, onError, from, Converter.IDENTITY);
        }
        Converter converter = Source.converter(source, to);
        if (converter == null) {
            String type = Describe.schema(from);
            String targets = source.targets();
            throw new IllegalArgumentException("Cannot cast field '" + path + "' from " + type + " to " + to + ": "
                    + (targets.isEmpty() ? type + " cannot be cast" : type + " can be cast to " + targets + " only"));
        }
        requireOptionalForNull(path, from, to, onError);
        SchemaBuilder b = targetBuilder(to);
        if (from.isOptional()) {
            b.optional();
        }
        Object defaultValue = castDefault(path, from, to, onError, converter);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return new Cast(path, from, to, onError, b.build(), converter);
    }

    /** The schema of the values a cast to {@code to} gives, without optionality or default. */
    static SchemaBuilder targetBuilder(CastType to) {
        return to.kind() == CastType.Kind.DECIMAL
                ? Decimal.builder(to.scale()).parameter(DECIMAL_PRECISION, Integer.toString(to.precision()))
                : SchemaBuilder.type(to.schemaType());
    }

    private static void requireOptionalForNull(String path, Schema from, CastType to, CastOnError onError) {
        if (onError == CastOnError.NULL && !from.isOptional()) {
            throw new IllegalArgumentException("Cannot cast field '" + path + "' from " + Describe.schema(from)
                    + " to " + to + " with cast.on.error=null: the field is required, so a value that cannot be"
                    + " cast cannot become null (use cast.on.error=fail)");
        }
    }

    private static Object castDefault(String path, Schema from, CastType to, CastOnError onError, Converter converter) {
        Object value = from.defaultValue();
        if (value == null) {
            return null;
        }
        try {
            return converter.convert(value);
        } catch (CastFailure f) {
            if (onError == CastOnError.NULL) {
                return null;
            }
            throw new IllegalArgumentException("Cannot cast the default value of field '" + path + "' from "
                    + Describe.schema(from) + " to " + to + ": " + f.describe(to));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("Cannot cast the default value of field '" + path + "' from "
                    + Describe.schema(from) + " to " + to + ": it is a " + Describe.type(value)
                    + ", not a value of the field's type");
        }
    }

    /**
     * Casts one schemaless value (of a {@code Map} row) by its Java class: Byte, Short, Integer, Long,
     * Float, Double, Boolean, String, byte[] (or ByteBuffer), BigDecimal, java.util.Date (a timestamp),
     * with the rules of a field of the matching type. A value of the target's own class is returned as
     * it is.
     *
     * @param path    the field's path, for messages
     * @param value   the value, or null
     * @param to      the target type
     * @param onError what a value that cannot be cast without losing information does
     * @return the cast value; null for null, and for a failing value with {@link CastOnError#NULL}
     * @throws DataException for a failing value with {@link CastOnError#FAIL}, and, whatever
     *         {@code onError} says, for a value no cast to {@code to} exists for (a Map, a List, bytes
     *         to int32), as {@link #compile} rejects such a field; the message names the path and the
     *         types, never the value
     */
    public static Object castSchemaless(String path, Object value, CastType to, CastOnError onError) {
        if (value == null) {
            return null;
        }
        if (ownClass(value, to)) {
            return value;
        }
        Source source = Source.ofValue(value);
        Converter converter = source == null ? null : to.schemalessConverter(source);
        if (converter == null) {
            throw new DataException("Cannot cast field '" + path + "' from " + Describe.type(value) + " to " + to
                    + ": " + (source == null ? "a " + Describe.type(value) + " cannot be cast"
                    : "a " + Describe.type(value) + " can be cast to " + source.targets() + " only"));
        }
        try {
            return converter.convert(value);
        } catch (CastFailure f) {
            if (onError == CastOnError.NULL) {
                return null;
            }
            throw new DataException(failure(path, Describe.type(value), to, f));
        }
    }

    /** Whether a schemaless value already is of the target's class (a decimal never: its scale is the target's). */
    private static boolean ownClass(Object value, CastType to) {
        switch (to.kind()) {
            case INT8:
                return value instanceof Byte;
            case INT16:
                return value instanceof Short;
            case INT32:
                return value instanceof Integer;
            case INT64:
                return value instanceof Long;
            case FLOAT32:
                return value instanceof Float;
            case FLOAT64:
                return value instanceof Double;
            case BOOLEAN:
                return value instanceof Boolean;
            case STRING:
                return value instanceof String;
            case BYTES:
                return value instanceof byte[];
            default:
                return false;
        }
    }

    static String failure(String path, String fromType, CastType to, CastFailure f) {
        return "Cannot cast field '" + path + "' from " + fromType + " to " + to + ": " + f.describe(to);
    }

    static String wrongClass(String path, Schema from, CastType to, Object value) {
        return "Cannot cast field '" + path + "' from " + Describe.schema(from) + " to " + to + ": the value is a "
                + Describe.type(value) + ", not a value of the field's schema";
    }
}
