package io.cdckit.examples.fuzz;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.FlatEnvelopes;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fuzz corpus: records of the real corpus ({@link Fixtures}) and of the test kit's other envelopes
 * ({@link Envelopes}, {@link FlatEnvelopes}, Maxwell, an outbox table), with fresh generated values,
 * then mutated: wrong value types for a schema, nulls in required fields, missing and extra fields,
 * deep nesting, huge strings and arrays, unicode edge cases, schemas that do not match their values,
 * schemaless values of every Java type Connect allows, tombstones, non-envelope records.
 *
 * <p>Every generated string holds {@link #MARK}, and generated numbers often are {@link #MARK_INT} or
 * {@link #MARK_LONG}: a plugin's error message must never contain them.
 */
final class Gen {

    static final String MARK = "qzMARKzq";
    static final int MARK_INT = 271_828_182;
    static final long MARK_LONG = 7_314_159_265L;
    /** Digits that every numeric marker's text holds (271828182, 7314159265 hold neither fully: both checked). */
    static final List<String> MARK_TEXTS = List.of(MARK, "71828182", "7314159265");

    static final String PLACEHOLDER = "__debezium_unavailable_value";

    static final Schema OUTBOX_ROW = SchemaBuilder.struct().name("pg.public.outbox.Value").optional()
            .field("id", Schema.STRING_SCHEMA).field("aggregatetype", Schema.STRING_SCHEMA)
            .field("aggregateid", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
            .field("payload", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema OUTBOX_ENVELOPE = Envelopes.envelopeSchema("pg.public.outbox", OUTBOX_ROW);

    private static final String[] UNICODE = {"\uD800", "\uDFFF", "\u0000", "\u202E", "\u200F", "\uD83D\uDE00",
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uFEFF", "e\u0301", "\uFFFF", "\uFFFE", "\u200B",
        "\n\r\t", "\"'\\", "${topic}", "%s%n", "`a.b`", "*", "[*]", "\u0085", "\u2028", "\u0130", "\u00DF",
        "\uDBFF\uDFFF", "\u05D0\u05D1", "\u0627\u0644", "\u4E2D\u6587"};
    private static final String[] SPECIAL = {"", PLACEHOLDER, "infinity", "-infinity", "2024-03-01T10:15:30Z",
        "-1", "NaN", "null", "true", "{\"a\":1}", "[]", "1e400", "0x1F", "24:00:00", "2024-02-30", "c", "u", "d"};
    private static final String[] OPS = {"c", "u", "d", "r", "t", "m", "x", "", "U", "cc", "insert", "update",
        "delete", "bootstrap-insert", "I", "D", "INSERT", "DELETE", "UPDATE", "TRUNCATE"};
    private static final String[] TOPICS = {"pg.shop.customers", "pg.shop.products", "pg.shop.audit_log", "t",
        "a.b-c_d", "\u00FCn\u00EFcode", "x".repeat(249), "pg.public.outbox", FlatEnvelopes.TOPIC};
    private static final String[] HEADER_NAMES = {"__op", "op", "__debezium.newkey", "changed", "unchanged", "x",
        "cdc_op", "__lookup.error", "id"};

    private static final String HUGE = "h".repeat(40_000) + MARK + "\uD83D\uDE00".repeat(5_000);
    private static final String HUGE_UNICODE = String.join("", Collections.nCopies(600, String.join("", UNICODE))) + MARK;

    private final String huge;
    private final String hugeUnicode;

    /** One generated record, with whether its key and value validate against their schemas. */
    record Sample(SinkRecord record, String kind, boolean valid) {
    }

    private final List<SinkRecord> pool = new ArrayList<>();
    private final List<Schema> schemas = new ArrayList<>();
    private long offset;

    Gen() {
        this(Integer.MAX_VALUE);
    }

    /** A generator whose huge strings have at most {@code hugeLength} characters (each keeps the marker). */
    Gen(int hugeLength) {
        huge = HUGE.length() <= hugeLength ? HUGE : HUGE.substring(0, hugeLength - MARK.length() - 2) + MARK + "\uD83D\uDE00";
        hugeUnicode = HUGE_UNICODE.length() <= hugeLength ? HUGE_UNICODE
                : HUGE_UNICODE.substring(0, hugeLength - MARK.length()) + MARK;
        pool.addAll(Fixtures.records());
        pool.addAll(Fixtures.schemalessRecords());
        Schema customers = null;
        for (SinkRecord r : Fixtures.records()) {
            if (r.valueSchema() != null) {
                schemas.add(r.valueSchema());
                Schema after = r.valueSchema().field("after").schema();
                schemas.add(after);
                if (customers == null && r.topic().endsWith("customers")) {
                    customers = after;
                }
                Object v = r.value();
                if (v instanceof Struct s && s.get("after") != null) {
                    pool.add(new SinkRecord(r.topic(), 0, r.keySchema(), r.key(), after, s.get("after"), 0));
                }
            }
        }
        pool.add(Envelopes.record("__debezium-heartbeat.pg", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(5), 0));
        pool.add(Envelopes.record("pg", null, null, Envelopes.SCHEMA_CHANGE, Envelopes.schemaChange("ALTER TABLE x"), 0));
        pool.add(Envelopes.record("pg.transaction", null, null, Envelopes.TRANSACTION_METADATA,
                Envelopes.transactionMetadata("BEGIN", 3), 0));
        pool.add(Envelopes.record("pg.message", null, null, Envelopes.MESSAGE,
                Envelopes.message("hi".getBytes(StandardCharsets.UTF_8)), 0));
        Struct row = FlatEnvelopes.row(1, "Ada", "ada@example.com", "EU");
        Struct row2 = FlatEnvelopes.row(1, "Ada L", "ada@example.com", "EU");
        pool.add(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("U", row, row2)));
        pool.add(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("I", null, row)));
        pool.add(FlatEnvelopes.schemad(FlatEnvelopes.canal("UPDATE", List.of(row2), List.of(row))));
        pool.add(FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson("D", FlatEnvelopes.rowJson(1, "Ada", "a@b.c", "EU"),
                null)));
        pool.add(FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("INSERT", "[" + FlatEnvelopes.rowJson(2, "B", "b@c.d",
                null) + "]", "null")));
        pool.add(Envelopes.record("maxwell", null, null, null, Envelopes.maxwell("update",
                new LinkedHashMap<>(Map.of("id", 1, "email", "a@b.c")), new LinkedHashMap<>(Map.of("email", "o@b.c"))), 0));
        pool.add(Envelopes.record("maxwell", null, null, null, Envelopes.maxwell("insert",
                new LinkedHashMap<>(Map.of("id", 2, "name", "B")), null), 0));
        for (String op : List.of("c", "r", "u", "d")) {
            Struct o = new Struct(OUTBOX_ROW).put("id", "e-1").put("aggregatetype", "Order").put("aggregateid", "42")
                    .put("type", "Created").put("payload", "{\"id\":42}");
            Struct event = Envelopes.event(OUTBOX_ENVELOPE, op, "c".equals(op) || "r".equals(op) ? null : o,
                    "d".equals(op) ? null : o, 7, false);
            pool.add(Envelopes.record("pg.public.outbox", null, null, OUTBOX_ENVELOPE, event, 0));
            pool.add(Envelopes.record("pg.public.outbox", null, null, null, Envelopes.schemaless(event), 0));
        }
        schemas.add(OUTBOX_ENVELOPE);
        schemas.add(FlatEnvelopes.GOLDENGATE);
        schemas.add(Envelopes.HEARTBEAT);
        schemas.addAll(List.of(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA, Schema.BYTES_SCHEMA,
                SchemaBuilder.array(Schema.STRING_SCHEMA).build(),
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build()));
        if (customers == null) {
            throw new IllegalStateException("the corpus has no customers table");
        }
    }

    List<Sample> batch(Random r, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(r));
        }
        return out;
    }

    Sample next(Random r) {
        SinkRecord base = pool.get(r.nextInt(pool.size()));
        Schema schema = base.valueSchema();
        Object value = fresh(r, base.value());
        Schema keySchema = base.keySchema();
        Object key = copy(base.key());
        String topic = base.topic();
        ConnectHeaders headers = new ConnectHeaders();
        StringBuilder kind = new StringBuilder(base.valueSchema() == null ? "schemaless" : "schema'd");
        int mutations = r.nextInt(7) == 0 ? 0 : 1 + r.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int what = r.nextInt(20);
            switch (what) {
                case 0 -> {
                    schema = schemas.get(r.nextInt(schemas.size()));
                    kind.append(" +schema-swap");
                }
                case 1 -> {
                    schema = null;
                    value = any(r, 3);
                    kind.append(" +schemaless-any");
                }
                case 2 -> {
                    value = null;
                    if (r.nextBoolean()) {
                        schema = null;
                    }
                    kind.append(" +tombstone");
                }
                case 3 -> {
                    key = any(r, 2);
                    keySchema = r.nextInt(3) == 0 ? schemas.get(r.nextInt(schemas.size())) : null;
                    kind.append(" +key");
                }
                case 4 -> {
                    for (int h = r.nextInt(3); h >= 0; h--) {
                        Object hv = r.nextBoolean() ? OPS[r.nextInt(OPS.length)] : any(r, 1);
                        headers.add(HEADER_NAMES[r.nextInt(HEADER_NAMES.length)], hv, null);
                    }
                    kind.append(" +headers");
                }
                case 5 -> {
                    topic = TOPICS[r.nextInt(TOPICS.length)];
                    kind.append(" +topic");
                }
                case 6 -> {
                    Schema evolved = evolve(r, schema, value);
                    if (evolved != null) {
                        value = convert(evolved, value);
                        schema = evolved;
                        kind.append(" +evolved");
                    }
                }
                case 7 -> {
                    schema = primitive(r);
                    value = valueOf(r, schema);
                    kind.append(" +primitive");
                }
                default -> {
                    List<Slot> slots = new ArrayList<>();
                    slots(value, slots, 0);
                    if (slots.isEmpty()) {
                        continue;
                    }
                    Slot slot = slots.get(r.nextInt(slots.size()));
                    kind.append(" +").append(mutate(r, slot)).append('@').append(slot.name);
                }
            }
        }
        SinkRecord rec = new SinkRecord(topic, 0, keySchema, key, schema, value, offset++, 1_714_000_000_000L,
                TimestampType.CREATE_TIME, headers);
        return new Sample(rec, kind.toString(), validates(keySchema, key) && schema != null && validates(schema, value));
    }

    private static boolean validates(Schema schema, Object value) {
        if (schema == null) {
            return value == null;
        }
        try {
            ConnectSchema.validateValue(schema, value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- fresh values on the corpus's schemas

    /** A deep copy of {@code v} with new generated strings and numbers in its row images. */
    private Object fresh(Random r, Object v) {
        if (v instanceof Struct s) {
            Struct c = (Struct) copy(s);
            for (String image : List.of("before", "after")) {
                Field f = s.schema().field(image);
                if (f != null && f.schema().type() == Schema.Type.STRUCT && s.get(f) != null) {
                    Raw.set(c, f, freshRow(r, (Struct) s.get(f)));
                }
            }
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> c = (Map<Object, Object>) copy(m);
            for (String image : List.of("before", "after", "data", "old")) {
                if (c.get(image) instanceof Map<?, ?> row) {
                    Map<Object, Object> fr = new LinkedHashMap<>(row);
                    fr.replaceAll((k, x) -> x instanceof String && r.nextInt(10) < 6 ? string(r) : x);
                    c.put(image, fr);
                }
            }
            return c;
        }
        return copy(v);
    }

    private Struct freshRow(Random r, Struct row) {
        Struct out = new Struct(row.schema());
        for (Field f : row.schema().fields()) {
            Object v = copy(row.getWithoutDefault(f.name())); // never share a mutable value with the pool
            Schema s = f.schema();
            if (s.name() == null && v != null) {
                if (s.type() == Schema.Type.STRING && r.nextInt(10) < 7) {
                    v = string(r);
                } else if (s.type() == Schema.Type.INT32 && r.nextInt(6) == 0) {
                    v = MARK_INT;
                } else if (s.type() == Schema.Type.INT64 && r.nextInt(6) == 0) {
                    v = MARK_LONG;
                }
            }
            out.put(f, v);
        }
        return out;
    }

    // ---- slots of a value tree, and their mutations

    /** A place in a value tree that a mutation can overwrite. */
    private abstract static class Slot {
        final String name;
        final Schema schema;

        Slot(String name, Schema schema) {
            this.name = name;
            this.schema = schema;
        }

        abstract Object get();

        abstract void set(Object v);

        abstract void remove();
    }

    private static void slots(Object v, List<Slot> out, int depth) {
        if (depth > 6 || out.size() > 200) {
            return;
        }
        if (v instanceof Struct s) {
            for (Field f : s.schema().fields()) {
                out.add(new Slot(f.name(), f.schema()) {
                    Object get() {
                        return Raw.values(s)[f.index()];
                    }

                    void set(Object x) {
                        Raw.set(s, f, x);
                    }

                    void remove() {
                        Raw.set(s, f, null);
                    }
                });
                slots(Raw.values(s)[f.index()], out, depth + 1);
            }
        } else if (v instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) raw;
            for (Object k : new ArrayList<>(m.keySet())) {
                out.add(new Slot(String.valueOf(k), null) {
                    Object get() {
                        return m.get(k);
                    }

                    void set(Object x) {
                        m.put(k, x);
                    }

                    void remove() {
                        m.remove(k);
                    }
                });
                slots(m.get(k), out, depth + 1);
            }
        } else if (v instanceof List<?> raw) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) raw;
            for (int i = 0; i < Math.min(4, l.size()); i++) {
                int index = i;
                out.add(new Slot("[" + i + "]", null) {
                    Object get() {
                        return l.get(index);
                    }

                    void set(Object x) {
                        l.set(index, x);
                    }

                    void remove() {
                        l.remove(index);
                    }
                });
                slots(l.get(i), out, depth + 1);
            }
        }
    }

    private String mutate(Random r, Slot slot) {
        switch (r.nextInt(12)) {
            case 0, 1 -> {
                slot.set(any(r, 2));
                return "wrong-type";
            }
            case 2 -> {
                slot.set(null);
                return "null";
            }
            case 3 -> {
                slot.remove();
                return "missing";
            }
            case 4 -> {
                Object v = slot.get();
                if (v instanceof Struct s) {
                    Schema other = evolve(r, s.schema(), s);
                    slot.set(other == null ? s : convert(other, s));
                    return "struct-of-other-schema";
                }
                if (v instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> mm = (Map<Object, Object>) m;
                    mm.put("extra_" + mm.size(), any(r, 2));
                    return "extra-key";
                }
                slot.set(struct(r, 2));
                return "struct";
            }
            case 5 -> {
                slot.set(deep(r, 20 + r.nextInt(100)));
                return "deep";
            }
            case 6 -> {
                slot.set(r.nextBoolean() ? huge : hugeUnicode);
                return "huge-string";
            }
            case 7 -> {
                int n = 2_000 + r.nextInt(8_000);
                List<Object> l = new ArrayList<>(n);
                Object e = r.nextBoolean() ? string(r) : (Object) MARK_LONG;
                for (int i = 0; i < n; i++) {
                    l.add(i % 97 == 0 ? any(r, 0) : e);
                }
                slot.set(l);
                return "huge-array";
            }
            case 8 -> {
                slot.set(unicode(r));
                return "unicode";
            }
            case 9 -> {
                slot.set(OPS[r.nextInt(OPS.length)]);
                return "op-text";
            }
            default -> {
                slot.set(slot.schema != null ? valueOf(r, slot.schema) : any(r, 1));
                return "value";
            }
        }
    }

    /** A schema like {@code schema} with a field removed or an optional one added, at the top or in a row image. */
    private Schema evolve(Random r, Schema schema, Object value) {
        if (schema == null || schema.type() != Schema.Type.STRUCT || !(value instanceof Struct)) {
            return null;
        }
        Field after = schema.field("after");
        if (after != null && after.schema().type() == Schema.Type.STRUCT && r.nextBoolean()) {
            Schema row = evolve(r, after.schema(), new Struct(after.schema()));
            SchemaBuilder b = SchemaBuilder.struct().name(schema.name()).version(schema.version());
            for (Field f : schema.fields()) {
                b.field(f.name(), f.name().equals("before") || f.name().equals("after") ? row : f.schema());
            }
            return b.build();
        }
        SchemaBuilder b = SchemaBuilder.struct().name(schema.name());
        if (schema.isOptional()) {
            b.optional();
        }
        int drop = r.nextBoolean() && schema.fields().size() > 1 ? r.nextInt(schema.fields().size()) : -1;
        for (Field f : schema.fields()) {
            if (f.index() != drop) {
                b.field(f.name(), f.schema());
            }
        }
        if (drop < 0) {
            String name = "extra_" + schema.fields().size();
            b.field(schema.field(name) == null ? name : name + "_" + r.nextInt(1_000_000), primitive(r));
        }
        return b.build();
    }

    /** {@code value}'s fields copied raw into a Struct of {@code target} (by name; row images alike). */
    private static Object convert(Schema target, Object value) {
        if (!(value instanceof Struct s) || target.type() != Schema.Type.STRUCT) {
            return value;
        }
        Object[] vals = new Object[target.fields().size()];
        for (Field f : target.fields()) {
            Field old = s.schema().field(f.name());
            Object v = old == null ? null : Raw.values(s)[old.index()];
            if (v instanceof Struct inner && f.schema().type() == Schema.Type.STRUCT && !inner.schema().equals(f.schema())) {
                v = convert(f.schema(), inner);
            }
            vals[f.index()] = v;
        }
        return Raw.of(target, vals);
    }

    // ---- generated values

    static String string(Random r) {
        switch (r.nextInt(7)) {
            case 0 -> {
                return unicode(r);
            }
            case 1 -> {
                return "a" + r.nextInt(100) + "." + MARK + "@example.com";
            }
            case 2 -> {
                return r.nextBoolean() ? Integer.toString(MARK_INT) : MARK_LONG + "." + r.nextInt(10);
            }
            case 3 -> {
                return SPECIAL[r.nextInt(SPECIAL.length)];
            }
            case 4 -> {
                return MARK.repeat(1 + r.nextInt(200));
            }
            default -> {
                StringBuilder b = new StringBuilder();
                for (int i = r.nextInt(12); i > 0; i--) {
                    b.append((char) (' ' + r.nextInt(95)));
                }
                return b.insert(b.length() == 0 ? 0 : r.nextInt(b.length()), MARK).toString();
            }
        }
    }

    static String unicode(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
            b.append(UNICODE[r.nextInt(UNICODE.length)]);
        }
        return b.insert(r.nextInt(b.length() + 1), MARK).toString();
    }

    /** Any value of a Java type Connect allows, or null. */
    static Object any(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 17 : 14)) {
            case 0 -> {
                return null;
            }
            case 1 -> {
                return string(r);
            }
            case 2 -> {
                return (MARK + r.nextInt()).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                ByteBuffer b = ByteBuffer.wrap(("xx" + MARK).getBytes(StandardCharsets.UTF_8));
                b.position(r.nextInt(3)); // a buffer not at position 0
                return b;
            }
            case 4 -> {
                return r.nextBoolean();
            }
            case 5 -> {
                return (byte) r.nextInt();
            }
            case 6 -> {
                return (short) r.nextInt();
            }
            case 7 -> {
                return r.nextBoolean() ? MARK_INT : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1}[r.nextInt(4)];
            }
            case 8 -> {
                return r.nextBoolean() ? MARK_LONG : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}[r.nextInt(4)];
            }
            case 9 -> {
                return new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, 2.71828182E8f}[r.nextInt(5)];
            }
            case 10 -> {
                return new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MAX_VALUE,
                    (double) MARK_LONG}[r.nextInt(5)];
            }
            case 11 -> {
                return new BigDecimal[] {new BigDecimal(MARK_LONG + ".5"), new BigDecimal("1E+10000"),
                    new BigDecimal("-0.000000000000000000000271828182"), BigDecimal.ZERO}[r.nextInt(4)];
            }
            case 12 -> {
                return new java.util.Date(new long[] {MARK_LONG, Long.MIN_VALUE, Long.MAX_VALUE, -1}[r.nextInt(4)]);
            }
            case 13 -> {
                return OPS[r.nextInt(OPS.length)];
            }
            case 14 -> {
                Map<Object, Object> m = r.nextInt(4) == 0 ? new HashMap<>() : new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    Object k = r.nextInt(5) == 0 ? any(r, 0) : (Object) ("k" + i);
                    m.put(k, any(r, depth - 1));
                }
                return m;
            }
            case 15 -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(any(r, depth - 1));
                }
                return l;
            }
            default -> {
                return struct(r, depth - 1);
            }
        }
    }

    static Schema primitive(Random r) {
        Schema[] all = {Schema.INT8_SCHEMA, Schema.OPTIONAL_INT16_SCHEMA, Schema.INT32_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA,
            Schema.FLOAT32_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA, Schema.BOOLEAN_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA,
            Schema.STRING_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA, org.apache.kafka.connect.data.Decimal.builder(2).optional().build(),
            org.apache.kafka.connect.data.Timestamp.builder().optional().build(),
            org.apache.kafka.connect.data.Date.SCHEMA, org.apache.kafka.connect.data.Time.SCHEMA,
            SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build(),
            SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build(),
            SchemaBuilder.string().name("io.debezium.data.Json").optional().build()};
        return all[r.nextInt(all.length)];
    }

    /** A value that fits {@code schema} (for logical types, mostly), or a generated one of its type. */
    static Object valueOf(Random r, Schema s) {
        if (s.isOptional() && r.nextInt(5) == 0) {
            return null;
        }
        if (s.name() != null) {
            switch (s.name()) {
                case org.apache.kafka.connect.data.Decimal.LOGICAL_NAME -> {
                    int scale = Integer.parseInt(s.parameters().get("scale"));
                    return new BigDecimal(MARK_LONG).movePointLeft(r.nextInt(3)).setScale(scale,
                            java.math.RoundingMode.DOWN);
                }
                case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME -> {
                    return new java.util.Date(r.nextBoolean() ? MARK_LONG : -1L);
                }
                case org.apache.kafka.connect.data.Date.LOGICAL_NAME -> {
                    return new java.util.Date(r.nextBoolean() ? 0L : -86_400_000L * r.nextInt(1_000_000));
                }
                case org.apache.kafka.connect.data.Time.LOGICAL_NAME -> {
                    return new java.util.Date(r.nextInt(86_400_000));
                }
                case "io.debezium.time.MicroTimestamp", "io.debezium.time.Timestamp", "io.debezium.time.NanoTimestamp",
                     "io.debezium.time.MicroTime" -> {
                    return new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1L, MARK_LONG, 9_223_372_036_825_200_000L}[r.nextInt(5)];
                }
                case "io.debezium.time.Date" -> {
                    return new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, MARK_INT}[r.nextInt(4)];
                }
                case "io.debezium.time.ZonedTimestamp" -> {
                    return new String[] {"infinity", "2024-03-01T10:15:30.5+01:00", MARK, "-infinity",
                        "+275760-09-13T00:00:00Z", ""}[r.nextInt(6)];
                }
                default -> {
                }
            }
        }
        switch (s.type()) {
            case INT8 -> {
                return (byte) r.nextInt();
            }
            case INT16 -> {
                return (short) r.nextInt();
            }
            case INT32 -> {
                return r.nextBoolean() ? MARK_INT : r.nextInt();
            }
            case INT64 -> {
                return r.nextBoolean() ? MARK_LONG : r.nextLong();
            }
            case FLOAT32 -> {
                return r.nextBoolean() ? Float.NaN : r.nextFloat();
            }
            case FLOAT64 -> {
                return r.nextBoolean() ? Double.NEGATIVE_INFINITY : (double) MARK_LONG;
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case STRING -> {
                return string(r);
            }
            case BYTES -> {
                return (MARK + r.nextInt()).getBytes(StandardCharsets.UTF_8);
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    l.add(valueOf(r, s.valueSchema()));
                }
                return l;
            }
            case MAP -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    m.put(valueOf(r, s.keySchema()), valueOf(r, s.valueSchema()));
                }
                return m;
            }
            default -> {
                Struct st = new Struct(s);
                for (Field f : s.fields()) {
                    try {
                        st.put(f, valueOf(r, f.schema()));
                    } catch (RuntimeException e) {
                        Raw.set(st, f, null); // leave it null: a required field's null is a case too
                    }
                }
                return st;
            }
        }
    }

    /** A small Struct of a generated schema (nested up to {@code depth}), valid for its schema. */
    static Struct struct(Random r, int depth) {
        SchemaBuilder b = SchemaBuilder.struct().name("fuzz.S" + r.nextInt(4));
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.field("f" + i, depth > 0 && r.nextInt(4) == 0 ? struct(r, depth - 1).schema() : primitive(r));
        }
        Schema s = b.build();
        return valueOf(new Random(r.nextLong()), s) instanceof Struct st ? st : new Struct(s);
    }

    /** A value nested {@code depth} levels deep: maps, lists and Structs, a generated value inside. */
    static Object deep(Random r, int depth) {
        Object v = string(r);
        Schema schema = Schema.OPTIONAL_STRING_SCHEMA;
        boolean structs = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            if (structs) {
                Schema outer = SchemaBuilder.struct().name("fuzz.D").optional().field("d", schema).build();
                Struct s = new Struct(outer);
                Raw.set(s, outer.field("d"), v);
                v = s;
                schema = outer;
            } else if (r.nextBoolean()) {
                Map<Object, Object> m = new LinkedHashMap<>();
                m.put("d", v);
                v = m;
            } else {
                List<Object> l = new ArrayList<>();
                l.add(v);
                v = l;
            }
        }
        return v;
    }

    /** A deep copy that never validates (Structs are copied raw). */
    static Object copy(Object v) {
        if (v instanceof Struct s) {
            Object[] vals = Raw.values(s).clone();
            for (int i = 0; i < vals.length; i++) {
                vals[i] = copy(vals[i]);
            }
            return Raw.of(s.schema(), vals);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, x) -> c.put(k, copy(x)));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object x : l) {
                c.add(copy(x));
            }
            return c;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }
}
