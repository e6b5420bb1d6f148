package io.cdckit.smt.routing;

import io.cdckit.testkit.Envelopes;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Change events of an outbox table as Debezium's PostgreSQL connector writes them, for
 * {@link OutboxRouterTest} and {@link OutboxRouterDifferentialTest}: table {@code public.outboxevent}
 * of server {@code pg} with {@code id uuid}, {@code aggregatetype}, {@code aggregateid}, {@code type},
 * {@code payload jsonb} ({@code io.debezium.data.Json}), {@code payload_bin bytea}, timestamps of
 * every encoding Debezium has for one, and extra columns ({@code tenant}, {@code part int},
 * {@code version int}). The strict table has the usual NOT NULL constraints on
 * {@code aggregatetype}, {@code aggregateid} and {@code type}; the nullable one has none.
 */
final class OutboxEvents {

    static final String TOPIC = "pg.public.outboxevent";

    static final Schema UUID_SCHEMA = SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).build();
    static final Schema JSON = SchemaBuilder.string().optional().name("io.debezium.data.Json").version(1).build();
    static final Schema MICRO = SchemaBuilder.int64().optional().name("io.debezium.time.MicroTimestamp").version(1)
            .build();
    static final Schema MILLI = SchemaBuilder.int64().optional().name("io.debezium.time.Timestamp").version(1).build();
    static final Schema NANO = SchemaBuilder.int64().optional().name("io.debezium.time.NanoTimestamp").version(1)
            .build();
    static final Schema ZONED = SchemaBuilder.string().optional().name("io.debezium.time.ZonedTimestamp").version(1)
            .build();

    static final OutboxEvents STRICT = new OutboxEvents(false);
    static final OutboxEvents NULLABLE = new OutboxEvents(true);

    /** The event's created column: a microsecond timestamp, 123 ms after {@link #TS_MS}'s second. */
    static final long CREATED_US = 1_714_000_000_123_456L;
    /** The change events' ts_ms at lsn 0. */
    static final long TS_MS = 1_714_000_000_500L;

    final Schema row;
    final Schema envelope;
    final Schema key;

    private OutboxEvents(boolean nullable) {
        Schema required = nullable ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
        row = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
                .field("id", UUID_SCHEMA)
                .field("aggregatetype", required)
                .field("aggregateid", required)
                .field("type", required)
                .field("payload", JSON)
                .field("payload_bin", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("created", MICRO)
                .field("created_ms", MILLI)
                .field("created_ns", NANO)
                .field("created_tz", ZONED)
                .field("tenant", Schema.OPTIONAL_STRING_SCHEMA)
                .field("part", Schema.OPTIONAL_INT32_SCHEMA)
                .field("version", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        envelope = Envelopes.envelopeSchema(TOPIC, row);
        key = SchemaBuilder.struct().name(TOPIC + ".Key").field("id", UUID_SCHEMA).build();
    }

    /** A row of the table: event {@code n}, its columns derived from {@code n}, the payload as given. */
    Struct row(int n, String aggregateType, String aggregateId, String payload) {
        long created = CREATED_US + n * 1_000_000L;
        return new Struct(row)
                .put("id", new UUID(0x4d47e19004024048L, n).toString())
                .put("aggregatetype", aggregateType)
                .put("aggregateid", aggregateId)
                .put("type", aggregateType == null ? "Created" : aggregateType + "Created")
                .put("payload", payload)
                .put("payload_bin", payload == null ? null : payload.getBytes(StandardCharsets.UTF_8))
                .put("created", created)
                .put("created_ms", created / 1_000)
                .put("created_ns", created * 1_000 + 789)
                .put("created_tz", java.time.Instant.ofEpochMilli(created / 1_000).toString())
                .put("tenant", "tenant-" + (n % 3))
                .put("part", n % 4)
                .put("version", 1 + n % 2);
    }

    /** The change event of {@code op} (c, r, u, d, t) of a row, at position {@code n}. */
    Struct event(String op, Struct row, int n) {
        Struct before = op.equals("u") || op.equals("d") ? row : null;
        Struct after = op.equals("d") || op.equals("t") ? null : row;
        return Envelopes.event(envelope, op, before, after, n, false);
    }

    /** An insert of event {@code n}, as a source connector's record. */
    SourceRecord insert(int n, String aggregateType, String aggregateId, String payload) {
        return source(event("c", row(n, aggregateType, aggregateId, payload), n), n);
    }

    /** A source connector's record of a change event, with Debezium's context headers. */
    SourceRecord source(Struct event, int n) {
        Struct image = event.getStruct("after") != null ? event.getStruct("after") : event.getStruct("before");
        Struct k = new Struct(key).put("id", image == null ? new UUID(0, n).toString() : image.get("id"));
        return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 24_000_000L + n), TOPIC, null, key, k,
                envelope, event, null, headers());
    }

    /** The tombstone Debezium writes after a delete. */
    SourceRecord tombstone(int n) {
        Struct k = new Struct(key).put("id", new UUID(0x4d47e19004024048L, n).toString());
        return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 24_000_000L + n), TOPIC, null, key, k,
                null, null, null, headers());
    }

    /** The same record as a sink connector reads it from partition 0 at offset {@code n}. */
    static SinkRecord sink(SourceRecord r, long offset) {
        return new SinkRecord(r.topic(), 0, r.keySchema(), r.key(), r.valueSchema(), r.value(), offset,
                1_714_000_001_000L + offset, org.apache.kafka.common.record.TimestampType.CREATE_TIME, r.headers().duplicate());
    }

    private static ConnectHeaders headers() {
        ConnectHeaders h = new ConnectHeaders();
        h.addString("__debezium.context.connectorLogicalName", "pg");
        h.addString("__debezium.context.taskId", "0");
        return h;
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
