package io.cdckit.smt.routing;

import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.Records;
import io.cdckit.core.row.SchemaGuard;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OutboxRouter} makes of the rows of one outbox table schema: the columns it reads,
 * resolved against the envelope's {@code after} schema once ("compile per schema, apply per
 * record"), and the event record a row turns into. One plan per envelope schema; one more, with no
 * schema, for schemaless envelopes (its columns are looked up in each row's map). The columns are
 * {@link OutboxColumn}s, the event timestamp an {@link OutboxTimestamp}.
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

    private final OutboxSettings s;
    /** The row schema; null for schemaless rows and for an envelope whose after image is not a row struct. */
    private final Schema rowSchema;
    /** Refuses a row struct of another schema than {@link #rowSchema}, whose columns are read by its fields. */
    private final SchemaGuard rowGuard;
    private final boolean schemaless;
    /** Whether the value is a struct (or map) of the payload and envelope columns. */
    private final boolean envelopeValue;
    private final Field opField;
    private final Field afterField;
    private final Field tsMsField;
    private final OutboxColumn id;
    private final OutboxColumn key;
    private final OutboxColumn payload;
    private final OutboxColumn route;
    private final OutboxTimestamp timestamp;
    /** Read only with an envelope value, as Debezium does. */
    private final OutboxColumn version;
    private final List<OutboxColumn> headers = new ArrayList<>();
    private final List<String> headerNames = new ArrayList<>();
    private final List<OutboxColumn> envelope = new ArrayList<>();
    private final List<String> envelopeNames = new ArrayList<>();
    private final OutboxColumn partition;
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
        this.rowGuard = rows ? new SchemaGuard(row) : null;
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
        this.timestamp = OutboxTimestamp.of(s.timestampColumn() == null ? null
                : column(s.timestampColumn(), "the timestamp (table.field.event.timestamp)"));
        this.version = s.versionColumn() == null || !envelopeValue ? null
                : typed(column(s.versionColumn(), "the schema version (table.field.event.schema.version)"),
                        Schema.Type.INT32);
        OutboxColumn part = null;
        for (Placement p : s.placements()) {
            OutboxColumn c = additional(p);
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

    /** The source block schema of Debezium's Oracle connector. */
    static final String ORACLE_SOURCE = "io.debezium.connector.oracle.Source";

    /**
     * The plan of an envelope schema, or null for a record the router passes on (not named
     * {@code *.Envelope}); with {@code oracle}'s settings where the source block is the Oracle
     * connector's.
     */
    static OutboxPlan compile(OutboxSettings s, OutboxSettings oracle, Schema valueSchema) {
        String name = valueSchema.name();
        if (name == null || !name.endsWith(EnvelopeSchema.ENVELOPE_SUFFIX)) {
            return null;
        }
        EnvelopeSchema env = EnvelopeSchema.detect(valueSchema);
        if (env == null) {
            throw new DataException("the value schema is named as a change event envelope (*.Envelope) but is not one "
                    + "(a string field op, and struct before and after)");
        }
        Schema source = env.sourceSchema();
        return new OutboxPlan(source != null && ORACLE_SOURCE.equals(source.name()) ? oracle : s, env);
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

    private OutboxColumn column(String name, String what) {
        if (schemaless) {
            return new OutboxColumn(name, null);
        }
        Field f = rowSchema == null ? null : rowSchema.field(name);
        if (f == null && rowSchema != null) {
            fail("after." + name, "is missing: the row has no column for " + what
                    + (s.oracle() ? ", of an Oracle source: an unset key's default is upper case" : ""));
        }
        return new OutboxColumn(name, f);
    }

    private OutboxColumn typed(OutboxColumn c, Schema.Type type) {
        if (c.field() != null && c.field().schema().type() != type) {
            fail(c.path(), "is " + Describe.schema(c.field().schema()) + ", not " + type);
        }
        return c;
    }

    /** The column of an additional placement; null when it is missing and missing columns are ignored. */
    private OutboxColumn additional(Placement p) {
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
            throw new FieldPathException("after", "is null: " + opText(op) + " without an after image", null);
        }
        rowGuard.check(row, "after");
        Long ts = tsMsField == null ? record.timestamp() : (Long) envelope.get(tsMsField);
        return route(record, row, ts);
    }

    /** The event of a schemaless envelope (its {@code after} map), or null to drop it. */
    <R extends ConnectRecord<R>> R apply(R record, ChangeEvent event) {
        String op = event.opCode();
        if (!s.router().routes(record, op)) {
            return null;
        }
        Object after = event.after();
        if (!(after instanceof Map)) {
            throw new FieldPathException("after", after == null ? "is null: " + opText(op) + " without an after image"
                    : "is " + Describe.type(after) + ", not a map", null);
        }
        // as with a schema: no ts_ms, the record's timestamp; a null ts_ms, none
        Long ts = event.metadata(null, ChangeEvents.FIELD_TS_MS) == ChangeEvent.ABSENT ? record.timestamp()
                : event.tsMs();
        return route(record, after, ts);
    }

    /**
     * The event's op for a message: a Debezium op code as it is, anything else by its type only, since
     * the op field of a broken or foreign envelope may hold any value of the record.
     */
    static String opText(Object op) {
        if (op instanceof String code && code.length() == 1 && "crudtm".contains(code)) {
            return "a " + code + " event";
        }
        return "an event whose op is no Debezium op code (" + Describe.type(op) + ")";
    }

    private <R extends ConnectRecord<R>> R route(R record, Object row, Long envelopeTs) {
        Long ts = timestamp.of(row, envelopeTs);
        Headers out = record.headers().duplicate();
        Object eventId = id.present(row);
        if (eventId == null && id.field() != null && !id.field().schema().isOptional()) {
            throw new FieldPathException(id.path(), "is null but its schema is required (the event id header)", null);
        }
        out.add(ID_HEADER, eventId, id.schema());

        Schema payloadSchema = payload.schema();
        Object payloadValue = payload.present(row);
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
            OutboxColumn c = headers.get(i);
            if (!skipped(row, c)) {
                out.add(headerNames.get(i), c.present(row), c.schema());
            }
        }
        return Records.edit(record).topic(s.topics().topic(routed)).partition(partition(record, row))
                .key(key.schema(), key.present(row)).value(valueSchema, value).timestamp(ts).headers(out)
                .build();
    }

    /** The expansion of a JSON payload; null (logged) for one left as it is. */
    private JsonPayloads.Expansion expanded(ConnectRecord<?> record, Object payloadValue) {
        if (payloadValue instanceof String text) {
            JsonPayloads.Expansion x = s.json().expand(payload.name(), text, schemaless);
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
                m.put(envelopeNames.get(i), envelope.get(i).present(row));
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
        Integer p = partitionOf(partition.present(row));
        return p != null ? p : own;
    }

    /** Whether an additional column is left out: a schemaless row lacks it and missing columns are ignored. */
    private boolean skipped(Object row, OutboxColumn c) {
        return c.field() == null && s.missing() == MissingColumn.IGNORE && !c.has(row);
    }

    private String routedValue(Object row) {
        Object v = route.present(row);
        if (v instanceof String str) {
            return str;
        }
        throw new FieldPathException(route.path(), v == null ? "is null: the topic is made from it (route.by.field)"
                : "is " + Describe.type(v) + ", not a string (route.by.field)", null);
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
