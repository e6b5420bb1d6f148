package io.cdckit.smt.routing.predicates;

import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionMatchesTest {

    static ExpressionMatches<SinkRecord> matches(String expression, String... kv) {
        ExpressionMatches<SinkRecord> p = new ExpressionMatches<>();
        Map<String, String> config = new HashMap<>(Map.of("expression", expression));
        for (int i = 0; i < kv.length; i += 2) {
            config.put(kv[i], kv[i + 1]);
        }
        p.configure(config);
        return p;
    }

    @Test
    void kafkasFilterDropsWhatItMatches() {
        ExpressionMatches<SinkRecord> reads = matches("op == 'r' || value == null");
        Filter<SinkRecord> drop = new Filter<>();
        drop.configure(Map.of());
        List<SinkRecord> corpus = Fixtures.records();
        int kept = 0;
        for (SinkRecord r : corpus) {
            boolean read = r.value() == null || "r".equals(((Struct) r.value()).getString("op"));
            assertEquals(read, reads.test(r));
            SinkRecord out = read ? drop.apply(r) : r;
            if (read) {
                assertNull(out);
            } else {
                assertSame(r, out);
                kept++;
            }
        }
        assertTrue(kept > 0 && kept < corpus.size());
        assertEquals("ExpressionMatches", reads.toString());
    }

    @Test
    void tombstonesAreEvaluatedAndTheResultMustBeABoolean() {
        SinkRecord tombstone = Fixtures.records("shop.products").get(10);
        assertTrue(matches("value == null").test(tombstone));
        DataException none = assertThrows(DataException.class, () -> matches("value?.op").test(tombstone));
        assertTrue(none.getMessage().startsWith("ExpressionMatches: the expression 'value?.op' gave null, not a boolean"),
                none.getMessage());
        SinkRecord ada = Fixtures.records("shop.customers").get(0);
        DataException failed = assertThrows(DataException.class, () -> matches("value.after.email.toLong() > 1")
                .test(ada));
        assertTrue(failed.getMessage().contains("failed") && failed.getMessage().contains("[topic 'pg.shop.customers'"),
                failed.getMessage());
        for (Throwable t = failed; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("ada@example.com"), t.toString());
        }
    }

    @Test
    void configurationMistakesTheSandboxAndTheDeadline() {
        assertTrue(assertThrows(ConfigException.class, () -> matches("Thread.start { }")).getMessage()
                .contains("expression"));
        assertThrows(ConfigException.class, () -> matches("value.op =="));
        assertThrows(ConfigException.class, () -> new ExpressionMatches<SinkRecord>().configure(Map.of()));
        assertTrue(matches("value.getClass() != null", "sandbox", "false").test(Fixtures.records().get(0)));
        assertTrue(assertThrows(DataException.class, () -> matches("while (true) { }; true",
                "expression.timeout.ms", "10").test(Fixtures.records().get(0))).getMessage().contains("10 ms"));
    }
}
