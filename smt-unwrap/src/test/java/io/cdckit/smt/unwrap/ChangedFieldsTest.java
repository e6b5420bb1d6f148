package io.cdckit.smt.unwrap;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.cdc.EnvelopeSchema;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangedFieldsTest {

    static final String PH = ChangedFields.DEFAULT_PLACEHOLDER;

    /**
     * PostgreSQL-shaped change events (Debezium 3.7 connector layout) for a {@code customers} table
     * with a column default, numeric, bytea, TOAST-able text, arrays, an hstore map, a micro
     * timestamp and a struct column (for nested paths).
     */
    static final class Pg {
        static final String TOPIC = "pg.public.customers";

        static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key").field("id", Schema.INT32_SCHEMA).build();

        static final Schema ADDRESS = SchemaBuilder.struct().name(TOPIC + ".address").optional()
                .field("street", Schema.OPTIONAL_STRING_SCHEMA)
                .field("city", Schema.OPTIONAL_STRING_SCHEMA)
                .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
                .build();

        static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
                .field("balance", Decimal.builder(2).optional().parameter("connect.decimal.precision", "10").build())
                .field("avatar", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("scores", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("updated_at", SchemaBuilder.int64().optional().name("io.debezium.time.MicroTimestamp").version(1).build())
                .field("address", ADDRESS)
                .build();

        static final List<String> COLUMNS = ROW.fields().stream().map(Field::name).collect(Collectors.toList());

        static final Schema SOURCE = Events.SOURCE;

        static final Schema TX = Events.TX;

        static final Schema ENVELOPE = envelopeSchema(ROW);

        static final Schema HEARTBEAT = Events.HEARTBEAT;

        static final Schema MESSAGE = Events.MESSAGE;

        static final Schema PLAIN_ROW = Events.PLAIN_ROW;

        private Pg() {
        }

        static Schema envelopeSchema(Schema row) {
            return Events.envelope(TOPIC, row);
        }

        static Struct address(String street, String city, String zip) {
            return new Struct(ADDRESS).put("street", street).put("city", city).put("zip", zip);
        }

        /** A fully populated row. */
        static Struct row(int id) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("tier", "gold");
            return new Struct(ROW).put("id", id).put("name", "Ada").put("email", "ada@example.org")
                    .put("status", "active").put("balance", new BigDecimal("10.50"))
                    .put("avatar", new byte[]{1, 2, 3}).put("notes", "a long text that PostgreSQL keeps in TOAST")
                    .put("tags", new ArrayList<>(List.of("vip", "eu"))).put("scores", new ArrayList<>(List.of(7, 9)))
                    .put("attrs", attrs).put("updated_at", 1_714_000_000_000_000L)
                    .put("address", address("1 Main St", "London", "N1"));
        }

        /** A copy with fresh instances of every mutable value (arrays, lists, maps, structs). */
        static Struct copy(Struct s) {
            Struct o = new Struct(s.schema());
            for (Field f : s.schema().fields()) {
                o.put(f, copyValue(s.getWithoutDefault(f.name())));
            }
            return o;
        }

        private static Object copyValue(Object v) {
            if (v instanceof byte[]) {
                return ((byte[]) v).clone();
            }
            if (v instanceof List) {
                List<Object> l = new ArrayList<>();
                for (Object e : (List<?>) v) {
                    l.add(copyValue(e));
                }
                return l;
            }
            if (v instanceof Map) {
                return new LinkedHashMap<>((Map<?, ?>) v);
            }
            if (v instanceof Struct) {
                return copy((Struct) v);
            }
            return v;
        }

        static Struct source(String snapshot, long lsn) {
            return new Struct(SOURCE).put("version", "3.7.0.Final").put("connector", "postgresql").put("name", "pg")
                    .put("ts_ms", 1_714_000_000_000L + lsn).put("snapshot", snapshot).put("db", "shop")
                    .put("schema", "public").put("table", "customers").put("txId", 700L + lsn).put("lsn", 24_000_000L + lsn);
        }

        static Struct envelope(Schema schema, String op, Struct before, Struct after, long lsn) {
            Struct e = new Struct(schema).put("before", before).put("after", after)
                    .put("source", source("r".equals(op) ? "true" : "false", lsn)).put("op", op)
                    .put("ts_ms", 1_714_000_000_500L + lsn).put("ts_us", 1_714_000_000_500_000L + lsn)
                    .put("ts_ns", 1_714_000_000_500_000_000L + lsn);
            if (!"r".equals(op)) {
                e.put("transaction", new Struct(TX).put("id", "700:" + lsn).put("total_order", lsn)
                        .put("data_collection_order", 1L));
            }
            return e;
        }

        static Struct envelope(String op, Struct before, Struct after, long lsn) {
            return envelope(ENVELOPE, op, before, after, lsn);
        }

        static SourceRecord record(Schema valueSchema, Object value, int id, long lsn) {
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("__debezium.context.connectorLogicalName", "pg");
            headers.addString("__debezium.context.taskId", "0");
            return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 24_000_000L + lsn), TOPIC, null,
                    KEY, new Struct(KEY).put("id", id), valueSchema, value, 1_714_000_001_000L + lsn, headers);
        }

        static SourceRecord update(Struct before, Struct after) {
            return record(ENVELOPE, envelope("u", before, after, 5), after.getInt32("id"), 5);
        }

        static SourceRecord event(String op, Struct before, Struct after) {
            Struct row = after != null ? after : before;
            return record(ENVELOPE, envelope(op, before, after, 3), row == null ? 0 : row.getInt32("id"), 3);
        }

        /** A schemaless (JsonConverter, schemas.enable=false) envelope. */
        static Map<String, Object> mapEnvelope(String op, Map<String, Object> before, Map<String, Object> after) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("version", "3.7.0.Final");
            source.put("connector", "postgresql");
            source.put("name", "pg");
            source.put("db", "shop");
            source.put("table", "customers");
            source.put("lsn", 24_000_005L);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("before", before);
            e.put("after", after);
            e.put("source", source);
            e.put("op", op);
            e.put("ts_ms", 1_714_000_000_505L);
            return e;
        }

        static Map<String, Object> mapRow(int id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", "Ada");
            m.put("email", "ada@example.org");
            m.put("status", "active");
            m.put("notes", "long text");
            m.put("tags", new ArrayList<>(List.of("vip")));
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("street", "1 Main St");
            address.put("city", "London");
            m.put("address", address);
            return m;
        }

        static Map<String, Object> mapCopy(Map<String, Object> m) {
            Map<String, Object> o = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> inner = (Map<String, Object>) v;
                    o.put(k, mapCopy(inner));
                } else if (v instanceof List) {
                    o.put(k, new ArrayList<>((List<?>) v));
                } else {
                    o.put(k, v);
                }
            });
            return o;
        }

        static SourceRecord schemaless(Object value) {
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("__debezium.context.connectorLogicalName", "pg");
            return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 1L), TOPIC, null, null, Map.of("id", 1),
                    null, value, 1_714_000_001_000L, headers);
        }
    }

    // ------------------------------------------------------------------ helpers

    static ChangedFields<SourceRecord> transform(String... kv) {
        ChangedFields<SourceRecord> t = new ChangedFields<>();
        t.configure(props(kv));
        return t;
    }

    static ChangedFields<SinkRecord> sinkTransform(String... kv) {
        ChangedFields<SinkRecord> t = new ChangedFields<>();
        t.configure(props(kv));
        return t;
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return props;
    }

    static ChangedFields<SourceRecord> both() {
        return transform("header.changed.name", "changed", "header.unchanged.name", "unchanged");
    }

    static Header header(org.apache.kafka.connect.connector.ConnectRecord<?> r, String name) {
        Header found = null;
        for (Header h : r.headers()) {
            if (h.key().equals(name)) {
                assertNull(found, "header " + name + " appears once");
                found = h;
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    static List<String> names(org.apache.kafka.connect.connector.ConnectRecord<?> r, String name) {
        Header h = header(r, name);
        assertNotNull(h, "header " + name);
        return (List<String>) h.value();
    }

    static List<String> without(List<String> all, String... drop) {
        List<String> out = new ArrayList<>(all);
        out.removeAll(List.of(drop));
        return out;
    }

    static Struct afterOf(SourceRecord r) {
        return ((Struct) r.value()).getStruct("after");
    }

    // ------------------------------------------------------------------ configuration

    @Nested
    class Configuration {

        @Test
        void keysAndDefaults() {
            Map<String, ConfigDef.ConfigKey> keys = ChangedFields.CONFIG_DEF.configKeys();
            assertEquals(List.of("header.changed.name", "header.unchanged.name", "changed.field.name", "nested.mode",
                    "unavailable.value.placeholder", "schema.cache.size"), new ArrayList<>(keys.keySet()));
            assertNull(keys.get("header.changed.name").defaultValue);
            assertNull(keys.get("header.unchanged.name").defaultValue);
            assertNull(keys.get("changed.field.name").defaultValue);
            assertEquals("flat", keys.get("nested.mode").defaultValue);
            assertEquals("__debezium_unavailable_value", keys.get("unavailable.value.placeholder").defaultValue);
            for (ConfigDef.ConfigKey k : keys.values()) {
                assertTrue(k.documentation.length() > 80, "documented: " + k.name);
            }
        }

        @Test
        void versionedWithCheapNoArgConstructor() {
            ChangedFields<SourceRecord> t = new ChangedFields<>();
            assertInstanceOf(Versioned.class, t);
            assertEquals(CdckitVersion.VERSION, t.version());
            assertSame(ChangedFields.CONFIG_DEF, t.config());
            assertEquals("ChangedFields", t.displayName());
            t.close();
        }

        @Test
        void nothingToDoFailsNamingTheKey() {
            ConfigException e = assertThrows(ConfigException.class, () -> transform());
            assertTrue(e.getMessage().contains("header.changed.name"), e.getMessage());
            assertTrue(e.getMessage().contains("changed.field.name"), e.getMessage());
            // the placeholder or the mode alone does not give the transform anything to do
            assertThrows(ConfigException.class, () -> transform("nested.mode", "paths"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"header.changed.name", "header.unchanged.name", "changed.field.name"})
        void blankNamesFailNamingTheKey(String key) {
            for (String blank : new String[]{"", "  "}) {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> transform("header.changed.name", "changed", key, blank));
                assertTrue(e.getMessage().contains(key), e.getMessage());
            }
            // and through Connect's validate endpoint, which only runs the ConfigDef
            org.apache.kafka.common.config.ConfigValue v = ChangedFields.CONFIG_DEF.validate(Map.of(key, " ")).stream()
                    .filter(c -> c.name().equals(key)).findFirst().orElseThrow();
            assertFalse(v.errorMessages().isEmpty());
        }

        @Test
        void sameHeaderNameTwiceFails() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> transform("header.changed.name", "x", "header.unchanged.name", "x"));
            assertTrue(e.getMessage().contains("header.unchanged.name"), e.getMessage());
        }

        @Test
        void unknownNestedModeFails() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> transform("header.changed.name", "x", "nested.mode", "deep"));
            assertTrue(e.getMessage().contains("nested.mode"), e.getMessage());
        }

        @Test
        void eachSingleOutputIsEnough() {
            SourceRecord in = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("name", "Ada L"));
            assertEquals(List.of("name"), names(transform("header.changed.name", "c").apply(in), "c"));
            assertEquals(without(Pg.COLUMNS, "name"), names(transform("header.unchanged.name", "u").apply(in), "u"));
            SourceRecord f = transform("changed.field.name", "__changed").apply(in);
            assertEquals(List.of("name"), afterOf(f).getArray("__changed"));
            assertNull(header(f, "c"));
            assertEquals(2, f.headers().size());
        }

        @Test
        void reconfigureDropsCompiledPlans() {
            ChangedFields<SourceRecord> t = transform("header.changed.name", "c");
            SourceRecord in = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("address", Pg.address("1 Main St", "Paris", "N1")));
            assertEquals(List.of("address"), names(t.apply(in), "c"));
            t.configure(Map.of("header.changed.name", "c", "nested.mode", "paths"));
            assertEquals(List.of("address.city"), names(t.apply(in), "c"));
        }
    }

    // ------------------------------------------------------------------ Struct envelopes

    @Nested
    class StructEnvelopes {

        @Test
        void updateListsChangedAndUnchangedInRowOrder() {
            Struct before = Pg.row(1);
            Struct after = Pg.copy(before).put("updated_at", 1_714_000_100_000_000L).put("name", "Ada Lovelace")
                    .put("email", null).put("balance", new BigDecimal("12.00"));
            SourceRecord in = Pg.update(before, after);
            SourceRecord out = both().apply(in);

            assertEquals(List.of("name", "email", "balance", "updated_at"), names(out, "changed"));
            assertEquals(List.of("id", "status", "avatar", "notes", "tags", "scores", "attrs", "address"),
                    names(out, "unchanged"));
            for (String h : new String[]{"changed", "unchanged"}) {
                Schema s = header(out, h).schema();
                assertEquals(Schema.Type.ARRAY, s.type());
                assertTrue(s.isOptional());
                assertEquals(h, s.name());
                assertEquals(Schema.OPTIONAL_STRING_SCHEMA, s.valueSchema());
            }
            // everything else as it was; the input is not modified
            assertNotSame(in, out);
            assertSame(in.value(), out.value());
            assertSame(in.valueSchema(), out.valueSchema());
            assertSame(in.key(), out.key());
            assertEquals(in.topic(), out.topic());
            assertEquals(in.timestamp(), out.timestamp());
            assertEquals(in.sourcePartition(), out.sourcePartition());
            assertEquals(in.sourceOffset(), out.sourceOffset());
            assertEquals(2, in.headers().size());
            assertEquals(4, out.headers().size());
            assertEquals("pg", out.headers().lastWithName("__debezium.context.connectorLogicalName").value());
            assertThrows(UnsupportedOperationException.class, () -> names(out, "changed").add("x"));
        }

        @Test
        void onlyConfiguredHeadersAreWritten() {
            SourceRecord in = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "new@example.org"));
            SourceRecord c = transform("header.changed.name", "changed").apply(in);
            assertEquals(List.of("email"), names(c, "changed"));
            assertNull(header(c, "unchanged"));
            SourceRecord u = transform("header.unchanged.name", "unchanged").apply(in);
            assertEquals(without(Pg.COLUMNS, "email"), names(u, "unchanged"));
            assertNull(header(u, "changed"));
        }

        @Test
        void updateThatChangesNothing() {
            SourceRecord out = both().apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1))));
            assertEquals(List.of(), names(out, "changed"));
            assertEquals(Pg.COLUMNS, names(out, "unchanged"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"c", "r", "d", "t", "u"})
        void eventsWithoutBothImagesGetEmptyLists(String op) {
            // "u" here is an update without before-image (PostgreSQL REPLICA IDENTITY DEFAULT)
            Struct before = "d".equals(op) ? Pg.row(1) : null;
            Struct after = "c".equals(op) || "r".equals(op) || "u".equals(op) ? Pg.row(1) : null;
            SourceRecord in = Pg.event(op, before, after);
            SourceRecord out = both().apply(in);
            assertEquals(List.of(), names(out, "changed"));
            assertEquals(List.of(), names(out, "unchanged"));
            assertSame(in.value(), out.value());
            assertEquals(2, in.headers().size());
        }

        @Test
        void recordsThatAreNotRelationalEnvelopesPassThroughUnchanged() {
            ChangedFields<SourceRecord> t = both();
            Schema mongoEnvelope = SchemaBuilder.struct().name("mongo.shop.customers.Envelope")
                    .field("before", SchemaBuilder.string().optional().name("io.debezium.data.Json").build())
                    .field("after", SchemaBuilder.string().optional().name("io.debezium.data.Json").build())
                    .field("updateDescription", SchemaBuilder.struct().optional().name("io.debezium.connector.mongodb.UpdateDescription")
                            .field("updatedFields", Schema.OPTIONAL_STRING_SCHEMA).build())
                    .field("op", Schema.STRING_SCHEMA)
                    .build();
            Map<String, Object> mongoMap = Pg.mapEnvelope("u", null, null);
            mongoMap.put("before", "{\"_id\": 1, \"a\": 1}");
            mongoMap.put("after", "{\"_id\": 1, \"a\": 2}");
            Map<String, Object> messageMap = Pg.mapEnvelope("m", null, null);
            messageMap.remove("before");
            messageMap.remove("after");
            messageMap.put("message", Map.of("prefix", "p", "content", "AQI="));
            List<SourceRecord> records = List.of(
                    Pg.record(null, null, 1, 1), // tombstone
                    Pg.record(Pg.ENVELOPE, null, 1, 1), // tombstone that keeps the schema
                    Pg.record(Pg.HEARTBEAT, new Struct(Pg.HEARTBEAT).put("ts_ms", 1L), 0, 2),
                    Pg.record(Pg.MESSAGE, new Struct(Pg.MESSAGE).put("op", "m").put("source", Pg.source("false", 3))
                            .put("message", new Struct(Pg.MESSAGE.field("message").schema()).put("prefix", "p")
                                    .put("content", new byte[]{1})), 0, 3),
                    Pg.record(Pg.PLAIN_ROW, new Struct(Pg.PLAIN_ROW).put("op", "u").put("before", "a").put("after", "b"), 0, 4),
                    Pg.record(Pg.ROW, Pg.row(1), 1, 5),
                    Pg.record(Schema.STRING_SCHEMA, "text", 0, 6),
                    Pg.record(mongoEnvelope, new Struct(mongoEnvelope).put("op", "u").put("before", "{\"a\": 1}")
                            .put("after", "{\"a\": 2}"), 1, 7),
                    Pg.schemaless(mongoMap),
                    Pg.schemaless(messageMap),
                    Pg.schemaless(Map.of("op", "u", "before", Map.of("a", 1), "after", Map.of("a", 2))), // no source
                    Pg.schemaless("text"),
                    Pg.schemaless(List.of(1, 2)));
            for (SourceRecord r : records) {
                int headers = r.headers().size();
                assertSame(r, t.apply(r), String.valueOf(r.valueSchema()));
                assertEquals(headers, r.headers().size());
            }
        }

        @Test
        void explicitNullInColumnWithDefaultIsAChange() {
            Struct before = Pg.row(1); // status 'active', the column default
            Struct after = Pg.copy(before).put("status", null);
            assertEquals("active", after.get("status")); // what a default-applying read would see
            SourceRecord out = both().apply(Pg.update(before, after));
            assertEquals(List.of("status"), names(out, "changed"));

            // and the other way round, and null on both sides
            assertEquals(List.of("status"), names(both().apply(Pg.update(after, before)), "changed"));
            assertEquals(List.of(), names(both().apply(Pg.update(after, Pg.copy(after))), "changed"));
        }

        @Test
        void bytesAreComparedByContent() {
            Struct before = Pg.row(1);
            ChangedFields<SourceRecord> t = both();
            // a fresh array with the same bytes, a ByteBuffer, a ByteBuffer over a larger array
            ByteBuffer sliced = ByteBuffer.wrap(new byte[]{9, 1, 2, 3, 9}, 1, 3);
            for (Object same : new Object[]{new byte[]{1, 2, 3}, ByteBuffer.wrap(new byte[]{1, 2, 3}), sliced}) {
                SourceRecord out = t.apply(Pg.update(before, Pg.copy(before).put("avatar", same)));
                assertEquals(List.of(), names(out, "changed"), same.getClass().getSimpleName());
                assertTrue(names(out, "unchanged").contains("avatar"));
            }
            assertEquals(1, sliced.position(), "position untouched");
            for (Object other : new Object[]{new byte[]{1, 2, 4}, new byte[]{1, 2}, ByteBuffer.wrap(new byte[]{1, 2, 3, 4})}) {
                assertEquals(List.of("avatar"), names(t.apply(Pg.update(before, Pg.copy(before).put("avatar", other))), "changed"));
            }
        }

        @Test
        void decimalsAreComparedByValue() {
            Struct before = Pg.row(1); // 10.50
            ChangedFields<SourceRecord> t = both();
            assertEquals(List.of(), names(t.apply(Pg.update(before, Pg.copy(before).put("balance", new BigDecimal("10.5")))), "changed"));
            assertEquals(List.of("balance"), names(t.apply(Pg.update(before, Pg.copy(before).put("balance", new BigDecimal("10.51")))), "changed"));
            assertEquals(List.of("balance"), names(t.apply(Pg.update(before, Pg.copy(before).put("balance", null))), "changed"));
        }

        @Test
        void collectionsAreComparedByContent() {
            Struct before = Pg.row(1);
            ChangedFields<SourceRecord> t = both();
            Struct same = Pg.copy(before); // new lists, maps and structs with equal content
            assertNotSame(before.get("tags"), same.get("tags"));
            assertEquals(List.of(), names(t.apply(Pg.update(before, same)), "changed"));
            Struct other = Pg.copy(before).put("tags", List.of("vip")).put("attrs", Map.of("tier", "silver"))
                    .put("scores", List.of(9, 7));
            assertEquals(List.of("tags", "scores", "attrs"), names(t.apply(Pg.update(before, other)), "changed"));
        }

        @Test
        void fieldsOnlyInOneImageAreChanged() {
            Schema afterRow = SchemaBuilder.struct().name("r").optional().field("id", Schema.INT32_SCHEMA)
                    .field("added", Schema.OPTIONAL_STRING_SCHEMA).field("same", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema beforeRow = SchemaBuilder.struct().name("r").optional().field("id", Schema.INT32_SCHEMA)
                    .field("same", Schema.OPTIONAL_STRING_SCHEMA).field("removed", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema env = SchemaBuilder.struct().name("pg.public.t.Envelope").field("before", beforeRow)
                    .field("after", afterRow).field("op", Schema.STRING_SCHEMA).build();
            Struct e = new Struct(env).put("op", "u")
                    .put("before", new Struct(beforeRow).put("id", 1).put("same", "x").put("removed", "y"))
                    .put("after", new Struct(afterRow).put("id", 1).put("added", null).put("same", "x"));
            SourceRecord out = both().apply(Pg.record(env, e, 1, 1));
            assertEquals(List.of("added", "removed"), names(out, "changed"));
            assertEquals(List.of("id", "same"), names(out, "unchanged"));
        }

        @Test
        void structColumnIsOneValueInFlatMode() {
            Struct before = Pg.row(1);
            Struct after = Pg.copy(before).put("address", Pg.address("1 Main St", "Paris", "N1"));
            SourceRecord out = both().apply(Pg.update(before, after));
            assertEquals(List.of("address"), names(out, "changed"));
            assertTrue(names(out, "unchanged").contains("name"));
        }

        @Test
        void equalButNotIdenticalSchemasAreHandled() {
            SchemaBuilder row = SchemaBuilder.struct().name(Pg.TOPIC + ".Value").optional();
            for (Field f : Pg.ROW.fields()) {
                row.field(f.name(), f.schema());
            }
            Schema rowCopy = row.build();
            Schema env = Pg.envelopeSchema(rowCopy);
            assertEquals(Pg.ENVELOPE, env);
            assertNotSame(Pg.ENVELOPE, env);
            ChangedFields<SourceRecord> t = both();
            Struct b = Pg.copy(Pg.row(1));
            assertEquals(List.of("name"), names(t.apply(Pg.update(b, Pg.copy(b).put("name", "x"))), "changed"));
            Struct b2 = new Struct(rowCopy);
            for (Field f : rowCopy.fields()) {
                b2.put(f.name(), b.getWithoutDefault(f.name()));
            }
            Struct a2 = Pg.copy(b2).put("email", "z@example.org");
            SourceRecord r = Pg.record(env, Pg.envelope(env, "u", b2, a2, 9), 1, 9);
            assertEquals(List.of("email"), names(t.apply(r), "changed"));
        }

        @Test
        void valueStructSchemaDecidesNotTheRecordsSchema() {
            // a record whose declared schema is not an envelope but whose Struct is one (or vice versa)
            Struct env = Pg.envelope("u", Pg.row(1), Pg.copy(Pg.row(1)).put("name", "x"), 1);
            SourceRecord r = new SourceRecord(Map.of(), Map.of(), Pg.TOPIC, null, null, null, null, env, 0L);
            assertEquals(List.of("name"), names(both().apply(r), "changed"));
        }

        @Test
        void concurrentUseGivesTheSameResults() throws Exception {
            ChangedFields<SourceRecord> t = transform("header.changed.name", "changed", "header.unchanged.name",
                    "unchanged", "changed.field.name", "__changed", "nested.mode", "paths");
            List<SourceRecord> inputs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Struct b = Pg.row(i);
                Struct a = Pg.copy(b);
                if (i % 2 == 0) {
                    a.put("name", "n" + i);
                }
                if (i % 3 == 0) {
                    a.put("address", Pg.address("1 Main St", "c" + i, "N1"));
                }
                inputs.add(Pg.update(b, a));
            }
            List<List<String>> expected = new ArrayList<>();
            for (SourceRecord r : inputs) {
                expected.add(names(transform("header.changed.name", "changed", "nested.mode", "paths").apply(r), "changed"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<List<String>>>> futures = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    futures.add(pool.submit(() -> {
                        List<List<String>> got = new ArrayList<>();
                        for (SourceRecord r : inputs) {
                            SourceRecord out = t.apply(r);
                            assertEquals(names(out, "changed"), afterOf(out).getArray("__changed"));
                            got.add(names(out, "changed"));
                        }
                        return got;
                    }));
                }
                for (Future<List<List<String>>> f : futures) {
                    assertEquals(expected, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ TOAST placeholder

    @Nested
    class ToastPlaceholder {

        final byte[] bytes = PH.getBytes(StandardCharsets.UTF_8);

        Struct toasted(Struct before) {
            List<Integer> ints = new ArrayList<>();
            for (byte b : bytes) {
                ints.add((int) b);
            }
            return Pg.copy(before).put("notes", PH).put("avatar", bytes.clone()).put("tags", List.of(PH))
                    .put("scores", ints).put("attrs", Map.of(PH, PH)).put("name", "Ada L");
        }

        @Test
        void unchangedToastColumnsCountAsUnchanged() {
            SourceRecord out = both().apply(Pg.update(Pg.row(1), toasted(Pg.row(1))));
            assertEquals(List.of("name"), names(out, "changed"));
            assertEquals(without(Pg.COLUMNS, "name"), names(out, "unchanged"));
        }

        @Test
        void otherPlaceholderForms() {
            Schema row = SchemaBuilder.struct().name("t.Value").optional().field("id", Schema.INT32_SCHEMA)
                    .field("big", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build())
                    .field("blobs", SchemaBuilder.array(Schema.OPTIONAL_BYTES_SCHEMA).optional().build())
                    .field("uuids", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                    .field("buf", Schema.OPTIONAL_BYTES_SCHEMA)
                    .build();
            Schema env = Pg.envelopeSchema(row);
            List<Long> longs = new ArrayList<>();
            for (byte b : bytes) {
                longs.add((long) b);
            }
            Struct before = new Struct(row).put("id", 1).put("big", List.of(1L)).put("blobs", List.of(new byte[]{1}))
                    .put("uuids", List.of("0d5f0f76-6a1d-4a34-9d43-2d2cc1b0c2a6")).put("buf", new byte[]{1});
            Struct after = new Struct(row).put("id", 1).put("big", longs).put("blobs", List.of(bytes.clone()))
                    .put("uuids", List.of(java.util.UUID.nameUUIDFromBytes(bytes).toString()))
                    .put("buf", ByteBuffer.wrap(bytes.clone()));
            SourceRecord out = both().apply(Pg.record(env, Pg.envelope(env, "u", before, after, 1), 1, 1));
            assertEquals(List.of(), names(out, "changed"));
            assertEquals(List.of("id", "big", "blobs", "uuids", "buf"), names(out, "unchanged"));
        }

        @Test
        void placeholderInBeforeOnlyIsCompared() {
            Struct before = Pg.copy(Pg.row(1)).put("notes", PH);
            SourceRecord out = both().apply(Pg.update(before, Pg.row(1)));
            assertEquals(List.of("notes"), names(out, "changed"));
        }

        @Test
        void emptyOptionComparesPlaceholdersAsPlainValues() {
            SourceRecord out = transform("header.changed.name", "changed", "unavailable.value.placeholder", "")
                    .apply(Pg.update(Pg.row(1), toasted(Pg.row(1))));
            assertEquals(List.of("name", "avatar", "notes", "tags", "scores", "attrs"), names(out, "changed"));
        }

        @Test
        void customPlaceholder() {
            Struct after = Pg.copy(Pg.row(1)).put("notes", "<toast>").put("email", PH);
            SourceRecord out = transform("header.changed.name", "changed", "unavailable.value.placeholder", "<toast>")
                    .apply(Pg.update(Pg.row(1), after));
            assertEquals(List.of("email"), names(out, "changed"));
        }
    }

    // ------------------------------------------------------------------ nested paths

    @Nested
    class NestedPaths {

        ChangedFields<SourceRecord> paths() {
            return transform("header.changed.name", "changed", "header.unchanged.name", "unchanged",
                    "nested.mode", "paths");
        }

        @Test
        void changedFieldsInsideStructColumnsGetDottedPaths() {
            Struct before = Pg.row(1);
            Struct after = Pg.copy(before).put("address", Pg.address("1 Main St", "Paris", null)).put("email", "e@x.org");
            SourceRecord out = paths().apply(Pg.update(before, after));
            assertEquals(List.of("email", "address.city", "address.zip"), names(out, "changed"));
            assertEquals(List.of("id", "name", "status", "balance", "avatar", "notes", "tags", "scores", "attrs",
                    "updated_at", "address.street"), names(out, "unchanged"));
        }

        @Test
        void unchangedStructColumnIsReportedByItsName() {
            Struct before = Pg.row(1);
            SourceRecord out = paths().apply(Pg.update(before, Pg.copy(before).put("name", "x")));
            assertEquals(List.of("name"), names(out, "changed"));
            assertTrue(names(out, "unchanged").contains("address"));
            assertFalse(names(out, "unchanged").stream().anyMatch(n -> n.startsWith("address.")));
        }

        @Test
        void structColumnNullOnOneSideIsReportedByItsName() {
            Struct before = Pg.copy(Pg.row(1)).put("address", null);
            SourceRecord out = paths().apply(Pg.update(before, Pg.row(1)));
            assertEquals(List.of("address"), names(out, "changed"));
            SourceRecord both = paths().apply(Pg.update(before, Pg.copy(before)));
            assertTrue(names(both, "unchanged").contains("address"));
        }

        @Test
        void deepStructsAndSpecialNames() {
            Schema inner = SchemaBuilder.struct().name("inner").optional()
                    .field("x.y", Schema.OPTIONAL_INT32_SCHEMA).field("z", Schema.OPTIONAL_INT32_SCHEMA).build();
            Schema mid = SchemaBuilder.struct().name("mid").optional()
                    .field("inner", inner).field("w", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema row = SchemaBuilder.struct().name("t.Value").optional()
                    .field("id", Schema.INT32_SCHEMA).field("a.b", mid).field("plain", mid).build();
            Schema env = Pg.envelopeSchema(row);
            Struct before = new Struct(row).put("id", 1)
                    .put("a.b", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "w"))
                    .put("plain", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "w"));
            Struct after = new Struct(row).put("id", 1)
                    .put("a.b", new Struct(mid).put("inner", new Struct(inner).put("x.y", 5).put("z", 2)).put("w", "w"))
                    .put("plain", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "v"));
            SourceRecord out = paths().apply(Pg.record(env, Pg.envelope(env, "u", before, after, 1), 1, 1));
            assertEquals(List.of("`a.b`.inner.`x.y`", "plain.w"), names(out, "changed"));
            assertEquals(List.of("id", "`a.b`.inner.z", "`a.b`.w", "plain.inner"), names(out, "unchanged"));
            // every reported path parses with the kernel's field-path syntax
            for (String p : names(out, "changed")) {
                assertEquals(p, io.cdckit.core.path.FieldPath.parse(p).toString());
            }
        }

        @Test
        void flatAndPathsAgreeWithoutStructColumns() {
            Struct before = Pg.copy(Pg.row(1)).put("address", null);
            Struct after = Pg.copy(before).put("name", "x").put("tags", List.of());
            assertEquals(names(both().apply(Pg.update(before, after)), "changed"),
                    names(paths().apply(Pg.update(before, after)), "changed"));
        }
    }

    // ------------------------------------------------------------------ changed.field.name

    @Nested
    class ChangedField {

        ChangedFields<SourceRecord> field() {
            return transform("changed.field.name", "__changed");
        }

        @Test
        void addedToBothRowSchemasAndTheEnvelopeStaysValid() {
            Struct before = Pg.copy(Pg.row(1)).put("status", null);
            Struct after = Pg.copy(before).put("name", "Ada L");
            SourceRecord in = Pg.update(before, after);
            SourceRecord out = field().apply(in);

            Schema schema = out.valueSchema();
            assertEquals(Pg.ENVELOPE.name(), schema.name());
            assertEquals(Pg.ENVELOPE.version(), schema.version());
            assertEquals(Pg.ENVELOPE.fields().stream().map(Field::name).collect(Collectors.toList()),
                    schema.fields().stream().map(Field::name).collect(Collectors.toList()));
            EnvelopeSchema detected = EnvelopeSchema.detect(schema);
            assertNotNull(detected);
            Schema row = schema.field("after").schema();
            assertSame(row, schema.field("before").schema());
            assertEquals(Pg.ROW.name(), row.name());
            assertTrue(row.isOptional());
            Schema f = row.field("__changed").schema();
            assertEquals(Schema.Type.ARRAY, f.type());
            assertTrue(f.isOptional());
            assertEquals(Schema.Type.STRING, f.valueSchema().type());
            assertEquals(Pg.COLUMNS.size() + 1, row.fields().size());

            Struct value = (Struct) out.value();
            value.validate();
            assertEquals(List.of("name"), value.getStruct("after").getArray("__changed"));
            assertNull(value.getStruct("before").get("__changed"));
            // values copied raw: the explicit null stays null, it does not become the default
            assertNull(value.getStruct("after").getWithoutDefault("status"));
            assertEquals("Ada L", value.getStruct("after").get("name"));
            assertEquals(((Struct) in.value()).get("source"), value.get("source"));
            assertEquals(((Struct) in.value()).get("transaction"), value.get("transaction"));
            assertEquals("u", value.get("op"));
            assertEquals(1_714_000_000_505L, value.get("ts_ms"));
            // no headers unless configured; the input is untouched
            assertEquals(2, out.headers().size());
            assertSame(Pg.ENVELOPE, in.valueSchema());
            assertNull(((Struct) in.value()).schema().field("after").schema().field("__changed"));
        }

        @Test
        void everyEventOfTheTableGetsTheSameSchema() {
            ChangedFields<SourceRecord> t = field();
            SourceRecord c = t.apply(Pg.event("c", null, Pg.row(1)));
            SourceRecord r = t.apply(Pg.event("r", null, Pg.row(1)));
            SourceRecord u = t.apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1))));
            SourceRecord d = t.apply(Pg.event("d", Pg.row(1), null));
            SourceRecord tr = t.apply(Pg.event("t", null, null));
            for (SourceRecord o : List.of(r, u, d, tr)) {
                assertSame(c.valueSchema(), o.valueSchema());
            }
            assertNull(afterOf(c).get("__changed"), "create: nothing compared");
            assertNull(afterOf(r).get("__changed"), "read: nothing compared");
            assertEquals(List.of(), afterOf(u).get("__changed"), "update without changes");
            assertNull(((Struct) d.value()).getStruct("before").get("__changed"));
            assertNull(((Struct) d.value()).get("after"));
            assertNull(((Struct) tr.value()).get("before"));
            assertEquals("t", ((Struct) tr.value()).get("op"));
        }

        @Test
        void withHeadersAndPaths() {
            ChangedFields<SourceRecord> t = transform("changed.field.name", "__changed", "header.changed.name", "changed",
                    "header.unchanged.name", "unchanged", "nested.mode", "paths");
            Struct before = Pg.row(1);
            SourceRecord out = t.apply(Pg.update(before, Pg.copy(before).put("address", Pg.address("2 Side St", "London", "N1"))));
            assertEquals(List.of("address.street"), names(out, "changed"));
            assertEquals(List.of("address.street"), afterOf(out).getArray("__changed"));
            assertFalse(names(out, "unchanged").contains("__changed"));
        }

        @Test
        void runningTwiceOverwritesTheField() {
            SourceRecord once = field().apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "x@y.org")));
            Struct snapshot = Pg.copy((Struct) once.value());
            // the second run sees the field in both images, with different values: it is never compared
            SourceRecord twice = transform("changed.field.name", "__changed", "header.unchanged.name", "unchanged")
                    .apply(once);
            assertEquals(once.valueSchema(), twice.valueSchema());
            assertEquals(List.of("email"), afterOf(twice).getArray("__changed"));
            assertNull(((Struct) twice.value()).getStruct("before").get("__changed"));
            assertEquals(without(Pg.COLUMNS, "email"), names(twice, "unchanged"));
            assertEquals(snapshot, once.value());
        }

        @Test
        void existingFieldOfAnotherTypeIsADataError() {
            Schema row = SchemaBuilder.struct().name("t.Value").optional().field("id", Schema.INT32_SCHEMA)
                    .field("__changed", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema env = Pg.envelopeSchema(row);
            Struct before = new Struct(row).put("id", 1).put("__changed", "secret-value");
            SinkRecord in = new SinkRecord("orders", 3, null, null, env,
                    Pg.envelope(env, "u", before, Pg.copy(before), 1), 42L);
            ChangedFields<SinkRecord> t = sinkTransform("changed.field.name", "__changed");
            DataException e = assertThrows(DataException.class, () -> t.apply(in));
            assertTrue(e.getMessage().startsWith("ChangedFields: changed.field.name names an existing field"), e.getMessage());
            assertTrue(e.getMessage().contains("(field '__changed')"), e.getMessage());
            assertTrue(e.getMessage().endsWith("[topic 'orders', partition 3, offset 42]"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-value"));
            // the same again for the next record of that schema (the problem is compiled, not retried)
            assertThrows(DataException.class, () -> t.apply(in));
        }
    }

    // ------------------------------------------------------------------ schemaless envelopes

    @Nested
    class Schemaless {

        @Test
        void updateIsComparedLikeAStruct() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("name", "Ada L");
            after.put("email", null);
            after.put("extra", 1);
            before.put("gone", true);
            Map<String, Object> envelope = Pg.mapEnvelope("u", before, after);
            Map<String, Object> snapshot = Pg.mapCopy(envelope);
            SourceRecord in = Pg.schemaless(envelope);
            SourceRecord out = both().apply(in);
            assertEquals(List.of("name", "email", "extra", "gone"), names(out, "changed"));
            assertEquals(List.of("id", "status", "notes", "tags", "address"), names(out, "unchanged"));
            assertSame(envelope, out.value());
            assertNull(out.valueSchema());
            assertEquals(snapshot, envelope);
            assertEquals(1, in.headers().size());
        }

        @Test
        void otherOperationsGetEmptyLists() {
            for (String op : new String[]{"c", "r", "d", "t"}) {
                Map<String, Object> row = Pg.mapRow(1);
                Map<String, Object> env = Pg.mapEnvelope(op, "d".equals(op) ? row : null,
                        "c".equals(op) || "r".equals(op) ? row : null);
                SourceRecord out = both().apply(Pg.schemaless(env));
                assertEquals(List.of(), names(out, "changed"), op);
                assertEquals(List.of(), names(out, "unchanged"), op);
            }
        }

        @Test
        void nestedMapsInPathsMode() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            @SuppressWarnings("unchecked")
            Map<String, Object> address = (Map<String, Object>) after.get("address");
            address.put("city", "Paris");
            SourceRecord out = transform("header.changed.name", "changed", "header.unchanged.name", "unchanged",
                    "nested.mode", "paths").apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of("address.city"), names(out, "changed"));
            assertEquals(List.of("id", "name", "email", "status", "notes", "tags", "address.street"), names(out, "unchanged"));
            SourceRecord flat = both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of("address"), names(flat, "changed"));
        }

        @Test
        void toastPlaceholderAndDecimals() {
            Map<String, Object> before = Pg.mapRow(1);
            before.put("amount", new BigDecimal("1.50"));
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("notes", PH);
            after.put("amount", new BigDecimal("1.5"));
            SourceRecord out = both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of(), names(out, "changed"));
            assertTrue(names(out, "unchanged").containsAll(List.of("notes", "amount")));
        }

        @Test
        void changedFieldGoesIntoBothRows() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("email", "x@y.org");
            Map<String, Object> envelope = Pg.mapEnvelope("u", before, after);
            Map<String, Object> snapshot = Pg.mapCopy(envelope);
            SourceRecord out = transform("changed.field.name", "__changed").apply(Pg.schemaless(envelope));
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) out.value();
            assertEquals(List.of("email"), ((Map<?, ?>) value.get("after")).get("__changed"));
            assertTrue(((Map<?, ?>) value.get("before")).containsKey("__changed"));
            assertNull(((Map<?, ?>) value.get("before")).get("__changed"));
            assertEquals(snapshot, envelope, "input untouched");
            assertEquals(snapshot.get("source"), value.get("source"));

            SourceRecord create = transform("changed.field.name", "__changed")
                    .apply(Pg.schemaless(Pg.mapEnvelope("c", null, Pg.mapRow(2))));
            Map<?, ?> createdRow = (Map<?, ?>) ((Map<?, ?>) create.value()).get("after");
            assertTrue(createdRow.containsKey("__changed"));
            assertNull(createdRow.get("__changed"));
            assertNull(((Map<?, ?>) create.value()).get("before"));
        }

        @Test
        void existingKeyOfAnotherKindIsADataError() {
            Map<String, Object> before = Pg.mapRow(1);
            before.put("__changed", "secret-value");
            SinkRecord in = new SinkRecord("orders", 0, null, null, null,
                    Pg.mapEnvelope("u", before, Pg.mapCopy(before)), 7L);
            DataException e = assertThrows(DataException.class,
                    () -> sinkTransform("changed.field.name", "__changed").apply(in));
            assertTrue(e.getMessage().startsWith("ChangedFields: "), e.getMessage());
            assertTrue(e.getMessage().contains("(field 'after.__changed')"), e.getMessage());
            assertTrue(e.getMessage().endsWith("[topic 'orders', partition 0, offset 7]"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-value"));
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void envelopeSchemaWithAValueThatIsNotAStructIsADataError() {
        SinkRecord in = new SinkRecord("orders", 1, null, null, Pg.ENVELOPE,
                new LinkedHashMap<>(Map.of("op", "u", "after", Map.of("email", "secret@example.org"))), 5L);
        DataException e = assertThrows(DataException.class, () -> sinkTransform(
                "header.changed.name", "changed").apply(in));
        assertEquals("ChangedFields: the value of a change event with envelope schema 'pg.public.customers.Envelope' "
                + "must be a Struct, got LinkedHashMap [topic 'orders', partition 1, offset 5]", e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    // ------------------------------------------------------------------ with Unwrap

    @Nested
    class WithUnwrap {

        Unwrap<SourceRecord> unwrap(String... kv) {
            Map<String, String> props = new HashMap<>();
            props.put("drop.fields.header.name", "unchanged");
            for (int i = 0; i < kv.length; i += 2) {
                props.put(kv[i], kv[i + 1]);
            }
            Unwrap<SourceRecord> u = new Unwrap<>();
            u.configure(props);
            return u;
        }

        List<String> fieldNames(SourceRecord r) {
            return r.valueSchema().fields().stream().map(Field::name).collect(Collectors.toList());
        }

        @Test
        void partialRowsKeepOnlyChangedFields() {
            Struct before = Pg.row(1);
            Struct after = Pg.copy(before).put("email", "new@example.org").put("notes", PH)
                    .put("updated_at", 1_714_000_200_000_000L);
            SourceRecord out = unwrap().apply(both().apply(Pg.update(before, after)));
            // required columns stay (drop.fields.keep.schema.compatible=true); the TOAST placeholder is gone
            assertEquals(List.of("id", "name", "email", "updated_at"), fieldNames(out));
            Struct row = (Struct) out.value();
            assertEquals("new@example.org", row.get("email"));
            assertEquals(1_714_000_200_000_000L, row.get("updated_at"));

            SourceRecord strict = unwrap("drop.fields.keep.schema.compatible", "false")
                    .apply(both().apply(Pg.update(before, after)));
            assertEquals(List.of("email", "updated_at"), fieldNames(strict));
        }

        @Test
        void withDebeziumsSemanticsTheToastPlaceholderWouldReachTheSink() {
            Struct after = Pg.copy(Pg.row(1)).put("notes", PH);
            SourceRecord out = unwrap("drop.fields.keep.schema.compatible", "false").apply(
                    transform("header.unchanged.name", "unchanged", "unavailable.value.placeholder", "")
                            .apply(Pg.update(Pg.row(1), after)));
            assertEquals(List.of("notes"), fieldNames(out));
            assertEquals(PH, ((Struct) out.value()).get("notes"));
        }

        @Test
        void createsAndDeletesAreNotTrimmed() {
            SourceRecord created = unwrap().apply(both().apply(Pg.event("c", null, Pg.row(1))));
            assertEquals(Pg.COLUMNS, fieldNames(created));
            SourceRecord deleted = unwrap("delete.tombstone.handling.mode", "rewrite")
                    .apply(both().apply(Pg.event("d", Pg.row(1), null)));
            assertEquals("true", ((Struct) deleted.value()).get("__deleted"));
            assertEquals(Pg.COLUMNS.size() + 1, fieldNames(deleted).size());
        }

        @Test
        void changedFieldIsCarriedIntoTheRow() {
            ChangedFields<SourceRecord> t = transform("header.unchanged.name", "unchanged", "changed.field.name", "__changed");
            SourceRecord out = unwrap().apply(t.apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "n@x.org"))));
            assertEquals(List.of("id", "name", "email", "__changed"), fieldNames(out));
            assertEquals(List.of("email"), ((Struct) out.value()).get("__changed"));
            SourceRecord created = unwrap().apply(t.apply(Pg.event("c", null, Pg.row(1))));
            assertNull(((Struct) created.value()).get("__changed"));
            assertEquals(Pg.COLUMNS.size() + 1, fieldNames(created).size());
        }

        @Test
        void schemalessPartialRows() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("email", "new@example.org");
            after.put("notes", PH);
            SourceRecord out = unwrap().apply(both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after))));
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("email", "new@example.org");
            assertEquals(expected, out.value());
        }
    }
}
