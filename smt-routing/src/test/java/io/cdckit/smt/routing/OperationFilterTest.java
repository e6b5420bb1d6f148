package io.cdckit.smt.routing;

import io.cdckit.smt.routing.predicates.OperationIs;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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

class OperationFilterTest {

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static OperationFilter<SinkRecord> filter(String... kv) {
        OperationFilter<SinkRecord> t = new OperationFilter<>();
        t.configure(props(kv));
        return t;
    }

    /** The ops of the corpus's records, "tombstone" and "other" for those without one, as the envelopes say. */
    static List<String> ops(List<SinkRecord> records) {
        return records.stream().map(r -> r.value() == null ? "tombstone"
                : ((Struct) r.value()).schema().field("op") == null ? "other" : ((Struct) r.value()).getString("op"))
                .toList();
    }

    @Test
    void includeAndExcludeOnTheRecordedCorpus() {
        List<SinkRecord> corpus = Fixtures.records();
        List<String> ops = ops(corpus);
        OperationFilter<SinkRecord> noReads = filter("ops.exclude", "r");
        OperationFilter<SinkRecord> deletes = filter("ops.include", "d,tombstone");
        int kept = 0;
        int deleted = 0;
        for (int i = 0; i < corpus.size(); i++) {
            SinkRecord r = corpus.get(i);
            String op = ops.get(i);
            SinkRecord a = noReads.apply(r);
            if (op.equals("r")) {
                assertNull(a, "a snapshot read is dropped");
            } else {
                assertSame(r, a, "kept as it is: " + op);
                kept++;
            }
            SinkRecord b = deletes.apply(r);
            if (op.equals("d") || op.equals("tombstone")) {
                assertSame(r, b);
                deleted++;
            } else {
                assertNull(b, op);
            }
        }
        assertTrue(kept > 0 && deleted > 0 && kept < corpus.size());
        assertEquals(ops.stream().filter(o -> o.equals("d") || o.equals("tombstone")).count(), deleted);
    }

    @Test
    void afterUnwrapTheOpComesFromTheHeaderOrFieldUnwrapAdded() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA).build();
        SinkRecord byField = new SinkRecord("t", 0, null, null, row, new Struct(row).put("id", 1).put("__op", "d"), 1L);
        assertNull(filter("ops.exclude", "delete").apply(byField), "auto: the field __op");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__op", "u");
        Schema plain = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        SinkRecord byHeader = new SinkRecord("t", 0, null, null, plain, new Struct(plain).put("id", 1), 1L, null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, headers);
        assertNull(filter("ops.include", "c").apply(byHeader), "auto: the header __op");
        assertSame(byHeader, filter("ops.include", "u").apply(byHeader));
        assertNull(filter("ops.include", "d", "op.source", "field:kind").apply(byHeader),
                "a record without the named field has no op: dropped by include");
        // schemaless Debezium envelopes and Maxwell events
        Map<String, Object> maxwell = Envelopes.maxwell("delete", new LinkedHashMap<>(Map.of("id", 1)), null);
        SinkRecord m = new SinkRecord("t", 0, null, null, null, maxwell, 1L);
        assertNull(filter("ops.exclude", "d").apply(m));
        SinkRecord heartbeat = new SinkRecord("t", 0, null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 1L);
        assertSame(heartbeat, filter("ops.exclude", "d").apply(heartbeat), "no op: kept by exclude");
        assertNull(filter("ops.include", "d").apply(heartbeat), "and dropped by include");
        assertSame(heartbeat, filter("ops.include", "d,other").apply(heartbeat), "unless 'other' is listed");
    }

    @Test
    void configurationMistakesNameTheKey() {
        ConfigException both = assertThrows(ConfigException.class, () -> filter("ops.include", "c", "ops.exclude", "d"));
        assertTrue(both.getMessage().contains("ops.exclude"), both.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> filter("ops.include", "x"));
        assertTrue(bad.getMessage().contains("ops.include"), bad.getMessage());
        ConfigException source = assertThrows(ConfigException.class, () -> filter("op.source", "column:op"));
        assertTrue(source.getMessage().contains("op.source"), source.getMessage());
    }

    @Test
    void thePredicateWithKafkasFilter() {
        OperationIs<SinkRecord> isRead = new OperationIs<>();
        isRead.configure(props("ops", "r"));
        Filter<SinkRecord> drop = new Filter<>();
        drop.configure(Map.of());
        List<SinkRecord> corpus = Fixtures.records();
        List<String> ops = ops(corpus);
        int dropped = 0;
        for (int i = 0; i < corpus.size(); i++) {
            SinkRecord r = corpus.get(i);
            boolean read = isRead.test(r);
            assertEquals(ops.get(i).equals("r"), read, ops.get(i));
            SinkRecord out = read ? drop.apply(r) : r; // as Connect applies a transform under a predicate
            dropped += out == null ? 1 : 0;
        }
        assertEquals(ops.stream().filter("r"::equals).count(), dropped);
        assertTrue(isRead.toString().contains("ops=r"));
        OperationIs<SinkRecord> none = new OperationIs<>();
        ConfigException e = assertThrows(ConfigException.class, () -> none.configure(props()));
        assertTrue(e.getMessage().contains("ops"), e.getMessage());
        assertFalse(new OperationIs<SinkRecord>().config().configKeys().isEmpty());
    }

    /** The contract every cdckit transform keeps. */
    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new OperationFilter<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("ops.exclude", "r");
        }

        @Override
        protected List<SinkRecord> records() {
            return Fixtures.records().stream().filter(r -> r.value() != null).limit(6).toList();
        }

        @Override
        protected void checkPassThrough(SinkRecord in, SinkRecord out) {
            assertSame(in, out, "no op: kept by exclude");
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("ops.include", "z", "op.source", "nowhere");
        }
    }
}
