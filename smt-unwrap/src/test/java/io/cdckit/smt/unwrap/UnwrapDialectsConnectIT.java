package io.cdckit.smt.unwrap;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every envelope dialect in one topic, through {@code Unwrap} loaded from the module's plugin
 * archive into a real worker's source path with {@code envelope.dialect=auto}: a replay source
 * emits Debezium relational (Struct and schemaless), Debezium MongoDB (Struct), Maxwell, GoldenGate
 * (schemaless and Struct) and Canal events, a Canal DDL record, a plain row whose columns are named
 * like envelope keys, and a Canal message of two rows. Each event comes out as its row with the
 * rewrite's {@code __deleted} and {@code __op}; the DDL record and the plain row pass through as
 * they were; the two-row message fails with {@code canal.multi.row=fail} and is skipped, as
 * Connect's {@code total-records-skipped} counts.
 *
 * <p>No MongoDB, Maxwell, GoldenGate or Canal can run here: the events are built by hand in the
 * shapes those tools document.
 */
class UnwrapDialectsConnectIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.items.Value").optional()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();

    static final Schema MONGO_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mongo.Source")
            .field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA).field("db", Schema.STRING_SCHEMA)
            .field("collection", Schema.STRING_SCHEMA).build();
    static final Schema JSON = SchemaBuilder.string().optional().name("io.debezium.data.Json").version(1).build();
    static final Schema MONGO_ENVELOPE = SchemaBuilder.struct().name("mongo.shop.items.Envelope")
            .field("before", JSON).field("after", JSON)
            .field("source", MONGO_SOURCE).field("op", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    static final Schema MONGO_KEY = SchemaBuilder.struct().name("mongo.shop.items.Key")
            .field("id", Schema.STRING_SCHEMA).build();

    static final Schema OGG_ROW = SchemaBuilder.struct().optional()
            .field("ID", Schema.INT32_SCHEMA).field("NAME", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema OGG = SchemaBuilder.struct()
            .field("table", Schema.STRING_SCHEMA).field("op_type", Schema.STRING_SCHEMA)
            .field("op_ts", Schema.STRING_SCHEMA).field("current_ts", Schema.STRING_SCHEMA)
            .field("pos", Schema.STRING_SCHEMA)
            .field("before", OGG_ROW).field("after", OGG_ROW).build();

    @Test
    void everyDialectInOneTopicUnwrapsToItsRow() throws Exception {
        String topic = "dialects";
        List<RecordLines.Line> lines = new ArrayList<>();
        Schema envelope = Envelopes.envelopeSchema("shop.public.items", ROW);
        lines.add(line(topic, envelope, Envelopes.event(envelope, "c", null,
                new Struct(ROW).put("id", 1).put("name", "debezium"), 1L, false)));
        lines.add(line(topic, null, Map.of("op", "u", "ts_ms", 1_000L,
                "source", Map.of("connector", "mysql", "db", "shop", "table", "items"),
                "before", Map.of("id", 2, "name", "old"), "after", Map.of("id", 2, "name", "debezium-json"))));
        lines.add(new RecordLines.Line(topic, MONGO_KEY, new Struct(MONGO_KEY).put("id", "3"), MONGO_ENVELOPE,
                new Struct(MONGO_ENVELOPE).put("after", "{\"_id\": 3, \"name\": \"mongodb\"}")
                        .put("source", new Struct(MONGO_SOURCE).put("connector", "mongodb").put("name", "mongo")
                                .put("ts_ms", 1_000L).put("db", "shop").put("collection", "items"))
                        .put("op", "c").put("ts_ms", 1_000L)));
        lines.add(line(topic, null, Envelopes.maxwell("insert", map("id", 4, "name", "maxwell"), null)));
        lines.add(line(topic, null, map("table", "SHOP.ITEMS", "op_type", "I",
                "op_ts", "2026-12-02 05:00:00.000000", "current_ts", "2026-12-02T05:00:00.100000",
                "pos", "00000000000000001234", "after", map("ID", 5, "NAME", "goldengate"))));
        lines.add(line(topic, OGG, new Struct(OGG).put("table", "SHOP.ITEMS").put("op_type", "D")
                .put("op_ts", "2026-12-02 05:00:01.000000").put("current_ts", "2026-12-02T05:00:01.100000")
                .put("pos", "00000000000000001300")
                .put("before", new Struct(OGG_ROW).put("ID", 6).put("NAME", "goldengate-struct"))));
        lines.add(line(topic, null, canal("INSERT", false, List.of(map("id", "7", "name", "canal")))));
        Map<String, Object> ddl = canal("ALTER", true, null);
        lines.add(line(topic, null, ddl));
        Map<String, Object> plain = map("id", 9, "type", "INSERT", "op_type", "I", "table", "SHOP.ITEMS");
        lines.add(line(topic, null, plain));
        lines.add(line(topic, null, canal("INSERT", false, List.of(map("id", "10", "name", "a"),
                map("id", "11", "name", "b")))));
        lines.add(line(topic, null, canal("DELETE", false, List.of(map("id", "12", "name", "canal-gone")))));
        Path file = CONNECT.runtime().workDir().resolve("dialects.jsonl");
        RecordLines.write(file, lines);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ReplaySourceConnector.FILE, file.toString());
        config.put("errors.tolerance", "all");
        config.put("transforms", "unwrap");
        config.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        config.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        config.put("transforms.unwrap.add.fields", "op");
        ConnectRuntime connect = CONNECT.runtime();
        connect.createTopic(topic);
        connect.deploy("dialects", config);
        connect.awaitRunning("dialects", 1);
        List<ConsumerRecord<byte[], byte[]>> out = connect.consume(topic, lines.size() - 1, TIMEOUT);
        connect.awaitRunning("dialects", 1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (skipped() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // Kafka updates the task metrics as records pass
        }
        assertEquals(1.0, skipped(), "the two-row Canal message is refused and skipped");
        connect.delete("dialects");

        List<Object> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            values.add(ConnectRuntime.decode(r, true).value);
        }
        assertEquals(lines.size() - 1, values.size());
        Struct relational = (Struct) values.get(0);
        assertEquals(ROW.name(), relational.schema().name());
        assertEquals(List.of(1, "debezium", "false", "c"), List.of(relational.get("id"), relational.get("name"),
                relational.get("__deleted"), relational.get("__op")));
        assertEquals(map("id", 2L, "name", "debezium-json", "__deleted", "false", "__op", "u"), values.get(1));
        Struct mongo = (Struct) values.get(2);
        assertEquals("mongo.shop.items", mongo.schema().name(), "the envelope's name without .Envelope, as Debezium");
        assertEquals(List.of(3, "mongodb", false, "c"), List.of(mongo.get("_id"), mongo.get("name"),
                mongo.get("__deleted"), mongo.get("__op")), "MongoDB's __deleted is a boolean, as Debezium's");
        assertEquals(map("id", 4L, "name", "maxwell", "__deleted", "false", "__op", "c"), values.get(3));
        assertEquals(map("ID", 5L, "NAME", "goldengate", "__deleted", "false", "__op", "c"), values.get(4));
        Struct oggDelete = (Struct) values.get(5);
        assertEquals(List.of(6, "goldengate-struct", "true", "d"), List.of(oggDelete.get("ID"), oggDelete.get("NAME"),
                oggDelete.get("__deleted"), oggDelete.get("__op")));
        assertEquals(map("id", "7", "name", "canal", "__deleted", "false", "__op", "c"), values.get(6));
        assertEquals(asDecoded(ddl), values.get(7), "a DDL record passes through");
        assertEquals(asDecoded(plain), values.get(8), "a row with envelope-like columns passes through");
        assertEquals(map("id", "12", "name", "canal-gone", "__deleted", "true", "__op", "d"), values.get(9),
                "the two-row message is not there");
        DecodedRecord mongoRecord = ConnectRuntime.decode(out.get(2), true);
        assertEquals(3, ((Struct) mongoRecord.key).get("id"), "the key's id is parsed from its extended JSON");
        assertNull(values.stream().filter(v -> v instanceof Map && "10".equals(((Map<?, ?>) v).get("id")))
                .findFirst().orElse(null));
    }

    private static double skipped() {
        return WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "dialects", 0).number(WorkerMetrics.RECORDS_SKIPPED);
    }

    private static RecordLines.Line line(String topic, Schema schema, Object value) {
        return new RecordLines.Line(topic, null, null, schema, value);
    }

    private static Map<String, Object> canal(String type, boolean ddl, List<Map<String, Object>> data) {
        Map<String, Object> m = map("data", data, "database", "shop", "es", 1_764_651_600_000L, "id", 1,
                "isDdl", ddl, "mysqlType", ddl ? null : map("id", "int", "name", "varchar(20)"), "old", null,
                "pkNames", ddl ? null : List.of("id"), "sql", ddl ? "ALTER TABLE items ADD note text" : "",
                "sqlType", ddl ? null : map("id", 4, "name", 12), "table", "items", "ts", 1_764_651_600_100L);
        m.put("type", type);
        return m;
    }

    /** A map in the given order (values may be null). */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What JsonConverter gives back for a schemaless map: integers as longs. */
    private static Object asDecoded(Object v) {
        if (v instanceof Integer) {
            return ((Integer) v).longValue();
        }
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put((String) k, asDecoded(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(asDecoded(x)));
            return l;
        }
        return v;
    }
}
