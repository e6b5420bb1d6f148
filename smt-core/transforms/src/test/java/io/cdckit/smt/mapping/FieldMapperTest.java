package io.cdckit.smt.mapping;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldMapperTest {

    static final Schema ADDRESS = SchemaBuilder.struct().name("shop.Address").optional()
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema ITEM = SchemaBuilder.struct().name("shop.Item")
            .field("sku", Schema.STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .build();
    static final Schema ROW = rowSchema().build();
    /** The row as a Debezium envelope's images have it: optional. */
    static final Schema IMAGE = rowSchema().optional().build();

    static SchemaBuilder rowSchema() {
        return SchemaBuilder.struct().name("shop.public.orders.Value").version(3).doc("an order")
                .field("id", Schema.INT64_SCHEMA)
                .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("amount", Decimal.builder(2).optional().build())
                .field("created_at", Schema.OPTIONAL_INT64_SCHEMA)
                .field("updated_at", Schema.OPTIONAL_INT64_SCHEMA)
                .field("address", ADDRESS)
                .field("items", SchemaBuilder.array(ITEM).optional().build());
    }

    static Struct row(long id) {
        return row(ROW, id);
    }

    static Struct row(Schema schema, long id) {
        return new Struct(schema).put("id", id).put("email", "ada@example.com").put("amount", new BigDecimal("12.50"))
                .put("created_at", 1L).put("updated_at", 2L)
                .put("address", new Struct(ADDRESS).put("city", "Lyon").put("zip", "69001"))
                .put("items", List.of(new Struct(ITEM).put("sku", "a-1").put("qty", 2)));
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static FieldMapper.Value<SinkRecord> value(String... kv) {
        FieldMapper.Value<SinkRecord> t = new FieldMapper.Value<>();
        t.configure(props(kv));
        return t;
    }

    static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("orders", 0, null, null, schema, value, 7L);
    }

    /** README's example configuration, as written there. */
    @Test
    void dropRenameAndCastRunInOrderOnNestedPathsAndArrays() {
        SinkRecord out = value("drop", "*_at,address.zip", "rename", "email:mail,address.city:town,items[*].sku:code",
                "cast", "amount:float64,items[*].qty:string,id:string").apply(record(ROW, row(1)));
        Struct v = (Struct) out.value();
        Schema s = out.valueSchema();
        assertEquals(List.of("id", "mail", "amount", "address", "items"), s.fields().stream().map(f -> f.name()).toList());
        assertEquals("1", v.get("id"));
        assertEquals("ada@example.com", v.get("mail"));
        assertEquals(12.5, v.get("amount"));
        assertEquals(Schema.Type.FLOAT64, s.field("amount").schema().type());
        assertTrue(s.field("amount").schema().isOptional(), "optionality kept");
        assertEquals(List.of("town"), s.field("address").schema().fields().stream().map(f -> f.name()).toList());
        assertEquals("Lyon", v.getStruct("address").get("town"));
        Struct item = (Struct) v.getArray("items").get(0);
        assertEquals("a-1", item.get("code"));
        assertEquals("2", item.get("qty"));
        assertEquals(ROW.name(), s.name(), "the row keeps its name, version and doc");
        assertEquals(ROW.version(), s.version());
        assertEquals(ROW.doc(), s.doc());
        assertEquals(ADDRESS.name(), s.field("address").schema().name());
    }

    @Test
    void aCastNamesTheFieldAsRenameLeftIt() {
        Struct v = (Struct) value("rename", "amount:total", "cast", "total:string").apply(record(ROW, row(1))).value();
        assertEquals("12.50", v.get("total"));
        ConfigException none = assertThrows(ConfigException.class, () -> value("rename", "amount:total",
                "cast", "total:string", "missing.fields", "nope"));
        assertTrue(none.getMessage().contains("missing.fields"));
        // the old name is gone by the cast step: a configuration mistake, for Struct and Map rows alike
        ConfigException old = assertThrows(ConfigException.class, () -> value("rename", "amount:total",
                "cast", "amount:string"));
        assertTrue(old.getMessage().contains("configuration cast: entry 'amount:string' names 'amount', which rename "
                + "entry 'amount:total' renames before cast runs"), old.getMessage());
        ConfigException moved = assertThrows(ConfigException.class, () -> value("rename", "email:mail",
                "move", "email:contact.email"));
        assertTrue(moved.getMessage().contains("configuration move: entry 'email:contact.email' names 'email'"),
                moved.getMessage());
    }

    @Test
    void aCastInsideARenamedStructUsesTheParentsNewName() {
        Struct v = (Struct) value("rename", "address:addr", "cast", "addr.zip:int32").apply(record(ROW, row(1))).value();
        assertEquals(69001, v.getStruct("addr").get("zip"));
        assertEquals(Schema.Type.INT32, v.schema().field("addr").schema().field("zip").schema().type());

        Map<String, Object> address = new LinkedHashMap<>(Map.of("zip", "69001"));
        Map<String, Object> in = new LinkedHashMap<>(Map.of("address", address));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("rename", "address:addr", "cast", "addr.zip:int32")
                .apply(record(null, in)).value();
        assertEquals(Map.of("addr", Map.of("zip", 69001)), out);
    }

    /** Struct rows would miss the field in every schema and Map rows skip it: a configuration error for both. */
    @Test
    void aRenameOfADroppedFieldIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> value("drop", "email", "rename", "email:mail"));
        assertTrue(e.getMessage().contains("configuration rename: entry 'email:mail' names 'email', which drop "
                + "entry 'email' removes before rename runs"), e.getMessage());
        // a rename onto the dropped name is fine: Struct and Map rows alike
        FieldMapper.Value<SinkRecord> t = value("drop", "email", "rename", "amount:email");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals(new BigDecimal("12.50"), v.get("email"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) t.apply(record(null, new LinkedHashMap<>(Map.of("email", "x",
                "amount", 3)))).value();
        assertEquals(Map.of("email", 3), m);
    }

    @Test
    void rowScopeRewritesBothImagesOfAChangeEvent() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 1), 9, true);
        SinkRecord out = value("rename", "email:mail", "cast", "id:string").apply(record(envelope, event));
        Struct v = (Struct) out.value();
        assertEquals("ada@example.com", v.getStruct("before").get("mail"));
        assertEquals("1", v.getStruct("after").get("id"));
        assertSame(out.valueSchema().field("before").schema(), out.valueSchema().field("after").schema());
        assertEquals("u", v.get("op"));
        assertEquals(envelope.name(), out.valueSchema().name());
        // a delete's after image is null; a create's before image too
        Struct delete = Envelopes.event(envelope, "d", row(IMAGE, 2), null, 10, true);
        Struct d = (Struct) value("rename", "email:mail").apply(record(envelope, delete)).value();
        assertNull(d.get("after"));
        assertEquals("ada@example.com", d.getStruct("before").get("mail"));
    }

    @Test
    void schemalessRowsAndEnvelopesGetTheSameSteps() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", "69001");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("id", 1L);
        in.put("email", "ada@example.com");
        in.put("amount", "12.50");
        in.put("created_at", 1L);
        in.put("address", address);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("drop", "*_at", "rename", "email:mail, address.city:town",
                "cast", "amount:float64, town:string, address.town:string").apply(record(null, in)).value();
        assertEquals(List.of("id", "mail", "amount", "address"), List.copyOf(out.keySet()));
        assertEquals(12.5, out.get("amount"));
        assertEquals(Map.of("town", "Lyon", "zip", "69001"), out.get("address"));
        assertEquals("ada@example.com", in.get("email"), "the input is never changed");

        Map<String, Object> event = Envelopes.schemaless(Envelopes.event(Envelopes.envelopeSchema("x", IMAGE), "u",
                row(IMAGE, 1), row(IMAGE, 2), 3, false));
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) value("rename", "email:mail")
                .apply(record(null, event)).value()).get("after");
        assertEquals("ada@example.com", after.get("mail"));
    }

    @Test
    void theKeySideAndAnEmptySpec() {
        FieldMapper.Key<SinkRecord> key = new FieldMapper.Key<>();
        key.configure(props("cast", "id:string"));
        Schema keySchema = SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();
        SinkRecord in = new SinkRecord("t", 0, keySchema, new Struct(keySchema).put("id", 4L), ROW, row(4), 1);
        SinkRecord out = key.apply(in);
        assertEquals("4", ((Struct) out.key()).get("id"));
        assertSame(in.value(), out.value());
        SinkRecord r = record(ROW, row(1));
        assertSame(r, value().apply(r), "no step: the input record itself");
    }

    @Test
    void aValueThatCannotBeCastFailsOrBecomesNull() {
        Map<String, Object> in = new LinkedHashMap<>(Map.of("amount", "twelve"));
        DataException e = assertThrows(DataException.class, () -> value("cast", "amount:float64").apply(record(null, in)));
        assertTrue(e.getMessage().startsWith("FieldMapper.Value: "), e.getMessage());
        assertFalse(e.getMessage().contains("twelve"), "never the value");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("cast", "amount:float64", "cast.on.error", "null")
                .apply(record(null, in)).value();
        assertNull(out.get("amount"));
        assertTrue(out.containsKey("amount"));
    }

    @Test
    void kafkaReplaceFieldKeysAreAliases() {
        Struct v = (Struct) value("exclude", "email", "renames", "amount:total").apply(record(ROW, row(1))).value();
        assertNull(v.schema().field("email"));
        assertEquals(new BigDecimal("12.50"), v.get("total"));
    }

    @Test
    void specMistakesFailAtConfigureNamingKeyAndEntry() {
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("rename", "email:mail, email:mail2");
        wrong.put("cast", "amount:money");
        wrong.put("exclude", "email");
        for (Map.Entry<String, String> w : wrong.entrySet()) {
            Map<String, String> p = props(w.getKey(), w.getValue());
            if (w.getKey().equals("exclude")) {
                p.put("drop", "id");
            }
            ConfigException e = assertThrows(ConfigException.class, () -> new FieldMapper.Value<SinkRecord>().configure(p));
            assertTrue(e.getMessage().contains("configuration " + w.getKey()), e.getMessage());
        }
        assertTrue(assertThrows(ConfigException.class, () -> value("rename", "a:b.c")).getMessage()
                .contains("entry 'a:b.c': the new name must be a plain name"));
        assertTrue(assertThrows(ConfigException.class, () -> value("rename", "*_at:x")).getMessage()
                .contains("a rename names one field, not a pattern"));
        assertTrue(assertThrows(ConfigException.class, () -> value("rename", "a:x, b:x")).getMessage()
                .contains("entries 'a:x' and 'b:x' give one name 'x'"));
        assertTrue(assertThrows(ConfigException.class, () -> value("cast", "a:int32, a:string")).getMessage()
                .contains("'a' is cast twice"));
    }

    @Test
    void aCastThatDoesNotFitTheSchemaFailsEachRecordOfThatSchema() {
        FieldMapper.Value<SinkRecord> t = value("cast", "address:int32");
        DataException e = assertThrows(DataException.class, () -> t.apply(record(ROW, row(1))));
        assertTrue(e.getMessage().contains("cast entry 'address:int32' does not fit schema 'shop.public.orders.Value'"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("[topic 'orders', partition 0, offset 7]"), e.getMessage());
    }

    /** FieldMapper keeps the transform contract of the test kit. */
    @Nested
    class Contract extends TransformContract {

        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new FieldMapper.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return Map.of("drop", "updated_at", "rename", "email:mail", "cast", "amount:string");
        }

        @Override
        protected List<SinkRecord> records() {
            Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
            Map<String, Object> schemaless = new LinkedHashMap<>(Map.of("email", "x@example.com", "amount", 3));
            return List.of(
                    Envelopes.record("orders", null, null, ROW, row(1), 1),
                    Envelopes.record("orders", null, null, envelope,
                            Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 2), 2, true), 2),
                    Envelopes.record("orders", null, null, null, schemaless, 3));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("cast", "amount:money", "rename", "a", "cast.on.error", "sometimes", "envelope.mode", "never");
        }
    }
}
