package io.cdckit.converters.avro;

import io.cdckit.converters.registry.InMemorySchemaRegistry;
import io.cdckit.converters.registry.MeteredSchemaRegistry;
import io.cdckit.converters.registry.SchemaRegistry;
import io.cdckit.core.metrics.PluginStats;
import io.cdckit.core.record.RawStructs;
import io.cdckit.testkit.SecretsCheck;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroConverterTest {

    private final String scope = "test-" + UUID.randomUUID();

    @AfterEach
    void reset() {
        InMemorySchemaRegistry.reset(scope);
    }

    private AvroConverter converter(boolean isKey, String... kv) {
        Map<String, String> c = new HashMap<>();
        c.put("schema.registry.url", "mem://" + scope);
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        AvroConverter conv = new AvroConverter();
        conv.configure(c, isKey);
        return conv;
    }

    static final Schema V1 = OrderSchemas.V1;
    static final Schema V2 = OrderSchemas.V2;
    static final Schema BAD = OrderSchemas.BAD;

    static Struct v1(long id) {
        return OrderSchemas.v1(id);
    }

    @Test
    void secretsAreNeverShownAndNeverEmpty() {
        int checked = SecretsCheck.assertSecretsNeverShown(new AvroConverter().config(),
                Map.of("schema.registry.url", "mem://secrets-check"), c -> {
                    AvroConverter converter = new AvroConverter();
                    converter.configure(c, false);
                    return converter;
                });
        assertEquals(3, checked, "basic auth, bearer token and trust store password");
    }

    @Test
    void metricsCountConversionsFailuresAndRegistryCallsOncePerConfiguration() {
        AvroConverter c = converter(false);
        byte[] bytes = c.fromConnectData("orders", V1, v1(1));
        c.toConnectData("orders", bytes);
        c.fromConnectData("orders", V1, v1(2));
        assertThrows(DataException.class, () -> c.toConnectData("orders", new byte[]{9, 9}));
        PluginStats stats = c.pluginStats();
        assertEquals(3L, stats.value(AvroConverter.RECORDS_CONVERTED));
        assertEquals(1L, stats.value(AvroConverter.RECORDS_FAILED));
        assertEquals(2L, stats.value(AvroConverter.PLAN_CACHE_SIZE), "one write plan, one read plan");
        long calls = stats.value(MeteredSchemaRegistry.REQUESTS).longValue();
        assertTrue(calls >= 2, "a lookup or registration, and the schema by id: " + calls);

        // configured again: the same metrics, each once, the plans of the new configuration only
        c.configure(Map.of("schema.registry.url", "mem://" + scope), false);
        List<String> names = stats.metrics().stream().map(PluginStats.Metric::name).toList();
        assertEquals(names.stream().distinct().toList(), names);
        assertEquals(0L, stats.value(AvroConverter.PLAN_CACHE_SIZE));
        c.fromConnectData("orders", V1, v1(3));
        assertEquals(calls + 2, stats.value(MeteredSchemaRegistry.REQUESTS).longValue(),
                "the new client asks again: the lookup of the schema and the schema by id");
    }

    @Test
    void roundTripInConfluentWireFormat() {
        AvroConverter c = converter(false);
        byte[] bytes = c.fromConnectData("orders", V1, v1(1));
        assertEquals(0, bytes[0], "magic byte");
        int id = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        assertEquals(c.registry().lookup("orders-value", c.registry().getById(id)).getAsInt(), id);
        SchemaAndValue back = c.toConnectData("orders", bytes);
        assertEquals(V1, back.schema());
        assertEquals(v1(1), back.value());
    }

    @Test
    void tombstonesAndNulls() {
        AvroConverter c = converter(false);
        assertNull(c.fromConnectData("orders", null, null));
        assertSame(SchemaAndValue.NULL, c.toConnectData("orders", null));
        DataException e = assertThrows(DataException.class, () -> c.fromConnectData("orders", null, Map.of("a", 1)));
        assertTrue(e.getMessage().contains("without a schema"), e.getMessage());
    }

    @Test
    void keysUseTheKeySubject() {
        AvroConverter k = converter(true);
        Schema key = SchemaBuilder.struct().name("shop.orders.Key").field("id", Schema.INT64_SCHEMA).build();
        byte[] bytes = k.fromConnectData("orders", key, new Struct(key).put("id", 5L));
        assertEquals(List.of(1), k.registry().versions("orders-key"));
        assertEquals(new Struct(key).put("id", 5L), k.toConnectData("orders", bytes).value());
        byte[] primitive = converter(true).fromConnectData("plain", Schema.STRING_SCHEMA, "k1");
        assertEquals("k1", converter(true).toConnectData("plain", primitive).value());
    }

    @Test
    void subjectNameStrategies() {
        converter(false, "value.subject.name.strategy", "record").fromConnectData("orders", V1, v1(1));
        converter(false, "value.subject.name.strategy", "topic-record").fromConnectData("orders", V1, v1(1));
        converter(false, "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy")
                .fromConnectData("t2", V1, v1(1));
        SchemaRegistry r = InMemorySchemaRegistry.forScope(scope);
        assertEquals(List.of(1), r.versions("shop.orders.Value"));
        assertEquals(List.of(1), r.versions("orders-shop.orders.Value"));
        assertEquals(List.of(1), r.versions("t2-value"));
    }

    @Test
    void aCompatibleChangeIsRegisteredAsANewVersion() {
        AvroConverter c = converter(false, "compatibility.level", "BACKWARD");
        c.fromConnectData("orders", V1, v1(1));
        c.fromConnectData("orders", V2, new Struct(V2).put("id", 2L).put("amount", new BigDecimal("1.00")));
        assertEquals(List.of(1, 2), c.registry().versions("orders-value"));
    }

    @Test
    void anIncompatibleChangeIsNeverRegisteredAndIsExplained() {
        AvroConverter c = converter(false, "compatibility.level", "BACKWARD");
        c.fromConnectData("orders", V1, v1(1));
        Struct bad = new Struct(BAD).put("id", 3).put("amount", new BigDecimal("1.00")).put("region", "eu-secret-value");
        DataException e = assertThrows(DataException.class, () -> c.fromConnectData("orders", BAD, bad));
        String m = e.getMessage();
        assertTrue(m.contains("subject 'orders-value'") && m.contains("BACKWARD") && m.contains("version 1"), m);
        assertTrue(m.contains("id: type mismatch, old long, new int"), m);
        assertTrue(m.contains("region: new field has no default"), m);
        assertFalse(m.contains("eu-secret-value"), "no values in the message");
        // the example in README.md
        assertEquals("AvroConverter: not registered. Schema for subject 'orders-value' is not BACKWARD compatible"
                + " with version 1:\n"
                + "  - id: type mismatch, old long, new int\n"
                + "  - region: new field has no default (reader field missing default), old absent, new string", m);
        assertEquals(List.of(1), c.registry().versions("orders-value"), "nothing registered");
        // the level comes from the registry when not configured
        c.registry().setCompatibility("orders-value", "BACKWARD_TRANSITIVE");
        AvroConverter fromRegistry = converter(false);
        DataException e2 = assertThrows(DataException.class, () -> fromRegistry.fromConnectData("orders", BAD, bad));
        assertTrue(e2.getMessage().contains("BACKWARD_TRANSITIVE"), e2.getMessage());
        // NONE skips the client-side check, but the registry's own rule still applies, and is explained
        AvroConverter none = converter(false, "compatibility.level", "NONE");
        DataException refused = assertThrows(DataException.class, () -> none.fromConnectData("orders", BAD, bad));
        assertTrue(refused.getMessage().contains("the registry refused the schema for subject 'orders-value'"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("id: type mismatch, old long, new int"), refused.getMessage());
        c.registry().setCompatibility("orders-value", "NONE");
        none.fromConnectData("orders", BAD, bad);
        assertEquals(List.of(1, 2), InMemorySchemaRegistry.forScope(scope).versions("orders-value"));
    }

    /**
     * The quick-start setup: mem:// and the converter's defaults (compatibility.level=registry). The
     * in-process registry starts at BACKWARD, Confluent's default, so a breaking change is refused
     * with the same explanation as a configured level gives, and nothing is registered.
     */
    @Test
    void withDefaultsOnMemAnIncompatibleChangeIsRefused() {
        AvroConverter c = converter(false);
        c.fromConnectData("orders", V1, v1(1));
        c.fromConnectData("orders", V2, new Struct(V2).put("id", 2L).put("amount", new BigDecimal("1.00")));
        Struct bad = new Struct(BAD).put("id", 3).put("amount", new BigDecimal("1.00")).put("region", "eu");
        DataException e = assertThrows(DataException.class, () -> c.fromConnectData("orders", BAD, bad));
        String m = e.getMessage();
        assertTrue(m.startsWith("AvroConverter: not registered. Schema for subject 'orders-value' is not BACKWARD"
                + " compatible with version 2:"), m);
        assertTrue(m.contains("  - id: type mismatch, old long, new int"), m);
        assertTrue(m.contains("  - region: new field has no default"), m);
        assertEquals(List.of(1, 2), c.registry().versions("orders-value"), "the breaking change is not registered");
        assertEquals("BACKWARD", c.registry().compatibility("orders-value"), "the global level, no subject setting");
    }

    @Test
    void autoRegisterOff() {
        AvroConverter off = converter(false, "auto.register.schemas", "false");
        DataException e = assertThrows(DataException.class, () -> off.fromConnectData("orders", V1, v1(1)));
        assertTrue(e.getMessage().contains("not registered under subject 'orders-value'"), e.getMessage());
        converter(false).fromConnectData("orders", V1, v1(1));
        byte[] bytes = off.fromConnectData("orders", V1, v1(2));
        assertEquals(v1(2), off.toConnectData("orders", bytes).value());
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchema() {
        AvroConverter c = converter(false);
        c.fromConnectData("orders", V2, new Struct(V2).put("id", 1L).put("amount", new BigDecimal("1.00")));
        AvroConverter latest = converter(false, "use.latest.version", "true", "auto.register.schemas", "false");
        byte[] bytes = latest.fromConnectData("orders", V1, v1(7));
        SchemaAndValue back = c.toConnectData("orders", bytes);
        assertEquals(V2, back.schema(), "written with the latest (v2) schema");
        assertEquals(7L, ((Struct) back.value()).get("id"));
        assertNull(((Struct) back.value()).get("coupon"));
        assertEquals(List.of(1), c.registry().versions("orders-value"));
    }

    @Test
    void readSchemaLatestGivesSinksOneSchema() {
        AvroConverter writer = converter(false);
        byte[] old = writer.fromConnectData("orders", V1, v1(1));
        byte[] neu = writer.fromConnectData("orders", V2, new Struct(V2).put("id", 2L).put("amount", new BigDecimal("2.00"))
                .put("coupon", "X"));
        AvroConverter sink = converter(false, "read.schema", "latest");
        assertEquals(V2, sink.toConnectData("orders", old).schema());
        assertEquals(V2, sink.toConnectData("orders", neu).schema());
        assertNull(((Struct) sink.toConnectData("orders", old).value()).get("coupon"));
        AvroConverter v1Reader = converter(false, "read.schema", "1");
        assertEquals(V1, v1Reader.toConnectData("orders", neu).schema());
        assertEquals(V1, converter(false).toConnectData("orders", old).schema(), "writer by default");
    }

    @Test
    void badBytesGiveClearErrors() {
        AvroConverter c = converter(false);
        byte[] good = c.fromConnectData("orders", V1, v1(1));
        DataException magic = assertThrows(DataException.class, () -> c.toConnectData("orders", new byte[]{1, 0, 0, 0, 1, 2}));
        assertTrue(magic.getMessage().contains("magic byte 0"), magic.getMessage());
        DataException shortOne = assertThrows(DataException.class, () -> c.toConnectData("orders", new byte[]{0, 0}));
        assertTrue(shortOne.getMessage().contains("shorter than the 5-byte"), shortOne.getMessage());
        DataException truncated = assertThrows(DataException.class,
                () -> c.toConnectData("orders", Arrays.copyOf(good, good.length - 3)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        byte[] unknown = good.clone();
        unknown[4] = 99;
        DataException id = assertThrows(DataException.class, () -> c.toConnectData("orders", unknown));
        assertTrue(id.getMessage().contains("unknown schema id 99"), id.getMessage());
        // a union branch index the schema does not have: note (last field) is ["null","string"],
        // written as index 0 for null; index 2 followed by a well-formed string must still fail
        byte[] noNote = c.fromConnectData("orders", V1, new Struct(V1).put("id", 1L).put("amount", new BigDecimal("1.00")));
        assertEquals(0, noNote[noNote.length - 1], "null branch of note");
        byte[] badBranch = Arrays.copyOf(noNote, noNote.length + 2);
        badBranch[noNote.length - 1] = 4; // zig-zag varint of 2
        badBranch[noNote.length] = 2; // string length 1
        badBranch[noNote.length + 1] = 'x';
        DataException branch = assertThrows(DataException.class, () -> c.toConnectData("orders", badBranch));
        assertTrue(branch.getMessage().contains("cannot decode"), branch.getMessage());
        // a failed read leaves nothing behind for the next one
        assertEquals(v1(1), c.toConnectData("orders", good).value());
    }

    @Test
    void aValueThatDoesNotFitItsSchemaIsExplainedAndTheNextRecordIsUnharmed() {
        AvroConverter c = converter(false);
        byte[] expected = converter(false).fromConnectData("orders", V1, v1(7));

        // a required column left null, after the id was written
        Struct missing = new Struct(V1).put("id", 4111L);
        DataException e = assertThrows(DataException.class, () -> c.fromConnectData("orders", V1, missing));
        assertTrue(e.getMessage().contains("'amount'") && e.getMessage().contains("required"), e.getMessage());
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        assertArrayEquals(expected, c.fromConnectData("orders", V1, v1(7)));

        // a value of the wrong class in the last column (Struct.put would refuse it; a buggy SMT need not)
        Struct wrong = v1(7);
        RawStructs.read(wrong)[V1.field("note").index()] = 4_111_111_111L; // corrupted on purpose, as a buggy SMT could
        e = assertThrows(DataException.class, () -> c.fromConnectData("orders", V1, wrong));
        assertTrue(e.getMessage().contains("'note'") && e.getMessage().contains("java.lang.Long"), e.getMessage());
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        assertArrayEquals(expected, c.fromConnectData("orders", V1, v1(7)));
    }

    @Test
    void configurationMistakesNameTheKey() {
        String[][] bad = {
            {"compatibility.level", "SOMETIMES"},
            {"read.schema", "newest"},
            {"read.schema", "0"},
            {"value.subject.name.strategy", "by-table"},
            {"schema.registry.url", "ftp://registry"},
        };
        for (String[] kv : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> converter(false, kv[0], kv[1]), kv[0]);
            assertTrue(e.getMessage().contains(kv[0]) || e.getMessage().contains("schema.registry.url"), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> new AvroConverter().configure(Map.of(), false));
    }

    @Test
    void everyRecordedDebeziumEventRoundTrips() {
        AvroConverter keys = converter(true);
        AvroConverter values = converter(false);
        int n = 0;
        for (SinkRecord r : Fixtures.records()) {
            if (r.key() != null) {
                SchemaAndValue k = keys.toConnectData(r.topic(), keys.fromConnectData(r.topic(), r.keySchema(), r.key()));
                assertEquals(r.keySchema(), k.schema());
                assertEquals(r.key(), k.value());
            }
            byte[] bytes = values.fromConnectData(r.topic(), r.valueSchema(), r.value());
            SchemaAndValue v = values.toConnectData(r.topic(), bytes);
            assertEquals(r.valueSchema(), v.schema(), "value schema of offset " + r.kafkaOffset());
            assertEquals(r.value(), v.value(), "value of offset " + r.kafkaOffset());
            n++;
        }
        assertEquals(Fixtures.EXPECTED_EVENTS, n);
    }

    @Test
    void versionAndConfigDef() {
        assertEquals(io.cdckit.core.CdckitVersion.VERSION, new AvroConverter().version());
        assertTrue(new AvroConverter().config().names().contains("read.schema"));
    }
}
