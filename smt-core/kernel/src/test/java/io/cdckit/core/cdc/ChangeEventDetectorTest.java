package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.cdckit.core.cdc.DebeziumFixtures.ENVELOPE;
import static io.cdckit.core.cdc.DebeziumFixtures.maxwell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one entry point: Struct and Map values of every dialect, and the metadata reads. */
class ChangeEventDetectorTest {

    @Test
    void detectsStructAndMapValuesAndNothingElse() {
        ChangeEventDetector all = ChangeEventDetector.all(16);
        Struct update = DebeziumFixtures.update();
        ChangeEvent s = all.detect(ENVELOPE, update);
        assertEquals(Dialect.DEBEZIUM, s.dialect());
        assertEquals(Operation.UPDATE, s.op());
        assertSame(update.get("after"), s.after());
        assertSame(all.envelope(ENVELOPE), s.envelopeSchema(), "compiled once per schema");
        ChangeEvent m = all.detect(null, DebeziumFixtures.schemaless(update));
        assertTrue(m.isSchemaless());
        assertEquals(Operation.UPDATE, m.op());
        assertNull(all.detect(null, null));
        assertNull(all.detect(Schema.STRING_SCHEMA, "text"));
        assertNull(all.detect(DebeziumFixtures.HEARTBEAT, DebeziumFixtures.heartbeat()));
        assertNull(all.detect(ENVELOPE, DebeziumFixtures.schemaless(update)), "a Map with a schema is not a Struct envelope");
        // a Struct is read by its own schema, whatever the record says
        Struct mongo = DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null);
        assertEquals(Dialect.DEBEZIUM_MONGODB, all.detect(ENVELOPE, mongo).dialect());
        assertNull(all.detect(ENVELOPE, DebeziumFixtures.heartbeat()), "a heartbeat under an envelope schema");
        assertSame(update.get("after"), all.detect(DebeziumFixtures.HEARTBEAT, update).after());
    }

    @Test
    void onlyTheAskedDialectsAreRecognised() {
        ChangeEventDetector maxwellOnly = ChangeEventDetector.of(EnumSet.of(Dialect.MAXWELL), 16);
        assertNull(maxwellOnly.detect(ENVELOPE, DebeziumFixtures.create()));
        assertNull(maxwellOnly.detect(null, DebeziumFixtures.schemaless(DebeziumFixtures.create())));
        assertEquals(Dialect.MAXWELL, maxwellOnly.detect(null, maxwell("insert", Map.of("id", 1), null)).dialect());
        ChangeEventDetector relational = ChangeEventDetector.of(EnumSet.of(Dialect.DEBEZIUM), 16);
        Struct mongo = DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null);
        assertNull(relational.detect(mongo.schema(), mongo));
        assertNull(relational.detect(null, maxwell("insert", Map.of("id", 1), null)));
        assertThrows(IllegalArgumentException.class, () -> ChangeEventDetector.of(EnumSet.noneOf(Dialect.class), 1));
    }

    @Test
    void maxwellEventsAnswerInDebeziumsTerms() {
        ChangeEventDetector all = ChangeEventDetector.all(16);
        Map<String, Object> data = Map.of("id", 1, "email", "new@example.org");
        Map<String, Object> old = Map.of("email", "old@example.org");
        ChangeEvent update = all.detect(null, maxwell("update", data, old));
        assertEquals(Operation.UPDATE, update.op());
        assertSame(data, update.after());
        assertSame(old, update.before());
        assertTrue(update.dialect().partialBefore());
        assertEquals("customers", update.sourceField("table"));
        assertEquals("shop", update.sourceField("db"));
        assertEquals(1_714_000_000_000L, update.tsMs());
        assertEquals("u", update.metadata(null, "op"));
        assertEquals(1_714_000_000_000L, update.metadata(null, "ts_ms"));
        assertEquals(940_752L, update.metadata("source", "xid"));
        assertSame(ChangeEvent.ABSENT, update.metadata("transaction", "id"));
        ChangeEvent delete = all.detect(null, maxwell("delete", data, null));
        assertNull(delete.after());
        assertSame(data, delete.before());
        assertEquals(Operation.READ, all.detect(null, maxwell("bootstrap-insert", data, null)).op());
        for (String type : new String[]{"bootstrap-start", "table-create", "ddl"}) {
            assertNull(all.detect(null, maxwell(type, data, null)), type);
        }
        Map<String, Object> extra = maxwell("insert", data, null);
        extra.put("not_maxwells", 1);
        assertNull(all.detect(null, extra), "a key Maxwell never writes");
        assertTrue(update.toString().contains("MAXWELL") && !update.toString().contains("example.org"));
    }

    @Test
    void metadataReadsAsDebeziumsAddFieldsDo() {
        ChangeEventDetector all = ChangeEventDetector.all(16);
        Struct create = DebeziumFixtures.create();
        for (ChangeEvent ev : List.of(all.detect(ENVELOPE, create), all.detect(null, DebeziumFixtures.schemaless(create)))) {
            assertEquals("c", ev.metadata(null, "op"), ev.toString());
            assertEquals("customers", ev.metadata("source", "table"));
            assertEquals(DebeziumFixtures.TX_BLOCK_ID, ev.metadata("transaction", "id"));
            assertEquals(DebeziumFixtures.SOURCE_TS_MS, ((Number) ev.metadata("source", "ts_ms")).longValue(),
                    "the block's field, not the top-level one of the same name");
            assertEquals(DebeziumFixtures.TS_MS, ((Number) ev.metadata(null, "ts_ms")).longValue());
            assertEquals("c", ev.metadata("source", "op"), "a field the block lacks: the top level's");
            assertSame(ChangeEvent.ABSENT, ev.metadata("source", "no_such_field"));
            assertSame(ChangeEvent.ABSENT, ev.metadata("no_such_block", "x"));
            assertSame(ChangeEvent.ABSENT, ev.metadata(null, "no_such_field"));
        }
        Struct read = DebeziumFixtures.read(); // no transaction block
        for (ChangeEvent ev : List.of(all.detect(ENVELOPE, read), all.detect(null, DebeziumFixtures.schemaless(read)))) {
            assertNull(ev.metadata("transaction", "id"), "a field Debezium always writes in a null block is null");
        }
    }

    @Test
    void controlRecordsAreToldApart() {
        assertTrue(ChangeEvents.isControlRecord(DebeziumFixtures.HEARTBEAT));
        assertTrue(ChangeEvents.isControlRecord(DebeziumFixtures.SCHEMA_CHANGE));
        assertTrue(ChangeEvents.isControlRecord(DebeziumFixtures.TX_METADATA));
        assertTrue(!ChangeEvents.isControlRecord(ENVELOPE) && !ChangeEvents.isControlRecord(DebeziumFixtures.ROW));
        assertTrue(ChangeEvents.isControlRecord(DebeziumFixtures.schemaless(DebeziumFixtures.schemaChange())));
        assertTrue(ChangeEvents.isControlRecord(DebeziumFixtures.schemaless(DebeziumFixtures.txMetadata())));
        assertTrue(!ChangeEvents.isControlRecord(Map.of("ddl", "x", "tableChanges", List.of(), "email", "a")));
        assertTrue(!ChangeEvents.isControlRecord(DebeziumFixtures.schemaless(DebeziumFixtures.create())));
    }
}
