package io.cdckit.smt.routing;

import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        for (SinkRecord r : Fixtures.records()) {
            SinkRecord out = router.apply(r);
            switch (label(r)) {
                case "delete" -> assertEquals("audit." + sourceField(r, "schema") + "." + sourceField(r, "table") + ".d",
                        out.topic());
                case "read" -> assertEquals("snapshot." + r.topic(), out.topic());
                case "create", "update", "truncate" -> assertEquals("cdc." + sourceField(r, "db") + "."
                        + sourceField(r, "table"), out.topic());
                case "tombstone" -> assertTrue(out.topic().startsWith("audit."), out.topic());
                default -> assertSame(r, out);
            }
        }
    }

    @Test
    void theRegexFormRewritesTheTopicAsRegexRouterDoes() {
        Pattern regex = Pattern.compile("pg\\.([a-z]+)\\.(.*)");
        OperationRouter<SinkRecord> router = router("topic.format", "${topic:pg\\.([a-z]+)\\.(.*):$2-$1}.${op}");
        for (SinkRecord r : Fixtures.records()) {
            if (label(r).length() > 1 && !label(r).equals("tombstone") && !label(r).equals("other")) {
                Matcher m = regex.matcher(r.topic());
                assertTrue(m.matches(), r.topic());
                String op = ((Struct) r.value()).getString("op");
                assertEquals(m.group(2) + "-" + m.group(1) + "." + op, router.apply(r).topic());
            }
        }
        SinkRecord other = Envelopes.record("elsewhere", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(1), 0);
        assertSame(other, router.apply(other), "no op");
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA).build();
        SinkRecord unmatched = Envelopes.record("elsewhere", null, null, row, new Struct(row).put("id", 1).put("__op", "c"), 0);
        assertEquals("elsewhere.c", router.apply(unmatched).topic(), "a topic the regex does not match is kept");
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
        for (SinkRecord r : Fixtures.records()) {
            SinkRecord out = forgetful.apply(r);
            if (r.value() == null) {
                assertEquals("t." + r.topic(), out.topic());
            }
        }
        DataException empty = assertThrows(DataException.class,
                () -> router("topic.delete", "${source.table}").apply(tombstone));
        assertTrue(empty.getMessage().contains("empty topic"), empty.getMessage());
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
        router.apply(new SinkRecord("a", 0, null, new byte[] {1, 2}, row, new Struct(row).put("id", 7).put("__op", "d")
                .put("__table", "bytes"), 1));
        assertEquals("del.bytes", router.apply(new SinkRecord("a", 0, null, new byte[] {1, 2}, null, null, 2)).topic(),
                "byte array keys are compared by content");
    }

    @Test
    void afterUnwrapTheOpAndSourceFieldsComeFromWhatUnwrapAdded() {
        Unwrap<SinkRecord> headers = new Unwrap<>();
        headers.configure(props("add.headers", "op,source.table,db", "delete.tombstone.handling.mode", "rewrite-with-tombstone"));
        Unwrap<SinkRecord> fields = new Unwrap<>();
        fields.configure(props("add.fields", "op,table,source.db", "delete.tombstone.handling.mode", "rewrite-with-tombstone"));
        String[] config = {"topic.format", "${topic}.${source.db}.${source.table}", "topic.delete", "${topic}.${operation}"};
        OperationRouter<SinkRecord> beforeUnwrap = router(config);
        OperationRouter<SinkRecord> afterHeaders = router(config);
        OperationRouter<SinkRecord> afterFields = router(config);
        OperationRouter<SinkRecord> namedHeader = router("topic.format", "${topic}.${operation}", "op.source", "header:__op");
        int routed = 0;
        for (SinkRecord r : Fixtures.records()) {
            String expected = beforeUnwrap.apply(r).topic();
            SinkRecord h = headers.apply(r);
            SinkRecord f = fields.apply(r);
            if (h != null) {
                assertEquals(expected, afterHeaders.apply(h).topic(), label(r));
                String named = namedHeader.apply(h).topic();
                assertEquals(label(r).equals("other") ? r.topic()
                        : r.topic() + "." + (r.value() == null ? "delete" : label(r)), named);
                routed++;
            }
            if (f != null) {
                assertEquals(expected, afterFields.apply(f).topic(), label(r));
            }
        }
        assertTrue(routed > 10);
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
        wrong.put("topic.create", "${source}");
        wrong.put("topic.update", "${op:x}");
        wrong.put("topic.delete", "${topic:([a-z]+:$2}");
        wrong.put("topic.read", "${topic:([a-z]+):$2}");
        wrong.put("topic.truncate", "${topic:a}");
        wrong.put("topic.message", "");
        wrong.put("topic.tombstone", "${op}");
        wrong.put("topic.other", "${source.table}");
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
        assertNotNull(router("topic.format", "${topic:(?<t>.*):${t}}-$$"), "named groups and a literal $");
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
