package io.cdckit.smt.time;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.Describe;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.time.TemporalType;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code record.timestamp.field}: the instant at a path of the (input) record's side becomes the
 * record's timestamp, in the scope {@code envelope.mode} gives the row rewrite.
 * {@code $envelope.<path>} reads the change-event envelope ({@code $envelope.source.ts_ms}); another
 * path reads the row: a plain row (not in {@code row} mode), or a change event's row image (its
 * {@code after}, the {@code before} of a delete; Maxwell's {@code data}); in {@code off} mode the
 * value as it is. A value of a temporal schema is read by its name, a bare integer in the entry's
 * unit (default {@code epoch-ms}), bare text as ISO-8601. A record without the field, or with null
 * there, keeps its timestamp; PostgreSQL's infinity fails the record only with
 * {@code special.values=fail}, and otherwise keeps it too.
 */
final class RecordTimestamp {

    private final String entry;
    private final boolean envelope;
    private final FieldPath path;
    private final InputUnit unit;
    private final ZoneId sourceZone;
    private final boolean failOnSpecial;
    private final EnvelopeMode mode;
    /** Schemaless values: how integers and text are read. */
    private final Conversions.InstantReader integers;
    private final Conversions.InstantReader texts;
    private final PlanCache<Schema, Function<Struct, Long>> readers;

    /**
     * @param entry      the configured {@code path[:unit]}
     * @param cache      makes the cache of readers per value schema (the transform's measured one)
     */
    RecordTimestamp(PathMapping entry, ZoneId sourceZone, SpecialValues special, EnvelopeMode mode,
                    Function<Function<Schema, Function<Struct, Long>>, PlanCache<Schema, Function<Struct, Long>>> cache) {
        this.entry = entry.entry();
        this.envelope = entry.path().startsWith(RowPlan.ENVELOPE);
        this.path = envelope ? entry.path().subPath(1) : entry.path();
        this.unit = entry.hasTarget() ? InputUnit.parse(entry.target()) : null;
        this.sourceZone = sourceZone;
        this.failOnSpecial = special == SpecialValues.FAIL;
        this.mode = mode;
        this.integers = Conversions.unitReader(unit != null ? unit : InputUnit.EPOCH_MS, sourceZone);
        this.texts = Conversions.unitReader(unit != null ? unit : InputUnit.ISO, sourceZone);
        this.readers = cache.apply(this::compile);
    }

    /** The record timestamp (epoch ms) {@code value} holds, or null to keep the record's. */
    Long read(Object value) {
        if (value instanceof Struct s) {
            return readers.get(s.schema()).apply(s);
        }
        if (value instanceof Map<?, ?> m) {
            return readMap(m);
        }
        return null;
    }

    // ------------------------------------------------------------------ Struct values

    private Function<Struct, Long> compile(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT || ChangeEvents.isControlRecord(schema)) {
            return s -> null;
        }
        EnvelopeSchema env = mode == EnvelopeMode.OFF ? null : EnvelopeSchema.detect(schema);
        if (env == null) {
            return envelope || mode == EnvelopeMode.ROW ? s -> null : reader(schema, s -> s);
        }
        if (envelope) {
            return reader(schema, s -> s);
        }
        if (env.isFlat()) {
            return flatReader(env);
        }
        if (env.isMessage() || env.afterField() == null || env.beforeField() == null) {
            return s -> null;
        }
        String after = env.afterField().name();
        String before = env.beforeField().name();
        Function<Struct, Long> fromAfter = reader(env.afterSchema(), s -> s.getStruct(after));
        Function<Struct, Long> fromBefore = reader(env.beforeSchema(), s -> s.getStruct(before));
        return s -> s.get(after) != null ? fromAfter.apply(s) : fromBefore.apply(s);
    }

    /**
     * GoldenGate's and Canal's rows, read through the view as the Map form reads them: the row
     * (Canal: {@code data[0]}), of the after-row schema, or of the deleted-row schema for a delete.
     */
    private Function<Struct, Long> flatReader(EnvelopeSchema env) {
        Function<Struct, Long> fromAfter = env.afterRowSchema() == null ? s -> null
                : reader(env.afterRowSchema(), r -> r);
        Function<Struct, Long> fromDeleted = env.deletedRowSchema() == null ? s -> null
                : reader(env.deletedRowSchema(), r -> r);
        return s -> {
            ChangeEvent ev = env.view(s);
            Operation op = ev.op();
            if (op == null || !op.carriesRow() || !(ev.row() instanceof Struct row)) {
                return null;
            }
            return op.rowIsAfter() ? fromAfter.apply(row) : fromDeleted.apply(row);
        };
    }

    /** Reads the path in the struct {@code row} gives, of schema {@code rowSchema}. */
    private Function<Struct, Long> reader(Schema rowSchema, Function<Struct, Struct> row) {
        if (rowSchema.type() != Schema.Type.STRUCT) {
            return s -> null;
        }
        List<ResolvedPath> resolved = path.resolve(rowSchema, Strictness.LENIENT);
        if (resolved.isEmpty()) {
            return s -> null;
        }
        ResolvedPath field = resolved.get(0);
        Function<Object, Instant> instant = instantOf(field.schema());
        return s -> {
            Struct r = row.apply(s);
            Object v = r == null ? null : field.get(r);
            return v == null ? null : millis(instant, v);
        };
    }

    /** How a value of the field's schema becomes an instant. */
    private Function<Object, Instant> instantOf(Schema schema) {
        TemporalType type = TemporalType.of(schema);
        if (type != null) {
            if (type.kind() != TemporalType.Kind.TIMESTAMP && type.kind() != TemporalType.Kind.ZONED_TIMESTAMP) {
                throw new DataException("record.timestamp.field '" + entry + "' is a " + type.schemaName()
                        + ", not a timestamp");
            }
            Conversions.InstantReader r = Conversions.instantReader(type, sourceZone);
            return r::read;
        }
        Schema.Type t = schema.type();
        boolean integral = t == Schema.Type.INT8 || t == Schema.Type.INT16 || t == Schema.Type.INT32
                || t == Schema.Type.INT64;
        if (t == Schema.Type.STRING && (unit == null || unit == InputUnit.ISO)) {
            return texts::read;
        }
        if (integral && unit != InputUnit.ISO) {
            return integers::read;
        }
        throw new DataException("record.timestamp.field '" + entry + "' is a " + Describe.schema(schema)
                + (unit == null ? ", not a timestamp, an integer or a string"
                : ", which unit " + unit.configValue() + " cannot read"));
    }

    // ------------------------------------------------------------------ Map values

    private Long readMap(Map<?, ?> value) {
        if (ChangeEvents.isControlRecord(value)) {
            return null;
        }
        ChangeEvent ev = mode == EnvelopeMode.OFF ? null : ChangeEvents.detect(value);
        Object v;
        if (ev == null) {
            v = envelope || mode == EnvelopeMode.ROW ? null : path.lookup(value);
        } else if (envelope) {
            v = path.lookup(value);
        } else {
            Object row = ev.row() != null ? ev.row() : ev.after() != null ? ev.after() : ev.before();
            v = row instanceof Map<?, ?> m ? path.lookup(m) : null;
        }
        if (v == null || v == MapPaths.MISSING) {
            return null;
        }
        if (v instanceof java.util.Date d) {
            return d.getTime();
        }
        return millis(v instanceof String ? texts::read : integers::read, v);
    }

    private Long millis(Function<Object, Instant> instant, Object v) {
        try {
            return instant.apply(v).toEpochMilli();
        } catch (Special s) {
            if (failOnSpecial) {
                throw new DataException("record.timestamp.field '" + entry + "': the value is PostgreSQL's "
                        + s.getMessage() + " (special.values=fail)");
            }
            return null;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new DataException("record.timestamp.field '" + entry + "': " + e.getMessage());
        } catch (ClassCastException e) {
            throw new DataException("record.timestamp.field '" + entry + "' holds a " + Describe.type(v)
                    + ", not a timestamp");
        }
    }
}
