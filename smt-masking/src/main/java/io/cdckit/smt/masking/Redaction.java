package io.cdckit.smt.masking;

import io.cdckit.core.record.Describe;
import io.cdckit.core.time.TemporalType;
import io.cdckit.core.time.Temporals;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value {@code redact} writes: {@code replacement} parsed into the field's type, or else a
 * neutral value of the type ({@code ""}, {@code 0}, {@code false}, empty bytes, an empty array or
 * map, a {@code Decimal} zero at its scale); a date, time or timestamp of any Connect or Debezium
 * name gets {@code redact.temporal} in its own encoding; a struct is redacted leaf by leaf. Made
 * once per field schema; the values are immutable or fresh.
 */
final class Redaction {

    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    private final String replacement;
    private final Instant temporal;

    /**
     * @param replacement the configured text, or null for neutral values
     * @param temporal    {@code redact.temporal}
     */
    Redaction(String replacement, Instant temporal) {
        this.replacement = replacement;
        this.temporal = temporal;
    }

    /**
     * The redacted value of a field of {@code schema}.
     *
     * @throws DataException if the replacement does not parse into the field's type (naming the field, not the text)
     */
    Object valueFor(String path, Schema schema) {
        TemporalType t = TemporalType.of(schema);
        if (t != null) {
            return temporal(t);
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name()) && schema.type() == Schema.Type.BYTES) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            return replacement == null ? BigDecimal.ZERO.setScale(scale) : decimal(path, scale);
        }
        if (VARIABLE_SCALE_DECIMAL.equals(schema.name()) && schema.type() == Schema.Type.STRUCT) {
            return new Struct(schema).put("scale", 0).put("value", BigInteger.ZERO.toByteArray());
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct s = new Struct(schema);
                for (Field f : schema.fields()) {
                    s.put(f, valueFor(path + "." + f.name(), f.schema()));
                }
                return s;
            }
            case ARRAY:
                return List.of();
            case MAP:
                return Map.of();
            default:
                return replacement == null ? neutral(schema.type()) : parse(path, schema);
        }
    }

    /** A schemaless value's redaction, by its class: maps leaf by leaf. */
    Object valueFor(Object value) {
        if (value instanceof String) {
            return replacement == null ? "" : replacement;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : valueFor(v)));
            return out;
        }
        if (value instanceof List) {
            return List.of();
        }
        if (value instanceof Long) {
            return 0L;
        }
        if (value instanceof Integer) {
            return 0;
        }
        if (value instanceof Short) {
            return (short) 0;
        }
        if (value instanceof Byte) {
            return (byte) 0;
        }
        if (value instanceof Double) {
            return 0.0;
        }
        if (value instanceof Float) {
            return 0.0f;
        }
        if (value instanceof Boolean) {
            return false;
        }
        if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
            return new byte[0];
        }
        if (value instanceof BigDecimal d) {
            return BigDecimal.ZERO.setScale(d.scale());
        }
        if (value instanceof java.util.Date) {
            return java.util.Date.from(temporal);
        }
        return replacement == null ? "" : replacement;
    }

    private static Object neutral(Schema.Type type) {
        switch (type) {
            case INT8:
                return (byte) 0;
            case INT16:
                return (short) 0;
            case INT32:
                return 0;
            case INT64:
                return 0L;
            case FLOAT32:
                return 0.0f;
            case FLOAT64:
                return 0.0;
            case BOOLEAN:
                return false;
            case BYTES:
                return new byte[0];
            default:
                return "";
        }
    }

    private Object parse(String path, Schema schema) {
        String text = replacement.trim();
        try {
            switch (schema.type()) {
                case INT8:
                    return Byte.parseByte(text);
                case INT16:
                    return Short.parseShort(text);
                case INT32:
                    return Integer.parseInt(text);
                case INT64:
                    return Long.parseLong(text);
                case FLOAT32:
                    return Float.parseFloat(text);
                case FLOAT64:
                    return Double.parseDouble(text);
                case BOOLEAN:
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(text);
                    }
                    throw new NumberFormatException();
                case BYTES:
                    return replacement.getBytes(StandardCharsets.UTF_8);
                default:
                    return replacement;
            }
        } catch (NumberFormatException e) {
            throw new DataException("the replacement is not a value of field '" + path + "' (" + Describe.schema(schema)
                    + ")");
        }
    }

    private Object decimal(String path, int scale) {
        try {
            return new BigDecimal(replacement.trim()).setScale(scale, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DataException("the replacement is not a decimal of scale " + scale + " for field '" + path + "'");
        }
    }

    /** {@code redact.temporal} in the type's encoding (a date: its day; a time: its time of day in UTC). */
    private Object temporal(TemporalType type) {
        long epochSecond = temporal.getEpochSecond();
        long day = Math.floorDiv(epochSecond, 86_400L);
        long nanoOfDay = Math.floorMod(epochSecond, 86_400L) * Temporals.NANOS_PER_SECOND + temporal.getNano();
        switch (type) {
            case CONNECT_DATE:
                return new java.util.Date(day * Temporals.MILLIS_PER_DAY);
            case CONNECT_TIME:
                return new java.util.Date(nanoOfDay / 1_000_000L);
            case CONNECT_TIMESTAMP:
                return java.util.Date.from(temporal);
            case DATE:
                return (int) day;
            case TIME:
                return (int) (nanoOfDay / 1_000_000L);
            case MICRO_TIME:
                return nanoOfDay / 1_000L;
            case NANO_TIME:
                return nanoOfDay;
            case TIMESTAMP:
            case MICRO_TIMESTAMP:
            case NANO_TIMESTAMP:
                return Temporals.count(temporal, type.unitsPerSecond());
            case ZONED_TIMESTAMP:
            case ISO_TIMESTAMP:
                return Temporals.isoInstant(temporal, 0, ZoneOffset.UTC);
            case ZONED_TIME:
                return Temporals.isoTime(nanoOfDay, 0) + "Z";
            case ISO_TIME:
                return Temporals.isoTime(nanoOfDay, 0);
            default:
                return Temporals.isoDate(day);
        }
    }
}
