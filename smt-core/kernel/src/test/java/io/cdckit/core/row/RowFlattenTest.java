package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowFlattenTest {

    private static final RowFlatten DOT = new RowFlatten(".");

    static final Schema PRICE = Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build();

    static final Schema GEO = SchemaBuilder.struct().name("Geo")
            .field("lat", Schema.FLOAT64_SCHEMA)
            .field("lon", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .build();

    static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", SchemaBuilder.string().optional().defaultValue("00000").build())
            .field("geo", GEO)
            .build();

    static final Schema LINE = SchemaBuilder.struct().name("Line").optional()
            .field("sku", Schema.STRING_SCHEMA).build();

    static final Schema ATTRS = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build();

    static final Schema LINES = SchemaBuilder.array(LINE).optional().build();

    static final Schema ROW = SchemaBuilder.struct().name("shop.Row").version(4).doc("a row").parameter("p", "v")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", ADDRESS)
            .field("price", PRICE)
            .field("at", Timestamp.SCHEMA)
            .field("lines", LINES)
            .field("attrs", ATTRS)
            .field("status", SchemaBuilder.string().defaultValue("new").build())
            .build();

    static Struct row() {
        return new Struct(ROW).put("id", 1L).put("name", "Ann")
                .put("address", new Struct(ADDRESS).put("city", "Lyon").put("zip", "69001")
                        .put("geo", new Struct(GEO).put("lat", 45.7).put("lon", 4.8)))
                .put("price", new BigDecimal("9.99")).put("at", new java.util.Date(1000))
                .put("lines", List.of(new Struct(LINE).put("sku", "A")))
                .put("attrs", Map.of("k", "v"))
                .put("status", "paid");
    }

    private static List<String> names(Schema schema) {
        List<String> names = new ArrayList<>();
        for (Field f : schema.fields()) {
            names.add(f.name());
        }
        return names;
    }

    // ------------------------------------------------------------------ construction

    @Test
    void theDelimiterMustNotBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new RowFlatten(""));
        assertThrows(IllegalArgumentException.class, () -> new RowFlatten(null));
        assertThrows(NullPointerException.class, () -> new RowFlatten(".", null));
        assertEquals("->", new RowFlatten("->").delimiter());
        assertEquals(ReadMode.DEFAULTS, DOT.reads(), "Kafka's reading by default");
        assertEquals(ReadMode.RAW, new RowFlatten("_", ReadMode.RAW).reads());
    }

    @Test
    void onlyAStructSchemaCompiles() {
        assertThrows(IllegalArgumentException.class, () -> DOT.compile(Schema.STRING_SCHEMA));
        assertThrows(IllegalArgumentException.class, () -> DOT.compile(null));
    }

    // ------------------------------------------------------------------ schema

    @Test
    void fieldsComeDepthFirstInFieldOrderJoinedByTheDelimiter() {
        assertEquals(List.of("id", "name", "address.city", "address.zip", "address.geo.lat", "address.geo.lon",
                "price", "at", "lines", "attrs", "status"), names(DOT.compile(ROW).outputSchema()));
        assertEquals(List.of("id", "name", "address__city", "address__zip", "address__geo__lat", "address__geo__lon",
                "price", "at", "lines", "attrs", "status"), names(new RowFlatten("__").compile(ROW).outputSchema()));
    }

    @Test
    void theRootKeepsItsMetadataButIsRequiredWithoutDefault() {
        SchemaBuilder b = SchemaBuilder.struct().name("R").version(2).doc("d").parameter("a", "b").optional()
                .field("x", Schema.INT32_SCHEMA).field("in", GEO);
        b.defaultValue(new Struct(b).put("x", 1).put("in", new Struct(GEO).put("lat", 1.0)));
        Schema out = DOT.compile(b.build()).outputSchema();
        assertEquals("R", out.name());
        assertEquals(2, out.version());
        assertEquals("d", out.doc());
        assertEquals(Map.of("a", "b"), out.parameters());
        assertFalse(out.isOptional());
        assertNull(out.defaultValue());
        Schema kept = DOT.compile(b.build(), true).outputSchema();
        assertTrue(kept.isOptional(), "kept optional on request");
        assertEquals(out.fields(), kept.fields());
        assertFalse(DOT.compile(ROW, true).outputSchema().isOptional(), "a required root stays required");
    }

    @Test
    void aLeafUnderAnOptionalStructIsOptional() {
        Schema out = DOT.compile(ROW).outputSchema();
        assertTrue(out.field("address.city").schema().isOptional(), "required, under an optional struct");
        assertTrue(out.field("address.geo.lat").schema().isOptional(), "required, in a required struct under an optional one");
        assertFalse(out.field("id").schema().isOptional());
        Schema requiredGeo = SchemaBuilder.struct().field("geo", GEO).build();
        assertFalse(DOT.compile(requiredGeo).outputSchema().field("geo.lat").schema().isOptional());
        Schema optionalRoot = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build();
        assertTrue(DOT.compile(optionalRoot).outputSchema().field("id").schema().isOptional(), "under an optional root");
    }

    @Test
    void aLeafDefaultIsItsOwnOrTheNearestStructDefaultsValue() {
        Schema inner = SchemaBuilder.struct()
                .field("a", Schema.INT32_SCHEMA)
                .field("b", SchemaBuilder.int32().defaultValue(7).build())
                .field("c", Schema.OPTIONAL_INT32_SCHEMA)
                .field("d", SchemaBuilder.int32().optional().defaultValue(4).build())
                .build();
        SchemaBuilder mid = SchemaBuilder.struct().optional().field("inner", inner).field("m", Schema.OPTIONAL_STRING_SCHEMA);
        mid.defaultValue(new Struct(mid).put("inner", new Struct(inner).put("a", 1).put("b", 2)).put("m", "M"));
        Schema midSchema = mid.build();
        SchemaBuilder root = SchemaBuilder.struct().field("mid", midSchema).field("top", Schema.OPTIONAL_STRING_SCHEMA)
                .field("other", SchemaBuilder.struct().optional().field("o", Schema.OPTIONAL_INT64_SCHEMA).build());
        root.defaultValue(new Struct(root).put("top", "T")
                .put("other", new Struct(root.field("other").schema()).put("o", 9L)));
        Schema out = DOT.compile(root.build()).outputSchema();
        assertEquals(1, out.field("mid.inner.a").schema().defaultValue(), "from mid's default");
        assertEquals(7, out.field("mid.inner.b").schema().defaultValue(), "its own default wins over mid's 2");
        assertNull(out.field("mid.inner.c").schema().defaultValue(), "mid's default holds null for it");
        assertEquals(4, out.field("mid.inner.d").schema().defaultValue(), "its own");
        assertEquals("M", out.field("mid.m").schema().defaultValue());
        assertEquals("T", out.field("top").schema().defaultValue(), "from the root's default");
        assertEquals(9L, out.field("other.o").schema().defaultValue(), "from the root's default, through 'other'");
        assertTrue(out.field("mid.inner.a").schema().isOptional(), "under the optional mid");
        assertFalse(out.isOptional());
    }

    @Test
    void leafSchemasKeepTypeLogicalNameAndParametersAndAreReusedWhenUnchanged() {
        Schema out = DOT.compile(ROW).outputSchema();
        assertSame(PRICE, out.field("price").schema());
        assertSame(Timestamp.SCHEMA, out.field("at").schema());
        assertSame(LINES, out.field("lines").schema(), "an array of structs is a leaf, kept as is");
        assertSame(ATTRS, out.field("attrs").schema(), "a map is a leaf, kept as is");
        Schema required = SchemaBuilder.struct().optional().field("amount", Decimal.schema(3))
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).doc("t").build()).build();
        Schema flat = DOT.compile(SchemaBuilder.struct().field("in", required).build()).outputSchema();
        Schema amount = flat.field("in.amount").schema();
        assertEquals(Decimal.LOGICAL_NAME, amount.name());
        assertEquals("3", amount.parameters().get(Decimal.SCALE_FIELD));
        assertTrue(amount.isOptional());
        assertEquals(Schema.Type.BYTES, amount.type());
        Schema tags = flat.field("in.tags").schema();
        assertEquals(Schema.Type.ARRAY, tags.type());
        assertEquals("t", tags.doc());
        assertSame(Schema.STRING_SCHEMA, tags.valueSchema());
    }

    @Test
    void aSchemaWithNothingToFlattenIsTheInputSchema() {
        Schema flat = SchemaBuilder.struct().name("F").field("a", Schema.INT32_SCHEMA)
                .field("m", ATTRS).field("l", LINES).build();
        RowFlatten.Compiled c = DOT.compile(flat);
        assertSame(flat, c.outputSchema());
        assertSame(flat, c.inputSchema());
        assertTrue(c.isIdentity());
        Struct in = new Struct(flat).put("a", 1);
        assertSame(in, c.apply(in));
        Schema optional = SchemaBuilder.struct().optional().field("a", Schema.OPTIONAL_INT32_SCHEMA).build();
        assertNotSame(optional, DOT.compile(optional).outputSchema(), "Kafka makes the root required");
        assertSame(optional, DOT.compile(optional, true).outputSchema());
        assertFalse(DOT.compile(ROW).isIdentity());
    }

    @Test
    void aClashOfNamesFailsNamingBothPaths() {
        Schema schema = SchemaBuilder.struct().field("a", SchemaBuilder.struct().field("b_c", Schema.INT32_SCHEMA).build())
                .field("a_b", SchemaBuilder.struct().field("c", Schema.INT32_SCHEMA).build()).build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten("_").compile(schema));
        assertEquals("Cannot flatten: the fields 'a.b_c' and 'a_b.c' both give the field 'a_b_c'", e.getMessage());
        assertEquals(List.of("a.b_c", "a_b.c"), names(DOT.compile(schema).outputSchema()), "no clash with '.'");
        Schema dotted = SchemaBuilder.struct().field("x", SchemaBuilder.struct().field("y", Schema.INT32_SCHEMA).build())
                .field("x.y", Schema.INT32_SCHEMA).build();
        e = assertThrows(FieldPathException.class, () -> DOT.compile(dotted));
        assertTrue(e.getMessage().contains("'x.y' and '`x.y`'"), e.getMessage());
    }

    @Test
    void aStructDefaultOfTheWrongShapeFails() {
        Schema other = SchemaBuilder.struct().field("z", Schema.INT32_SCHEMA).build();
        Schema inner = new ConnectSchema(Schema.Type.STRUCT, true, new Struct(other).put("z", 1), null, null, null, null,
                List.of(new Field("x", 0, Schema.OPTIONAL_INT32_SCHEMA)), null, null);
        FieldPathException e = assertThrows(FieldPathException.class,
                () -> DOT.compile(SchemaBuilder.struct().field("in", inner).build()));
        assertTrue(e.getMessage().contains("'in'"), e.getMessage());
        Schema root = new ConnectSchema(Schema.Type.STRUCT, false, 5, null, null, null, null,
                List.of(new Field("x", 0, Schema.OPTIONAL_INT32_SCHEMA)), null, null);
        e = assertThrows(FieldPathException.class, () -> DOT.compile(root));
        assertTrue(e.getMessage().contains("the row") && e.getMessage().contains("Integer"), e.getMessage());
    }

    // ------------------------------------------------------------------ values

    @Test
    void valuesAreCopiedAndShared() {
        RowFlatten.Compiled c = DOT.compile(ROW);
        Struct in = row();
        Struct out = c.apply(in);
        out.validate();
        assertSame(c.outputSchema(), out.schema());
        assertEquals(1L, out.get("id"));
        assertEquals("Lyon", out.get("address.city"));
        assertEquals("69001", out.get("address.zip"));
        assertEquals(45.7, out.get("address.geo.lat"));
        assertEquals(4.8, out.get("address.geo.lon"));
        assertEquals(new BigDecimal("9.99"), out.get("price"));
        assertEquals(new java.util.Date(1000), out.get("at"));
        assertSame(in.get("lines"), out.get("lines"), "an array is shared, its structs not flattened");
        assertSame(in.get("attrs"), out.get("attrs"));
        assertEquals("paid", out.get("status"));
        assertEquals(row(), in, "the input is not mutated");
    }

    @Test
    void aNullStructLeavesItsLeavesNull() {
        Struct in = new Struct(ROW).put("id", 2L).put("at", new java.util.Date(0));
        Struct out = DOT.compile(ROW).apply(in);
        out.validate();
        for (String name : List.of("address.city", "address.zip", "address.geo.lat", "address.geo.lon")) {
            assertNull(out.getWithoutDefault(name), name);
        }
        assertEquals("00000", out.get("address.zip"), "read through the API: its default");
    }

    @Test
    void aNullStructWithADefaultLeavesItsLeavesNullAndTheirSchemasCarryItsValues() {
        SchemaBuilder inner = SchemaBuilder.struct().optional().field("x", Schema.INT32_SCHEMA);
        inner.defaultValue(new Struct(inner).put("x", 5));
        Schema innerSchema = inner.build();
        Schema schema = SchemaBuilder.struct().field("in", innerSchema).build();
        Struct out = DOT.compile(schema).apply(new Struct(schema));
        assertNull(out.getWithoutDefault("in.x"));
        assertEquals(5, out.get("in.x"));
        assertEquals(5, out.schema().field("in.x").schema().defaultValue());
    }

    @Test
    void aNullLeafIsReadWithItsDefaultOrRawAsAsked() {
        Struct in = new Struct(ROW).put("id", 2L).put("at", new java.util.Date(0))
                .put("address", new Struct(ADDRESS).put("city", "c").put("geo", new Struct(GEO).put("lat", 1.0)));
        Struct defaults = DOT.compile(ROW).apply(in);
        assertEquals("new", defaults.getWithoutDefault("status"));
        assertEquals("00000", defaults.getWithoutDefault("address.zip"));
        assertNull(defaults.getWithoutDefault("address.geo.lon"), "no default: null");
        Struct raw = new RowFlatten(".", ReadMode.RAW).compile(ROW).apply(in);
        raw.validate();
        assertNull(raw.getWithoutDefault("status"));
        assertNull(raw.getWithoutDefault("address.zip"));
        assertEquals("new", raw.get("status"));
        assertEquals(defaults.schema(), raw.schema(), "the schemas are the same");
    }

    @Test
    void aSchemaWithoutStructsCopiesOnlyToReadADefault() {
        Schema flat = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA)
                .field("b", SchemaBuilder.string().optional().defaultValue("B").build()).build();
        RowFlatten.Compiled c = DOT.compile(flat);
        assertFalse(c.isIdentity());
        Struct set = new Struct(flat).put("a", 1).put("b", "x");
        assertSame(set, c.apply(set), "nothing null to read as a default");
        Struct unset = new Struct(flat).put("a", 1);
        Struct out = c.apply(unset);
        assertNotSame(unset, out);
        assertSame(flat, out.schema());
        assertEquals("B", out.getWithoutDefault("b"));
        RowFlatten.Compiled raw = new RowFlatten(".", ReadMode.RAW).compile(flat);
        assertTrue(raw.isIdentity());
        assertSame(unset, raw.apply(unset));
    }

    @Test
    void aNullRowIsNull() {
        assertNull(DOT.compile(ROW).apply(null));
        assertNull(DOT.compile(SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build()).apply(null));
    }

    @Test
    void aRequiredLeafHoldingNullFailsNamingItsPath() {
        Schema schema = SchemaBuilder.struct().field("in", GEO).build();
        Struct unvalidated = new Struct(schema);
        RawStructs.read(unvalidated)[0] = new Struct(GEO).put("lon", 1.0); // lat unset: Struct.put would refuse it
        FieldPathException e = assertThrows(FieldPathException.class, () -> DOT.compile(schema).apply(unvalidated));
        assertEquals("in.lat", e.path());
        assertTrue(e.getMessage().contains("required") && e.getMessage().contains("FLOAT64"), e.getMessage());
        assertFalse(e.getMessage().contains("1.0"));
    }

    @Test
    void aRequiredLeafWithADefaultMayHoldNull() throws Exception {
        Schema schema = SchemaBuilder.struct()
                .field("in", SchemaBuilder.struct().field("x", SchemaBuilder.int32().defaultValue(3).build()).build())
                .build();
        Struct in = new Struct(schema).put("in", new Struct(schema.field("in").schema()));
        Struct raw = new RowFlatten(".", ReadMode.RAW).compile(schema).apply(in);
        raw.validate();
        assertNull(raw.getWithoutDefault("in.x"));
        assertEquals(3, DOT.compile(schema).apply(in).getWithoutDefault("in.x"));
        try (AutoCloseable fallback = RawStructs.forceFallback()) {
            Struct slow = new RowFlatten(".", ReadMode.RAW).compile(schema).apply(in);
            slow.validate();
            assertEquals(3, slow.get("in.x"), "Struct.put refuses the null: the default is written, read the same");
        }
    }

    @Test
    void theFallbackWithoutRawStructsGivesTheSameRows() throws Exception {
        List<Struct> rows = List.of(row(), new Struct(ROW).put("id", 2L).put("at", new java.util.Date(0)),
                new Struct(ROW).put("id", 3L).put("at", new java.util.Date(0))
                        .put("address", new Struct(ADDRESS).put("city", "c").put("geo", new Struct(GEO).put("lat", 1.0))));
        for (ReadMode mode : ReadMode.values()) {
            RowFlatten flatten = new RowFlatten(".", mode);
            List<Struct> fast = new ArrayList<>();
            for (Struct r : rows) {
                fast.add(flatten.compile(ROW).apply(r));
            }
            try (AutoCloseable fallback = RawStructs.forceFallback()) {
                assertFalse(RawStructs.available());
                RowFlatten.Compiled c = flatten.compile(ROW);
                for (int i = 0; i < rows.size(); i++) {
                    Struct slow = c.apply(rows.get(i));
                    slow.validate();
                    if (mode == ReadMode.DEFAULTS) {
                        assertEquals(fast.get(i), slow, mode + " row " + i);
                    }
                    // RAW: an unset required field with a default is copied as unset by the fast path,
                    // and written as its default by Struct.put; read the same through the API
                    for (Field f : slow.schema().fields()) {
                        assertEquals(fast.get(i).get(f), slow.get(f), mode + " row " + i + " " + f.name());
                    }
                }
                Struct unvalidated = new Struct(ROW).put("at", new java.util.Date(0));
                assertEquals("id", assertThrows(FieldPathException.class, () -> c.apply(unvalidated)).path());
                Schema flat = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA)
                        .field("b", SchemaBuilder.string().optional().defaultValue("B").build()).build();
                Struct set = new Struct(flat).put("a", 1).put("b", "x");
                assertSame(set, flatten.compile(flat).apply(set));
                Struct unset = new Struct(flat).put("a", 1);
                assertEquals(mode == ReadMode.DEFAULTS ? "B" : null, flatten.compile(flat).apply(unset).getWithoutDefault("b"));
            }
            assertTrue(RawStructs.available());
        }
    }

    @Test
    void aCompiledFlattenServesAnEqualSchemasRows() {
        Schema copy = SchemaBuilder.struct().name("shop.Row").version(4).doc("a row").parameter("p", "v")
                .field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("address", ADDRESS).field("price", PRICE).field("at", Timestamp.SCHEMA)
                .field("lines", LINES).field("attrs", ATTRS)
                .field("status", SchemaBuilder.string().defaultValue("new").build()).build();
        assertEquals(ROW, copy);
        Struct in = new Struct(copy).put("id", 5L).put("at", new java.util.Date(0)).put("status", "s");
        Struct out = DOT.compile(ROW).apply(in);
        assertEquals(5L, out.get("id"));
    }

    // ------------------------------------------------------------------ schemaless

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aRowWithoutNestedMapsIsReturnedAsIs() {
        Map<String, Object> row = map("a", 1, "b", null, "c", List.of(map("x", 1)), "d", "s", "e", 2L, "f", 1.5,
                "g", 1.5f, "h", (short) 1, "i", (byte) 1, "j", true, "k", new byte[]{1}, "l", ByteBuffer.allocate(1));
        assertSame(row, DOT.apply(row));
        Map<String, Object> empty = Map.of();
        assertSame(empty, DOT.apply(empty));
        assertNull(DOT.apply(null));
    }

    @Test
    void nestedMapsBecomeTopLevelKeysInOrder() {
        List<Object> list = List.of(map("in", map("deep", 1)));
        Map<String, Object> row = map("id", 1, "address", map("city", "Lyon", "geo", map("lat", 1.0, "lon", null),
                "none", map()), "list", list, "after", "z", "nil", null);
        Map<String, Object> before = new LinkedHashMap<>(row);
        Map<String, Object> out = new RowFlatten("_").apply(row);
        assertEquals(List.of("id", "address_city", "address_geo_lat", "address_geo_lon", "list", "after", "nil"),
                new ArrayList<>(out.keySet()));
        assertEquals("Lyon", out.get("address_city"));
        assertNull(out.get("address_geo_lon"));
        assertTrue(out.containsKey("nil"));
        assertSame(list, out.get("list"), "a list is kept as is, maps in it too");
        assertEquals(before, row, "the input is not mutated");
        assertTrue(out instanceof LinkedHashMap);
        assertEquals(Map.of(), DOT.apply(map("only", map())), "an empty map gives no key");
    }

    @Test
    void aSchemalessClashFailsSayingHowDeepTheKeysAreNotWhichTheyAre() {
        Map<String, Object> row = map("a", map("b", 1), "a.b", 2);
        FieldPathException e = assertThrows(FieldPathException.class, () -> DOT.apply(row));
        assertEquals("Cannot flatten the row: two of its keys (a key 1 level down and a top-level key) give one "
                + "flattened name", e.getMessage());
        assertEquals(Map.of("a_b", 1, "a.b", 2), new RowFlatten("_").apply(row));
        Map<String, Object> deep = map("x", map("y_z", 1), "x_y", map("z", 2));
        e = assertThrows(FieldPathException.class, () -> new RowFlatten("_").apply(deep));
        assertTrue(e.getMessage().contains("two of its keys (a key 1 level down and a key 1 level down)"),
                e.getMessage());
        Map<String, Object> head = map("a_b", 1, "a", map("b", 2));
        assertThrows(FieldPathException.class, () -> new RowFlatten("_").apply(head), "against a key before the map");
    }

    @Test
    void anyValueThatIsNotAMapIsALeaf() {
        Object[] values = {new BigDecimal("12.5"), new java.util.Date(12_345), 'q',
            new Struct(GEO).put("lat", 12.5), new StringBuilder("secret")};
        for (Object v : values) {
            Map<String, Object> top = map("a", 1, "v", v);
            assertSame(top, DOT.apply(top));
            Map<String, Object> nested = DOT.apply(map("n", map("m", map("k.x", v))));
            assertEquals(List.of("n.m.k.x"), List.copyOf(nested.keySet()));
            assertSame(v, nested.get("n.m.k.x"));
        }
    }

    @Test
    void keysThatCannotBeJoinedFail() {
        Map<Object, Object> numbers = new LinkedHashMap<>();
        numbers.put(1, "one");
        Map<String, Object> nested = map("a", numbers);
        FieldPathException e = assertThrows(FieldPathException.class, () -> DOT.apply(nested));
        assertEquals("Cannot flatten a map 1 level down in the row: it has a key of type Integer; only string keys can "
                + "be joined into names", e.getMessage());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> top = (Map) numbers;
        assertTrue(assertThrows(FieldPathException.class, () -> DOT.apply(top)).getMessage().contains("the row"));
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, 1);
        assertSame(nullKey, DOT.apply(nullKey), "a null key at the top is kept");
        Map<String, Object> nullNested = map("a", nullKey);
        assertTrue(assertThrows(FieldPathException.class, () -> DOT.apply(nullNested)).getMessage()
                .contains("a map 1 level down in the row: it has a null key"));
        Map<String, Object> nullHoldingMap = new LinkedHashMap<>();
        nullHoldingMap.put(null, map("b", 1));
        assertThrows(FieldPathException.class, () -> DOT.apply(nullHoldingMap));
        Map<String, Object> nullDecimal = new LinkedHashMap<>();
        nullDecimal.put(null, new BigDecimal("1"));
        assertSame(nullDecimal, DOT.apply(nullDecimal), "a null key at the top holding a leaf is kept");
    }

    @Test
    void emptyKeysAndOddNamesAreJoinedAsTheyAre() {
        Map<String, Object> out = DOT.apply(map("", map("", 1, "a b", 2)));
        assertEquals(Arrays.asList(".", ".a b"), new ArrayList<>(out.keySet()));
    }
}
