package io.cdckit.smt.unwrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cdckit.testkit.fixtures.CdcWorkload;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real CDC pipeline: an embedded PostgreSQL 17, Debezium's PostgreSQL connector in a real Connect
 * runtime (cdckit's plugin archive on {@code plugin.path}), and the workload of
 * {@code cdc/schema.sql} + {@code cdc/workload.sql}.
 *
 * <p>The raw events (connector without transforms) are checked here and compared with the committed
 * fixture corpus, so the corpus stays what the current connector emits. Tests of a transform in this
 * pipeline call {@link #deployAndCollect} with the transform's configuration, e.g.
 * <pre>{@code
 * Map<String, List<DecodedRecord>> out = deployAndCollect("unwrap-drop", Map.of(
 *         "transforms", "unwrap",
 *         "transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap",
 *         "transforms.unwrap.delete.tombstone.handling.mode", "drop"));
 * List<DecodedRecord> products = out.get("shop.products");
 * }</pre>
 * Each call runs its own connector on its own database, slot and topic prefix (about 6 s).
 */
class PostgresCdcIT {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();
    /** The raw events per table ({@code shop.products} ...), as consumed. */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> raw;

    @BeforeAll
    static void captureTheWorkloadOnce() {
        raw = collectRaw("raw", Map.of());
    }

    // ---------------------------------------------------------------- helpers for transform tests

    /**
     * Deploys Debezium's connector named {@code connectorName} (also its topic prefix and database
     * name, so use a fresh lower-case name per call) with {@code extraConfig} added, runs the workload,
     * and returns the decoded output (schema'd JSON keys and values, text headers) per table
     * ({@code "shop.products"}, ...; a topic outside the prefix under its full name), each in offset order.
     */
    static Map<String, List<DecodedRecord>> deployAndCollect(String connectorName, Map<String, String> extraConfig) {
        Map<String, List<DecodedRecord>> out = new LinkedHashMap<>();
        collectRaw(connectorName, extraConfig).forEach((table, records) -> {
            List<DecodedRecord> decoded = new ArrayList<>();
            records.forEach(r -> decoded.add(ConnectRuntime.decode(r, true)));
            out.put(table, decoded);
        });
        return out;
    }

    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> collectRaw(String connectorName,
            Map<String, String> extraConfig) {
        String name = connectorName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byTable = new LinkedHashMap<>();
        CdcWorkload.run(CONNECT.runtime(), PG.server(), name, connectorName, name, extraConfig, TIMEOUT)
                .forEach((topic, records) -> byTable.put(CdcWorkload.table(name, topic), records));
        return byTable;
    }

    private static List<DecodedRecord> rawDecoded(String table) {
        List<DecodedRecord> out = new ArrayList<>();
        raw.get(table).forEach(r -> out.add(ConnectRuntime.decode(r, true)));
        return out;
    }

    private static String op(DecodedRecord r) {
        return r.value == null ? null : ((Struct) r.value).getString("op");
    }

    private static Struct after(DecodedRecord r) {
        return ((Struct) r.value).getStruct("after");
    }

    private static DecodedRecord find(List<DecodedRecord> records, String op, int id) {
        for (DecodedRecord r : records) {
            if (op.equals(op(r)) && r.key != null && ((Struct) r.key).getInt32("id") == id) {
                return r;
            }
        }
        throw new AssertionError("no '" + op + "' event for id " + id);
    }

    // ---------------------------------------------------------------- the raw events

    @Test
    void capturesEveryTableWithTheExpectedOperations() {
        assertEquals(List.of("shop.products", "shop.customers", "shop.audit_log"), new ArrayList<>(raw.keySet()));
        assertEquals(Map.of("r", 4, "c", 3, "u", 3, "d", 2, "tombstone", 2), opCounts("shop.products"));
        assertEquals(Map.of("r", 3, "c", 1, "u", 3, "d", 1, "tombstone", 1), opCounts("shop.customers"));
        assertEquals(Map.of("r", 2, "c", 2, "t", 1), opCounts("shop.audit_log"));
        assertEquals(Fixtures.EXPECTED_EVENTS, raw.values().stream().mapToInt(List::size).sum());
    }

    private Map<String, Integer> opCounts(String table) {
        Map<String, Integer> counts = new TreeMap<>();
        for (DecodedRecord r : rawDecoded(table)) {
            counts.merge(r.value == null ? "tombstone" : op(r), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void everyDeleteIsFollowedByItsTombstone() {
        for (String table : raw.keySet()) {
            List<DecodedRecord> records = rawDecoded(table);
            for (int i = 0; i < records.size(); i++) {
                DecodedRecord r = records.get(i);
                if ("d".equals(op(r))) {
                    DecodedRecord next = records.get(i + 1);
                    assertNull(next.value, "tombstone after " + r);
                    assertNull(next.valueSchema);
                    assertEquals(r.key, next.key);
                } else if (r.value == null) {
                    assertEquals("d", op(records.get(i - 1)), "a tombstone follows a delete");
                }
            }
        }
    }

    @Test
    void primaryKeyChangeIsDeleteTombstoneCreateWithKeyHeaders() {
        List<DecodedRecord> products = rawDecoded("shop.products");
        DecodedRecord delete = find(products, "d", 4);
        int i = products.indexOf(delete);
        DecodedRecord tombstone = products.get(i + 1);
        DecodedRecord create = products.get(i + 2);
        assertNull(tombstone.value);
        assertEquals("c", op(create));
        assertEquals(40, ((Struct) create.key).getInt32("id"));
        // Struct headers reach Kafka through the worker's SimpleHeaderConverter as JSON text
        assertEquals(json("{\"id\":40}"), json(delete.header("__debezium.newkey")));
        assertEquals(json("{\"id\":40}"), json(tombstone.header("__debezium.newkey")));
        assertEquals(json("{\"id\":4}"), json(create.header("__debezium.oldkey")));
        assertNull(delete.header("__debezium.oldkey"));
        assertNull(create.header("__debezium.newkey"));
        // the plain delete has neither
        DecodedRecord plainDelete = find(products, "d", 6);
        assertNull(plainDelete.header("__debezium.newkey"));
        // every event carries Debezium's context headers
        for (DecodedRecord r : products) {
            assertEquals("raw", r.header("__debezium.context.connectorLogicalName"), r.toString());
            assertEquals("postgresql", r.header("__debezium.context.connectorName"));
            assertEquals("0", r.header("__debezium.context.taskId"));
            assertNotNull(r.header("__debezium.context.runId"));
        }
    }

    @Test
    void unchangedToastColumnArrivesAsThePlaceholder() {
        List<DecodedRecord> products = rawDecoded("shop.products");
        assertEquals(8320, after(find(products, "r", 1)).getString("manual").length());
        Struct updated = after(find(products, "u", 1));
        assertEquals(EmbeddedPostgresCdc.UNAVAILABLE_VALUE, updated.getString("manual"));
        assertEquals(List.of("kitchen", "mug", "sale"), updated.getArray("tags"));
        // a rewritten TOAST value arrives in full, a short one is never TOASTed
        assertEquals("rewritten, now short", after(find(products, "u", 5)).getString("manual"));
        assertEquals("short manual, stored inline", after(find(products, "u", 2)).getString("manual"));
    }

    @Test
    void columnTypesHaveDebeziumsSchemas() {
        DecodedRecord r = find(rawDecoded("shop.products"), "r", 1);
        assertEquals("raw.shop.products.Envelope", r.valueSchema.name());
        assertEquals("raw.shop.products.Key", r.keySchema.name());
        Schema row = r.valueSchema.field("after").schema();
        assertEquals("raw.shop.products.Value", row.name());
        assertEquals(Decimal.LOGICAL_NAME, row.field("price").schema().name());
        assertEquals("2", row.field("price").schema().parameters().get(Decimal.SCALE_FIELD));
        assertEquals("io.debezium.data.VariableScaleDecimal", row.field("weight").schema().name());
        assertEquals("io.debezium.data.Json", row.field("attributes").schema().name());
        assertEquals("io.debezium.data.Uuid", row.field("sku").schema().name());
        assertEquals("io.debezium.time.MicroTimestamp", row.field("updated_at").schema().name());
        assertEquals("io.debezium.time.ZonedTimestamp", row.field("created_at").schema().name());
        assertEquals("io.debezium.time.Date", row.field("released").schema().name());
        assertEquals("io.debezium.time.MicroTime", row.field("opens_at").schema().name());
        assertEquals(Schema.Type.INT16, row.field("qty").schema().type());
        assertEquals(Schema.Type.FLOAT32, row.field("rating").schema().type());
        assertEquals(Schema.Type.BYTES, row.field("thumbnail").schema().type());
        assertEquals(Schema.Type.ARRAY, row.field("tags").schema().type());
        assertEquals("draft", row.field("status").schema().defaultValue());
        assertEquals("io.debezium.connector.postgresql.Source", r.valueSchema.field("source").schema().name());

        Struct after = after(r);
        assertEquals(new java.math.BigDecimal("19.99"), after.get("price"));
        Struct weight = after.getStruct("weight");
        assertEquals(1, weight.getInt32("scale"));
        assertEquals(1709288130123456L, after.getInt64("updated_at"));
        assertEquals("2024-03-01T08:15:30.500000Z", after.getString("created_at"));
        assertEquals(19783, after.getInt32("released"));
        // pre-epoch values: one microsecond before 1970 is -1, 1969-12-31 is day -1
        Struct preEpoch = after(find(rawDecoded("shop.products"), "r", 2));
        assertEquals(-1L, preEpoch.getInt64("updated_at"));
        assertEquals(-1, preEpoch.getInt32("released"));
    }

    @Test
    void nullsAndBeforeImagesFollowTheReplicaIdentity() {
        // default replica identity: no before-image in updates; an explicit NULL is a null field
        DecodedRecord update = find(rawDecoded("shop.products"), "u", 2);
        assertNull(((Struct) update.value).get("before"));
        assertNull(after(update).get("description"));
        // default replica identity, delete: only the key columns are real; Debezium fills the rest
        Struct deleted = ((Struct) find(rawDecoded("shop.products"), "d", 6).value).getStruct("before");
        assertEquals(6, deleted.getInt32("id"));
        assertEquals("", deleted.getString("code"), "NOT NULL column without default: empty string");
        assertEquals("draft", deleted.getString("status"), "NOT NULL column with default: the default");
        assertNull(deleted.get("description"));
        // REPLICA IDENTITY FULL: the whole old row
        DecodedRecord full = find(rawDecoded("shop.customers"), "u", 2);
        Struct before = ((Struct) full.value).getStruct("before");
        assertEquals("+44 161 496 0000", before.getString("phone"));
        assertNull(after(full).get("phone"));
        Struct deletedCustomer = ((Struct) find(rawDecoded("shop.customers"), "d", 3).value).getStruct("before");
        assertEquals("Rear Admiral Grace Hopper", deletedCustomer.getString("name"));
    }

    @Test
    void tableWithoutPrimaryKeyHasNullKeysAndTheTruncateEvent() {
        List<DecodedRecord> log = rawDecoded("shop.audit_log");
        for (DecodedRecord r : log) {
            assertNull(r.key);
            assertNull(r.keySchema);
        }
        DecodedRecord truncate = log.get(log.size() - 1);
        assertEquals("t", op(truncate));
        Struct v = (Struct) truncate.value;
        assertNull(v.get("before"));
        assertNull(v.get("after"));
        assertEquals("audit_log", v.getStruct("source").getString("table"));
    }

    // ---------------------------------------------------------------- with a transform

    /** Debezium's {@code ExtractNewRecordState} with {@code rewrite}, run once for the tests that need it. */
    private static Map<String, List<DecodedRecord>> peerRewrite;

    private static synchronized Map<String, List<DecodedRecord>> peerRewrite() {
        if (peerRewrite == null) {
            peerRewrite = deployAndCollect("dbz_rewrite", Map.of(
                    "transforms", "unwrap",
                    "transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState",
                    "transforms.unwrap.delete.tombstone.handling.mode", "rewrite"));
        }
        return peerRewrite;
    }

    /**
     * The pattern for transform tests, with Debezium's own {@code ExtractNewRecordState} as the
     * reference: deletes rewritten to rows with {@code __deleted}, tombstones and the truncate dropped.
     */
    @Test
    void deployAndCollectRunsTheWorkloadThroughATransform() {
        Map<String, List<DecodedRecord>> out = peerRewrite();
        assertEquals(List.of("shop.products", "shop.customers", "shop.audit_log"), new ArrayList<>(out.keySet()));
        List<DecodedRecord> products = out.get("shop.products");
        assertEquals(12, products.size(), "14 events less the 2 tombstones");
        List<String> deleted = new ArrayList<>();
        for (DecodedRecord r : products) {
            assertEquals("dbz_rewrite.shop.products.Value", r.valueSchema.name());
            deleted.add(((Struct) r.value).getString("__deleted"));
        }
        assertEquals(List.of("false", "false", "false", "false", "false", "false", "false", "false", "false",
                "true", "false", "true"), deleted);
        assertEquals(8, out.get("shop.customers").size());
        assertEquals(4, out.get("shop.audit_log").size(), "the truncate event is dropped");
    }

    /**
     * cdckit's {@code Unwrap}, loaded from the plugin archive on {@code plugin.path}, gives what
     * Debezium's transform gives on the same live events: keys, values, schemas (apart from the
     * topic prefix in their names) and headers.
     */
    @Test
    void unwrapMatchesExtractNewRecordStateLive() {
        Map<String, List<DecodedRecord>> ours = deployAndCollect("cdckit_rewrite", Map.of(
                "transforms", "unwrap",
                "transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap",
                "transforms.unwrap.delete.tombstone.handling.mode", "rewrite"));
        Map<String, List<DecodedRecord>> peer = peerRewrite();
        assertEquals(peer.keySet(), ours.keySet());
        for (String table : peer.keySet()) {
            List<DecodedRecord> expected = peer.get(table);
            List<DecodedRecord> actual = ours.get(table);
            assertEquals(expected.size(), actual.size(), table);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(comparable("dbz_rewrite", expected.get(i)), comparable("cdckit_rewrite", actual.get(i)),
                        table + " record " + i);
            }
        }
    }

    /**
     * Every delete mode of {@code Unwrap}, loaded from the plugin archive, on the live workload: what
     * happens to the 2 deletes and 2 tombstones of {@code shop.products}, next to its 10 other
     * events (snapshot rows, inserts, updates, the primary-key change's create).
     */
    @ParameterizedTest
    @ValueSource(strings = {"drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"})
    void unwrapDeleteModesLive(String mode) {
        Map<String, List<DecodedRecord>> out = deployAndCollect("unwrap_" + mode.replace('-', '_'), Map.of(
                "transforms", "unwrap",
                "transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap",
                "transforms.unwrap.delete.tombstone.handling.mode", mode));
        List<DecodedRecord> products = out.get("shop.products");
        int rows = 0;
        int nullWithSchema = 0;
        int tombstones = 0;
        List<String> deletedFlags = new ArrayList<>();
        for (DecodedRecord r : products) {
            if (r.value == null) {
                if (r.valueSchema == null) {
                    tombstones++;
                } else {
                    nullWithSchema++;
                    assertEquals("unwrap_" + mode.replace('-', '_') + ".shop.products.Value", r.valueSchema.name());
                }
                continue;
            }
            rows++;
            Struct row = (Struct) r.value;
            assertFalse(r.valueSchema.isOptional(), "the row schema is a non-optional copy");
            assertEquals(row.get("id"), ((Struct) r.key).get("id"), "the row belongs to the key");
            if (r.valueSchema.field("__deleted") != null) {
                deletedFlags.add(row.getString("__deleted"));
            }
        }
        switch (mode) {
            case "drop":
                assertEquals(List.of(10, 0, 0), List.of(rows, nullWithSchema, tombstones));
                break;
            case "tombstone":
                assertEquals(List.of(10, 2, 0), List.of(rows, nullWithSchema, tombstones));
                break;
            case "rewrite":
                assertEquals(List.of(12, 0, 0), List.of(rows, nullWithSchema, tombstones));
                break;
            case "rewrite-with-tombstone":
                assertEquals(List.of(12, 0, 2), List.of(rows, nullWithSchema, tombstones));
                break;
            default: // delete-to-tombstone
                assertEquals(List.of(10, 0, 2), List.of(rows, nullWithSchema, tombstones));
        }
        if (mode.startsWith("rewrite")) {
            assertEquals(2, deletedFlags.stream().filter("true"::equals).count());
            assertEquals(10, deletedFlags.stream().filter("false"::equals).count());
        } else {
            assertTrue(deletedFlags.isEmpty());
        }
        assertEquals(4, out.get("shop.audit_log").size(), "the truncate is dropped by default");
    }

    /**
     * cdckit's additions on the live workload: the truncate kept, metadata fields added, and
     * ChangedFields + drop.fields.header.name turning the FULL-identity updates of customers into
     * rows without their unchanged optional columns.
     */
    @Test
    void changedFieldsAndTruncateKeepLive() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("transforms", "changes,unwrap");
        config.put("transforms.changes.type", "io.cdckit.smt.unwrap.ChangedFields");
        config.put("transforms.changes.header.changed.name", "changed");
        config.put("transforms.changes.header.unchanged.name", "unchanged");
        config.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        config.put("transforms.unwrap.truncate.handling.mode", "keep");
        config.put("transforms.unwrap.add.fields", "op,source.ts_ms,table");
        config.put("transforms.unwrap.drop.fields.header.name", "unchanged");
        Map<String, List<DecodedRecord>> out = deployAndCollect("cdckit_extras", config);

        List<DecodedRecord> audit = out.get("shop.audit_log");
        assertEquals(5, audit.size(), "4 rows and the kept truncate envelope");
        DecodedRecord truncate = audit.get(4);
        assertTrue(truncate.valueSchema.name().endsWith(".Envelope"));
        assertEquals("t", ((Struct) truncate.value).getString("op"));

        boolean sawPartialUpdate = false;
        for (DecodedRecord r : out.get("shop.customers")) {
            if (r.value == null) {
                continue;
            }
            Struct row = (Struct) r.value;
            assertEquals("customers", row.getString("__table"));
            assertTrue(row.get("__source_ts_ms") instanceof Long);
            if ("u".equals(row.getString("__op")) && r.header("changed") != null && !r.header("changed").equals("[]")) {
                // the unchanged optional columns are gone; the changed ones are there
                for (String changed : r.header("changed").replaceAll("[\\[\\]\" ]", "").split(",")) {
                    assertTrue(r.valueSchema.field(changed) != null, changed + " kept in " + r.valueSchema.fields());
                }
                assertTrue(r.valueSchema.fields().size() < out.get("shop.customers").get(0).valueSchema.fields().size(),
                        "unchanged optional columns were dropped");
                sawPartialUpdate = true;
            }
        }
        assertTrue(sawPartialUpdate, "the customers updates (REPLICA IDENTITY FULL) give partial rows");
    }

    /** A record as JSON with the topic prefix taken out of schema names and the per-run header values masked. */
    private static JsonNode comparable(String prefix, DecodedRecord r) {
        ObjectNode n = JsonRecords.MAPPER.createObjectNode();
        n.set("key", unprefixed(prefix, JsonRecords.tree(JsonRecords.encode(r.topic, true, r.keySchema, r.key))));
        n.set("value", unprefixed(prefix, JsonRecords.tree(JsonRecords.encode(r.topic, false, r.valueSchema, r.value))));
        ObjectNode h = n.putObject("headers");
        new TreeMap<>(r.headers).forEach((k, v) -> h.put(k, k.startsWith("__debezium.context.") ? "*" : v));
        return n;
    }

    // ---------------------------------------------------------------- the corpus

    @Test
    void rawEventsMatchTheCommittedCorpus() {
        Map<String, List<JsonNode>> live = new LinkedHashMap<>();
        raw.forEach((table, records) -> {
            List<JsonNode> shapes = new ArrayList<>();
            records.forEach(r -> shapes.add(shape("raw", r.topic(), JsonRecords.tree(r.key()),
                    JsonRecords.tree(r.value()), ConnectRuntime.headers(r))));
            live.put(table, shapes);
        });
        Map<String, List<JsonNode>> corpus = new LinkedHashMap<>();
        for (String line : Fixtures.lines()) {
            JsonNode n = JsonRecords.tree(line.getBytes(StandardCharsets.UTF_8));
            String topic = n.get("topic").asText();
            Map<String, String> headers = new LinkedHashMap<>();
            n.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            corpus.computeIfAbsent(CdcWorkload.table(Fixtures.TOPIC_PREFIX, topic), t -> new ArrayList<>())
                    .add(shape(Fixtures.TOPIC_PREFIX, topic, n.get("key"), n.get("value"), headers));
        }
        assertEquals(corpus.keySet(), live.keySet());
        for (String table : corpus.keySet()) {
            List<JsonNode> expected = corpus.get(table);
            List<JsonNode> actual = live.get(table);
            assertEquals(expected.size(), actual.size(), table);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), table + " event " + i
                        + ": the connector's output differs from the corpus; re-record it with scripts/record-fixtures.sh");
            }
        }
    }

    /**
     * What must not change between recordings: the key, the value's schema (names without the topic
     * prefix) and its payload without the source block and the timestamps, and the header names and
     * key-change headers.
     */
    private static JsonNode shape(String prefix, String topic, JsonNode key, JsonNode value, Map<String, String> headers) {
        ObjectNode s = JsonRecords.MAPPER.createObjectNode();
        s.put("table", CdcWorkload.table(prefix, topic));
        s.set("key", unprefixed(prefix, key));
        if (value != null && !value.isNull()) {
            ObjectNode schema = (ObjectNode) unprefixed(prefix, value.get("schema"));
            s.set("valueSchema", schema);
            ObjectNode payload = value.get("payload").deepCopy();
            payload.remove(List.of("source", "ts_ms", "ts_us", "ts_ns", "transaction"));
            s.set("value", payload);
        } else {
            s.putNull("value");
        }
        ObjectNode h = s.putObject("headers");
        new TreeMap<>(headers).forEach((k, v) -> h.put(k, k.startsWith("__debezium.context.") ? "*" : v));
        return s;
    }

    /** A copy of a JSON tree with the topic prefix taken out of every {@code "name"} of a schema. */
    private static JsonNode unprefixed(String prefix, JsonNode node) {
        if (node == null || node.isNull()) {
            return JsonRecords.MAPPER.nullNode();
        }
        JsonNode copy = node.deepCopy();
        strip(prefix + ".", copy);
        return copy;
    }

    private static void strip(String prefix, JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            JsonNode name = o.get("name");
            if (name != null && name.isTextual() && name.asText().startsWith(prefix)) {
                o.put("name", "*." + name.asText().substring(prefix.length()));
            }
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(prefix, it.next());
            }
        } else if (node.isArray()) {
            node.forEach(n -> strip(prefix, n));
        }
    }

    private static JsonNode json(String text) {
        assertNotNull(text);
        return JsonRecords.tree(text.getBytes(StandardCharsets.UTF_8));
    }
}
