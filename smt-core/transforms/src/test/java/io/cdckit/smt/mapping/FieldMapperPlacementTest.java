package io.cdckit.smt.mapping;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.FlatEnvelopes;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.mapping.FieldMapperTest.ROW;
import static io.cdckit.smt.mapping.FieldMapperTest.record;
import static io.cdckit.smt.mapping.FieldMapperTest.row;
import static io.cdckit.smt.mapping.FieldMapperTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where moved, copied and inserted fields land when the row is not what the target expects. */
class FieldMapperPlacementTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> image(SinkRecord r, String key) {
        return (Map<String, Object>) ((Map<String, Object>) r.value()).get(key);
    }

    @Test
    void aMoveInMaxwellsPartialOldImageMovesWhatIsThereAndAddsNothingElse() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", 1);
        data.put("email", "new@example.com");
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("email", "old@example.com");
        FieldMapper.Value<SinkRecord> t = value("move", "email:contact.email", "insert", "src:$topic");
        SinkRecord out = t.apply(record(null, Envelopes.maxwell("update", data, old)));
        assertEquals(Map.of("contact", Map.of("email", "old@example.com")), image(out, "old"));
        assertEquals(List.of("id", "contact", "src"), List.copyOf(image(out, "data").keySet()));
        assertEquals(Map.of("email", "new@example.com"), image(out, "data").get("contact"));
    }

    @Test
    void goldenGateAndCanalRowsAreMappedInBothImagesSchemalessAndSchemad() {
        FieldMapper.Value<SinkRecord> t = value("rename", "email:mail", "drop", "region");
        String ada = FlatEnvelopes.rowJson(1, "Ada", "ada@example.org", "eu");
        String old = FlatEnvelopes.rowJson(1, "Ada", "old@example.org", "eu");

        SinkRecord gg = t.apply(FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson("U", old, ada)));
        assertEquals(Map.of("id", 1L, "name", "Ada", "mail", "ada@example.org"), image(gg, "after"));
        assertEquals(Map.of("id", 1L, "name", "Ada", "mail", "old@example.org"), image(gg, "before"));
        assertEquals("U", ((Map<?, ?>) gg.value()).get("op_type"));
        SinkRecord ggStruct = t.apply(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("U",
                FlatEnvelopes.row(1, "Ada", "old@example.org", "eu"),
                FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu"))));
        Struct v = (Struct) ggStruct.value();
        assertEquals("ada@example.org", v.getStruct("after").get("mail"));
        assertEquals("old@example.org", v.getStruct("before").get("mail"));
        assertEquals(null, v.getStruct("after").schema().field("region"));
        assertEquals("SHOP.CUSTOMERS", v.get("table"));

        SinkRecord cn = t.apply(FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("UPDATE", "[" + ada + "]",
                "[{\"email\":\"old@example.org\",\"region\":\"us\"}]")));
        Map<?, ?> m = (Map<?, ?>) cn.value();
        assertEquals(List.of(Map.of("id", 1L, "name", "Ada", "mail", "ada@example.org")), m.get("data"));
        assertEquals(List.of(Map.of("mail", "old@example.org")), m.get("old"), "old is a partial image");
        SinkRecord cnStruct = t.apply(FlatEnvelopes.schemad(FlatEnvelopes.canal("UPDATE",
                List.of(FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu"),
                        FlatEnvelopes.row(2, "Bob", "bob@example.org", "us")),
                List.of(FlatEnvelopes.row(1, null, "old@example.org", null), FlatEnvelopes.row(2, null, null, null)))));
        Struct c = (Struct) cnStruct.value();
        assertEquals("bob@example.org", ((Struct) c.getArray("data").get(1)).get("mail"));
        assertEquals("old@example.org", ((Struct) c.getArray("old").get(0)).get("mail"));
        assertEquals(c.schema().field("data").schema(), c.schema().field("old").schema(), "one row schema");
        assertEquals("shop", c.get("database"));
    }

    @Test
    void aMoveIntoAStructThatIsNullInARecordFailsThatRecordRatherThanLosingTheValue() {
        FieldMapper.Value<SinkRecord> t = value("move", "email:address.email");
        Struct withAddress = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals("ada@example.com", withAddress.getStruct("address").get("email"));
        Struct noAddress = row(2).put("address", null);
        DataException e = assertThrows(DataException.class, () -> t.apply(record(ROW, noAddress)));
        assertTrue(e.getMessage().contains("'address' is null in this row"), e.getMessage());
        assertFalse(e.getMessage().contains("ada@example.com"), "never the value");

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("email", "ada@example.com");
        map.put("address", null);
        assertThrows(DataException.class, () -> t.apply(record(null, map)));
    }

    @Test
    void aTargetInsideARenamedStructByItsNewNameGoesIntoItAndByItsOldNameIsRejected() {
        Struct v = (Struct) value("rename", "address:home", "move", "email:home.email", "insert", "home.tag:x")
                .apply(record(ROW, row(1))).value();
        assertEquals(List.of("city", "zip", "email", "tag"), v.schema().field("home").schema().fields().stream()
                .map(f -> f.name()).toList());
        assertEquals("ada@example.com", v.getStruct("home").get("email"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", "ada@example.com");
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        m.put("address", address);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("rename", "address:home", "move", "email:home.email")
                .apply(record(null, m)).value();
        assertEquals(Map.of("city", "Lyon", "email", "ada@example.com"), out.get("home"));
        ConfigException e = assertThrows(ConfigException.class, () -> value("rename", "address:home",
                "insert", "address.tag:x"));
        assertTrue(e.getMessage().contains("configuration insert: entry 'address.tag:x' adds below 'address', which "
                + "rename entry 'address:home' renames before insert runs"), e.getMessage());
    }

    @Test
    void aMoveInsideAStructThatIsNullLosesNothingAndPasses() {
        Struct noAddress = row(2).put("address", null);
        Struct v = (Struct) value("move", "address.city:address.town").apply(record(ROW, noAddress)).value();
        assertEquals(null, v.get("address"));
    }

    @Test
    void aPartialOldImageThatLacksAMovedColumnPassesEvenWithMissingFieldsFail() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", 1);
        data.put("email", "new@example.com");
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("id", 0);
        SinkRecord out = value("move", "email:contact.email", "missing.fields", "fail")
                .apply(record(null, Envelopes.maxwell("update", data, old)));
        assertEquals(Map.of("id", 0), image(out, "old"));
        assertEquals(Map.of("email", "new@example.com"), image(out, "data").get("contact"));
    }

    @Test
    void entriesNamingAFieldAMoveTookAwayAreRejectedAndPatternsNextToAMoveAreNot() {
        for (String[] kv : new String[][] {
                {"move", "address:addr", "copy", "address.city:city"},
                {"move", "email:mail", "copy", "email:mail2"},
                {"move", "id:key", "cast", "id:string"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> value(kv));
            assertTrue(e.getMessage().contains("which move entry '" + kv[1] + "' moves away before " + kv[2] + " runs"),
                    e.getMessage());
        }
        ConfigException arrays = assertThrows(ConfigException.class, () -> value("rename", "items:products",
                "cast", "items[*].qty:string"));
        assertTrue(arrays.getMessage().contains("which rename entry 'items:products' renames before cast runs"),
                arrays.getMessage());
        Struct v = (Struct) value("drop", "*.zip", "move", "email:contact.email").apply(record(ROW, row(1))).value();
        assertEquals("ada@example.com", v.getStruct("contact").get("email"));
        assertEquals(List.of("city"), v.schema().field("address").schema().fields().stream().map(f -> f.name())
                .toList());
        Struct copied = (Struct) value("move", "address:addr", "copy", "addr.city:city").apply(record(ROW, row(1)))
                .value();
        assertEquals("Lyon", copied.get("city"));
    }

    @Test
    void aPatternDropReachingIntoStructsSitsWithTopLevelInsertsMovesAndCopies() {
        FieldMapper.Value<SinkRecord> t = value("drop", "*.zip", "insert", "tag:x", "copy", "id:order_id",
                "move", "address.city:city");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals("x", v.get("tag"));
        assertEquals("Lyon", v.get("city"));
        assertEquals(List.of(), v.schema().field("address").schema().fields(), "zip dropped, city moved out");
        assertEquals(List.of("city", "order_id", "tag"), v.schema().fields().stream().skip(ROW.fields().size())
                .map(f -> f.name()).toList());
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", "69001");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 1L);
        m.put("address", address);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(record(null, m)).value();
        assertEquals(Map.of(), out.get("address"));
        assertEquals(List.of("id", "address", "city", "order_id", "tag"), List.copyOf(out.keySet()),
                "moved, then copied, then inserted fields, after the others");
    }

    @Test
    void aCopyFromInsideAMovedStructDoesNotFindWhatDropRemovedBeforeTheMove() {
        FieldMapper.Value<SinkRecord> t = value("drop", "address.city", "move", "address:addr",
                "copy", "addr.city:city");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals(null, v.schema().field("city"), "nothing to copy: reported missing, skipped");
        assertEquals(List.of("zip"), v.schema().field("addr").schema().fields().stream().map(f -> f.name()).toList());
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", "69001");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(record(null, m)).value();
        assertFalse(out.containsKey("city"));
        assertEquals(Map.of("zip", "69001"), out.get("addr"));
    }

    /** Canal Struct whose old rows have their own partial element schema (the changed column only). */
    @Test
    void aCanalStructWhoseOldRowsHaveTheirOwnPartialSchemaIsRenamedInDataAndOld() {
        org.apache.kafka.connect.data.Schema oldRow = org.apache.kafka.connect.data.SchemaBuilder.struct().optional()
                .field("email", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA).build();
        org.apache.kafka.connect.data.Schema s = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("data", org.apache.kafka.connect.data.SchemaBuilder.array(FlatEnvelopes.ROW).optional().build())
                .field("database", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("es", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .field("isDdl", org.apache.kafka.connect.data.Schema.BOOLEAN_SCHEMA)
                .field("old", org.apache.kafka.connect.data.SchemaBuilder.array(oldRow).optional().build())
                .field("table", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("ts", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .field("type", org.apache.kafka.connect.data.Schema.STRING_SCHEMA).build();
        Struct v = new Struct(s).put("data", List.of(FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu")))
                .put("database", "shop").put("es", FlatEnvelopes.ES).put("isDdl", false)
                .put("old", List.of(new Struct(oldRow).put("email", "old@example.org")))
                .put("table", "customers").put("ts", FlatEnvelopes.TS).put("type", "UPDATE");
        SinkRecord out = value("rename", "email:mail,name:full_name").apply(
                new SinkRecord("t", 0, null, null, s, v, 1L));
        Struct o = (Struct) out.value();
        Struct data = (Struct) o.getArray("data").get(0);
        assertEquals("Ada", data.get("full_name"));
        assertEquals("ada@example.org", data.get("mail"));
        Struct old = (Struct) o.getArray("old").get(0);
        assertEquals("old@example.org", old.get("mail"));
        assertEquals(List.of("mail"), old.schema().fields().stream().map(f -> f.name()).toList(),
                "the partial old schema keeps its own fields, renamed");
    }

    /**
     * Before Unwrap on a MongoDB envelope: the images are JSON text, which row scope reads as
     * documents, rewrites and writes back, so the envelope keeps its schema and Unwrap (the kernel's
     * document converter here) sees the renamed and dropped fields, every BSON type intact.
     */
    @Test
    void renamesAndDropsInMongoDbImagesBeforeUnwrap() {
        org.apache.kafka.connect.data.Schema json = org.apache.kafka.connect.data.SchemaBuilder.string()
                .name("io.debezium.data.Json").version(1).optional().build();
        org.apache.kafka.connect.data.Schema envelope = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name("mongo.shop.customers.Envelope").field("before", json).field("after", json)
                .field("op", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA).build();
        String doc = "{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"},\"email\": \"a@b.c\","
                + "\"joined\": {\"$date\": 1600000000000},\"zip\": \"75001\"}";
        Struct event = new Struct(envelope).put("op", "c").put("after", doc);
        SinkRecord out = value("rename", "email:mail", "drop", "zip").apply(
                new SinkRecord("mongo.shop.customers", 0, null, null, envelope, event, 1));
        assertEquals(envelope, out.valueSchema());
        String after = (String) ((Struct) out.value()).get("after");
        Map<String, Object> read = io.cdckit.core.document.ExtendedJson.parseDocument(after);
        assertEquals(List.of("_id", "mail", "joined"), List.copyOf(read.keySet()));
        Struct row = io.cdckit.core.document.DocumentConverter.of(io.cdckit.core.document.ArrayEncoding.ARRAY,
                io.cdckit.core.document.FieldNames.NONE, 8).convert(read, "mongo.shop.customers");
        assertEquals("5f1e2d3c4b5a697887766554", row.get("_id"));
        assertEquals("a@b.c", row.get("mail"));
        assertEquals(new java.util.Date(1_600_000_000_000L), row.get("joined"));
    }
}
