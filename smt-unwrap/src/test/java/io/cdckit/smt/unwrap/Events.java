package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
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

    static final Schema SOURCE = Envelopes.POSTGRES_SOURCE;

    static final Schema TX = Envelopes.TRANSACTION;

    static final Schema ENVELOPE = envelope(TOPIC, ROW);

    /** A Debezium 3 PostgreSQL envelope schema of {@code topic} around {@code row}. */
    static Schema envelope(String topic, Schema row) {
        return Envelopes.envelopeSchema(topic, row);
    }

    static final Schema HEARTBEAT = Envelopes.HEARTBEAT;

    static final Schema MESSAGE = Envelopes.MESSAGE;

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
        return Envelopes.source("shop", "shopdb", table, "true".equals(snapshot), lsn);
    }

    static Struct envelope(String op, Struct before, Struct after, long lsn, boolean withTx) {
        return Envelopes.event(ENVELOPE, op, before, after, source("customers", "r".equals(op) ? "true" : "false", lsn),
                lsn, withTx);
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
        return Envelopes.copy(r);
    }

    /** Headers as (key, schema, value) triples for comparison. */
    static List<List<Object>> headers(org.apache.kafka.connect.connector.ConnectRecord<?> r) {
        return Differential.headers(r);
    }

    static Map<String, Object> maxwell(String type, Map<String, Object> data, Map<String, Object> old) {
        return Envelopes.maxwell(type, data, old);
    }
}
