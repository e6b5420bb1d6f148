package io.cdckit.core.cdc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static io.cdckit.core.cdc.DebeziumFixtures.get;
import static io.cdckit.core.cdc.DebeziumFixtures.jsonMap;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeEventsTest {

    private static final String PG_SOURCE = "{\"version\": \"3.0.5.Final\", \"connector\": \"postgresql\", "
            + "\"name\": \"pg\", \"ts_ms\": 1714000000000, \"snapshot\": \"false\", \"db\": \"inventory\", "
            + "\"sequence\": \"[null,\\\"24023128\\\"]\", \"ts_us\": 1714000000000000, "
            + "\"ts_ns\": 1714000000000000000, \"schema\": \"public\", \"table\": \"customers\", "
            + "\"txId\": 555, \"lsn\": 24023128, \"xmin\": null}";

    private static final String ALICE = "{\"id\": 1001, \"first_name\": \"Alice\", \"last_name\": \"Smith\", "
            + "\"email\": \"alice@example.com\"}";

    private static final String ALICE_RENAMED = "{\"id\": 1001, \"first_name\": \"Alice\", "
            + "\"last_name\": \"Jones\", \"email\": \"alice.jones@example.com\"}";

    private static final String TX = "{\"id\": \"555:24023128\", \"total_order\": 3, \"data_collection_order\": 2}";

    private static final String MONGO_SOURCE = "{\"version\": \"3.0.5.Final\", \"connector\": \"mongodb\", "
            + "\"name\": \"mongo\", \"ts_ms\": 1714000000000, \"snapshot\": \"false\", \"db\": \"inventory\", "
            + "\"sequence\": null, \"ts_us\": 1714000000000000, \"ts_ns\": 1714000000000000000, "
            + "\"collection\": \"customers\", \"ord\": 1, \"lsid\": null, \"txnNumber\": null, \"wallTime\": null}";

    private static String event(String op, String before, String after, String tx) {
        return "{\"before\": " + before + ", \"after\": " + after + ", \"source\": " + PG_SOURCE
                + ", \"transaction\": " + tx + ", \"op\": \"" + op + "\", \"ts_ms\": 1714000000142, "
                + "\"ts_us\": 1714000000142381, \"ts_ns\": 1714000000142381907}";
    }

    private static String mongoEvent(String op, String before, String after, String updateDescription) {
        return "{\"before\": " + before + ", \"after\": " + after + ", \"updateDescription\": "
                + updateDescription + ", \"source\": " + MONGO_SOURCE + ", \"op\": \"" + op
                + "\", \"ts_ms\": 1714000000142, \"transaction\": null}";
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    private static Map<String, Object> mutable(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new HashMap<>((Map<String, Object>) jsonMap(json));
        return map;
    }

    // ------------------------------------------------------------------ recognised maps

    @Test
    void detectsCreate() {
        Map<?, ?> value = jsonMap(event("c", "null", ALICE, TX));
        ChangeEvent event = ChangeEvents.detect(value);
        assertNotNull(event);
        assertInstanceOf(MapChangeEvent.class, event);
        assertSame(value, event.value());
        assertTrue(event.isSchemaless());
        assertEquals(Dialect.DEBEZIUM, event.dialect());
        assertEquals(Operation.CREATE, event.op());
        assertNull(event.before());
        assertEquals("Alice", get(event.row(), "first_name"));
        assertEquals("customers", event.sourceField("table"));
        assertEquals("555:24023128", get(event.transaction(), "id"));
        assertEquals(1_714_000_000_142L, event.tsMs());
        assertEquals(1_714_000_000_142_381L, event.tsUs());
        assertEquals(1_714_000_000_142_381_907L, event.tsNs());
    }

    @Test
    void detectsReadUpdateAndDelete() {
        ChangeEvent read = ChangeEvents.detect(jsonMap(event("r", "null", ALICE, "null")));
        assertEquals(Operation.READ, read.op());
        assertEquals("Smith", get(read.row(), "last_name"));
        assertNull(read.transaction());

        ChangeEvent update = ChangeEvents.detect(jsonMap(event("u", ALICE, ALICE_RENAMED, TX)));
        assertEquals(Operation.UPDATE, update.op());
        assertEquals("Smith", get(update.before(), "last_name"));
        assertEquals("Jones", get(update.row(), "last_name"));

        ChangeEvent delete = ChangeEvents.detect(jsonMap(event("d", ALICE_RENAMED, "null", TX)));
        assertEquals(Operation.DELETE, delete.op());
        assertNull(delete.after());
        assertEquals("Jones", get(delete.row(), "last_name"));
    }

    @Test
    void detectsTruncate() {
        ChangeEvent event = ChangeEvents.detect(jsonMap(event("t", "null", "null", TX)));
        assertNotNull(event);
        assertEquals(Dialect.DEBEZIUM, event.dialect());
        assertEquals(Operation.TRUNCATE, event.op());
        assertNull(event.before());
        assertNull(event.after());
        assertNull(event.row());
        assertEquals("customers", event.sourceField("table"));
    }

    @Test
    void detectsMessage() {
        String json = "{\"op\": \"m\", \"ts_ms\": 1723115240065, \"source\": " + PG_SOURCE
                + ", \"message\": {\"prefix\": \"audit\", \"content\": \"aGVsbG8=\"}}";
        ChangeEvent event = ChangeEvents.detect(jsonMap(json));
        assertNotNull(event);
        assertEquals(Dialect.DEBEZIUM, event.dialect());
        assertEquals(Operation.MESSAGE, event.op());
        assertEquals("audit", get(event.message(), "prefix"));
        assertNull(event.row());
        assertEquals(1_723_115_240_065L, event.tsMs());
        assertNull(event.tsUs());
    }

    @Test
    void detectsMongoDbEvents() {
        String doc = "{\"_id\": {\"$numberLong\": \"1004\"}, \"first_name\": \"Anne\"}";
        ChangeEvent create = ChangeEvents.detect(jsonMap(mongoEvent("c", "null", quoted(doc), "null")));
        assertNotNull(create);
        assertEquals(Dialect.DEBEZIUM_MONGODB, create.dialect());
        assertEquals(doc, create.after());
        assertEquals(doc, create.row());
        assertEquals("customers", create.sourceField("collection"));

        String description = "{\"removedFields\": [\"nickname\"], \"updatedFields\": "
                + quoted("{\"first_name\": \"Anne Marie\"}") + ", \"truncatedArrays\": null}";
        ChangeEvent update = ChangeEvents.detect(jsonMap(mongoEvent("u", "null", "null", description)));
        assertEquals(Dialect.DEBEZIUM_MONGODB, update.dialect());
        assertEquals(List.of("nickname"), get(update.updateDescription(), "removedFields"));
        assertNull(update.row());

        // A delete without pre-images has no document at all: the source block tells the dialect.
        Map<String, Object> delete = mutable(mongoEvent("d", "null", "null", "null"));
        delete.remove("updateDescription");
        assertEquals(Dialect.DEBEZIUM_MONGODB, ChangeEvents.detect(delete).dialect());
    }

    @Test
    void relationalEventWithoutRowsIsDebezium() {
        Map<String, Object> value = new HashMap<>();
        value.put("op", "t");
        value.put("source", Map.of("connector", "mysql", "table", "customers"));
        assertEquals(Dialect.DEBEZIUM, ChangeEvents.detect(value).dialect());
    }

    @Test
    void requiresOnlyOpAndSource() {
        ChangeEvent event = ChangeEvents.detect(Map.of("op", "c", "source", Map.of()));
        assertNotNull(event);
        assertNull(event.after());
        assertNull(event.tsMs());
        assertNull(event.sourceField("table"));
    }

    @Test
    void acceptsUnknownOpCodes() {
        ChangeEvent event = ChangeEvents.detect(jsonMap(event("x", "null", ALICE, "null")));
        assertNotNull(event);
        assertEquals("x", event.opCode());
        assertNull(event.op());
        assertNull(event.row());
    }

    @Test
    void doesNotCheckTimestampsWhenDetecting() {
        Map<String, Object> value = mutable(event("c", "null", ALICE, "null"));
        value.put("ts_ms", "2024-04-25T00:00:00Z");
        assertNotNull(ChangeEvents.detect(value));
    }

    @Test
    void acceptsOtherMapImplementations() {
        Map<String, Object> linked = new LinkedHashMap<>(mutable(event("c", "null", ALICE, TX)));
        assertEquals(Operation.CREATE, ChangeEvents.detect(linked).op());
        Map<String, Object> sorted = new TreeMap<>(mutable(event("u", ALICE, ALICE_RENAMED, TX)));
        assertEquals(Operation.UPDATE, ChangeEvents.detect(sorted).op());
        Map<String, Object> concurrent = new ConcurrentHashMap<>();
        concurrent.put("op", "d");
        concurrent.put("source", Map.of("table", "customers"));
        assertEquals(Operation.DELETE, ChangeEvents.detect(concurrent).op());
        assertEquals(Operation.READ, ChangeEvents.detect(Collections.unmodifiableMap(
                mutable(event("r", "null", ALICE, "null")))).op());
    }

    // ------------------------------------------------------------------ rejected maps

    @Test
    void rejectsNullAndEmpty() {
        assertNull(ChangeEvents.detect(null));
        assertNull(ChangeEvents.detect(Map.of()));
        assertNull(ChangeEvents.detect(new HashMap<>()));
    }

    @Test
    void rejectsHeartbeat() {
        assertNull(ChangeEvents.detect(jsonMap("{\"ts_ms\": 1714000000142}")));
    }

    @Test
    void rejectsSchemaChange() {
        String json = "{\"source\": {\"version\": \"3.0.5.Final\", \"connector\": \"mysql\", \"name\": \"mysql\", "
                + "\"ts_ms\": 1714000000000, \"db\": \"inventory\", \"table\": \"customers\", "
                + "\"server_id\": 223344, \"file\": \"mysql-bin.000003\", \"pos\": 154}, "
                + "\"ts_ms\": 1714000000142, \"databaseName\": \"inventory\", \"schemaName\": null, "
                + "\"ddl\": \"ALTER TABLE customers ADD COLUMN middle_name VARCHAR(255)\", "
                + "\"tableChanges\": [{\"type\": \"ALTER\", \"id\": \"\\\"inventory\\\".\\\"customers\\\"\"}]}";
        assertNull(ChangeEvents.detect(jsonMap(json)));
    }

    @Test
    void rejectsTransactionMetadata() {
        String json = "{\"status\": \"END\", \"id\": \"555:24023128\", \"event_count\": 2, "
                + "\"data_collections\": [{\"data_collection\": \"public.customers\", \"event_count\": 2}], "
                + "\"ts_ms\": 1714000000142}";
        assertNull(ChangeEvents.detect(jsonMap(json)));
    }

    @Test
    void rejectsRowsWithEnvelopeLikeColumns() {
        // A row of a table with columns id, op, before, after and source.
        String json = "{\"id\": 7, \"op\": \"c\", \"before\": null, \"after\": " + ALICE
                + ", \"source\": {\"system\": \"crm\"}}";
        assertNull(ChangeEvents.detect(jsonMap(json)));
        // An unwrapped row that kept Debezium's metadata columns under other names.
        String flattened = "{\"id\": 1001, \"email\": \"alice@example.com\", \"__op\": \"c\", "
                + "\"__source_table\": \"customers\", \"__ts_ms\": 1714000000142}";
        assertNull(ChangeEvents.detect(jsonMap(flattened)));
    }

    @Test
    void rejectsEnvelopesWithExtraKeys() {
        Map<String, Object> value = mutable(event("c", "null", ALICE, TX));
        value.put("origin_cluster", "eu-1");
        assertNull(ChangeEvents.detect(value));
        Map<String, Object> patched = mutable(event("c", "null", ALICE, TX));
        patched.put("patch", "{}");
        assertNull(ChangeEvents.detect(patched));
    }

    @Test
    void rejectsMissingOpOrSource() {
        Map<String, Object> noOp = mutable(event("c", "null", ALICE, TX));
        noOp.remove("op");
        assertNull(ChangeEvents.detect(noOp));
        Map<String, Object> noSource = mutable(event("c", "null", ALICE, TX));
        noSource.remove("source");
        assertNull(ChangeEvents.detect(noSource));
        Map<String, Object> nullSource = mutable(event("c", "null", ALICE, TX));
        nullSource.put("source", null);
        assertNull(ChangeEvents.detect(nullSource));
        Map<String, Object> nullOp = mutable(event("c", "null", ALICE, TX));
        nullOp.put("op", null);
        assertNull(ChangeEvents.detect(nullOp));
    }

    @Test
    void rejectsOpThatIsNotAString() {
        assertNull(ChangeEvents.detect(jsonMap(event("c", "null", ALICE, TX).replace("\"op\": \"c\"", "\"op\": 1"))));
        Map<String, Object> value = mutable(event("c", "null", ALICE, TX));
        value.put("op", 'c');
        assertNull(ChangeEvents.detect(value));
        value.put("op", List.of("c"));
        assertNull(ChangeEvents.detect(value));
    }

    @Test
    void rejectsSourceThatIsNotAMap() {
        Map<String, Object> value = mutable(event("c", "null", ALICE, TX));
        value.put("source", "postgresql");
        assertNull(ChangeEvents.detect(value));
        value.put("source", List.of(Map.of("table", "customers")));
        assertNull(ChangeEvents.detect(value));
    }

    @Test
    void rejectsRowsThatAreNeitherMapsNorStrings() {
        Map<String, Object> listBefore = mutable(event("u", ALICE, ALICE_RENAMED, TX));
        listBefore.put("before", List.of(1, 2));
        assertNull(ChangeEvents.detect(listBefore));
        Map<String, Object> numberAfter = mutable(event("c", "null", ALICE, TX));
        numberAfter.put("after", 42);
        assertNull(ChangeEvents.detect(numberAfter));
        Map<String, Object> booleanAfter = mutable(event("c", "null", ALICE, TX));
        booleanAfter.put("after", Boolean.TRUE);
        assertNull(ChangeEvents.detect(booleanAfter));
    }

    @Test
    void rejectsMixedRowRepresentations() {
        Map<String, Object> value = mutable(event("u", ALICE, ALICE_RENAMED, TX));
        value.put("after", "{\"id\": 1001}");
        assertNull(ChangeEvents.detect(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction", "message", "updateDescription"})
    void rejectsBlocksThatAreNotMaps(String key) {
        Map<String, Object> value = mutable(event("c", "null", ALICE, "null"));
        value.put(key, "oops");
        assertNull(ChangeEvents.detect(value));
        value.put(key, List.of());
        assertNull(ChangeEvents.detect(value));
        value.put(key, null);
        assertNotNull(ChangeEvents.detect(value));
    }

    @Test
    void rejectsMapsWithNonStringKeysWithoutThrowing() {
        Map<Object, Object> mixed = new HashMap<>();
        mixed.put("op", "c");
        mixed.put("source", Map.of());
        mixed.put(7, "seven");
        assertNull(ChangeEvents.detect(mixed));

        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put("op", "c");
        nullKey.put("source", Map.of());
        nullKey.put(null, "x");
        assertNull(ChangeEvents.detect(nullKey));

        Map<Integer, Object> sortedByNumber = new TreeMap<>();
        sortedByNumber.put(1, "c");
        sortedByNumber.put(2, Map.of());
        assertDoesNotThrow(() -> assertNull(ChangeEvents.detect(sortedByNumber)));
    }
}
