package io.cdckit.smt.time;

import io.cdckit.core.record.Describe;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.time.TemporalType;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a TimestampNormalizer configuration does to one field: from the field's schema (its
 * temporal name, or for a listed field its {@link InputUnit}) the {@link FieldOperation} that
 * converts its values and gives it its output schema; for schemaless rows, one that converts by
 * each value's class. Immutable.
 *
 * @param instants   {@code target.type}
 * @param format     the formatter of {@code format.pattern}, or null
 * @param targetZone {@code target.timezone}
 * @param sourceZone {@code source.timezone}, for zone-less timestamps
 * @param dates      {@code date.target.type}
 * @param times      {@code time.target.type}
 * @param special    {@code special.values}
 */
record Normalization(InstantTarget instants, DateTimeFormatter format, ZoneId targetZone, ZoneId sourceZone,
                     DateTarget dates, TimeTarget times, SpecialValues special) {

    /** The defaults of every key, for checks of the configuration that need a normalization. */
    static final Normalization DEFAULTS = new Normalization(InstantTarget.ISO, null, ZoneOffset.UTC, ZoneOffset.UTC,
            DateTarget.KEEP, TimeTarget.KEEP, SpecialValues.NULL);

    /** The name of the {@code iso} output schema: an ISO-8601 instant with its offset, what Debezium calls it. */
    static final String ZONED_TIMESTAMP = TemporalType.ZONED_TIMESTAMP.schemaName();

    /**
     * The operation on a field of {@code schema}.
     *
     * @param path    the field, for messages
     * @param unit    the entry's unit, or null; used only when the schema has no temporal name
     * @param literal whether the field was named literally (a field that cannot be converted is then
     *                an error) rather than matched by a pattern or found by the walk (it is left alone)
     * @throws DataException for a literally named field that cannot be converted
     */
    FieldOperation operation(String path, Schema schema, InputUnit unit, boolean literal) {
        TemporalType type = TemporalType.of(schema);
        if (type != null) {
            return operation(type, schema);
        }
        if (unit != null && fits(unit, schema.type())) {
            Conversion c = Conversion.instant(Conversions.unitReader(unit, sourceZone), unit.fractionDigits(),
                    writer(), what(unit), instants, schema.isOptional(), special);
            return FieldOperation.replace(outputSchema(instantSchema(), schema, c), c);
        }
        if (!literal) {
            return FieldOperation.keep();
        }
        String type2 = Describe.schema(schema);
        throw new DataException(unit == null
                ? "field '" + path + "' is a " + type2 + " without a temporal schema name: list it with its unit ("
                        + path + ":epoch-ms, epoch-s, epoch-us, epoch-ns or iso)"
                : "field '" + path + "' is a " + type2 + ", which unit " + unit.configValue() + " cannot read (it "
                        + (unit == InputUnit.ISO ? "reads strings" : "reads integers") + ")");
    }

    private FieldOperation operation(TemporalType type, Schema schema) {
        switch (type.kind()) {
            case DATE: {
                if (dates == DateTarget.KEEP) {
                    return FieldOperation.keep();
                }
                Conversion c = Conversion.day(Conversions.dayReader(type), Conversions.dayWriter(dates),
                        what(type), dates, schema.isOptional(), special);
                return FieldOperation.replace(outputSchema(dateSchema(), schema, c), c);
            }
            case TIME:
            case ZONED_TIME: {
                if (times == TimeTarget.KEEP) {
                    return FieldOperation.keep();
                }
                Conversion c = Conversion.time(Conversions.timeReader(type), type.fractionDigits(),
                        type.kind() == TemporalType.Kind.ZONED_TIME, Conversions.timeWriter(times), what(type),
                        times, schema.isOptional(), special);
                return FieldOperation.replace(outputSchema(timeSchema(), schema, c), c);
            }
            default: {
                Conversion c = Conversion.instant(Conversions.instantReader(type, sourceZone), type.fractionDigits(),
                        writer(), what(type), instants, schema.isOptional(), special);
                return FieldOperation.replace(outputSchema(instantSchema(), schema, c), c);
            }
        }
    }

    /**
     * The operation on a schemaless field: a {@code java.util.Date} is a timestamp; other values are
     * read with {@code unit}. Without a unit, a literally named field that is not a Date fails its
     * record; a pattern leaves it.
     */
    FieldOperation schemaless(String path, InputUnit unit, boolean literal) {
        // a schemaless Date is an instant, as Kafka's TimestampConverter reads it
        Conversion dates = Conversion.instant(Conversions.instantReader(TemporalType.CONNECT_TIMESTAMP,
                ZoneOffset.UTC), 3, writer(), "a java.util.Date", instants, true, special);
        Conversion units = unit == null ? null : Conversion.instant(Conversions.unitReader(unit, sourceZone),
                unit.fractionDigits(), writer(), what(unit), instants, true, special);
        return FieldOperation.replace(v -> {
            if (v instanceof java.util.Date) {
                return dates.apply(v);
            }
            if (units != null) {
                // a pattern passes over values its unit cannot read, as it passes over such fields of a schema
                return literal || fitsValue(unit, v) ? units.apply(v) : v;
            }
            if (v != null && literal) {
                throw new DataException("field '" + path + "' holds a " + Describe.type(v) + " without a schema: "
                        + "list it with its unit (" + path + ":epoch-ms, epoch-s, epoch-us, epoch-ns or iso)");
            }
            return v;
        });
    }

    private Conversions.InstantWriter writer() {
        return Conversions.instantWriter(instants, targetZone, format);
    }

    private static boolean fits(InputUnit unit, Schema.Type type) {
        if (unit == InputUnit.ISO) {
            return type == Schema.Type.STRING;
        }
        return type == Schema.Type.INT64 || type == Schema.Type.INT32 || type == Schema.Type.INT16
                || type == Schema.Type.INT8;
    }

    private static boolean fitsValue(InputUnit unit, Object v) {
        if (unit == InputUnit.ISO) {
            return v instanceof String;
        }
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private SchemaBuilder instantSchema() {
        switch (instants) {
            case ISO:
                return SchemaBuilder.string().name(ZONED_TIMESTAMP).version(1);
            case TIMESTAMP:
                return Timestamp.builder();
            case FORMAT:
                return SchemaBuilder.string();
            default:
                return SchemaBuilder.int64();
        }
    }

    private SchemaBuilder dateSchema() {
        switch (dates) {
            case ISO:
                return SchemaBuilder.string();
            case DATE:
                return Date.builder();
            default:
                return SchemaBuilder.int32();
        }
    }

    private SchemaBuilder timeSchema() {
        switch (times) {
            case ISO:
                return SchemaBuilder.string();
            case TIME:
                return Time.builder();
            default:
                return SchemaBuilder.int64();
        }
    }

    /** The target schema with the input's optionality, doc and default (converted; dropped if it cannot be). */
    private static Schema outputSchema(SchemaBuilder b, Schema input, Conversion c) {
        if (input.isOptional()) {
            b.optional();
        }
        if (input.doc() != null) {
            b.doc(input.doc());
        }
        if (input.defaultValue() != null) {
            try {
                Object converted = c.apply(input.defaultValue());
                if (converted != null) {
                    b.defaultValue(converted);
                }
            } catch (DataException e) {
                // a default the target cannot hold: none (documented)
            }
        }
        return b.build();
    }

    private static String what(TemporalType type) {
        String name = type.schemaName();
        return "a " + name.substring(name.lastIndexOf('.') + 1) + " (" + name + ")";
    }

    private static String what(InputUnit unit) {
        return unit == InputUnit.ISO ? "ISO-8601 text" : "an integer of " + unit.configValue();
    }
}
