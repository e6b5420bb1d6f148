package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Flatten;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowFlatten} next to Kafka's own {@code Flatten$Value}, on the same inputs: the output
 * schema must be equal ({@code Schema.equals}) and the output value too ({@code Struct.equals},
 * which compares the stored values, or {@code Map.equals}), on the fast path and on the fallback
 * without RawStructs; or both must reject the input. Hand-built rows cover each behaviour; seeded
 * random schemas and rows cover their combinations.
 *
 * <p>Where the two differ by choice (see {@link RowFlatten}'s class comment), a test named
 * {@code knownDifference...} asserts what each does.
 */
class RowFlattenDifferentialTest {

    // ------------------------------------------------------------------ the two sides

    private static SinkRecord kafka(String delimiter, Schema schema, Object value) {
        try (Flatten.Value<SinkRecord> flatten = new Flatten.Value<>()) {
            flatten.configure(Map.of("delimiter", delimiter));
            return flatten.apply(new SinkRecord("t", 0, null, null, schema, value, 0));
        }
    }

    /** Both sides on one Struct row: the same schema and value, fast and without RawStructs. */
    private static Struct assertSameStruct(String delimiter, Schema schema, Struct row) throws Exception {
        SinkRecord theirs = kafka(delimiter, schema, row);
        RowFlatten.Compiled ours = new RowFlatten(delimiter).compile(schema);
        assertEquals(theirs.valueSchema(), ours.outputSchema(), "schema");
        Struct fast = ours.apply(row);
        assertEquals(theirs.value(), fast, "value");
        assertSame(ours.outputSchema(), fast.schema());
        try (AutoCloseable fallback = RawStructs.forceFallback()) {
            RowFlatten.Compiled slow = new RowFlatten(delimiter).compile(schema);
            assertEquals(theirs.value(), slow.apply(row), "value without RawStructs");
        }
        return fast;
    }

    private static Map<String, Object> assertSameMap(String delimiter, Map<String, Object> row) {
        SinkRecord theirs = kafka(delimiter, null, row);
        Map<String, Object> ours = new RowFlatten(delimiter).apply(row);
        assertNull(theirs.valueSchema());
        assertEquals(theirs.value(), ours);
        assertEquals(new ArrayList<>(((Map<?, ?>) theirs.value()).keySet()), new ArrayList<>(ours.keySet()), "key order");
        return ours;
    }

    // ------------------------------------------------------------------ hand-built rows

    static final Schema MONEY = Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build();

    static final Schema ITEM = SchemaBuilder.struct().name("shop.Item").optional()
            .field("sku", Schema.STRING_SCHEMA)
            .field("price", MONEY)
            .build();

    static final Schema GEO = SchemaBuilder.struct().name("shop.Geo").doc("coordinates")
            .field("lat", Schema.FLOAT64_SCHEMA)
            .field("lon", SchemaBuilder.float64().defaultValue(0.0).build())
            .build();

    static final Schema ADDRESS = SchemaBuilder.struct().name("shop.Address").version(3).optional()
            .field("street", Schema.STRING_SCHEMA)
            .field("zip", SchemaBuilder.string().optional().defaultValue("00000").build())
            .field("geo", GEO)
            .field("since", Date.builder().optional().build())
            .build();

    static final Schema ORDER = SchemaBuilder.struct().name("shop.public.orders.Value").version(2).doc("an order")
            .parameter("origin", "pg")
            .field("id", Schema.INT64_SCHEMA)
            .field("status", SchemaBuilder.string().defaultValue("new").build())
            .field("note", SchemaBuilder.string().optional().defaultValue("none").build())
            .field("total", MONEY)
            .field("placed_at", Timestamp.SCHEMA)
            .field("at_time", Time.builder().optional().build())
            .field("shipping", ADDRESS)
            .field("items", SchemaBuilder.array(ITEM).optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();

    static Struct address() {
        return new Struct(ADDRESS).put("street", "1 Main St").put("zip", "75001")
                .put("geo", new Struct(GEO).put("lat", 48.86).put("lon", 2.35))
                .put("since", new java.util.Date(86_400_000L * 19_000));
    }

    static Struct order() {
        return new Struct(ORDER).put("id", 7L).put("status", "paid").put("note", "gift")
                .put("total", new BigDecimal("19.90")).put("placed_at", new java.util.Date(1_700_000_000_000L))
                .put("at_time", new java.util.Date(3_600_000L))
                .put("shipping", address())
                .put("items", List.of(new Struct(ITEM).put("sku", "A1").put("price", new BigDecimal("9.95")),
                        new Struct(ITEM).put("sku", "B2")))
                .put("tags", List.of("x", "y"))
                .put("blob", new byte[]{1, 2, 3})
                .put("flag", true);
    }

    @Test
    void nestedStructsWithLogicalTypesArraysAndDefaults() throws Exception {
        Struct out = assertSameStruct(".", ORDER, order());
        assertEquals(List.of("id", "status", "note", "total", "placed_at", "at_time", "shipping.street",
                "shipping.zip", "shipping.geo.lat", "shipping.geo.lon", "shipping.since", "items", "tags", "blob",
                "flag"), names(out.schema()));
    }

    @Test
    void nullsDefaultsAndANullOptionalStruct() throws Exception {
        // note and zip hold null and have defaults; the struct is null
        Struct nulls = new Struct(ORDER).put("id", 8L).put("placed_at", new java.util.Date(0)).put("tags", List.of());
        Struct out = assertSameStruct(".", ORDER, nulls);
        assertEquals("new", out.getWithoutDefault("status"), "read as Kafka reads: the default");
        assertNull(out.getWithoutDefault("shipping.street"));
        Struct emptyAddress = new Struct(ORDER).put("id", 9L).put("placed_at", new java.util.Date(0))
                .put("tags", List.of()).put("shipping", new Struct(ADDRESS).put("street", "s")
                        .put("geo", new Struct(GEO).put("lat", 1.0)));
        assertSameStruct(".", ORDER, emptyAddress);
    }

    @Test
    void customDelimiters() throws Exception {
        for (String delimiter : List.of("_", "->", "__", ".")) {
            assertSameStruct(delimiter, ORDER, order());
            assertSameMap(delimiter, nestedMap());
        }
    }

    @Test
    void anOptionalRootWithADefaultAndNestedDefaults() throws Exception {
        // Kafka's own test shape: the root's default gives its leaves theirs; an optional root makes all optional
        SchemaBuilder inner = SchemaBuilder.struct().name("Inner")
                .field("x", Schema.INT32_SCHEMA)
                .field("y", SchemaBuilder.int32().optional().defaultValue(5).build())
                .field("z", Schema.OPTIONAL_STRING_SCHEMA);
        Struct innerDefault = new Struct(inner).put("x", 1).put("z", "zed");
        inner.defaultValue(innerDefault);
        Schema innerSchema = inner.build();
        SchemaBuilder root = SchemaBuilder.struct().name("Root").optional()
                .field("a", Schema.STRING_SCHEMA)
                .field("in", innerSchema)
                .field("in2", SchemaBuilder.struct().optional()
                        .field("p", Schema.INT64_SCHEMA).field("q", SchemaBuilder.bool().defaultValue(true).build())
                        .build());
        Struct rootDefault = new Struct(root).put("a", "A")
                .put("in", new Struct(innerSchema).put("x", 2).put("z", "zz"))
                .put("in2", new Struct(root.field("in2").schema()).put("p", 3L));
        root.defaultValue(rootDefault);
        Schema schema = root.build();
        Struct row = new Struct(schema).put("a", "v");
        Struct out = assertSameStruct(".", schema, row);
        assertFalse(out.schema().isOptional(), "Kafka's root is required");
        assertEquals(1, out.schema().field("in.x").schema().defaultValue(), "the struct's own default wins");
        assertEquals(3L, out.schema().field("in2.p").schema().defaultValue(), "the root's default");
        assertTrue(out.schema().field("in.x").schema().isOptional());
        Struct full = new Struct(schema).put("a", "v").put("in", new Struct(innerSchema).put("x", 9))
                .put("in2", new Struct(root.field("in2").schema()).put("p", 4L).put("q", false));
        assertSameStruct("_", schema, full);
    }

    @Test
    void aRequiredStructUnderAStructWithADefault() throws Exception {
        Schema leafy = SchemaBuilder.struct().field("v", Schema.INT32_SCHEMA).build();
        SchemaBuilder mid = SchemaBuilder.struct().field("leafy", leafy).field("w", Schema.OPTIONAL_INT32_SCHEMA);
        mid.defaultValue(new Struct(mid).put("leafy", new Struct(leafy).put("v", 42)).put("w", 1));
        Schema midSchema = mid.optional().build();
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("mid", midSchema).build();
        assertSameStruct(".", schema, new Struct(schema).put("id", 1));
        assertSameStruct(".", schema, new Struct(schema).put("id", 1)
                .put("mid", new Struct(midSchema).put("leafy", new Struct(leafy).put("v", 7))));
    }

    @Test
    void aSchemaWithoutStructsIsKeptAsIs() throws Exception {
        Schema flat = SchemaBuilder.struct().name("Flat").version(1).doc("d").parameter("k", "v")
                .field("a", Schema.INT32_SCHEMA).field("b", SchemaBuilder.string().optional().defaultValue("B").build())
                .field("c", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
                .build();
        Struct row = new Struct(flat).put("a", 1).put("b", "x").put("c", List.of(1));
        assertSame(row, assertSameStruct(".", flat, row), "nothing to flatten, no default to read: the row itself");
        Struct withNull = new Struct(flat).put("a", 1);
        Struct out = assertSameStruct(".", flat, withNull);
        assertEquals("B", out.getWithoutDefault("b"), "Kafka reads the default");
        assertSame(flat, out.schema());
    }

    @Test
    void emptyStructsAndStructsInArraysAreNotFlattened() throws Exception {
        Schema empty = SchemaBuilder.struct().optional().build();
        Schema schema = SchemaBuilder.struct()
                .field("e", empty)
                .field("list", SchemaBuilder.array(ADDRESS).build())
                .field("after", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct out = assertSameStruct(".", schema, new Struct(schema).put("e", new Struct(empty))
                .put("list", List.of(address())).put("after", "z"));
        assertEquals(List.of("list", "after"), names(out.schema()));
    }

    @Test
    void anOptionalRootWithoutDefault() throws Exception {
        Schema schema = SchemaBuilder.struct().name("R").optional()
                .field("id", Schema.INT32_SCHEMA).field("shipping", ADDRESS).build();
        Struct out = assertSameStruct(".", schema, new Struct(schema).put("id", 3).put("shipping", address()));
        assertFalse(out.schema().isOptional());
        assertTrue(out.schema().field("id").schema().isOptional());
    }

    @Test
    void emptyParametersAndABuilderAsAFieldSchema() throws Exception {
        Schema withEmpty = new ConnectSchema(Schema.Type.STRING, true, null, "n", null, null, Map.of(), null, null, null);
        SchemaBuilder unbuilt = SchemaBuilder.int32().optional();
        Schema inner = SchemaBuilder.struct().optional().field("s", withEmpty).field("u", unbuilt).build();
        Schema schema = SchemaBuilder.struct().field("top", withEmpty).field("inner", inner).field("u", unbuilt).build();
        assertSameStruct(".", schema, new Struct(schema).put("top", "t").put("u", 1)
                .put("inner", new Struct(inner).put("s", "x").put("u", 2)));
    }

    @Test
    void bothRejectARequiredFieldHoldingNull() {
        // a Struct never validated: a required field without default left unset
        Struct row = new Struct(ORDER).put("placed_at", new java.util.Date(0)).put("tags", List.of());
        assertThrows(DataException.class, () -> kafka(".", ORDER, row));
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").compile(ORDER).apply(row));
        assertEquals("id", e.path());
    }

    @Test
    void bothRejectASchemaClash() {
        Schema schema = SchemaBuilder.struct().field("a.b", Schema.INT32_SCHEMA)
                .field("a", SchemaBuilder.struct().field("b", Schema.INT32_SCHEMA).build()).build();
        Struct row = new Struct(schema).put("a.b", 1).put("a", new Struct(schema.field("a").schema()).put("b", 2));
        assertThrows(DataException.class, () -> kafka(".", schema, row));
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").compile(schema));
        assertTrue(e.getMessage().contains("'`a.b`'") && e.getMessage().contains("'a.b'"), e.getMessage());
    }

    // ------------------------------------------------------------------ schemaless

    static Map<String, Object> nestedMap() {
        Map<String, Object> geo = new LinkedHashMap<>();
        geo.put("lat", 48.8);
        geo.put("lon", null);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "1 Main St");
        address.put("geo", geo);
        address.put("empty", new LinkedHashMap<>());
        address.put("zip", null);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("address", address);
        row.put("tags", List.of("a", Map.of("in", "list")));
        row.put("small", (short) 3);
        row.put("tiny", (byte) 1);
        row.put("f", 1.5f);
        row.put("bytes", ByteBuffer.wrap(new byte[]{1}));
        row.put("raw", new byte[]{2});
        row.put("ok", false);
        row.put("n", 3);
        row.put("gone", null);
        return row;
    }

    @Test
    void schemalessNestedMapsNullsAndLists() {
        Map<String, Object> out = assertSameMap(".", nestedMap());
        assertEquals(List.of("id", "address.street", "address.geo.lat", "address.geo.lon", "address.zip", "tags",
                "small", "tiny", "f", "bytes", "raw", "ok", "n", "gone"), new ArrayList<>(out.keySet()));
        Map<String, Object> flat = new LinkedHashMap<>(Map.of("a", 1));
        flat.put("b", null);
        assertSame(flat, assertSameMap(".", flat));
        assertSameMap(".", new HashMap<>());
    }

    @Test
    void knownDifferenceSchemalessLeavesOfTypesConnectInfersNoSchemaForAreKept() {
        for (Object value : List.of(new BigDecimal("1.5"), new java.util.Date(0), 'c',
                new Struct(SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build()).put("a", 1))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("a", Map.of("b", value));
            assertThrows(DataException.class, () -> kafka(".", null, row), value.getClass().getName());
            assertEquals(Map.of("a.b", value), new RowFlatten(".").apply(row), "ours keeps the leaf");
            Map<String, Object> top = Map.of("v", value);
            assertThrows(DataException.class, () -> kafka(".", null, top));
            assertSame(top, new RowFlatten(".").apply(top));
        }
    }

    // ------------------------------------------------------------------ random schemas and rows

    private static final String[] NAMES = {"a", "b", "c", "s", "t", "s_a", "t_b", "a_b"};

    /** Seeded random schemas (nesting, optionality, defaults at every level, logical types) and rows. */
    @Test
    void randomSchemasAndRows() throws Exception {
        Random random = new Random(20240611L);
        int compared = 0;
        int clashes = 0;
        for (int i = 0; i < 400; i++) {
            Gen gen = new Gen(random);
            Schema schema = gen.root();
            List<Struct> rows = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                rows.add(gen.row(schema));
            }
            String delimiter = i % 3 == 0 ? "." : "_";
            boolean kafkaFails;
            try {
                kafka(delimiter, schema, rows.get(0));
                kafkaFails = false;
            } catch (DataException e) {
                kafkaFails = true;
            }
            if (kafkaFails) {
                assertThrows(FieldPathException.class, () -> new RowFlatten(delimiter).compile(schema), schema.toString());
                clashes++;
                continue;
            }
            for (Struct row : rows) {
                assertSameStruct(delimiter, schema, row);
                compared++;
            }
        }
        assertTrue(compared > 1000 && clashes > 10, compared + " compared, " + clashes + " clashes");
    }

    @Test
    void randomSchemalessRows() {
        Random random = new Random(7L);
        int compared = 0;
        int flattened = 0;
        int clashes = 0;
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> row = randomMap(random, 0);
            String delimiter = i % 4 == 0 ? "." : "_";
            try {
                Map<String, Object> ours = new RowFlatten(delimiter).apply(row);
                assertEquals(kafka(delimiter, null, row).value(), ours);
                compared++;
                flattened += ours == row ? 0 : 1;
            } catch (FieldPathException e) {
                // a clash: Kafka keeps one of the values and loses the other
                assertTrue(e.getMessage().contains("give one flattened name"), e.getMessage());
                Map<?, ?> theirs = (Map<?, ?>) kafka(delimiter, null, row).value();
                assertTrue(theirs.size() < leaves(row), "Kafka lost a value");
                clashes++;
            }
        }
        assertTrue(compared > 1000 && flattened > 600 && clashes > 10,
                compared + " compared, " + flattened + " flattened, " + clashes + " clashes");
    }

    private static Map<String, Object> randomMap(Random random, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(depth == 0 ? 7 : 4);
        for (int i = 0; i < n; i++) {
            String key = NAMES[random.nextInt(NAMES.length)];
            Object value;
            switch (random.nextInt(depth < 2 ? 9 : 6)) {
                case 0: value = null; break;
                case 1: value = random.nextInt(100); break;
                case 2: value = "v" + random.nextInt(10); break;
                case 3: value = List.of(random.nextLong()); break;
                case 4: value = random.nextBoolean(); break;
                case 5: value = random.nextDouble(); break;
                default: value = randomMap(random, depth + 1);
            }
            m.put(key, value);
        }
        return m;
    }

    private static int leaves(Map<?, ?> m) {
        int n = 0;
        for (Object v : m.values()) {
            n += v instanceof Map ? leaves((Map<?, ?>) v) : 1;
        }
        return n;
    }

    /** A random schema generator; values made only through {@code Struct.put}, so always valid. */
    private static final class Gen {
        private final Random random;
        private int structs;

        Gen(Random random) {
            this.random = random;
        }

        Schema root() {
            SchemaBuilder b = structBuilder(0);
            if (random.nextInt(3) == 0) {
                b.name("db.Row").version(random.nextInt(3) + 1).doc("a row");
            }
            if (random.nextInt(4) == 0) {
                b.parameter("p", "q");
            }
            return finish(b, random.nextInt(3) == 0, random.nextInt(3) == 0);
        }

        private SchemaBuilder structBuilder(int depth) {
            SchemaBuilder b = SchemaBuilder.struct();
            List<String> names = new ArrayList<>(Arrays.asList(NAMES));
            int n = 1 + random.nextInt(depth == 0 ? 6 : 4);
            for (int i = 0; i < n && !names.isEmpty(); i++) {
                String name = names.remove(random.nextInt(names.size()));
                b.field(name, field(depth));
            }
            return b;
        }

        private Schema finish(SchemaBuilder b, boolean optional, boolean withDefault) {
            if (optional) {
                b.optional();
            }
            if (withDefault) {
                b.defaultValue(fill(new Struct(b), true));
            }
            return b.build();
        }

        private Schema field(int depth) {
            boolean optional = random.nextBoolean();
            boolean withDefault = random.nextInt(4) == 0;
            int kind = random.nextInt(depth < 2 && structs < 6 ? 11 : 9);
            SchemaBuilder b;
            switch (kind) {
                case 0: b = SchemaBuilder.int32(); break;
                case 1: b = SchemaBuilder.string(); break;
                case 2: b = SchemaBuilder.int64(); break;
                case 3: b = Decimal.builder(2); break;
                case 4: b = Timestamp.builder(); break;
                case 5: b = Date.builder(); break;
                case 6: b = SchemaBuilder.array(Schema.STRING_SCHEMA); break;
                case 7: b = SchemaBuilder.bool().doc("a flag"); break;
                case 8: b = SchemaBuilder.array(SchemaBuilder.struct().name("El").optional()
                        .field("k", Schema.INT32_SCHEMA).build()); break;
                default:
                    structs++;
                    return finish(structBuilder(depth + 1), optional, withDefault);
            }
            if (optional) {
                b.optional();
            }
            if (withDefault) {
                b.defaultValue(value(b));
            }
            return b.build();
        }

        Struct row(Schema schema) {
            return fill(new Struct(schema), false);
        }

        /** Fills a Struct: every required field without default, others at random (nulls in a default too). */
        private Struct fill(Struct s, boolean complete) {
            for (Field f : s.schema().fields()) {
                Schema fs = f.schema();
                boolean needed = !fs.isOptional() && fs.defaultValue() == null;
                if (needed || complete && !fs.isOptional() || random.nextInt(4) != 0) {
                    s.put(f, value(fs));
                }
            }
            return s;
        }

        private Object value(Schema s) {
            if (s.type() == Schema.Type.STRUCT) {
                return fill(new Struct(s), false);
            }
            if (Decimal.LOGICAL_NAME.equals(s.name())) {
                return BigDecimal.valueOf(random.nextInt(100_000), 2);
            }
            if (Timestamp.LOGICAL_NAME.equals(s.name())) {
                return new java.util.Date(random.nextInt(1_000_000) * 1_000_000L);
            }
            if (Date.LOGICAL_NAME.equals(s.name())) {
                return new java.util.Date(random.nextInt(20_000) * 86_400_000L);
            }
            switch (s.type()) {
                case INT32: return random.nextInt();
                case INT64: return random.nextLong();
                case STRING: return "s" + random.nextInt(50);
                case BOOLEAN: return random.nextBoolean();
                case ARRAY:
                    Schema el = s.valueSchema();
                    return el.type() == Schema.Type.STRUCT
                            ? List.of(new Struct(el).put("k", random.nextInt(9)))
                            : List.of("e" + random.nextInt(9));
                default: throw new AssertionError(s.type());
            }
        }
    }

    // ------------------------------------------------------------------ known differences

    /** Kafka rejects a schema with a MAP field; ours keeps the map as a value, like an array. */
    @Test
    void knownDifferenceAMapFieldIsKeptWhereKafkaFails() throws Exception {
        Schema attrs = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build();
        Schema inner = SchemaBuilder.struct().field("attrs", attrs).field("x", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("inner", inner).build();
        Struct row = new Struct(schema).put("id", 1)
                .put("inner", new Struct(inner).put("attrs", Map.of("k", 2)).put("x", 3));
        DataException e = assertThrows(DataException.class, () -> kafka(".", schema, row));
        assertTrue(e.getMessage().contains("does not support MAP"), e.getMessage());
        RowFlatten.Compiled ours = new RowFlatten(".").compile(schema);
        assertSame(attrs, ours.outputSchema().field("inner.attrs").schema());
        Struct out = ours.apply(row);
        out.validate();
        assertEquals(Map.of("k", 2), out.get("inner.attrs"));
        assertEquals(3, out.get("inner.x"));
    }

    /** Kafka's schemaless flatten keeps the last of two values for one key (the first is lost); ours fails. */
    @Test
    void knownDifferenceASchemalessClashFailsWhereKafkaKeepsTheLastValue() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a.b", 1);
        row.put("a", Map.of("b", 2));
        assertEquals(Map.of("a.b", 2), kafka(".", null, row).value(), "Kafka: the 1 is lost");
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").apply(row));
        assertEquals("Cannot flatten the row: two of its keys (a top-level key and a key 1 level down) give one "
                + "flattened name", e.getMessage(), "never the keys: they may be data");
    }

    /** A key that is not a string: Kafka throws a ClassCastException, ours a FieldPathException. */
    @Test
    void knownDifferenceANonStringKeyFailsWithAPathWhereKafkaThrowsClassCastException() {
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put(5, "five");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", inner);
        assertThrows(ClassCastException.class, () -> kafka(".", null, row));
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").apply(row));
        assertTrue(e.getMessage().contains("a map 1 level down") && e.getMessage().contains("Integer"), e.getMessage());
        assertFalse(e.getMessage().contains("5") || e.getMessage().contains("five"), "no key, no value");
    }

    /** A null key in a nested map: Kafka names it "prefix.null" (as a key "null" would be); ours fails. */
    @Test
    void knownDifferenceANestedNullKeyFailsWhereKafkaNamesItNull() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(null, 1);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", inner);
        assertEquals(Map.of("a.null", 1), kafka(".", null, row).value());
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").apply(row));
        assertTrue(e.getMessage().contains("null key"), e.getMessage());
    }

    /** A null key holding a map at the top level: Kafka throws a NullPointerException; ours a FieldPathException. */
    @Test
    void knownDifferenceATopLevelNullKeyHoldingAMapFailsWhereKafkaThrowsNullPointerException() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(null, Map.of("b", 1));
        assertThrows(NullPointerException.class, () -> kafka(".", null, row));
        assertThrows(FieldPathException.class, () -> new RowFlatten(".").apply(row));
        // a null key holding a plain value is kept by both
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put(null, 1);
        plain.put("a", Map.of("b", 2));
        assertEquals(kafka(".", null, plain).value(), new RowFlatten(".").apply(plain));
    }

    /** A struct default that is not a Struct (a schema made without validation): Kafka's ClassCastException, ours at compile. */
    @Test
    void knownDifferenceAStructDefaultThatIsNotAStructFailsAtCompile() {
        Schema inner = new ConnectSchema(Schema.Type.STRUCT, true, "not a struct", null, null, null, null,
                List.of(new Field("x", 0, Schema.OPTIONAL_INT32_SCHEMA)), null, null);
        Schema schema = SchemaBuilder.struct().field("in", inner).build();
        Struct row = new Struct(schema);
        assertThrows(ClassCastException.class, () -> kafka(".", schema, row));
        FieldPathException e = assertThrows(FieldPathException.class, () -> new RowFlatten(".").compile(schema));
        assertTrue(e.getMessage().contains("'in'") && e.getMessage().contains("String"), e.getMessage());
        assertFalse(e.getMessage().contains("not a struct"), "no value");
    }

    /** With ReadMode.RAW (cdckit's, not Kafka's), a stored null stays null; the schemas are the same. */
    @Test
    void knownDifferenceRawReadingKeepsStoredNulls() {
        Struct row = new Struct(ORDER).put("id", 8L).put("placed_at", new java.util.Date(0)).put("tags", List.of())
                .put("shipping", new Struct(ADDRESS).put("street", "s").put("geo", new Struct(GEO).put("lat", 1.0)));
        Struct theirs = (Struct) kafka(".", ORDER, row).value();
        RowFlatten.Compiled raw = new RowFlatten(".", ReadMode.RAW).compile(ORDER);
        Struct ours = raw.apply(row);
        assertEquals(theirs.schema(), ours.schema());
        for (String name : List.of("status", "note", "shipping.zip", "shipping.geo.lon")) {
            assertNotNull(theirs.getWithoutDefault(name), "Kafka writes the default of " + name);
            assertNull(ours.getWithoutDefault(name), "RAW keeps the null of " + name);
            assertEquals(theirs.get(name), ours.get(name), "both read as the default");
        }
    }

    /** Asked to keep an optional root optional (compile(schema, true)), ours differs from Kafka's in that only. */
    @Test
    void knownDifferenceAnOptionalRootKeptOptionalOnRequest() {
        Schema schema = SchemaBuilder.struct().name("R").optional()
                .field("id", Schema.INT32_SCHEMA).field("shipping", ADDRESS).build();
        Struct row = new Struct(schema).put("id", 3).put("shipping", address());
        SinkRecord theirs = kafka(".", schema, row);
        RowFlatten.Compiled kept = new RowFlatten(".").compile(schema, true);
        assertTrue(kept.outputSchema().isOptional());
        assertFalse(theirs.valueSchema().isOptional());
        assertEquals(theirs.valueSchema().fields(), kept.outputSchema().fields());
        assertEquals(theirs.valueSchema().name(), kept.outputSchema().name());
        Struct out = kept.apply(row);
        for (Field f : out.schema().fields()) {
            assertEquals(((Struct) theirs.value()).getWithoutDefault(f.name()), out.getWithoutDefault(f.name()));
        }
    }

    /** A null value: Kafka returns the record as it is, with the input schema; ours gives null (the caller keeps a schema). */
    @Test
    void knownDifferenceANullRowIsNullWithoutASchema() {
        SinkRecord theirs = kafka(".", ORDER, null);
        assertSame(ORDER, theirs.valueSchema());
        assertNull(theirs.value());
        assertNull(new RowFlatten(".").compile(ORDER).apply(null));
        assertNull(kafka(".", null, null).value());
        assertNull(new RowFlatten(".").apply(null));
    }

    private static List<String> names(Schema schema) {
        List<String> names = new ArrayList<>();
        for (Field f : schema.fields()) {
            names.add(f.name());
        }
        return names;
    }
}
