package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code FieldMapper} on both sides of {@code Unwrap} in a live pipeline: a real PostgreSQL, Debezium's
 * PostgreSQL connector and one Connect worker whose {@code plugin.path} holds the built archives of
 * {@code cdckit-smt-core} and {@code cdckit-smt-unwrap} (failsafe keeps both off this class path).
 *
 * <p>Source side: two connectors capture {@code crm.customers} ({@code REPLICA IDENTITY FULL}) through
 * its snapshot and a workload (insert, update, delete), both with the same {@code FieldMapper$Value}
 * first (drop, rename, move into a new struct, cast, insert from the envelope). {@code pipe} then
 * unwraps ({@code rewrite}, so the delete reaches Kafka as its before image); {@code env} does not,
 * so its topic shows both mapped images of each envelope. Every mapped value is checked against the
 * row as JDBC read it just before or after the change. Sink side: {@code FieldMapper} after
 * {@code Unwrap} (keep, insert of record metadata, flatten; the key cast), and a mapping that must
 * fail on every change event, with a dead letter queue: nothing is lost.
 */
class FieldMapperPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-smt-core archive. */
    static final String SMT_CORE_ARCHIVE_PROPERTY = "cdckit.examples.smtcore.archive";
    static final String VALUE_MAPPER = "io.cdckit.smt.mapping.FieldMapper$Value";
    static final String KEY_MAPPER = "io.cdckit.smt.mapping.FieldMapper$Key";
    static final String TABLE = "crm.customers";
    /** What a row holds after the source's FieldMapper. */
    static final Set<String> MAPPED = Set.of("id", "mail", "balance", "updated_at", "name", "src_ts", "tbl");
    /** {@code MicroTimestamp} cast to string: ISO-8601, six fraction digits, UTC. */
    static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(PluginArchives.unwrap())
            .pluginArchive(ConnectRuntime.archive(SMT_CORE_ARCHIVE_PROPERTY)));

    /** A change event the workload made: op, row id, and the row as JDBC read it just before and after (null: none). */
    record Change(String op, int id, Map<String, Object> before, Map<String, Object> after) {
        String event() {
            return op + ":" + id;
        }
    }

    static final List<Change> CHANGES = new ArrayList<>();
    static EmbeddedPostgresCdc.Database db;
    /** Topic {@code pipe.crm.customers}: FieldMapper, then Unwrap. */
    static List<ConsumerRecord<byte[], byte[]>> unwrapped;
    /** Topic {@code env.crm.customers}: the same FieldMapper alone, so the envelopes. */
    static List<ConsumerRecord<byte[], byte[]>> envelopes;

    /** The source connectors' FieldMapper (transform {@code map}). */
    static Map<String, String> sourceMapping() {
        return Map.of(
                "transforms.map.type", VALUE_MAPPER,
                "transforms.map.drop", "internal_note",
                "transforms.map.rename", "email:mail",
                "transforms.map.move", "first_name:name.first,last_name:name.last",
                "transforms.map.cast", "balance:float64,updated_at:string",
                "transforms.map.insert", "src_ts:$envelope.source.ts_ms,tbl:$envelope.source.table");
    }

    @BeforeAll
    static void captureTheWorkloadWithAndWithoutUnwrap() {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("crm");
        db.execute("CREATE SCHEMA crm",
                "CREATE TABLE crm.customers (id integer PRIMARY KEY, email text NOT NULL, first_name text, "
                        + "last_name text, balance numeric(10,2), updated_at timestamp(6), internal_note text)",
                "ALTER TABLE crm.customers REPLICA IDENTITY FULL",
                "INSERT INTO crm.customers VALUES (1, 'ada@example.com', 'Ada', 'Lovelace', 12.50, "
                        + "'2024-03-01 08:15:30.123456', 'vip'), (2, 'grace@example.com', 'Grace', 'Hopper', 99.99, "
                        + "'1969-12-31 23:59:59.999999', NULL)");
        db.query("SELECT id FROM " + TABLE + " ORDER BY id").forEach(r -> {
            int id = (Integer) r.get("id");
            CHANGES.add(new Change("r", id, null, row(id)));
        });

        Map<String, String> pipe = db.connectorConfig("pipe", TABLE);
        pipe.putAll(sourceMapping());
        pipe.put("transforms", "map,unwrap");
        pipe.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        pipe.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        pipe.put("transforms.unwrap.add.fields", "op,source.ts_ms");
        Map<String, String> env = db.connectorConfig("env", TABLE);
        env.putAll(sourceMapping());
        env.put("transforms", "map");
        connect.deploy("pipe", pipe);
        connect.deploy("env", env);
        for (String name : List.of("pipe", "env")) {
            connect.awaitRunning(name, 1);
            EmbeddedPostgresCdc.awaitStreaming(name, TIMEOUT);
        }

        change("c", 3, "INSERT INTO crm.customers VALUES (3, 'linus@example.com', 'Linus', 'Torvalds', 0.05, "
                + "'2024-12-31 23:59:59.5', 'new')");
        change("u", 2, "UPDATE crm.customers SET email = 'grace.hopper@example.com', first_name = 'Amazing Grace', "
                + "balance = balance + 1000, updated_at = '2025-01-01 00:00:00' WHERE id = 2");
        change("d", 1, "DELETE FROM crm.customers WHERE id = 1");

        // a record per event; the envelopes also have the delete's tombstone, which rewrite drops
        unwrapped = connect.consume("pipe." + TABLE, CHANGES.size(), TIMEOUT);
        envelopes = connect.consume("env." + TABLE, CHANGES.size() + 1, TIMEOUT);
    }

    /** Runs one statement changing row {@code id}, and notes the row just before and after it. */
    private static void change(String op, int id, String sql) {
        Map<String, Object> before = row(id);
        db.execute(sql);
        CHANGES.add(new Change(op, id, before, row(id)));
    }

    private static Map<String, Object> row(int id) {
        List<Map<String, Object>> rows = db.query("SELECT * FROM " + TABLE + " WHERE id = " + id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    // ---------------------------------------------------------------- the source side

    @Test
    void beforeUnwrapEachEventIsMappedThenUnwrapped() {
        assertEquals(CHANGES.size(), unwrapped.size(), "a record per event, the delete's tombstone dropped");
        Map<String, Struct> rows = byEvent(decode(unwrapped), r -> ((Struct) r.value).get("__op") + ":"
                + ((Struct) r.value).get("id"));
        for (Change c : CHANGES) {
            Struct row = rows.get(c.event());
            assertNotNull(row, c.event());
            boolean delete = c.op().equals("d");
            // a rewritten delete is the before image: mapped too
            assertMapped("pipe " + c.event(), delete ? c.before() : c.after(), row, row.get("__source_ts_ms"),
                    Set.of("__op", "__source_ts_ms", "__deleted"));
            assertEquals(String.valueOf(delete), row.get("__deleted"), c.event());
        }
        assertEquals("pipe.crm.customers.Value", decode(unwrapped).get(0).valueSchema.name());
    }

    @Test
    void beforeUnwrapBothImagesOfEachEnvelopeAreMapped() {
        assertEquals(CHANGES.size() + 1, envelopes.size(), "a record per event, and the delete's tombstone");
        List<DecodedRecord> all = decode(envelopes);
        DecodedRecord tombstone = all.get(all.size() - 1);
        assertNull(tombstone.value, "the tombstone passes as it is");
        assertEquals(1, ((Struct) tombstone.key).get("id"));
        Map<String, Struct> events = byEvent(all.subList(0, all.size() - 1), r -> ((Struct) r.value).get("op") + ":"
                + ((Struct) r.key).get("id"));
        int beforeImages = 0;
        for (Change c : CHANGES) {
            Struct envelope = events.get(c.event());
            assertNotNull(envelope, c.event());
            assertEquals("env.crm.customers.Envelope", envelope.schema().name(), "the envelope keeps its name");
            assertEquals(envelope.schema().field("before").schema(), envelope.schema().field("after").schema(),
                    c.event() + ": one row schema for both images");
            Object sourceTs = envelope.getStruct("source").get("ts_ms");
            for (String image : List.of("before", "after")) {
                Map<String, Object> expected = image.equals("before") ? c.before() : c.after();
                if (expected == null) {
                    assertNull(envelope.get(image), c.event() + " " + image);
                } else {
                    assertMapped("env " + c.event() + " " + image, expected, envelope.getStruct(image), sourceTs, Set.of());
                    beforeImages += image.equals("before") ? 1 : 0;
                }
            }
        }
        assertEquals(2, beforeImages, "the update and the delete carry a before image");
    }

    /**
     * A row the source's FieldMapper made from the database row {@code db}: {@code email} renamed,
     * first and last name moved into a new struct {@code name}, {@code internal_note} dropped,
     * {@code balance} a float64, {@code updated_at} ISO-8601 text, and {@code src_ts} and {@code tbl}
     * read from its envelope; plus the {@code extra} fields of later transforms.
     */
    private static void assertMapped(String what, Map<String, Object> db, Struct row, Object sourceTsMs,
            Set<String> extra) {
        Set<String> names = new TreeSet<>(MAPPED);
        names.addAll(extra);
        assertEquals(names, new TreeSet<>(names(row.schema())), what + ": the fields");
        assertEquals(List.of("first", "last"), names(row.schema().field("name").schema()), what);
        assertEquals(Schema.Type.FLOAT64, row.schema().field("balance").schema().type(), what);
        assertEquals(Schema.Type.STRING, row.schema().field("updated_at").schema().type(), what);
        assertEquals(Schema.Type.INT64, row.schema().field("src_ts").schema().type(), what);

        assertEquals(db.get("id"), row.get("id"), what);
        assertEquals(db.get("email"), row.get("mail"), what);
        assertEquals(db.get("first_name"), row.getStruct("name").get("first"), what);
        assertEquals(db.get("last_name"), row.getStruct("name").get("last"), what);
        assertEquals(((BigDecimal) db.get("balance")).doubleValue(), row.get("balance"), what);
        assertEquals(ISO_MICROS.format(((Timestamp) db.get("updated_at")).toLocalDateTime()), row.get("updated_at"), what);
        assertNotNull(sourceTsMs, what);
        assertEquals(sourceTsMs, row.get("src_ts"), what + ": src_ts is the envelope's source.ts_ms");
        assertEquals(TABLE.substring(TABLE.indexOf('.') + 1), row.get("tbl"), what);
    }

    // ---------------------------------------------------------------- the sink side

    @Test
    void afterUnwrapTheSinkKeepsInsertsAndFlattensAndCastsTheKey() {
        ConnectRuntime connect = CONNECT.runtime();
        String topic = "pipe." + TABLE;
        Path file = connect.workDir().resolve("flat.jsonl");
        Map<String, String> config = CaptureSinkConnector.config(topic, file);
        config.put("transforms", "flat,key");
        config.put("transforms.flat.type", VALUE_MAPPER);
        config.put("transforms.flat.keep", "id,mail,name,balance,__op,__deleted");
        config.put("transforms.flat.insert", "topic:$topic,offset:$offset");
        config.put("transforms.flat.flatten", "true");
        config.put("transforms.key.type", KEY_MAPPER);
        config.put("transforms.key.cast", "id:string");
        connect.deploy("flat", config);
        connect.awaitRunning("flat", 1);
        connect.awaitSinkCaughtUp("flat", TIMEOUT, topic);
        List<DecodedRecord> out = RecordLines.read(file);

        Map<Long, Struct> in = new LinkedHashMap<>();
        decode(unwrapped).forEach(r -> in.put(r.offset, (Struct) r.value));
        assertEquals(in.size(), out.size(), "a sink record per record of " + topic);
        assertEquals(in.keySet(), out.stream().map(r -> r.offset).collect(Collectors.toSet()));
        for (DecodedRecord r : out) {
            Struct v = (Struct) r.value;
            Struct row = in.get(r.offset);
            String what = "offset " + r.offset;
            assertEquals(List.of("id", "mail", "balance", "__op", "__deleted", "name_first", "name_last", "topic",
                    "offset").stream().sorted().toList(), names(v.schema()).stream().sorted().toList(), what);
            assertEquals(topic, v.get("topic"), what);
            assertEquals(r.offset, v.get("offset"), what);
            for (String kept : List.of("id", "mail", "balance", "__op", "__deleted")) {
                assertEquals(row.get(kept), v.get(kept), what + ": " + kept);
            }
            assertEquals(row.getStruct("name").get("first"), v.get("name_first"), what);
            assertEquals(row.getStruct("name").get("last"), v.get("name_last"), what);
            assertEquals(Schema.Type.STRING, r.keySchema.field("id").schema().type(), what);
            assertEquals(String.valueOf(row.get("id")), ((Struct) r.key).get("id"), what);
        }
        connect.awaitRunning("flat", 1);
    }

    @Test
    void aFieldThatMustExistAndDoesNotSendsEachEventToTheDeadLetterQueue() {
        ConnectRuntime connect = CONNECT.runtime();
        String topic = "env." + TABLE;
        Path file = connect.workDir().resolve("strict.jsonl");
        Map<String, String> config = CaptureSinkConnector.config(topic, file);
        config.putAll(CaptureSinkConnector.deadLetterQueue("strict-dlq"));
        config.put("transforms", "strict");
        config.put("transforms.strict.type", VALUE_MAPPER);
        config.put("transforms.strict.cast", "loyalty_points:int64");
        config.put("transforms.strict.missing.fields", "fail");
        connect.deploy("strict", config);
        connect.awaitRunning("strict", 1);
        connect.awaitSinkCaughtUp("strict", TIMEOUT, topic);
        Set<Long> events = envelopes.stream().filter(r -> r.value() != null).map(ConsumerRecord::offset)
                .collect(Collectors.toCollection(TreeSet::new));
        List<ConsumerRecord<byte[], byte[]>> dlq = connect.consumeDeadLetters("strict-dlq", events.size(), TIMEOUT);
        List<DecodedRecord> out = RecordLines.read(file);

        assertEquals(envelopes.size(), out.size() + dlq.size(), "records in = out + dead letter queue");
        assertEquals(events, dlq.stream().map(r -> Long.valueOf(ConnectRuntime.headers(r).get("__connect.errors.offset")))
                .collect(Collectors.toCollection(TreeSet::new)), "each change event in the dead letter queue");
        assertEquals(1, out.size(), "the tombstone passes");
        assertNull(out.get(0).value);
        List<String> values = CHANGES.stream().flatMap(c -> java.util.stream.Stream.of(c.before(), c.after()))
                .filter(java.util.Objects::nonNull).flatMap(r -> r.values().stream())
                .filter(v -> v instanceof String).map(String.class::cast).toList();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            String message = ConnectRuntime.headers(r).get("__connect.errors.exception.message");
            assertNotNull(message);
            assertTrue(message.contains("loyalty_points"), "names the entry: " + message);
            values.forEach(v -> assertFalse(message.contains(v), "no row value in the message: " + message));
        }
        connect.awaitRunning("strict", 1); // still running
    }

    // ---------------------------------------------------------------- helpers

    private static List<DecodedRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ConnectRuntime.decode(r, true)).toList();
    }

    /** The values by event ({@code op:id}), each event exactly once. */
    private static Map<String, Struct> byEvent(List<DecodedRecord> records, Function<DecodedRecord, String> event) {
        Map<String, Struct> out = new LinkedHashMap<>();
        for (DecodedRecord r : records) {
            assertNull(out.put(event.apply(r), (Struct) r.value), "one record for " + event.apply(r));
        }
        assertEquals(CHANGES.stream().map(Change::event).collect(Collectors.toSet()), out.keySet(), "the events");
        assertEquals(List.of("r", "r", "c", "u", "d"), out.keySet().stream().map(e -> e.substring(0, 1)).toList(),
                "the events in the order they happened");
        return out;
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }
}
