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
        Map<String, Object> noData = canal("INSERT", null, null);
        assertNull(ChangeEvents.detect(noData), "a row event without rows");
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
