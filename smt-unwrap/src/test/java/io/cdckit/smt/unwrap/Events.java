package io.cdckit.smt.unwrap;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built Debezium-shaped events (PostgreSQL connector layout) covering what the recorded corpus
 * may not: columns with defaults, explicit nulls, transaction blocks, messages, heartbeats,
 * schema-change events and rows that are not envelopes; and Maxwell events.
 */
final class Events {

    static final String TOPIC = "shop.public.customers";

    static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key")
            .field("id", Schema.INT32_SCHEMA).build();

    static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
            .field("score", Decimal.builder(2).optional().build())
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
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

    static final Schema TX = SchemaBuilder.struct().name("event.block").version(1).optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    static final Schema ENVELOPE = envelope(TOPIC, ROW);

    /** A Debezium 3 PostgreSQL envelope schema of {@code topic} around {@code row}. */
    static Schema envelope(String topic, Schema row) {
        return SchemaBuilder.struct().name(topic + ".Envelope").version(2)
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("transaction", TX)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    static final Schema HEARTBEAT = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", Schema.INT64_SCHEMA).build();

    static final Schema MESSAGE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.MessageValue")
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("source", SOURCE)
            .field("message", SchemaBuilder.struct().name("io.debezium.connector.postgresql.Message")
                    .field("prefix", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("content", Schema.OPTIONAL_BYTES_SCHEMA).build())
            .build();

    /** A plain row whose table has columns called op, before and after. */
    static final Schema PLAIN_ROW = SchemaBuilder.struct().name("shop.public.audit.Value")
            .field("op", Schema.STRING_SCHEMA)
            .field("before", Schema.OPTIONAL_STRING_SCHEMA)
            .field("after", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private Events() {
    }

    static Struct row(int id, String name, String email, String status, String score, String region) {
        return new Struct(ROW).put("id", id).put("name", name).put("email", email).put("status", status)
                .put("score", score == null ? null : new BigDecimal(score)).put("region", region);
    }

    static Struct source(String table, String snapshot, long lsn) {
        return new Struct(SOURCE).put("version", "3.7.0.Final").put("connector", "postgresql").put("name", "shop")
                .put("ts_ms", 1_714_000_000_000L + lsn).put("snapshot", snapshot).put("db", "shopdb")
                .put("schema", "public").put("table", table).put("txId", 700L + lsn).put("lsn", 24_000_000L + lsn);
    }

    static Struct envelope(String op, Struct before, Struct after, long lsn, boolean withTx) {
        Struct e = new Struct(ENVELOPE).put("before", before).put("after", after)
                .put("source", source("customers", "r".equals(op) ? "true" : "false", lsn)).put("op", op)
                .put("ts_ms", 1_714_000_000_500L + lsn).put("ts_us", 1_714_000_000_500_000L + lsn)
                .put("ts_ns", 1_714_000_000_500_000_000L + lsn);
        if (withTx) {
            e.put("transaction", new Struct(TX).put("id", "700:" + lsn).put("total_order", lsn).put("data_collection_order", 1L));
        }
        return e;
    }

    static SinkRecord record(Schema valueSchema, Object value, int id, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__debezium.context.connectorName", "shop");
        headers.add("dropme", List.of("email", "score", "name", "__op", "nothere"),
                SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build());
        return new SinkRecord(TOPIC, 0, KEY, new Struct(KEY).put("id", id), valueSchema, value, offset,
                1_714_000_001_000L + offset, TimestampType.CREATE_TIME, headers);
    }

    /** A sequence of events of every kind the transform may meet. */
    static List<SinkRecord> all() {
        List<SinkRecord> out = new ArrayList<>();
        long n = 0;
        out.add(record(ENVELOPE, envelope("r", null, row(1, "Ada", "ada@example.org", "active", "10.50", "eu"), ++n, false), 1, n));
        out.add(record(ENVELOPE, envelope("c", null, row(2, "Bob", null, null, null, "us"), ++n, true), 2, n));
        out.add(record(ENVELOPE, envelope("c", null, row(3, "Cy", "cy@example.org", "blocked", "0.00", null), ++n, true), 3, n));
        out.add(record(ENVELOPE, envelope("u", row(2, "Bob", null, null, null, "us"),
                row(2, "Bobby", "bob@example.org", null, "1.25", "us"), ++n, true), 2, n));
        out.add(record(ENVELOPE, envelope("u", null, row(1, "Ada", "ada@example.org", "gone", "10.50", "apac"), ++n, true), 1, n));
        out.add(record(ENVELOPE, envelope("d", row(3, "Cy", "cy@example.org", null, "0.00", null), null, ++n, true), 3, n));
        out.add(record(null, null, 3, ++n)); // tombstone
        out.add(record(ENVELOPE, envelope("t", null, null, ++n, true), 0, n)); // truncate
        out.add(record(HEARTBEAT, new Struct(HEARTBEAT).put("ts_ms", 1L), 0, ++n));
        out.add(record(MESSAGE, new Struct(MESSAGE).put("op", "m").put("source", source("", "false", 9))
                .put("message", new Struct(MESSAGE.field("message").schema()).put("prefix", "p")
                        .put("content", new byte[]{1, 2})), 0, ++n));
        out.add(record(PLAIN_ROW, new Struct(PLAIN_ROW).put("op", "c").put("before", "x").put("after", "y"), 0, ++n));
        out.add(record(Schema.STRING_SCHEMA, "just a string", 0, ++n));
        return out;
    }

    /** A copy whose headers are a separate object (Debezium's add.headers mutates its input's headers). */
    static <R extends org.apache.kafka.connect.connector.ConnectRecord<R>> R copy(R r) {
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.timestamp(), r.headers().duplicate());
    }

    /** Headers as (key, schema, value) triples for comparison. */
    static List<List<Object>> headers(org.apache.kafka.connect.connector.ConnectRecord<?> r) {
        List<List<Object>> out = new ArrayList<>();
        for (Header h : r.headers()) {
            List<Object> t = new ArrayList<>();
            t.add(h.key());
            t.add(h.schema());
            t.add(h.value());
            out.add(t);
        }
        return out;
    }

    static Map<String, Object> maxwell(String type, Map<String, Object> data, Map<String, Object> old) {
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
}
