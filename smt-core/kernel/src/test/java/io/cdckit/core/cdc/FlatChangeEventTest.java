package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.core.cdc.FlatFixtures.canal;
import static io.cdckit.core.cdc.FlatFixtures.canalStruct;
import static io.cdckit.core.cdc.FlatFixtures.goldenGate;
import static io.cdckit.core.cdc.FlatFixtures.goldenGateStruct;
import static io.cdckit.core.cdc.FlatFixtures.row;
import static io.cdckit.core.cdc.FlatFixtures.rowStruct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GoldenGate's and Canal's views: detection by full shape, schemaless and schema'd, and what they answer. */
class FlatChangeEventTest {

    private static final long OP_TS_MS = 1_714_040_130_123L; // 2024-04-25T10:15:30.123456Z

    private static ChangeEvent struct(Struct value) {
        EnvelopeSchema env = EnvelopeSchema.detect(value.schema());
        return env == null ? null : env.view(value);
    }

    // ------------------------------------------------------------------ GoldenGate

    @Test
    void goldenGateOpsMapToDebeziumCodesInEveryForm() {
        String[][] cases = {{"I", "c"}, {"U", "u"}, {"D", "d"}, {"T", "t"},
            {"INSERT", "c"}, {"UPDATE", "u"}, {"DELETE", "d"}, {"TRUNCATE", "t"}};
        for (String[] c : cases) {
            ChangeEvent map = ChangeEvents.detect(goldenGate(c[0], null, row(1, "a")));
            assertEquals(c[1], map.opCode(), c[0]);
            assertEquals(Dialect.GOLDENGATE, map.dialect());
            ChangeEvent st = struct(goldenGateStruct(c[0], null, rowStruct(1, "a")));
            assertEquals(c[1], st.opCode(), c[0]);
            assertEquals(Dialect.GOLDENGATE, st.dialect());
        }
        Map<String, Object> opKey = goldenGate("I", null, row(1, "a"));
        opKey.put("op", opKey.remove("op_type"));
        assertEquals("c", ChangeEvents.detect(opKey).opCode(), "the op key variant");
        assertNull(struct(goldenGateStruct("X", null, null)).opCode(), "an unknown op in a struct: no op");
    }

    @Test
    void goldenGateImagesAndMetadata() {
        Map<String, Object> before = row(1, "old@example.org");
        Map<String, Object> after = row(1, "new@example.org");
        ChangeEvent ev = ChangeEvents.detect(goldenGate("U", before, after));
        assertTrue(ev.isSchemaless());
        assertSame(before, ev.before());
        assertSame(after, ev.after());
        assertSame(after, ev.row());
        assertEquals(1, ev.rowCount());
        assertNull(ev.source());
        assertEquals(OP_TS_MS, ev.tsMs());
        assertEquals(OP_TS_MS * 1000 + 456, ev.tsUs());
        assertEquals("u", ev.metadata(null, "op"));
        assertEquals("CUSTOMERS", ev.metadata("source", "table"));
        assertEquals("SHOP", ev.sourceField("schema"));
        assertEquals("ORCL", ev.sourceField("db"));
        assertEquals(OP_TS_MS, ev.metadata(null, "ts_ms"));
        assertEquals("00000000000000001234", ev.sourceField("pos"));
        assertEquals(List.of("ID"), ev.metadata(null, "primary_keys"));
        assertSame(ChangeEvent.ABSENT, ev.metadata(null, "lsn"));
        ChangeEvent delete = ChangeEvents.detect(goldenGate("D", before, null));
        assertSame(before, delete.row());
        assertNull(delete.after());

        Struct s = goldenGateStruct("U", rowStruct(1, "a"), rowStruct(1, "b"));
        ChangeEvent st = struct(s);
        assertFalse(st.isSchemaless());
        assertEquals(FlatFixtures.ROW, st.rowSchema());
        assertEquals("SHOP", st.sourceField("db"), "two parts: the schema is the db");
        assertEquals("SHOP", st.sourceField("schema"));
        assertEquals("CUSTOMERS", st.sourceField("table"));
        assertEquals(OP_TS_MS, st.tsMs());
        assertSame(s.getStruct("after"), st.after());
        EnvelopeSchema env = st.envelopeSchema();
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, env.metadataSchema(null, "ts_ms"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, env.metadataSchema("source", "db"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, env.metadataSchema(null, "pos"));
        assertNull(env.metadataSchema(null, "lsn"));
        assertEquals("op_type", env.opField().name());
        assertEquals(FlatFixtures.ROW, env.afterRowSchema());
        assertEquals(FlatFixtures.ROW, env.deletedRowSchema());
    }

    @Test
    void goldenGateIsoTimestampsAndTokensBlocks() {
        Map<String, Object> m = goldenGate("I", null, row(1, "a"));
        m.put("op_ts", "2024-04-25T10:15:30.123456");
        m.put("tokens", Map.of("txid", "42"));
        ChangeEvent ev = ChangeEvents.detect(m);
        assertEquals(OP_TS_MS, ev.tsMs());
        assertEquals("42", ev.metadata("tokens", "txid"));
        assertSame(ChangeEvent.ABSENT, ev.metadata("tokens", "nope"));
    }

    @Test
    void goldenGateHostileShapesAreNotEnvelopesAndBadTimestampsFailNamingTheField() {
        List<Map<String, Object>> hostile = new java.util.ArrayList<>();
        for (Object[] change : new Object[][] {
            {"op_type", 1}, {"op_type", "X"}, {"op_type", null}, {"table", 7}, {"table", null}, {"op_ts", 5L},
            {"before", "text"}, {"after", List.of()}, {"primary_keys", "ID"}, {"tokens", List.of()},
            {"current_ts", 3}, {"pos", Map.of()}, {"extra", 1}, {"op", "I"}}) {
            Map<String, Object> m = goldenGate("I", null, row(1, "a"));
            if (change[1] == null) {
                m.remove(change[0]);
            } else {
                m.put((String) change[0], change[1]);
            }
            hostile.add(m);
        }
        for (Map<String, Object> m : hostile) {
            assertNull(ChangeEvents.detect(m), m.keySet() + " " + m.values().stream()
                    .map(v -> v == null ? "null" : v.getClass().getSimpleName()).toList());
        }
        Map<String, Object> table = new LinkedHashMap<>(Map.of("id", 1, "op_type", "I", "table", "t",
                "op_ts", "2024-01-01 00:00:00"));
        assertNull(ChangeEvents.detect(table), "a row with an op_type column is not an envelope");

        Map<String, Object> bad = goldenGate("I", null, row(1, "a"));
        bad.put("op_ts", "secret 2024");
        ChangeEvent ev = ChangeEvents.detect(bad);
        DataException e = assertThrows(DataException.class, ev::tsMs);
        assertTrue(e.getMessage().contains("'op_ts'") && !e.getMessage().contains("secret"), e.getMessage());
        assertThrows(DataException.class, () -> ev.metadata(null, "ts_ms"));
    }

    @Test
    void goldenGateNeedsAnImageKeyAndOneOperationKey() {
        Map<String, Object> noImages = goldenGate("I", null, null);
        assertNull(ChangeEvents.detect(noImages), "neither before nor after: a plain row");
        assertEquals("t", ChangeEvents.detect(goldenGate("T", null, null)).opCode(),
                "a truncate has no image, but current_ts and pos");
        Map<String, Object> bareTruncate = goldenGate("T", null, null);
        bareTruncate.remove("pos");
        assertNull(ChangeEvents.detect(bareTruncate), "{table, op_type: T, op_ts, current_ts}: a plain row");
        Map<String, Object> plain = new LinkedHashMap<>(Map.of("table", "ORDERS", "op", "I",
                "op_ts", "2024-04-25 10:15:30.123456"));
        assertNull(ChangeEvents.detect(plain));
        Map<String, Object> nullBefore = goldenGate("D", null, null);
        nullBefore.put("before", null);
        assertEquals("d", ChangeEvents.detect(nullBefore).opCode(), "an image key, even null, is the shape");
        Map<String, Object> both = goldenGate("I", null, row(1, "a"));
        both.put("op_type", null);
        both.put("op", "I");
        assertNull(ChangeEvents.detect(both), "op_type and op keys together, one null, as in a schema");
        Schema noImageFields = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("op", Schema.STRING_SCHEMA).field("op_ts", Schema.STRING_SCHEMA).build();
        assertNull(EnvelopeSchema.detect(noImageFields));
        Schema named = SchemaBuilder.struct().name("ogg.shop.orders.Value").field("table", Schema.STRING_SCHEMA)
                .field("op_type", Schema.STRING_SCHEMA).field("op_ts", Schema.STRING_SCHEMA)
                .field("after", FlatFixtures.ROW).build();
        assertNull(EnvelopeSchema.detect(named), "a connector's row schema (*.Value)");
        assertEquals(Dialect.GOLDENGATE, EnvelopeSchema.detect(SchemaBuilder.struct().name("ogg.Envelope2")
                .field("table", Schema.STRING_SCHEMA).field("op_type", Schema.STRING_SCHEMA)
                .field("op_ts", Schema.STRING_SCHEMA).field("after", FlatFixtures.ROW).build()).dialect(),
                "another name does not stop detection");
    }

    @Test
    void goldenGateOperationWithoutTheImageItNeedsFailsNamingIt() {
        ChangeEvent deleteWithAfter = ChangeEvents.detect(goldenGate("D", null, row(1, "secret@example.org")));
        assertNull(deleteWithAfter.after(), "a delete never has a live row");
        DataException e = assertThrows(DataException.class, deleteWithAfter::before);
        assertTrue(e.getMessage().contains("'before'") && !e.getMessage().contains("secret"), e.getMessage());
        assertThrows(DataException.class, deleteWithAfter::row);
        for (String op : new String[] {"I", "U"}) {
            ChangeEvent ev = ChangeEvents.detect(goldenGate(op, row(1, "secret@example.org"), null));
            e = assertThrows(DataException.class, ev::after, op);
            assertTrue(e.getMessage().contains("'after'") && !e.getMessage().contains("secret"), e.getMessage());
            assertThrows(DataException.class, ev::row, op);
            ChangeEvent st = struct(goldenGateStruct(op, rowStruct(1, "a"), null));
            assertThrows(DataException.class, st::after, op + " struct");
        }
        ChangeEvent st = struct(goldenGateStruct("D", null, rowStruct(1, "a")));
        assertNull(st.after());
        assertThrows(DataException.class, st::before);
        ChangeEvent truncate = ChangeEvents.detect(goldenGate("T", null, row(1, "a")));
        assertNull(truncate.after());
        assertNull(truncate.before());
    }

    @Test
    void goldenGateTsUsAndTsNsAreMetadataToo() {
        ChangeEvent ev = ChangeEvents.detect(goldenGate("I", null, row(1, "a")));
        assertEquals(OP_TS_MS * 1000 + 456, ev.metadata(null, "ts_us"));
        assertEquals((OP_TS_MS * 1000 + 456) * 1000, ev.metadata(null, "ts_ns"));
        EnvelopeSchema env = EnvelopeSchema.detect(FlatFixtures.GOLDENGATE);
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, env.metadataSchema(null, "ts_us"));
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, env.metadataSchema(null, "ts_ns"));
    }

    @Test
    void goldenGateSchemasAreRecognisedByNamesAndTypes() {
        assertEquals(Dialect.GOLDENGATE, EnvelopeSchema.detect(FlatFixtures.GOLDENGATE).dialect());
        SchemaBuilder wrongType = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("op_type", Schema.INT32_SCHEMA).field("op_ts", Schema.STRING_SCHEMA);
        assertNull(EnvelopeSchema.detect(wrongType.build()));
        Schema extra = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("op_type", Schema.STRING_SCHEMA).field("op_ts", Schema.STRING_SCHEMA)
                .field("id", Schema.INT32_SCHEMA).build();
        assertNull(EnvelopeSchema.detect(extra), "a table with an op_type column");
        Schema textImages = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("op_type", Schema.STRING_SCHEMA).field("op_ts", Schema.STRING_SCHEMA)
                .field("after", Schema.OPTIONAL_STRING_SCHEMA).build();
        assertNull(EnvelopeSchema.detect(textImages));
    }

    // ------------------------------------------------------------------ Canal

    @Test
    void canalTypesMapToDebeziumCodesAndDdlIsNoChangeEvent() {
        assertEquals("c", ChangeEvents.detect(canal("INSERT", List.of(row(1, "a")), null)).opCode());
        assertEquals("u", ChangeEvents.detect(canal("UPDATE", List.of(row(1, "a")), List.of(row(1, "b")))).opCode());
        assertEquals("d", ChangeEvents.detect(canal("DELETE", List.of(row(1, "a")), null)).opCode());
        Map<String, Object> truncate = canal("TRUNCATE", null, null);
        truncate.put("isDdl", true);
        ChangeEvent t = ChangeEvents.detect(truncate);
        assertEquals("t", t.opCode());
        assertEquals(0, t.rowCount());
        assertNull(t.row());
        Map<String, Object> alter = canal("ALTER", null, null);
        alter.put("isDdl", true);
        alter.put("sql", "alter table customers add column x int");
        assertNull(ChangeEvents.detect(alter));
        assertTrue(ChangeEvents.isControlRecord(alter), "DDL records pass row scope too");
        assertFalse(ChangeEvents.isControlRecord(truncate));
        assertEquals("d", struct(canalStruct("DELETE", List.of(rowStruct(1, "a")), null)).opCode());
        assertNull(struct(canalStruct("ALTER", null, null)).opCode());
    }

    @Test
    void canalImagesAreTheFirstRowAndMetadataIsFlat() {
        Map<String, Object> data = row(1, "new@example.org");
        Map<String, Object> old = new LinkedHashMap<>(Map.of("email", "old@example.org"));
        ChangeEvent ev = ChangeEvents.detect(canal("UPDATE", List.of(data, row(2, "b")), List.of(old, Map.of())));
        assertEquals(Dialect.CANAL, ev.dialect());
        assertTrue(ev.dialect().partialBefore());
        assertEquals(2, ev.rowCount());
        assertSame(data, ev.after());
        assertSame(old, ev.before());
        assertEquals("shop", ev.sourceField("db"));
        assertEquals("customers", ev.sourceField("table"));
        assertEquals(1_714_040_130_000L, ev.tsMs());
        assertEquals(1_714_040_130_000L, ev.metadata(null, "ts_ms"));
        assertEquals(1_714_040_130_789L, ev.metadata(null, "ts"));
        assertEquals(List.of("id"), ev.metadata("source", "pkNames"));
        ChangeEvent delete = ChangeEvents.detect(canal("DELETE", List.of(data), null));
        assertSame(data, delete.before());
        assertNull(delete.after());
        assertSame(data, delete.row());

        Struct s = canalStruct("UPDATE", List.of(rowStruct(1, "b")), List.of(rowStruct(1, "a")));
        ChangeEvent st = struct(s);
        assertEquals(Dialect.CANAL, st.dialect());
        assertEquals(1, st.rowCount());
        assertEquals(rowStruct(1, "b"), st.after());
        assertEquals(rowStruct(1, "a"), st.before());
        assertEquals(FlatFixtures.ROW, st.rowSchema());
        assertEquals("shop", st.sourceField("db"));
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, st.envelopeSchema().metadataSchema(null, "ts_ms"));
        assertEquals(Schema.STRING_SCHEMA, st.envelopeSchema().metadataSchema(null, "db"));
        assertNull(st.envelopeSchema().afterField());
        assertEquals("data", st.envelopeSchema().dataField().name());
    }

    @Test
    void canalHostileShapesAreNotEnvelopes() {
        for (Object[] change : new Object[][] {
            {"data", Map.of("id", 1)}, {"data", List.of("row")}, {"data", List.of(1, 2)}, {"old", Map.of()},
            {"old", List.of("x")}, {"type", 1}, {"type", "insert"}, {"database", null}, {"table", 3},
            {"isDdl", "false"}, {"es", "1714"}, {"es", 1.5}, {"ts", List.of()}, {"pkNames", "id"},
            {"sqlType", List.of()}, {"mysqlType", "x"}, {"sql", 1}, {"extra", 1}}) {
            Map<String, Object> m = canal("INSERT", List.of(row(1, "a")), null);
            if (change[1] == null) {
                m.remove(change[0]);
            } else {
                m.put((String) change[0], change[1]);
            }
            assertNull(ChangeEvents.detect(m), change[0] + " holding a " + (change[1] == null ? "nothing"
                    : change[1].getClass().getSimpleName()));
        }
        Map<String, Object> plain = new LinkedHashMap<>(Map.of("id", 1, "type", "INSERT", "database", "x",
                "table", "t", "data", List.of()));
        plain.put("name", "a");
        assertNull(ChangeEvents.detect(plain), "a row with a type column is not an envelope");

        Schema rowsNotStructs = SchemaBuilder.struct().field("database", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
                .field("data", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
        assertNull(EnvelopeSchema.detect(rowsNotStructs));
        Schema esText = SchemaBuilder.struct().field("database", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
                .field("es", Schema.STRING_SCHEMA).build();
        assertNull(EnvelopeSchema.detect(esText));
    }

    @Test
    void canalNeedsTheKeysItAlwaysWritesInMapsAndSchemas() {
        for (String key : new String[] {"data", "isDdl", "es", "ts"}) {
            Map<String, Object> m = canal("INSERT", List.of(row(1, "a")), null);
            m.remove(key);
            assertNull(ChangeEvents.detect(m), "without " + key);
        }
        Map<String, Object> nullIsDdl = canal("INSERT", List.of(row(1, "a")), null);
        nullIsDdl.put("isDdl", null);
        assertNull(ChangeEvents.detect(nullIsDdl), "isDdl null");
        Map<String, Object> ddlLog = new LinkedHashMap<>(Map.of("id", 1L, "database", "shop", "table", "orders",
                "type", "TRUNCATE", "sql", "truncate table orders", "ts", 5L));
        assertNull(ChangeEvents.detect(ddlLog), "a plain row of a DDL-history table is no truncate");
        assertFalse(ChangeEvents.isControlRecord(ddlLog));

        Schema canalLike = SchemaBuilder.struct().field("database", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA).build();
        assertNull(EnvelopeSchema.detect(canalLike), "without data, isDdl, es, ts");
        for (String key : new String[] {"data", "isDdl", "es", "ts"}) {
            SchemaBuilder b = SchemaBuilder.struct();
            for (org.apache.kafka.connect.data.Field f : FlatFixtures.CANAL.fields()) {
                if (!f.name().equals(key)) {
                    b.field(f.name(), f.schema());
                }
            }
            assertNull(EnvelopeSchema.detect(b.build()), "schema without " + key);
        }
        Schema named = SchemaBuilder.struct().name("shop.audit.Value");
        for (org.apache.kafka.connect.data.Field f : FlatFixtures.CANAL.fields()) {
            ((SchemaBuilder) named).field(f.name(), f.schema());
        }
        assertNull(EnvelopeSchema.detect(((SchemaBuilder) named).build()), "a connector's row schema (*.Value)");
    }

    @Test
    void canalIsDdlMustAgreeWithTheType() {
        Map<String, Object> insertAsDdl = canal("INSERT", List.of(row(1, "a")), null);
        insertAsDdl.put("isDdl", true);
        assertNull(ChangeEvents.detect(insertAsDdl), "isDdl true with a DML type: not a change event");
        assertFalse(ChangeEvents.isControlRecord(insertAsDdl), "nor a control record");
        Map<String, Object> truncateAsDml = canal("TRUNCATE", null, null);
        assertNull(ChangeEvents.detect(truncateAsDml), "a truncate has isDdl true");
        Map<String, Object> partial = new LinkedHashMap<>(Map.of("id", 1L, "sql", "SECRET", "isDdl", true));
        assertFalse(ChangeEvents.isControlRecord(partial), "Canal's keys but not its shape: a row");
        Struct struct = canalStruct("INSERT", List.of(rowStruct(1, "a")), null).put("isDdl", true);
        assertNull(struct(struct).opCode(), "a struct whose isDdl and type disagree has no op");
        assertNull(struct(canalStruct("TRUNCATE", null, null)).opCode());
        assertEquals("t", struct(canalStruct("TRUNCATE", null, null).put("isDdl", true)).opCode());
    }

    @Test
    void canalRowEventWithoutItsFirstRowFailsNamingData0() {
        List<Map<String, Object>> nullRow = new java.util.ArrayList<>();
        nullRow.add(null);
        List<Struct> nullStruct = new java.util.ArrayList<>();
        nullStruct.add(null);
        for (String type : new String[] {"INSERT", "UPDATE", "DELETE"}) {
            for (List<Map<String, Object>> data : java.util.Arrays.asList(null, List.<Map<String, Object>>of(),
                    nullRow)) {
                ChangeEvent ev = ChangeEvents.detect(canal(type, data, List.of(row(1, "secret@example.org"))));
                assertEquals(type, ev.metadata(null, "type"), "detected whatever its rows: " + data);
                DataException e = assertThrows(DataException.class, ev::row);
                assertTrue(e.getMessage().contains("'data[0]'") && !e.getMessage().contains("secret"),
                        e.getMessage());
                assertThrows(DataException.class, "d".equals(ev.opCode()) ? ev::before : ev::after);
            }
            for (List<Struct> data : java.util.Arrays.asList(null, List.<Struct>of(), nullStruct)) {
                ChangeEvent st = struct(canalStruct(type, data, List.of(rowStruct(1, "secret@example.org"))));
                DataException e = assertThrows(DataException.class, st::row);
                assertTrue(e.getMessage().contains("'data[0]'") && !e.getMessage().contains("secret"),
                        e.getMessage());
                if (!"INSERT".equals(type)) {
                    assertThrows(DataException.class, st::before, "an update never falls back to a delete");
                }
            }
        }
    }

    @Test
    void dialectsAreOnlyDetectedWhenAskedFor() {
        Map<String, Object> gg = goldenGate("I", null, row(1, "a"));
        Map<String, Object> cn = canal("INSERT", List.of(row(1, "a")), null);
        assertNull(ChangeEvents.detect(gg, EnumSet.of(Dialect.CANAL)));
        assertNull(ChangeEvents.detect(cn, EnumSet.of(Dialect.GOLDENGATE, Dialect.MAXWELL)));
        ChangeEventDetector canalOnly = ChangeEventDetector.of(EnumSet.of(Dialect.CANAL), 4);
        Struct ggStruct = goldenGateStruct("I", null, rowStruct(1, "a"));
        assertNull(canalOnly.detect(ggStruct.schema(), ggStruct));
        Struct cnStruct = canalStruct("INSERT", List.of(rowStruct(1, "a")), null);
        assertEquals(Dialect.CANAL, canalOnly.detect(cnStruct.schema(), cnStruct).dialect());
    }

    @Test
    void viewsNeverShowValues() {
        ChangeEvent ev = ChangeEvents.detect(goldenGate("I", null, row(1, "secret@example.org")));
        assertFalse(ev.toString().contains("secret"), ev.toString());
        ChangeEvent st = struct(canalStruct("INSERT", List.of(rowStruct(1, "secret@example.org")), null));
        assertFalse(st.toString().contains("secret"), st.toString());
    }
}
