package io.cdckit.smt.routing;

import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cdckit.smt.routing.OperationFilterTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationRouterTest {

    static OperationRouter<SinkRecord> router(String... kv) {
        OperationRouter<SinkRecord> t = new OperationRouter<>();
        t.configure(props(kv));
        return t;
    }

    /** The corpus's operation labels as its envelopes say, "tombstone" and "other" for those without one. */
    static String label(SinkRecord r) {
        String op = OperationFilterTest.ops(List.of(r)).get(0);
        return switch (op) {
            case "c" -> "create";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "read";
            case "t" -> "truncate";
            case "m" -> "message";
            default -> op;
        };
    }

    static String sourceField(SinkRecord r, String name) {
        return ((Struct) r.value()).getStruct("source").get(name).toString();
    }

    @Test
    void anEmptyConfigurationChangesNothing() {
        OperationRouter<SinkRecord> none = router();
        for (SinkRecord r : Fixtures.records()) {
            assertSame(r, none.apply(r));
        }
    }

    @Test
    void oneTopicPerOperationWithTombstonesNextToTheirDeletes() {
        OperationRouter<SinkRecord> router = router("topic.format", "${topic}.${operation}");
        List<SinkRecord> corpus = Fixtures.records();
        int tombstones = 0;
        String lastDeleteTopic = null;
        for (SinkRecord r : corpus) {
            SinkRecord out = router.apply(r);
            String label = label(r);
            switch (label) {
                case "tombstone" -> {
                    assertEquals(lastDeleteTopic, out.topic(), "a tombstone goes where its delete went");
                    tombstones++;
                }
                case "other" -> assertSame(r, out, "no op: its own topic");
                default -> assertEquals(r.topic() + "." + label, out.topic());
            }
            if (label.equals("delete")) {
                lastDeleteTopic = out.topic();
            }
            assertSame(r.value(), out.value());
            assertSame(r.key(), out.key());
            assertEquals(r.kafkaPartition(), out.kafkaPartition());
            assertEquals(r.timestamp(), out.timestamp());
        }
        assertTrue(tombstones > 0, "the corpus has tombstones");
    }

    @Test
    void perOperationKeysOverrideTheFormatAndSourceFieldsAreRendered() {
        OperationRouter<SinkRecord> router = router("topic.format", "cdc.${source.db}.${source.table}",
                "topic.delete", "audit.${source.schema}.${source.table}.${op}", "topic.read", "snapshot.${topic}");
        String lastDelete = null;
        int tombstones = 0;
        for (SinkRecord r : Fixtures.records()) {
            SinkRecord out = router.apply(r);
            switch (label(r)) {
                case "delete" -> {
                    lastDelete = "audit." + sourceField(r, "schema") + "." + sourceField(r, "table") + ".d";
                    assertEquals(lastDelete, out.topic());
                }
                case "read" -> assertEquals("snapshot." + r.topic(), out.topic());
                case "create", "update", "truncate" -> assertEquals("cdc." + sourceField(r, "db") + "."
                        + sourceField(r, "table"), out.topic());
                case "tombstone" -> {
                    assertEquals(lastDelete, out.topic(), "remembered: its fallback would have empty source fields");
                    tombstones++;
                }
                default -> assertSame(r, out);
            }
        }
        assertTrue(tombstones > 0);
    }

    @Test
    void theRegexFormRewritesTheTopicAsRegexRouterDoes() {
        Pattern regex = Pattern.compile("pg\\.([a-z]+)\\.(.*)");
        OperationRouter<SinkRecord> router = router("topic.format", "${topic:pg\\.([a-z]+)\\.(.*):$2-$1}.${op}");
        int routed = 0;
        for (SinkRecord r : Fixtures.records()) {
            if (r.value() != null) {
                Matcher m = regex.matcher(r.topic());
                assertTrue(m.matches(), r.topic());
                String op = ((Struct) r.value()).getString("op");
                assertEquals(m.group(2) + "-" + m.group(1) + "." + op, router.apply(r).topic());
                routed++;
            }
        }
        assertTrue(routed > 20);
        assertEquals("pgXshop.orders.c", router.apply(created("pgXshop.orders")).topic(),
                "a regex's \\. stays an escaped dot: a topic it does not match whole is kept");
        OperationRouter<SinkRecord> versions = router("topic.format", "${topic:(.*)_v\\d+:$1}");
        assertEquals("orders", versions.apply(created("orders_v12")).topic());
        assertEquals("orders_vdd", versions.apply(created("orders_vdd")).topic());
        assertEquals("orders.x", router("topic.format", "${topic:(?<t>[a-z]+)_(.*):${t}}.x")
                .apply(created("orders_v1")).topic(), "named groups");
        assertEquals("orders", router("topic.format", "${topic:(?x) ([a-z]+) _ .* # a comment:$1}")
                .apply(created("orders_v1")).topic(), "comment mode");
        SinkRecord heartbeat = Envelopes.record("elsewhere", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(1), 0);
        assertSame(heartbeat, router.apply(heartbeat), "no op");
    }

    /** A row after Unwrap with add.fields=op: an insert. */
    static SinkRecord created(String topic) {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA).build();
        return Envelopes.record(topic, null, null, row, new Struct(row).put("id", 1).put("__op", "c"), 0);
    }

    @Test
    void aTopicThatIsNotALegalNameIsADataExceptionNamingTheKey() {
        DataException illegal = assertThrows(DataException.class,
                () -> router("topic.create", "${topic:(.*)_v1:$1 v1}").apply(created("orders_v1")));
        assertTrue(illegal.getMessage().contains("topic.create renders for it has a character Kafka refuses"),
                illegal.getMessage());
        assertFalse(illegal.getMessage().contains("orders v1"), "the name it rendered is not shown");
        DataException dots = assertThrows(DataException.class,
                () -> router("topic.format", "${topic:.*:..}").apply(created("orders")));
        assertTrue(dots.getMessage().contains("'.' or '..'"), dots.getMessage());
        DataException longName = assertThrows(DataException.class,
                () -> router("topic.format", "${topic}" + "x".repeat(250)).apply(created("o")));
        assertTrue(longName.getMessage().contains("longer than 249"), longName.getMessage());
    }

    @Test
    void aTombstoneWhoseDeleteIsNotRememberedTakesTheFallbacks() {
        SinkRecord tombstone = Fixtures.records().stream().filter(r -> r.value() == null).findFirst().orElseThrow();
        assertEquals(tombstone.topic() + ".delete..",
                router("topic.delete", "${topic}.${operation}.${source.table}.").apply(tombstone).topic(),
                "topic.delete rendered from the tombstone's topic: source fields are empty");
        assertEquals("graveyard." + tombstone.topic(), router("topic.delete", "${topic}.deleted",
                "topic.tombstone", "graveyard.${topic}").apply(tombstone).topic());
        // with no memory, a tombstone never follows
        OperationRouter<SinkRecord> forgetful = router("topic.delete", "${topic}.deleted", "tombstone.memory.size", "0",
                "topic.tombstone", "t.${topic}");
        int tombstones = 0;
        for (SinkRecord r : Fixtures.records()) {
            SinkRecord out = forgetful.apply(r);
            if (r.value() == null) {
                assertEquals("t." + r.topic(), out.topic());
                tombstones++;
            }
        }
        assertTrue(tombstones > 0);
        DataException empty = assertThrows(DataException.class,
                () -> router("topic.delete", "${source.table}").apply(tombstone));
        assertTrue(empty.getMessage().contains("topic.delete renders for it is an empty topic name"), empty.getMessage());
    }

    @Test
    void aDeleteThatFailsIsNotRememberedForItsTombstone() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA)
                .field("__table", Schema.STRING_SCHEMA).build();
        OperationRouter<SinkRecord> router = router("topic.delete", "${source.table}", "topic.tombstone", "orphans");
        SinkRecord delete = new SinkRecord("a", 0, null, Map.of("id", 1), row, new Struct(row).put("id", 1)
                .put("__op", "d").put("__table", "no table"), 1);
        assertThrows(DataException.class, () -> router.apply(delete));
        assertEquals("orphans", router.apply(new SinkRecord("a", 0, null, Map.of("id", 1), null, null, 2)).topic());
    }

    @Test
    void theMemoryIsPerTopicAndKeyBoundedAndComparesKeysByValue() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA)
                .field("__table", Schema.STRING_SCHEMA).build();
        OperationRouter<SinkRecord> router = router("topic.delete", "del.${source.table}", "topic.tombstone", "lost",
                "tombstone.memory.size", "2");
        List<SinkRecord> deletes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> key = new LinkedHashMap<>(Map.of("id", i));
            deletes.add(new SinkRecord("a", 0, null, key, row, new Struct(row).put("id", i).put("__op", "d")
                    .put("__table", "t" + i), i));
        }
        deletes.forEach(router::apply);
        assertEquals("del.t2", router.apply(new SinkRecord("a", 0, null, Map.of("id", 2), null, null, 9)).topic(),
                "an equal key made afresh finds its delete");
        assertEquals("lost", router.apply(new SinkRecord("b", 0, null, Map.of("id", 2), null, null, 9)).topic(),
                "the same key of another topic does not");
        assertEquals("lost", router.apply(new SinkRecord("a", 0, null, Map.of("id", 0), null, null, 9)).topic(),
                "two keys are remembered: the oldest went");
        assertEquals("lost", router.apply(new SinkRecord("a", 0, null, null, null, null, 9)).topic(), "no key");
        // byte arrays, at any depth of the key, are compared by content
        Schema keySchema = SchemaBuilder.struct().field("parts", SchemaBuilder.array(Schema.BYTES_SCHEMA).build())
                .field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.BYTES_SCHEMA).build()).build();
        java.util.function.Supplier<Struct> structKey = () -> new Struct(keySchema)
                .put("parts", List.of(new byte[] {1}, new byte[] {2})).put("tags", Map.of("k", new byte[] {3}));
        java.util.function.Supplier<Map<String, Object>> mapKey = () -> Map.of("id", new byte[] {4}, "n",
                List.of(new byte[] {5}));
        List<Object[]> keys = List.of(new Object[] {new byte[] {1, 2}, "bytes"}, new Object[] {structKey, "struct"},
                new Object[] {mapKey, "map"});
        for (Object[] k : keys) {
            Object first = k[0] instanceof java.util.function.Supplier<?> s ? s.get() : k[0];
            Object again = k[0] instanceof java.util.function.Supplier<?> s ? s.get() : ((byte[]) k[0]).clone();
            router.apply(new SinkRecord("a", 0, null, first, row, new Struct(row).put("id", 7).put("__op", "d")
                    .put("__table", (String) k[1]), 1));
            assertEquals("del." + k[1], router.apply(new SinkRecord("a", 0, null, again, null, null, 2)).topic(),
                    "a " + k[1] + " key");
        }
    }

    @Test
    void afterUnwrapTheOpAndSourceFieldsComeFromWhatUnwrapAdded() {
        String[] config = {"topic.format", "${topic}.${source.db}.${source.table}", "topic.delete", "${topic}.${operation}"};
        List<Map<String, String>> unwraps = List.of(
                props("add.headers", "op,source.table,db"),
                props("add.fields", "op,table,source.db"),
                props("add.headers", "op", "add.fields", "table,db"),
                props("add.headers", "op,table,db", "add.headers.prefix", "cdc_"));
        List<String[]> routers = List.of(config, config, config, concat(config, "op.source", "header:cdc_op"));
        int routed = 0;
        for (int u = 0; u < unwraps.size(); u++) {
            Unwrap<SinkRecord> unwrap = new Unwrap<>();
            Map<String, String> settings = new LinkedHashMap<>(unwraps.get(u));
            settings.put("delete.tombstone.handling.mode", "rewrite-with-tombstone");
            unwrap.configure(settings);
            OperationRouter<SinkRecord> beforeUnwrap = router(config);
            OperationRouter<SinkRecord> afterUnwrap = router(routers.get(u));
            for (SinkRecord r : Fixtures.records()) {
                String expected = beforeUnwrap.apply(r).topic();
                SinkRecord unwrapped = unwrap.apply(r);
                if (unwrapped != null) {
                    assertEquals(expected, afterUnwrap.apply(unwrapped).topic(), settings + ": " + label(r));
                    routed++;
                }
            }
        }
        assertTrue(routed > 40);
        Schema row = SchemaBuilder.struct().field("__op", Schema.STRING_SCHEMA).field("__ts_ms", Schema.INT64_SCHEMA)
                .build();
        SinkRecord withEnvelopeTime = Envelopes.record("t", null, null, row, new Struct(row).put("__op", "c")
                .put("__ts_ms", 5L), 0);
        DataException notSource = assertThrows(DataException.class,
                () -> router("topic.format", "${topic}.${source.ts_ms}").apply(withEnvelopeTime));
        assertTrue(notSource.getMessage().contains("${source.ts_ms}, which this record has no value for"),
                "__ts_ms is the envelope's time, not the source's: " + notSource.getMessage());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aSourceFieldWithoutAUsableValueIsADataException() {
        SinkRecord sample = Fixtures.records().stream().filter(r -> label(r).equals("create")).findFirst().orElseThrow();
        DataException missing = assertThrows(DataException.class,
                () -> router("topic.create", "${topic}.${source.nothing}").apply(sample));
        assertTrue(missing.getMessage().contains("topic.create names ${source.nothing}, which this record has no value"),
                missing.getMessage());
        SinkRecord maxwell = new SinkRecord("mx", 0, null, null, null,
                Envelopes.maxwell("insert", new LinkedHashMap<>(Map.of("id", 1)), null), 1);
        DataException structured = assertThrows(DataException.class,
                () -> router("topic.format", "${topic}.${source.data}").apply(maxwell));
        assertTrue(structured.getMessage().contains("not a text or a number"), structured.getMessage());
        assertFalse(structured.getMessage().contains("id=1"), "no value shown");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__op", "u");
        headers.addBytes("__table", new byte[] {65});
        Schema plain = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        SinkRecord bytes = new SinkRecord("t", 0, null, null, plain, new Struct(plain).put("id", 1), 1L, null,
                TimestampType.NO_TIMESTAMP_TYPE, headers);
        DataException binary = assertThrows(DataException.class,
                () -> router("topic.format", "${source.table}").apply(bytes));
        assertTrue(binary.getMessage().contains("${source.table}, which is a byte[]"), binary.getMessage());
    }

    @Test
    void schemalessEnvelopesMaxwellAndRecordsWithoutAnOp() {
        SinkRecord sample = Fixtures.records().stream().filter(r -> label(r).equals("update")).findFirst().orElseThrow();
        SinkRecord schemaless = new SinkRecord(sample.topic(), 0, null, null, null,
                Envelopes.schemaless((Struct) sample.value()), 1);
        OperationRouter<SinkRecord> router = router("topic.format", "${topic}.${op}.${source.table}",
                "topic.other", "other.${topic}");
        assertEquals(sample.topic() + ".u." + sourceField(sample, "table"), router.apply(schemaless).topic());
        SinkRecord maxwell = new SinkRecord("mx", 0, null, null, null,
                Envelopes.maxwell("bootstrap-insert", new LinkedHashMap<>(Map.of("id", 1)), null), 1);
        assertEquals("mx.r.customers", router.apply(maxwell).topic(), "Maxwell's table as source.table");
        SinkRecord heartbeat = new SinkRecord("beat", 0, null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 1);
        assertEquals("other.beat", router.apply(heartbeat).topic());
        SinkRecord plain = new SinkRecord("rows", 0, null, null, null, Map.of("id", 1), 1);
        assertEquals("other.rows", router.apply(plain).topic());
        assertSame(plain, router().apply(plain), "unset topic.other: kept");
        SinkRecord message = new SinkRecord("msgs", 0, null, null, Envelopes.MESSAGE, Envelopes.message(new byte[1]), 1);
        assertEquals("logical.msgs", router("topic.message", "logical.${topic}").apply(message).topic());
        DataException noTopic = assertThrows(DataException.class,
                () -> router().apply(new SinkRecord(null, 0, null, null, null, Map.of("id", 1), 1)));
        assertTrue(noTopic.getMessage().contains("no topic"), noTopic.getMessage());
    }

    @Test
    void templateMistakesAreConfigExceptionsNamingTheKey() {
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("topic.format", "${table}");
        wrong.put("topic.format", "${source}");
        wrong.put("topic.update", "${op:x}");
        wrong.put("topic.delete", "${topic:([a-z]+:$2}");
        wrong.put("topic.read", "${topic:([a-z]+):$2}");
        wrong.put("topic.truncate", "${topic:a}");
        wrong.put("topic.message", "");
        wrong.put("topic.tombstone", "${op}");
        wrong.put("topic.other", "${source.table}");
        wrong.put("topic.create", "orders created");
        wrong.put("op.source", "column:x");
        wrong.put("tombstone.memory.size", "-1");
        wrong.put("schema.cache.size", "0");
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            ConfigException ex = assertThrows(ConfigException.class, () -> router(e.getKey(), e.getValue()), e.getKey());
            assertTrue(ex.getMessage().contains(e.getKey()), ex.getMessage());
        }
        assertTrue(assertThrows(ConfigException.class, () -> router("topic.format", "${table}")).getMessage()
                .contains("unknown placeholder ${table}"));
        assertTrue(assertThrows(ConfigException.class, () -> router("topic.read", "${topic:([a-z]+):$2}")).getMessage()
                .contains("replacement"));
        assertTrue(assertThrows(ConfigException.class, () -> router("topic.format", "${topic")).getMessage()
                .contains("not a valid template"));
        assertTrue(assertThrows(ConfigException.class, () -> router("topic.other", "other$$")).getMessage()
                .contains("has a character Kafka refuses"), "a literal $ is no topic name either");
        assertTrue(assertThrows(ConfigException.class, () -> router("topic.other", "..")).getMessage()
                .contains("'.' or '..'"));
    }

    /** The contract every cdckit transform keeps. */
    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new OperationRouter<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("topic.format", "${topic}.${operation}", "topic.other", "other");
        }

        @Override
        protected List<SinkRecord> records() {
            return Fixtures.records().stream().filter(r -> r.value() != null).limit(8).toList();
        }

        @Override
        protected void checkTombstone(SinkRecord in, SinkRecord out) {
            assertEquals(in.topic() + ".delete", out.topic(), "an unremembered tombstone: topic.delete's fallback");
        }

        @Override
        protected void checkPassThrough(SinkRecord in, SinkRecord out) {
            assertEquals("other", out.topic(), "no op: topic.other");
            assertSame(in.value(), out.value());
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("topic.format", "${nothing}", "tombstone.memory.size", "-5");
        }
    }
}
