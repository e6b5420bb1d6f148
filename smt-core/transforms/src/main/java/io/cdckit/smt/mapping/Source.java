package io.cdckit.smt.mapping;

import io.cdckit.core.time.TemporalType;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.StringJoiner;

/**
 * What a cast reads: the representation of the source values, from the field's schema (its type and
 * logical name; the temporal ones as the kernel's {@link TemporalType} knows them) or, schemaless,
 * from the value's class. Schemas of other logical names (e.g.
 * {@code io.debezium.time.Year}, {@code io.debezium.data.Json}) are read as their Connect type.
 */
enum Source {
    /** int8 to int64: Byte, Short, Integer, Long. */
    INTEGER,
    /** float32, float64: Float, Double. */
    FLOAT,
    /** Connect {@code Decimal}: BigDecimal. */
    DECIMAL,
    /** {@code io.debezium.data.VariableScaleDecimal}: Struct {scale: int32, value: bytes, big-endian unscaled}. */
    VARIABLE_SCALE_DECIMAL,
    BOOLEAN,
    STRING,
    /** byte[] or ByteBuffer. */
    BYTES,
    /** {@code io.debezium.time.IsoDate}, {@code IsoTime}, {@code IsoTimestamp}: strings whose format varies by connector. */
    ISO_STRING,
    /** Connect {@code Date}: java.util.Date at midnight UTC. */
    CONNECT_DATE,
    /** Connect {@code Time}: java.util.Date, ms past midnight. */
    CONNECT_TIME,
    /** Connect {@code Timestamp}: java.util.Date, epoch ms; also a schemaless java.util.Date. */
    CONNECT_TIMESTAMP,
    /** {@code io.debezium.time.Date}: int32 days since epoch. */
    EPOCH_DAYS,
    /** {@code io.debezium.time.Time}: int32 ms past midnight. */
    MILLIS_OF_DAY,
    /** {@code io.debezium.time.MicroTime}: int64 us past midnight. */
    MICROS_OF_DAY,
    /** {@code io.debezium.time.NanoTime}: int64 ns past midnight. */
    NANOS_OF_DAY,
    /** {@code io.debezium.time.Timestamp}: int64 epoch ms. */
    EPOCH_MILLIS,
    /** {@code io.debezium.time.MicroTimestamp}: int64 epoch us. */
    EPOCH_MICROS,
    /** {@code io.debezium.time.NanoTimestamp}: int64 epoch ns. */
    EPOCH_NANOS,
    /** {@code io.debezium.time.ZonedTimestamp}: ISO-8601 string with offset. */
    ZONED_TIMESTAMP,
    /** {@code io.debezium.time.ZonedTime}: ISO-8601 time with offset. */
    ZONED_TIME,
    /** Struct, array, map: nothing to cast. */
    UNSUPPORTED;

    static final String VARIABLE_SCALE_DECIMAL_NAME = "io.debezium.data.VariableScaleDecimal";

    /** The source a field of {@code schema} is. */
    static Source of(Schema schema) {
        Source named = named(schema);
        if (named != null) {
            return named;
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return INTEGER;
            case FLOAT32:
            case FLOAT64:
                return FLOAT;
            case BOOLEAN:
                return BOOLEAN;
            case STRING:
                return STRING;
            case BYTES:
                return BYTES;
            default:
                return UNSUPPORTED;
        }
    }

    /** The logical source a schema's name and type make, or null to read it as its Connect type. */
    private static Source named(Schema schema) {
        String name = schema.name();
        if (name == null) {
            return null;
        }
        TemporalType temporal = TemporalType.of(schema);
        if (temporal != null) {
            return temporal(temporal);
        }
        switch (name) {
            case Decimal.LOGICAL_NAME:
                return schema.type() == Schema.Type.BYTES ? DECIMAL : null;
            case VARIABLE_SCALE_DECIMAL_NAME:
                return schema.type() == Schema.Type.STRUCT && hasField(schema, "scale", Schema.Type.INT32)
                        && hasField(schema, "value", Schema.Type.BYTES) ? VARIABLE_SCALE_DECIMAL : null;
            default:
                return null;
        }
    }

    private static Source temporal(TemporalType type) {
        switch (type) {
            case CONNECT_DATE:
                return CONNECT_DATE;
            case CONNECT_TIME:
                return CONNECT_TIME;
            case CONNECT_TIMESTAMP:
                return CONNECT_TIMESTAMP;
            case DATE:
                return EPOCH_DAYS;
            case TIME:
                return MILLIS_OF_DAY;
            case MICRO_TIME:
                return MICROS_OF_DAY;
            case NANO_TIME:
                return NANOS_OF_DAY;
            case TIMESTAMP:
                return EPOCH_MILLIS;
            case MICRO_TIMESTAMP:
                return EPOCH_MICROS;
            case NANO_TIMESTAMP:
                return EPOCH_NANOS;
            case ZONED_TIMESTAMP:
                return ZONED_TIMESTAMP;
            case ZONED_TIME:
                return ZONED_TIME;
            default:
                return ISO_STRING;
        }
    }

    private static boolean hasField(Schema struct, String name, Schema.Type type) {
        Field f = struct.field(name);
        return f != null && f.schema().type() == type;
    }

    /** The source a schemaless value is, or null if none casts (a Map, a List, ...). */
    static Source ofValue(Object value) {
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            return FLOAT;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof BigDecimal) {
            return DECIMAL;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return BYTES;
        }
        if (value instanceof java.util.Date) {
            return CONNECT_TIMESTAMP;
        }
        return null;
    }

    /**
     * Whether a cast of this source to its own Connect type leaves value and schema as they are
     * (an int32 to int32, a Json string to string); false for logical types, whose casts change the
     * representation.
     */
    boolean castsToItselfUnchanged() {
        return this == INTEGER || this == FLOAT || this == BOOLEAN || this == STRING || this == BYTES
                || this == ISO_STRING;
    }

    /** The converter from this source to {@code to}, or null if the pair is not supported. */
    static Converter converter(Source source, CastType to) {
        switch (source) {
            case INTEGER:
                return NumberCasts.fromInteger(to);
            case FLOAT:
                return NumberCasts.fromFloat(to);
            case DECIMAL:
                return NumberCasts.fromDecimal(to);
            case VARIABLE_SCALE_DECIMAL: {
                Converter c = NumberCasts.fromDecimal(to);
                return c == null ? null : v -> c.convert(NumberCasts.variableScale(v));
            }
            case BOOLEAN:
                return NumberCasts.fromBoolean(to);
            case STRING:
                return NumberCasts.fromString(to);
            case BYTES:
                return NumberCasts.fromBytes(to);
            case ISO_STRING:
                return to.kind() == CastType.Kind.STRING || to.kind() == CastType.Kind.BYTES
                        ? NumberCasts.fromString(to) : null;
            case UNSUPPORTED:
                return null;
            default:
                return TemporalCasts.converter(source, to);
        }
    }

    /** What this source can be cast to, for messages: {@code string, int64}. */
    String targets() {
        // one sample of each target kind (not a static field: CastType's initializer reads Source)
        CastType[] samples = {CastType.INT8, CastType.INT16, CastType.INT32, CastType.INT64, CastType.FLOAT32,
            CastType.FLOAT64, CastType.BOOLEAN, CastType.STRING, CastType.BYTES, CastType.decimal(10, 2)};
        StringJoiner j = new StringJoiner(", ");
        for (CastType t : samples) {
            if (converter(this, t) != null) {
                j.add(t.kind() == CastType.Kind.DECIMAL ? "decimal(p,s)" : t.toString());
            }
        }
        return j.toString();
    }
}
