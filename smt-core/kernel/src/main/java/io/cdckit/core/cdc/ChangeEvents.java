package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Schemaless change-event detection, and the field names shared by every envelope. Transforms use
 * {@link ChangeEventDetector}, which adds Struct envelopes (recognised once per schema by
 * {@link EnvelopeSchema#detect}) and the choice of dialects.
 *
 * <p>A schemaless envelope, a {@link Map} as produced by {@code JsonConverter} with
 * {@code schemas.enable=false}, has no schema to compile, so {@link #detect(Map)} decides by the
 * shape of each value: Debezium's first, then Maxwell's ({@link MaxwellChangeEvent}), GoldenGate's
 * ({@link GoldenGateChangeEvent}) and Canal's ({@link CanalChangeEvent}), each by its full shape:
 * every key one the format writes, each of the type it writes.
 *
 * <h2>Detection rules for Debezium maps</h2>
 * A map is recognised as a Debezium envelope only when all of these hold:
 * <ul>
 *   <li>{@code op} is present and is a {@link String} (its value need not be a known code);</li>
 *   <li>{@code source} is present and is a {@link Map};</li>
 *   <li>every key is one of {@code op}, {@code source}, {@code before}, {@code after},
 *       {@code transaction}, {@code ts_ms}, {@code ts_us}, {@code ts_ns}, {@code message} and
 *       {@code updateDescription}. This rules out heartbeats, schema-change events, transaction
 *       metadata and ordinary rows, which all have other keys or lack {@code op} or
 *       {@code source};</li>
 *   <li>{@code before} and {@code after} are each absent, null, a {@link Map} or a {@link String},
 *       and not a map and a string at once;</li>
 *   <li>{@code transaction}, {@code message} and {@code updateDescription} are each absent, null or
 *       a {@link Map}.</li>
 * </ul>
 * The timestamps are not checked when detecting; reading one that is not an integral number
 * ({@link Long}, {@link Integer}, {@link Short}, {@link Byte} or a {@link java.math.BigInteger} that
 * fits in a long) throws a {@link org.apache.kafka.connect.errors.DataException} naming the field.
 *
 * <p>The dialect is {@link Dialect#DEBEZIUM_MONGODB} when {@code before} or {@code after} is a
 * string, or when neither is a map and either the {@code updateDescription} key is present or
 * {@code source.connector} is {@value #MONGODB_CONNECTOR}; it is {@link Dialect#DEBEZIUM} otherwise.
 */
public final class ChangeEvents {

    /** The operation code field. */
    public static final String FIELD_OP = "op";
    /** The image of the row before the change. */
    public static final String FIELD_BEFORE = "before";
    /** The image of the row after the change. */
    public static final String FIELD_AFTER = "after";
    /** The source metadata block. */
    public static final String FIELD_SOURCE = "source";
    /** The transaction block. */
    public static final String FIELD_TRANSACTION = "transaction";
    /** The time, in milliseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_MS = "ts_ms";
    /** The time, in microseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_US = "ts_us";
    /** The time, in nanoseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_NS = "ts_ns";
    /** The message block of a PostgreSQL logical-decoding message event. */
    public static final String FIELD_MESSAGE = "message";
    /** The update description block of a MongoDB update event. */
    public static final String FIELD_UPDATE_DESCRIPTION = "updateDescription";

    /** The value of {@code source.connector} in events of Debezium's MongoDB connector. */
    public static final String MONGODB_CONNECTOR = "mongodb";

    private static final Set<Dialect> ALL = Collections.unmodifiableSet(EnumSet.allOf(Dialect.class));

    private ChangeEvents() {
    }

    /**
     * Recognise a schemaless change event of any dialect. This looks up a fixed set of keys (only a
     * Maxwell, GoldenGate or Canal candidate has its keys iterated), never throws, and allocates nothing but the view.
     *
     * @param value a record value decoded without a schema; may be null
     * @return a view of the event, or null if {@code value} is null or not a change event
     */
    public static ChangeEvent detect(Map<?, ?> value) {
        return detect(value, ALL);
    }

    /**
     * {@link #detect(Map)} limited to {@code dialects}: an event of another dialect is "not a
     * change event".
     */
    public static ChangeEvent detect(Map<?, ?> value, Set<Dialect> dialects) {
        if (value == null) {
            return null;
        }
        if (dialects.contains(Dialect.DEBEZIUM) || dialects.contains(Dialect.DEBEZIUM_MONGODB)) {
            ChangeEvent debezium = MapChangeEvent.detectDebezium(value);
            if (debezium != null) {
                return dialects.contains(debezium.dialect()) ? debezium : null;
            }
        }
        ChangeEvent flat = dialects.contains(Dialect.MAXWELL) ? MaxwellChangeEvent.detect(value) : null;
        if (flat == null && dialects.contains(Dialect.GOLDENGATE)) {
            flat = GoldenGateChangeEvent.detect(value);
        }
        if (flat == null && dialects.contains(Dialect.CANAL)) {
            flat = CanalChangeEvent.detect(value);
        }
        return flat;
    }

    /**
     * Whether a value of this schema is one of Debezium's control records, which carry no row:
     * heartbeats ({@code io.debezium.connector.common.Heartbeat}), schema-change events and keys
     * ({@code io.debezium.connector.<db>.SchemaChangeValue}/{@code Key}) and transaction metadata
     * ({@code io.debezium.connector.common.TransactionMetadataValue}/{@code Key}).
     */
    public static boolean isControlRecord(Schema schema) {
        String name = schema == null ? null : schema.name();
        if (name == null || !name.startsWith("io.debezium.")) {
            return false;
        }
        return name.endsWith(".Heartbeat") || name.endsWith(".SchemaChangeValue") || name.endsWith(".SchemaChangeKey")
                || name.endsWith(".TransactionMetadataValue") || name.endsWith(".TransactionMetadataKey");
    }

    /**
     * Whether a schemaless value is one of Debezium's schema-change events (keys among
     * {@code source, ts_ms, databaseName, schemaName, ddl, tableChanges}, with {@code ddl} and
     * {@code tableChanges}) or transaction metadata records (keys among {@code status, id,
     * event_count, data_collections, ts_ms}, with {@code status} BEGIN or END and {@code id}), or
     * Canal's DDL messages: Canal's full shape (its keys only, with {@code data}, {@code es},
     * {@code ts}), {@code isDdl} true and a type that is not a change event's ({@code INSERT},
     * {@code UPDATE}, {@code DELETE}, {@code TRUNCATE}). A map is never both a control record and
     * a change event ({@link #detect(Map)}).
     * Heartbeats ({@code {"ts_ms": ...}}) cannot be told from a row by their shape.
     */
    public static boolean isControlRecord(Map<?, ?> value) {
        try {
            if (value.containsKey("isDdl") && CanalChangeEvent.isDdlMessage(value)) {
                return true;
            }
            if (value.containsKey("ddl") && value.containsKey("tableChanges")) {
                return SCHEMA_CHANGE_KEYS.containsAll(value.keySet());
            }
            Object status = value.get("status");
            return ("BEGIN".equals(status) || "END".equals(status)) && value.containsKey("id")
                    && TRANSACTION_KEYS.containsAll(value.keySet());
        } catch (ClassCastException | NullPointerException e) {
            return false;
        }
    }

    private static final Set<String> SCHEMA_CHANGE_KEYS =
            Set.of("source", "ts_ms", "databaseName", "schemaName", "ddl", "tableChanges");
    private static final Set<String> TRANSACTION_KEYS = Set.of("status", "id", "event_count", "data_collections", "ts_ms");

    /** Whether Debezium writes {@code block.name} in every event whose {@code block} is set (so a null block means it is null). */
    static boolean isAlwaysWritten(String block, String name) {
        return FIELD_TRANSACTION.equals(block)
                && ("id".equals(name) || "total_order".equals(name) || "data_collection_order".equals(name));
    }
}
