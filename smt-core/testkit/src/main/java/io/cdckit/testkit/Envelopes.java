package io.cdckit.testkit;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change events as the CDC sources write them, for any module's tests: Debezium's PostgreSQL
 * envelope (schema'd, and its schemaless twin), Maxwell's JSON, and the records that are not data
 * changes (heartbeats, schema-change events, transaction metadata, logical-decoding messages).
 * Values are deterministic: the {@code lsn} argument shifts every position and timestamp, so two
 * events of a test differ where real ones would.
 *
 * <pre>{@code
 * Schema envelope = Envelopes.envelopeSchema("shop.public.customers", ROW);
 * Struct update = Envelopes.event(envelope, "u", before, after, 5, true);
 * Map<String, Object> json = Envelopes.schemaless(update); // as JsonConverter with schemas.enable=false
 * }</pre>
 */
public final class Envelopes {

    /** The source block of Debezium 3's PostgreSQL connector (the fields transforms read). */
    public static final Schema POSTGRES_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                    .defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    /** Debezium's transaction block. */
    public static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block").version(1).optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    /** A heartbeat record's value schema. */
    public static final Schema HEARTBEAT = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", Schema.INT64_SCHEMA).build();

    /** A PostgreSQL logical-decoding message event's value schema. */
    public static final Schema MESSAGE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.MessageValue")
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("source", POSTGRES_SOURCE)
            .field("message", SchemaBuilder.struct().name("io.debezium.connector.postgresql.Message")
                    .field("prefix", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("content", Schema.OPTIONAL_BYTES_SCHEMA).build())
            .build();

    /** A schema-change event's value schema (the fields a transform may meet). */
    public static final Schema SCHEMA_CHANGE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.SchemaChangeValue")
            .field("source", POSTGRES_SOURCE)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("databaseName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schemaName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ddl", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** A transaction metadata record's value schema. */
    public static final Schema TRANSACTION_METADATA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.TransactionMetadataValue")
            .field("status", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .field("event_count", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    private Envelopes() {
    }

    /** A Debezium 3 PostgreSQL envelope schema of {@code topic} around {@code row}. */
    public static Schema envelopeSchema(String topic, Schema row) {
        return SchemaBuilder.struct().name(topic + ".Envelope").version(2)
                .field("before", row)
                .field("after", row)
                .field("source", POSTGRES_SOURCE)
                .field("transaction", TRANSACTION)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    /** A source block of connector {@code name} on database {@code db}, table {@code public.<table>}. */
    public static Struct source(String name, String db, String table, boolean snapshot, long lsn) {
        return new Struct(POSTGRES_SOURCE).put("version", "3.7.0.Final").put("connector", "postgresql").put("name", name)
                .put("ts_ms", 1_714_000_000_000L + lsn).put("snapshot", snapshot ? "true" : "false").put("db", db)
                .put("schema", "public").put("table", table).put("txId", 700L + lsn).put("lsn", 24_000_000L + lsn);
    }

    /** The transaction block of the event at {@code lsn}. */
    public static Struct transaction(long lsn) {
        return new Struct(TRANSACTION).put("id", "700:" + lsn).put("total_order", lsn).put("data_collection_order", 1L);
    }

    /**
     * A data change event: {@code op} (c, r, u, d, t), the images, a source block of {@code source}
     * ({@link #source}), the envelope timestamps, and a transaction block if {@code withTransaction}.
     */
    public static Struct event(Schema envelope, String op, Struct before, Struct after, Struct source, long lsn,
                               boolean withTransaction) {
        Struct e = new Struct(envelope).put("before", before).put("after", after).put("source", source).put("op", op)
                .put("ts_ms", 1_714_000_000_500L + lsn).put("ts_us", 1_714_000_000_500_000L + lsn)
                .put("ts_ns", 1_714_000_000_500_000_000L + lsn);
        if (withTransaction) {
            e.put("transaction", transaction(lsn));
        }
        return e;
    }

    /** {@link #event} from connector {@code pg} on database {@code shop}, table taken from the topic. */
    public static Struct event(Schema envelope, String op, Struct before, Struct after, long lsn, boolean withTransaction) {
        String name = envelope.name();
        String table = name.substring(0, name.length() - ".Envelope".length());
        table = table.substring(table.lastIndexOf('.') + 1);
        return event(envelope, op, before, after, source("pg", "shop", table, "r".equals(op), lsn), lsn, withTransaction);
    }

    /** The value as a connector with {@code JsonConverter} and {@code schemas.enable=false} delivers it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> schemaless(Struct value) {
        SchemaAndValue decoded = JsonRecords.decodeSchemaless("t", false,
                JsonRecords.encodeSchemaless("t", value.schema(), value));
        return (Map<String, Object>) decoded.value();
    }

    /** A Maxwell event of {@code shop.customers}: {@code type} insert, update, delete, bootstrap-insert... */
    public static Map<String, Object> maxwell(String type, Map<String, Object> data, Map<String, Object> old) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", "shop");
        m.put("table", "customers");
        m.put("type", type);
        m.put("ts", 1_714_000_000L);
        m.put("xid", 940_752L);
        m.put("commit", true);
        m.put("data", data);
        if (old != null) {
            m.put("old", old);
        }
        return m;
    }

    public static Struct heartbeat(long tsMs) {
        return new Struct(HEARTBEAT).put("ts_ms", tsMs);
    }

    /** A logical-decoding message event ({@code op=m}) with prefix {@code audit}. */
    public static Struct message(byte[] content) {
        return new Struct(MESSAGE).put("op", "m").put("ts_ms", 1_714_000_000_900L)
                .put("source", source("pg", "shop", "", false, 9))
                .put("message", new Struct(MESSAGE.field("message").schema()).put("prefix", "audit").put("content", content));
    }

    public static Struct schemaChange(String ddl) {
        return new Struct(SCHEMA_CHANGE).put("source", source("pg", "shop", "customers", false, 8)).put("ts_ms", 1L)
                .put("databaseName", "shop").put("schemaName", "public").put("ddl", ddl);
    }

    public static Struct transactionMetadata(String status, long lsn) {
        return new Struct(TRANSACTION_METADATA).put("status", status).put("id", "700:" + lsn).put("event_count", 2L)
                .put("ts_ms", 1_714_000_000_000L + lsn);
    }

    /** A sink record of {@code topic}, partition 0, at {@code offset}, with Debezium's context header. */
    public static SinkRecord record(String topic, Schema keySchema, Object key, Schema valueSchema, Object value,
                                    long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__debezium.context.connectorName", "postgresql");
        return new SinkRecord(topic, 0, keySchema, key, valueSchema, value, offset, 1_714_000_001_000L + offset,
                TimestampType.CREATE_TIME, headers);
    }

    /** A copy with a headers object of its own (some peers append to their input's headers). */
    public static <R extends ConnectRecord<R>> R copy(R r) {
        Headers headers = r.headers().duplicate();
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.timestamp(), headers);
    }

    /** A copy with fresh instances of every mutable value (byte arrays, lists, maps, structs). */
    public static Struct deepCopy(Struct s) {
        Struct o = new Struct(s.schema());
        for (Field f : s.schema().fields()) {
            o.put(f, deepCopyValue(s.getWithoutDefault(f.name())));
        }
        return o;
    }

    /** {@link #deepCopy(Struct)} of any value: maps and lists are copied in their order. */
    public static Object deepCopyValue(Object v) {
        if (v instanceof byte[]) {
            return ((byte[]) v).clone();
        }
        if (v instanceof java.nio.ByteBuffer) {
            java.nio.ByteBuffer b = (java.nio.ByteBuffer) v;
            java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(b.remaining());
            c.put(b.duplicate()).flip();
            return c;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) v) {
                l.add(deepCopyValue(e));
            }
            return l;
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, e) -> m.put(k, deepCopyValue(e)));
            return m;
        }
        if (v instanceof Struct) {
            return deepCopy((Struct) v);
        }
        return v;
    }
}
