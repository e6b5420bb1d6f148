package io.cdckit.smt.unwrap;

import io.cdckit.core.CdckitVersion;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import io.cdckit.testkit.PlantedStructs;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ChangedFields: configuration and Struct envelopes, and the transform contract of the test kit
 * (the TOAST, nested-path, changed-field, schemaless and Unwrap-chain tests are in the
 * ChangedFields*Test classes next to this one).
 */
class ChangedFieldsTest extends TransformContract {

    static final String PH = ChangedFields.DEFAULT_PLACEHOLDER;

    @Override
    protected Transformation<SinkRecord> newTransform() {
        return new ChangedFields<>();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("header.changed.name", "changed", "header.unchanged.name", "unchanged",
                "changed.field.name", "__changed", "nested.mode", "paths");
    }

    @Override
    protected List<SinkRecord> records() {
        List<SinkRecord> out = new ArrayList<>(Events.all());
        out.add(new SinkRecord(Pg.TOPIC, 0, null, null, null, Pg.mapEnvelope("u", Pg.mapRow(1), Pg.mapRow(2)), 90L));
        return out;
    }

    @Override
    protected List<SinkRecord> badRecords() {
        Schema row = SchemaBuilder.struct().name("t.Value").optional().field("id", Schema.INT32_SCHEMA)
                .field("__changed", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema env = Pg.envelopeSchema(row);
        Struct before = new Struct(row).put("id", 4711).put("__changed", "secret-value");
        return List.of(new SinkRecord("orders", 3, null, null, env, Pg.envelope(env, "u", before, Pg.copy(before), 1), 42L));
    }

    @Override
    protected Map<String, String> badConfigs() {
        return Map.of("nested.mode", "deep", "header.changed.name", " ", "schema.cache.size", "0");
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

    // ------------------------------------------------------------------ images of another schema

    /**
     * An image struct of another schema than its envelope declares (planted past Connect's
     * validation) would be compared by the declared fields' positions: it is refused at its path, a
     * row and, with nested.mode=paths, a nested struct. Structs of equal schemas built apart compare.
     */
    @Test
    void imagesOfAnotherSchemaAreRefused() {
        PlantedStructs.assumeAvailable();
        String name = (String) Pg.row(1).get("name");
        SourceRecord fewer = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "new@example.org"));
        PlantedStructs.plant((Struct) fewer.value(), "after", PlantedStructs.rebuilt(Pg.ROW, "email"));
        DataException e = assertThrows(DataException.class, () -> both().apply(fewer));
        assertTrue(e.getMessage().contains("'after'") && e.getMessage().contains("another schema"), e.getMessage());
        assertFalse(e.getMessage().contains(name), e.getMessage());

        SourceRecord nested = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "new@example.org"));
        Struct after = ((Struct) nested.value()).getStruct("after");
        PlantedStructs.plant(after, "address", PlantedStructs.rebuilt(Pg.ADDRESS, "street"));
        DataException n = assertThrows(DataException.class, () -> transform("header.changed.name", "changed",
                "nested.mode", "paths").apply(nested));
        assertTrue(n.getMessage().contains("'after.address'"), n.getMessage());

        SourceRecord equal = Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "new@example.org"));
        PlantedStructs.plant((Struct) equal.value(), "after", PlantedStructs.rebuilt(Pg.ROW, null));
        assertEquals(List.of("email"), names(both().apply(equal), "changed"));
    }
}
