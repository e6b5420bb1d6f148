package io.cdckit.smt.routing;

import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.Records;
import io.cdckit.core.time.TemporalType;
import io.cdckit.core.time.Temporals;
import io.cdckit.smt.routing.OutboxOptions.MissingColumn;
import io.cdckit.smt.routing.OutboxOptions.Placement;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OutboxRouter} makes of the rows of one outbox table schema: the columns it reads,
 * resolved against the envelope's {@code after} schema once ("compile per schema, apply per
 * record"), and the event record a row turns into. One plan per envelope schema; one more, with no
 * schema, for schemaless envelopes (its columns are looked up in each row's map).
 *
 * <p>A row schema the configuration cannot route (a column missing, of a type it cannot take) is
 * not refused when the plan is made: every event of it fails with the problem, and its deletes,
 * updates and tombstones are still dropped, as Debezium's {@code EventRouter} does. Immutable and
 * thread-safe.
 */
final class OutboxPlan {

    /** The envelope field of the payload, when additional columns go into the value. */
    static final String PAYLOAD = "payload";
    /** The header of the event id. */
    static final String ID_HEADER = "id";

    /** A column of the row: a resolved field, or (schemaless) a map key. */
    private record Column(String name, Field field) {
        Object read(Object row) {
            return field != null ? ((Struct) row).get(field) : ((Map<?, ?>) row).get(name);
        }

        Schema schema() {
            return field == null ? null : field.schema();
        }

        String path() {
            return "after." + name;
        }
    }

    private final OutboxSettings s;
    /** The row schema; null for schemaless rows and for an envelope whose after image is not a row struct. */
    private final Schema rowSchema;
    private final boolean schemaless;
    /** Whether the value is a struct (or map) of the payload and envelope columns. */
    private final boolean envelopeValue;
    private final Field opField;
    private final Field afterField;
    private final Field tsMsField;
    private final Column id;
    private final Column key;
    private final Column payload;
    private final Column route;
    private final Column timestamp;
    private final TemporalType timestampType;
    /** Read only with an envelope value, as Debezium does. */
    private final Column version;
    private final List<Column> headers = new ArrayList<>();
    private final List<String> headerNames = new ArrayList<>();
    private final List<Column> envelope = new ArrayList<>();
    private final List<String> envelopeNames = new ArrayList<>();
    private final Column partition;
    /** What makes every event of this row schema fail, or null; at {@link #problemPath}. */
    private String problem;
    private String problemPath;
    /** The value schema's name around the routed value: {@code <prefix><value><suffix>}. */
    private final String namePrefix;
    private final String nameSuffix;

    private OutboxPlan(OutboxSettings s, EnvelopeSchema env) {
        this.s = s;
        this.opField = env == null ? null : env.opField();
        this.afterField = env == null ? null : env.afterField();
        this.tsMsField = env == null ? null : env.tsMsField();
        Schema row = env == null ? null : env.afterSchema();
        boolean rows = row != null && row.type() == Schema.Type.STRUCT && env.dialect() == Dialect.DEBEZIUM;
        this.rowSchema = rows ? row : null;
        if (env != null && !rows) {
            fail("after", row == null ? "is missing: the change event has no after image"
                    : "is not a row struct: a " + env.dialect() + " change event is not an outbox table's");
        }
        this.schemaless = env == null;
        this.envelopeValue = s.envelopeValue();
        this.id = column(s.idColumn(), "the event id (table.field.event.id)");
        this.payload = column(s.payloadColumn(), "the payload (table.field.event.payload)");
        this.key = column(s.keyColumn(), "the event key (table.field.event.key)");
        this.route = typed(column(s.routeColumn(), "the topic (route.by.field)"), Schema.Type.STRING);
        Column ts = s.timestampColumn() == null ? null
                : column(s.timestampColumn(), "the timestamp (table.field.event.timestamp)");
        this.timestamp = ts;
        this.timestampType = ts == null || ts.field() == null ? null : timestampType(ts);
        this.version = s.versionColumn() == null || !envelopeValue ? null
                : typed(column(s.versionColumn(), "the schema version (table.field.event.schema.version)"),
                        Schema.Type.INT32);
        Column part = null;
        for (Placement p : s.placements()) {
            Column c = additional(p);
            if (c == null) {
                continue;
            }
            switch (p.place()) {
                case HEADER -> {
                    headers.add(c);
                    headerNames.add(p.alias());
                }
                case ENVELOPE -> {
                    envelope.add(c);
                    envelopeNames.add(p.alias());
                }
                default -> part = typed(c, Schema.Type.INT32);
            }
        }
        this.partition = part;
        String name = row == null ? null : row.name();
        int dot = name == null ? -1 : name.lastIndexOf('.');
        this.namePrefix = name == null ? "" : dot < 0 ? "" : name.substring(0, dot + 1);
        this.nameSuffix = name == null ? "" : dot < 0 ? "." + name : name.substring(dot);
    }

    /** The plan of an envelope schema, or null for a record the router passes on (not named {@code *.Envelope}). */
    static OutboxPlan compile(OutboxSettings s, Schema valueSchema) {
        String name = valueSchema.name();
        if (name == null || !name.endsWith(EnvelopeSchema.ENVELOPE_SUFFIX)) {
            return null;
        }
        EnvelopeSchema env = EnvelopeSchema.detect(valueSchema);
        if (env == null) {
            throw new DataException("the value schema is named as a change event envelope (*.Envelope) but is not one "
                    + "(a string field op, and struct before and after)");
        }
        return new OutboxPlan(s, env);
    }

    /** The plan of schemaless envelopes. */
    static OutboxPlan schemaless(OutboxSettings s) {
        return new OutboxPlan(s, null);
    }

    private void fail(String path, String what) {
        if (problem == null) {
            problem = what;
            problemPath = path;
        }
    }

    private Column column(String name, String what) {
        if (schemaless) {
            return new Column(name, null);
        }
        Field f = rowSchema == null ? null : rowSchema.field(name);
        if (f == null && rowSchema != null) {
            fail("after." + name, "is missing: the row has no column for " + what);
        }
        return new Column(name, f);
    }

    private Column typed(Column c, Schema.Type type) {
        if (c.field() != null && c.field().schema().type() != type) {
            fail(c.path(), "is " + Describe.schema(c.field().schema()) + ", not " + type);
        }
        return c;
    }

    private TemporalType timestampType(Column c) {
        TemporalType t = TemporalType.of(c.field().schema());
        if (t == null || (t.kind() != TemporalType.Kind.TIMESTAMP && t.kind() != TemporalType.Kind.ZONED_TIMESTAMP)) {
            fail(c.path(), "is " + Describe.schema(c.field().schema()) + ", not a timestamp (io.debezium.time.Timestamp, "
                    + "MicroTimestamp, NanoTimestamp, ZonedTimestamp, IsoTimestamp or Connect's Timestamp)");
            return null;
        }
        return t;
    }

    /** The column of an additional placement; null when it is missing and missing columns are ignored. */
    private Column additional(Placement p) {
        if (schemaless || rowSchema == null || rowSchema.field(p.column()) != null || s.missing() == MissingColumn.ERROR) {
            return column(p.column(), "the additional " + p.place().name().toLowerCase(java.util.Locale.ROOT)
                    + " '" + p.alias() + "' (table.fields.additional.placement)");
        }
        return null;
    }

    // ------------------------------------------------------------------ apply

    /** The event of an envelope of this plan's schema, or null to drop it. */
    <R extends ConnectRecord<R>> R apply(R record, Struct envelope) {
        Object op = envelope.get(opField);
        if (!s.router().routes(record, (String) op)) {
            return null;
        }
        Object row = envelope.get(afterField);
        if (problem != null) {
            throw new FieldPathException(problemPath, problem, null);
        }
        if (row == null) {
            throw new FieldPathException("after", "is null: a " + op + " event without an after image", null);
        }
        Long ts = tsMsField == null ? record.timestamp() : (Long) envelope.get(tsMsField);
        return route(record, row, ts);
    }

    /** The event of a schemaless envelope's {@code after} map, or null to drop it. */
    <R extends ConnectRecord<R>> R apply(R record, String op, Object after, Long envelopeTs) {
        if (!s.router().routes(record, op)) {
            return null;
        }
        if (!(after instanceof Map)) {
            throw new FieldPathException("after", after == null ? "is null: a " + op + " event without an after image"
                    : "is " + Describe.type(after) + ", not a map", null);
        }
        return route(record, after, envelopeTs == null ? record.timestamp() : envelopeTs);
    }

    private <R extends ConnectRecord<R>> R route(R record, Object row, Long envelopeTs) {
        Long ts = envelopeTs;
        if (timestamp != null) {
            Object t = present(row, timestamp);
            ts = t == null ? envelopeTs : millis(t);
        }
        Headers out = record.headers().duplicate();
        Object eventId = present(row, id);
        if (eventId == null && id.field() != null && !id.field().schema().isOptional()) {
            throw new FieldPathException(id.path(), "is null but its schema is required (the event id header)", null);
        }
        out.add(ID_HEADER, eventId, id.schema());

        Schema payloadSchema = payload.schema();
        Object payloadValue = present(row, payload);
        if (s.json() != null) {
            JsonPayloads.Expansion x = expanded(record, payloadValue);
            if (x != null) {
                payloadSchema = x.schema();
                payloadValue = x.value();
            }
        }
        String routed = routedValue(row);
        Schema valueSchema = payloadSchema;
        Object value = payloadValue;
        if (s.tombstoneOnEmpty() && (value == null || value instanceof String str && str.trim().isEmpty())) {
            valueSchema = null;
            value = null;
        } else if (envelopeValue && schemaless) {
            value = envelopeMap(row, payloadValue);
        } else if (envelopeValue) {
            Integer schemaVersion = version == null ? null : (Integer) version.read(row);
            RawStructs.Writer w = s.router().valueWriter(this, routed, schemaVersion, payloadSchema);
            value = envelopeStruct(w, row, payloadValue);
            valueSchema = w.schema();
        }
        for (int i = 0; i < headers.size(); i++) {
            Column c = headers.get(i);
            if (!skipped(row, c)) {
                out.add(headerNames.get(i), present(row, c), c.schema());
            }
        }
        return Records.edit(record).topic(s.topics().topic(routed)).partition(partition(record, row))
                .key(key.schema(), present(row, key)).value(valueSchema, value).timestamp(ts).headers(out)
                .build();
    }

    /** The expansion of a JSON payload; null (logged) for one left as it is. */
    private JsonPayloads.Expansion expanded(ConnectRecord<?> record, Object payloadValue) {
        if (payloadValue instanceof String text) {
            JsonPayloads.Expansion x = s.json().expand(text, schemaless);
            if (x.problem() == null) {
                return x;
            }
            s.router().unexpanded(record, payload.name(), x.problem());
        } else if (payloadValue != null) {
            s.router().unexpanded(record, payload.name(), "it is " + Describe.type(payloadValue) + ", not JSON text");
        }
        return null;
    }

    private Struct envelopeStruct(RawStructs.Writer w, Object row, Object payloadValue) {
        Struct v = w.newStruct();
        Object[] slots = w.slots(v);
        w.set(v, slots, 0, payloadValue);
        for (int i = 0; i < envelope.size(); i++) {
            w.set(v, slots, i + 1, envelope.get(i).read(row));
        }
        return v;
    }

    private Map<String, Object> envelopeMap(Object row, Object payloadValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PAYLOAD, payloadValue);
        for (int i = 0; i < envelope.size(); i++) {
            if (!skipped(row, envelope.get(i))) {
                m.put(envelopeNames.get(i), present(row, envelope.get(i)));
            }
        }
        return m;
    }

    /**
     * The event's partition: the partition column's value; otherwise none for a source record (the
     * producer's partitioner picks one from the key, as with Debezium's router), and a sink record's
     * own (a sink record must have one).
     */
    private Integer partition(ConnectRecord<?> record, Object row) {
        Integer own = record instanceof SinkRecord ? record.kafkaPartition() : null;
        if (partition == null || skipped(row, partition)) {
            return own;
        }
        Integer p = partitionOf(present(row, partition));
        return p != null ? p : own;
    }

    /** A column's value; for a schemaless row, a missing column fails (it is resolved for a Struct row). */
    private Object present(Object row, Column c) {
        if (c.field() == null && !((Map<?, ?>) row).containsKey(c.name())) {
            throw new FieldPathException(c.path(), "is missing: the row has no such column", null);
        }
        return c.read(row);
    }

    /** Whether an additional column is left out: a schemaless row lacks it and missing columns are ignored. */
    private boolean skipped(Object row, Column c) {
        return c.field() == null && s.missing() == MissingColumn.IGNORE && !((Map<?, ?>) row).containsKey(c.name());
    }

    private String routedValue(Object row) {
        Object v = present(row, route);
        if (v instanceof String str) {
            return str;
        }
        throw new FieldPathException(route.path(), v == null ? "is null: the topic is made from it (route.by.field)"
                : "is " + Describe.type(v) + ", not a string (route.by.field)", null);
    }

    private long millis(Object t) {
        TemporalType type = timestampType;
        if (type == null) { // schemaless: text or a Date carries its meaning, a number no unit
            type = t instanceof String ? TemporalType.ZONED_TIMESTAMP
                    : t instanceof java.util.Date ? TemporalType.CONNECT_TIMESTAMP : null;
            if (type == null) {
                throw new FieldPathException(timestamp.path(), "is " + Describe.type(t) + ": a schemaless number has no "
                        + "unit (use ISO-8601 text, or leave table.field.event.timestamp unset)", null);
            }
        }
        try {
            return Temporals.epochMillis(type, t);
        } catch (DateTimeException e) {
            throw new FieldPathException(timestamp.path(), "is not a timestamp: " + e.getMessage(), null);
        }
    }

    private Integer partitionOf(Object v) {
        if (v == null || v instanceof Integer) {
            return (Integer) v;
        }
        if ((v instanceof Long || v instanceof Short || v instanceof Byte)
                && ((Number) v).longValue() == ((Number) v).intValue()) {
            return ((Number) v).intValue();
        }
        throw new FieldPathException(partition.path(), "is " + Describe.type(v) + ", not an int32 partition", null);
    }

    /**
     * The writer of the value struct for events routed by {@code routed}: named
     * {@code <row schema's namespace>.<routed>.<row schema's simple name>}, of version
     * {@code version}, with the payload of {@code payloadSchema} and the envelope columns. Made by
     * the router's cache of them, so that it is made once per combination.
     */
    RawStructs.Writer valueWriter(String routed, Integer version, Schema payloadSchema) {
        SchemaBuilder b = SchemaBuilder.struct().name(namePrefix + routed + nameSuffix).version(version);
        List<Schema> proven = new ArrayList<>();
        b.field(PAYLOAD, payloadSchema);
        proven.add(payloadSchema);
        for (int i = 0; i < envelope.size(); i++) {
            b.field(envelopeNames.get(i), envelope.get(i).schema());
            proven.add(envelope.get(i).schema()); // values are read from a field of this schema
        }
        return RawStructs.writer(b.build(), proven);
    }
}
