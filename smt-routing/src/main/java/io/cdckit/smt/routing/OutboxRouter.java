package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.Records;
import io.cdckit.core.transform.CdcTransform;
import io.cdckit.smt.routing.OutboxOptions.FieldNames;
import io.cdckit.smt.routing.OutboxOptions.InvalidOperation;
import io.cdckit.smt.routing.OutboxOptions.JsonEmptyArrays;
import io.cdckit.smt.routing.OutboxOptions.JsonNulls;
import io.cdckit.smt.routing.OutboxOptions.MissingColumn;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outbox pattern's router, a drop-in for Debezium's {@code io.debezium.transforms.outbox.EventRouter}
 * (3.7): the same keys with the same defaults and meaning. Each insert into the outbox table
 * ({@code c} and snapshot {@code r} events) becomes an event on the topic its
 * {@code route.by.field} column names ({@code outbox.event.<aggregatetype>}), keyed by its
 * {@code aggregateid}, the {@code payload} as value, the event {@code id} as header and the change
 * event's {@code ts_ms} (or a timestamp column) as timestamp; more columns go into headers, the
 * value or the partition ({@code table.fields.additional.placement}), and JSON text payloads can be
 * expanded into Connect data ({@code table.expand.json.payload}, the schema inferred once per shape
 * of document). For events of Debezium's Oracle connector, the column keys that are not set default
 * to upper case ({@code ID}, {@code AGGREGATEID}, {@code PAYLOAD}, {@code AGGREGATETYPE}), as that
 * connector's {@code EventRouterConfigurationProvider} makes Debezium's router default them.
 *
 * <p>Deletes, truncates and every tombstone are dropped; an update follows
 * {@code table.op.invalid.behavior}. Records that are not change events ({@code *.Envelope}
 * schemas, or their schemaless maps) pass through. Schemaless envelopes (which Debezium's passes on
 * untouched) are routed the same way, with schemaless keys, values and headers. Where Debezium's
 * output depends on the records it saw before, this transform's does not, and where Debezium fails
 * with a {@code NullPointerException} or puts the record key in a message, this one fails with a
 * {@code DataException} naming the column; the differences are listed in the README.
 *
 * @param <R> the record type
 */
public class OutboxRouter<R extends ConnectRecord<R>> extends CdcTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRouter.class);

    public static final String EVENT_ID = "table.field.event.id";
    public static final String EVENT_KEY = "table.field.event.key";
    public static final String EVENT_TYPE = "table.field.event.type";
    public static final String EVENT_PAYLOAD = "table.field.event.payload";
    public static final String EVENT_TIMESTAMP = "table.field.event.timestamp";
    public static final String EVENT_SCHEMA_VERSION = "table.field.event.schema.version";
    public static final String ADDITIONAL_PLACEMENT = "table.fields.additional.placement";
    public static final String ADDITIONAL_MISSING = "table.field.additional.missing";
    public static final String OP_INVALID_BEHAVIOR = "table.op.invalid.behavior";
    public static final String EXPAND_JSON_PAYLOAD = "table.expand.json.payload";
    public static final String JSON_NULL_BEHAVIOR = "table.json.payload.null.behavior";
    public static final String JSON_EMPTY_ARRAY_BEHAVIOR = "table.json.payload.empty.array.behavior";
    public static final String FIELD_NAME_ADJUSTMENT_MODE = "field.name.adjustment.mode";
    public static final String ROUTE_BY_FIELD = "route.by.field";
    public static final String ROUTE_TOPIC_REGEX = "route.topic.regex";
    public static final String ROUTE_TOPIC_REPLACEMENT = "route.topic.replacement";
    public static final String ROUTE_TOMBSTONE_ON_EMPTY_PAYLOAD = "route.tombstone.on.empty.payload";
    public static final String TRACING_SPAN_CONTEXT_FIELD = "tracing.span.context.field";
    public static final String TRACING_OPERATION_NAME = "tracing.operation.name";
    public static final String TRACING_WITH_CONTEXT_FIELD_ONLY = "tracing.with.context.field.only";

    private static final String ORACLE_DEFAULT = " Not set, for events of Debezium's Oracle connector (source.connector "
            + "oracle), as with Debezium's router there: ";
    private static final String IGNORED = " Accepted for Debezium's configurations and ignored: OutboxRouter opens no "
            + "tracing span.";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .string(EVENT_ID, "id", "The outbox table's column of the event id; every event gets it as its header 'id', "
                    + "with the column's schema." + ORACLE_DEFAULT + "ID.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.LOW)
            .string(EVENT_KEY, "aggregateid", "The column of the event key: the event's Kafka key, with the column's "
                    + "schema (a null value gives a null key)." + ORACLE_DEFAULT + "AGGREGATEID.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.LOW)
            .string(EVENT_TYPE, "type", "The column of the event type. As in Debezium 3.7, which declares it but reads "
                    + "it nowhere, it has no effect; to send the type along, place it: "
                    + ADDITIONAL_PLACEMENT + "=type:header:eventType.")
            .importance(ConfigDef.Importance.LOW)
            .string(EVENT_PAYLOAD, "payload", "The column of the event payload: the event's value, with the column's "
                    + "schema, or the value's field 'payload' when columns are placed in the envelope. It also names "
                    + "the struct of an expanded JSON payload." + ORACLE_DEFAULT + "PAYLOAD.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.LOW)
            .string(EVENT_TIMESTAMP, null, "The column of the event's Kafka timestamp: io.debezium.time.Timestamp, "
                    + "MicroTimestamp or NanoTimestamp as in Debezium, and also ZonedTimestamp, IsoTimestamp and "
                    + "Connect's Timestamp (schemaless rows: ISO-8601 text); a fraction of a millisecond is dropped toward "
                    + "the epoch, as Debezium divides. Unset, or where the column is null (of any type): the change "
                    + "event's ts_ms.")
            .string(EVENT_SCHEMA_VERSION, null, "An INT32 column whose value is the version of the value's schema. "
                    + "As in Debezium, only with a column placed in the envelope (the value is the payload otherwise).")
            .importance(ConfigDef.Importance.LOW)
            .list(ADDITIONAL_PLACEMENT, "Columns sent along with each event, as column:placement or "
                    + "column:placement:alias. header: a header named by the alias, with the column's schema. "
                    + "envelope: a field of the value, which becomes a struct of 'payload' and these fields, named "
                    + "<row schema's namespace>.<route.by.field value>.<row schema's name>. partition: the INT32 "
                    + "column is the Kafka partition (no alias).")
            .validator(Validators.explained("a list of column:placement[:alias] (placement header, envelope or "
                    + "partition)", v -> OutboxOptions.placementProblem((List<?>) v)))
            .importance(ConfigDef.Importance.HIGH)
            .choice(ADDITIONAL_MISSING, MissingColumn.class, MissingColumn.ERROR, "What a column of "
                    + ADDITIONAL_PLACEMENT + " that a row lacks does: error (the event fails) or ignore (the entry is "
                    + "skipped).")
            .choice(OP_INVALID_BEHAVIOR, InvalidOperation.class, InvalidOperation.WARN, "What an update of the outbox "
                    + "table does (an outbox table takes inserts; its deletes, truncates and tombstones are dropped): "
                    + "warn (dropped with a warning), error (dropped, logged as an error), fatal (the record fails).")
            .bool(EXPAND_JSON_PAYLOAD, false, "Whether a payload that is JSON text (an object or an array) becomes "
                    + "Connect data, its schema inferred once per shape of document. Other text, and a document the "
                    + "inference gives no schema, is left as it is, with a warning.")
            .choice(JSON_NULL_BEHAVIOR, JsonNulls.class, JsonNulls.IGNORE, "With " + EXPAND_JSON_PAYLOAD + ", what a "
                    + "JSON null does: ignore (its field is left out of the schema) or optional_bytes (an optional "
                    + "bytes field, null).")
            .choice(JSON_EMPTY_ARRAY_BEHAVIOR, JsonEmptyArrays.class, JsonEmptyArrays.IGNORE, "With "
                    + EXPAND_JSON_PAYLOAD + ", what an empty JSON array does: ignore (its field is left out of the "
                    + "schema) or optional_string (an optional array of optional strings).")
            .choice(FIELD_NAME_ADJUSTMENT_MODE, FieldNames.class, FieldNames.NONE, "With " + EXPAND_JSON_PAYLOAD
                    + ", how JSON keys become field names: none, avro (a character Avro does not allow becomes _), "
                    + "avro_unicode (it becomes _u and its code). A key of Debezium's connectors that its EventRouter "
                    + "reads too.")
            .importance(ConfigDef.Importance.LOW)
            .string(ROUTE_BY_FIELD, "aggregatetype", "The STRING column whose value makes the event's topic, through "
                    + ROUTE_TOPIC_REGEX + " and " + ROUTE_TOPIC_REPLACEMENT + "; a null value fails the event."
                    + ORACLE_DEFAULT + "AGGREGATETYPE.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.HIGH)
            .regex(ROUTE_TOPIC_REGEX, "(?<routedByValue>.*)", "A regular expression matched against the whole value "
                    + "of " + ROUTE_BY_FIELD + ": if it matches, the topic is " + ROUTE_TOPIC_REPLACEMENT
                    + " with its groups, otherwise the value itself (as Kafka's RegexRouter does).")
            .importance(ConfigDef.Importance.LOW)
            .string(ROUTE_TOPIC_REPLACEMENT, "outbox.event.${routedByValue}", "The topic of a value "
                    + ROUTE_TOPIC_REGEX + " matches, in Java's replacement syntax: ${name} and $1 are its groups.")
            .rule(v -> v.get(ROUTE_TOPIC_REGEX) == null || v.get(ROUTE_TOPIC_REPLACEMENT) == null ? null
                    : OutboxTopics.replacementProblem(String.valueOf(v.get(ROUTE_TOPIC_REGEX)),
                            String.valueOf(v.get(ROUTE_TOPIC_REPLACEMENT))))
            .importance(ConfigDef.Importance.HIGH)
            .bool(ROUTE_TOMBSTONE_ON_EMPTY_PAYLOAD, false, "Whether an event whose payload is null or blank text "
                    + "becomes a tombstone (null value and value schema; topic, key, headers and timestamp kept).")
            .importance(ConfigDef.Importance.HIGH)
            .string(TRACING_SPAN_CONTEXT_FIELD, "tracingspancontext", "Debezium's column of a serialized tracing span "
                    + "context." + IGNORED)
            .importance(ConfigDef.Importance.LOW)
            .string(TRACING_OPERATION_NAME, "debezium-read", "Debezium's name of its tracing span." + IGNORED)
            .importance(ConfigDef.Importance.LOW)
            .bool(TRACING_WITH_CONTEXT_FIELD_ONLY, false, "Debezium's switch to trace only events with a span "
                    + "context." + IGNORED)
            .importance(ConfigDef.Importance.LOW)
            .build();

    private static final Set<Dialect> DEBEZIUM = EnumSet.of(Dialect.DEBEZIUM);
    /** The {@code source.connector} of Debezium's Oracle connector's events. */
    static final String ORACLE = "oracle";

    private InvalidOperation invalid;
    private PlanCache<Schema, OutboxPlan> plans;
    private OutboxPlan schemaless;
    /** The plan of schemaless events whose source block says {@code connector: oracle}. */
    private OutboxPlan schemalessOracle;
    private PlanCache<ValueKey, RawStructs.Writer> valueWriters;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        invalid = config.getEnum(OP_INVALID_BEHAVIOR, InvalidOperation.class);
        String payload = config.getString(EVENT_PAYLOAD);
        JsonPayloads json = !config.getBoolean(EXPAND_JSON_PAYLOAD) ? null : new JsonPayloads(
                new JsonShapes(config.getEnum(JSON_NULL_BEHAVIOR, JsonNulls.class),
                        config.getEnum(JSON_EMPTY_ARRAY_BEHAVIOR, JsonEmptyArrays.class),
                        config.getEnum(FIELD_NAME_ADJUSTMENT_MODE, FieldNames.class)), this::byEquality);
        OutboxSettings settings = new OutboxSettings(this, config.getString(EVENT_ID),
                config.getString(EVENT_KEY), payload, config.getString(ROUTE_BY_FIELD),
                blankToNull(config.getString(EVENT_TIMESTAMP)), blankToNull(config.getString(EVENT_SCHEMA_VERSION)),
                OutboxOptions.placements(config.getList(ADDITIONAL_PLACEMENT)),
                config.getEnum(ADDITIONAL_MISSING, MissingColumn.class),
                config.getBoolean(ROUTE_TOMBSTONE_ON_EMPTY_PAYLOAD),
                new OutboxTopics(config.getString(ROUTE_TOPIC_REGEX), config.getString(ROUTE_TOPIC_REPLACEMENT),
                        this::byEquality), json, false);
        OutboxSettings oracle = settings.forOracle(oracleColumn(config, EVENT_ID), oracleColumn(config, EVENT_KEY),
                oracleColumn(config, EVENT_PAYLOAD), oracleColumn(config, ROUTE_BY_FIELD));
        if (settings.versionColumn() != null && !settings.envelopeValue()) {
            LOG.warn("{}{}: {} has no effect without a column placed in the envelope ({}), as in Debezium",
                    displayName(), where(), EVENT_SCHEMA_VERSION, ADDITIONAL_PLACEMENT);
        }
        plans = planCache(schema -> OutboxPlan.compile(settings, oracle, schema));
        schemaless = OutboxPlan.schemaless(settings);
        schemalessOracle = OutboxPlan.schemaless(oracle);
        valueWriters = byEquality(k -> k.plan().valueWriter(k.routed(), k.version(), k.payload()));
    }

    private <K, V> PlanCache<K, V> byEquality(java.util.function.Function<K, V> compiler) {
        return measured(PlanCache.byEquality(schemaCacheSize(), compiler));
    }

    /**
     * A column key's value for events of Debezium's Oracle connector, as its
     * {@code OracleEventRouterConfigurationProvider} gives it: the key's value where it is set, else
     * its default in upper case ({@code ID}, {@code AGGREGATEID}, {@code PAYLOAD},
     * {@code AGGREGATETYPE}; {@code table.field.event.timestamp} has none).
     */
    private static String oracleColumn(TransformConfig config, String key) {
        return config.originals().get(key) != null ? config.getString(key)
                : String.valueOf(CONFIG_DEF.configKeys().get(key).defaultValue).toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        Object value = record.value();
        if (value == null) {
            return null; // every tombstone is dropped, as Debezium's router drops them
        }
        if (value instanceof Struct s) {
            OutboxPlan plan = plans.get(s.schema());
            return plan == null ? record : plan.apply(record, s);
        }
        if (value instanceof Map<?, ?> m && record.valueSchema() == null && !ChangeEvents.isControlRecord(m)) {
            ChangeEvent event = ChangeEvents.detect(m, DEBEZIUM);
            if (event == null) {
                return record;
            }
            return (ORACLE.equals(event.sourceField("connector")) ? schemalessOracle : schemaless).apply(record, event);
        }
        return record;
    }

    /**
     * Whether a change event of operation {@code op} is an outbox event to route: inserts and
     * snapshot reads are (and unknown codes, as in Debezium); deletes and truncates are dropped; an
     * update follows {@code table.op.invalid.behavior}.
     */
    boolean routes(ConnectRecord<?> record, String op) {
        if (op == null) {
            throw new FieldPathException("op", "is null: the change event has no operation", null);
        }
        switch (op) {
            case "d":
            case "t":
                return false;
            case "u":
                switch (invalid) {
                    case WARN -> LOG.warn("{}{}: dropped an update of the outbox table (an outbox table takes inserts; "
                            + "{}=warn) [{}]", displayName(), where(), OP_INVALID_BEHAVIOR, Records.location(record));
                    case ERROR -> LOG.error("{}{}: dropped an update of the outbox table (an outbox table takes "
                            + "inserts; {}=error) [{}]", displayName(), where(), OP_INVALID_BEHAVIOR,
                            Records.location(record));
                    default -> throw new DataException("an update of the outbox table, which takes inserts ("
                            + OP_INVALID_BEHAVIOR + "=fatal)");
                }
                return false;
            default:
                return true;
        }
    }

    /** Logs a payload left as it is although expansion is on; {@code reason} quotes nothing of it. */
    void unexpanded(ConnectRecord<?> record, String column, String reason) {
        LOG.warn("{}{}: the payload column '{}' is left unexpanded: {} [{}]", displayName(), where(), column, reason,
                Records.location(record));
    }

    /** The value struct writer of {@code plan}'s events routed by {@code routed}, made once per combination. */
    RawStructs.Writer valueWriter(OutboxPlan plan, String routed, Integer version, Schema payloadSchema) {
        return valueWriters.get(new ValueKey(plan, routed, version, payloadSchema));
    }

    /** A value schema's key: the plan and the payload schema by identity (each is one object), the rest by value. */
    private record ValueKey(OutboxPlan plan, String routed, Integer version, Schema payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ValueKey k && k.plan == plan && k.payload == payload && k.routed.equals(routed)
                    && Objects.equals(k.version, version);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(plan) * 31 + routed.hashCode()) * 31
                    + System.identityHashCode(payload) + Objects.hashCode(version);
        }
    }
}
