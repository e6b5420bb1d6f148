package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.cdckit.core.cdc.DebeziumFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The contract of {@link ChangeEvent}: an event read from its Struct form and the same event as a
 * schemaless consumer sees it (written and read back by {@code JsonConverter} with
 * {@code schemas.enable=false}) answer every question the same way.
 */
class ChangeEventTest {

    private static Stream<Arguments> events() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "create", DebeziumFixtures::create, Operation.CREATE);
        add(cases, "read", DebeziumFixtures::read, Operation.READ);
        add(cases, "update", DebeziumFixtures::update, Operation.UPDATE);
        add(cases, "delete", DebeziumFixtures::delete, Operation.DELETE);
        add(cases, "truncate", DebeziumFixtures::truncate, Operation.TRUNCATE);
        add(cases, "message", DebeziumFixtures::message, Operation.MESSAGE);
        add(cases, "mongo-create",
            () -> DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null), Operation.CREATE);
        add(cases, "mongo-update",
            () -> DebeziumFixtures.mongoEvent("u", DebeziumFixtures.MONGO_DOC, DebeziumFixtures.MONGO_DOC_UPDATED,
                    DebeziumFixtures.mongoUpdateDescription()), Operation.UPDATE);
        add(cases, "mongo-delete",
            () -> DebeziumFixtures.mongoEvent("d", DebeziumFixtures.MONGO_DOC, null, null), Operation.DELETE);
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Supplier<Struct> event, Operation op) {
        Struct value = event.get();
        ChangeEvent withSchema = EnvelopeSchema.detect(value.schema()).view(value);
        ChangeEvent schemaless = ChangeEvents.detect(DebeziumFixtures.schemaless(value));
        cases.add(Arguments.of(name + "/struct", withSchema, value, op));
        cases.add(Arguments.of(name + "/map", schemaless, value, op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsTheOperation(String name, ChangeEvent event, Struct original, Operation op) {
        assertNotNull(event, name);
        assertEquals(op, event.op());
        assertEquals(op.code(), event.opCode());
        Dialect expected = original.schema().name().startsWith("mongo.")
                ? Dialect.DEBEZIUM_MONGODB : Dialect.DEBEZIUM;
        assertEquals(expected, event.dialect());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsTheImages(String name, ChangeEvent event, Struct original, Operation op) {
        assertImage(original, "before", event.before());
        assertImage(original, "after", event.after());
        String rowField = op == Operation.DELETE ? "before" : op.rowIsAfter() ? "after" : null;
        if (rowField == null) {
            assertNull(event.row());
        } else {
            assertImage(original, rowField, event.row());
        }
    }

    private static void assertImage(Struct original, String field, Object image) {
        Object expected = original.schema().field(field) == null ? null : original.get(field);
        if (expected == null) {
            assertNull(image);
        } else if (expected instanceof String) {
            assertEquals(expected, image);
        } else {
            Struct row = (Struct) expected;
            assertEquals(asLong(row.get("id")), asLong(get(image, "id")));
            assertEquals(row.get("last_name"), get(image, "last_name"));
            assertEquals(row.get("email"), get(image, "email"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsTheSourceBlock(String name, ChangeEvent event, Struct original, Operation op) {
        Struct source = original.getStruct("source");
        assertNotNull(event.source());
        for (String field : new String[] {"version", "connector", "name", "db", "snapshot", "table", "collection"}) {
            Object expected = source.schema().field(field) == null ? null : source.get(field);
            assertEquals(expected, event.sourceField(field), field);
        }
        assertEquals(source.get("ts_ms"), asLong(event.sourceField("ts_ms")));
        Object lsn = source.schema().field("lsn") == null ? null : source.get("lsn");
        assertEquals(lsn, asLong(event.sourceField("lsn")));
        assertNull(event.sourceField("no_such_field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsTheTimestamps(String name, ChangeEvent event, Struct original, Operation op) {
        assertEquals(original.get("ts_ms"), event.tsMs());
        assertEquals(original.get("ts_us"), event.tsUs());
        assertEquals(original.get("ts_ns"), event.tsNs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsTheBlocks(String name, ChangeEvent event, Struct original, Operation op) {
        Struct tx = original.getStruct("transaction");
        if (tx == null) {
            assertNull(event.transaction());
        } else {
            assertEquals(tx.get("id"), get(event.transaction(), "id"));
            assertEquals(tx.get("total_order"), asLong(get(event.transaction(), "total_order")));
        }
        if (op == Operation.MESSAGE) {
            assertEquals("audit", get(event.message(), "prefix"));
        } else {
            assertNull(event.message());
        }
        Object description = original.schema().field("updateDescription") == null
                ? null : original.get("updateDescription");
        if (description == null) {
            assertNull(event.updateDescription());
        } else {
            assertEquals(List.of("nickname"), get(event.updateDescription(), "removedFields"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void exposesTheRepresentation(String name, ChangeEvent event, Struct original, Operation op) {
        if (event.isSchemaless()) {
            assertInstanceOf(Map.class, event.value());
            assertInstanceOf(Map.class, event.source());
            assertNull(event.schema());
            assertNull(event.envelopeSchema());
            assertNull(event.sourceSchema());
        } else {
            assertEquals(original, event.value());
            assertInstanceOf(Struct.class, event.source());
            assertEquals(original.schema(), event.schema());
            assertEquals(original.schema(), event.envelopeSchema().schema());
            assertEquals(original.schema().field("source").schema(), event.sourceSchema());
        }
    }

    /** JSON decoding may give a narrower integer type than the schema'd form's Long. */
    private static Long asLong(Object number) {
        return number == null ? null : ((Number) number).longValue();
    }
}
