package io.cdckit.smt.routing;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cdckit.smt.routing.OperationFilterTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionRouterTest {

    static ExpressionRouter<SinkRecord> router(String... kv) {
        ExpressionRouter<SinkRecord> t = new ExpressionRouter<>();
        t.configure(props(kv));
        return t;
    }

    @Test
    void theTopicTheExpressionGivesOrItsOwnForNull() {
        ExpressionRouter<SinkRecord> byTable = router("topic.expression",
                "value.op == 'd' ? 'deleted.' + value.source.table : null");
        int moved = 0;
        for (SinkRecord r : Fixtures.records()) {
            SinkRecord out = byTable.apply(r);
            if (r.value() != null && OperationFilterTest.ops(List.of(r)).get(0).equals("d")) {
                assertEquals("deleted." + r.topic().substring("pg.shop.".length()), out.topic());
                SinkRecord expected = r.newRecord(out.topic(), r.kafkaPartition(), r.keySchema(), r.key(),
                        r.valueSchema(), r.value(), r.timestamp(), r.headers());
                Differential.assertSameRecord(expected, out, "all but the topic as it came");
                moved++;
            } else {
                assertSame(r, out);
            }
        }
        assertTrue(moved > 0);
        SinkRecord insert = Fixtures.schemalessRecords().get(4);
        assertEquals("pg.shop.products.c", router("topic.expression", "topic + '.' + value.op").apply(insert).topic(),
                "schemaless Map values the same way");
        assertSame(insert, router("topic.expression", "topic").apply(insert), "its own topic: the record as it is");
    }

    @Test
    void aGStringTopicAndHeaders() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("tenant", "acme");
        SinkRecord r = new SinkRecord("orders", 3, null, null, null, Map.of("op", "c"), 7, 42L,
                TimestampType.CREATE_TIME, headers);
        SinkRecord out = router("topic.expression", "\"${header.tenant.value}.${topic}\"").apply(r);
        assertEquals("acme.orders", out.topic());
        assertEquals(3, out.kafkaPartition());
        assertEquals(42L, out.timestamp());
        assertEquals("acme", out.headers().lastWithName("tenant").value());
    }

    @Test
    void nullHandlingModesAndOtherTopics() {
        SinkRecord t = Fixtures.records("shop.products").get(10);
        assertSame(t, router("topic.expression", "value.op").apply(t), "keep: unevaluated");
        assertNull(router("topic.expression", "'x'", "null.handling.mode", "drop").apply(t));
        assertEquals("pg.shop.products.tombstones", router("topic.expression",
                "value == null ? topic + '.tombstones' : null", "null.handling.mode", "evaluate").apply(t).topic());
        ExpressionRouter<SinkRecord> customers = router("topic.expression", "'vip.' + value.after.email",
                "topic.regex", ".*customers");
        SinkRecord product = Fixtures.records("shop.products").get(0);
        assertSame(product, customers.apply(product));
        assertEquals("vip.ada@example.com".replace('@', '-'), router("topic.expression",
                "('vip.' + value.after.email).replace('@', '-')", "topic.regex", ".*customers")
                .apply(Fixtures.records("shop.customers").get(0)).topic());
    }

    @Test
    void aResultThatIsNotATopicIsADataErrorWithoutItsValue() {
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        DataException number = assertThrows(DataException.class,
                () -> router("topic.expression", "value.after.id").apply(r));
        assertTrue(number.getMessage().contains("gave a java.lang.Integer, not a topic name"), number.getMessage());
        DataException illegal = assertThrows(DataException.class,
                () -> router("topic.expression", "'vip/' + value.after.email").apply(r));
        assertTrue(illegal.getMessage().contains("has a character Kafka refuses"), illegal.getMessage());
        assertFalse(illegal.getMessage().contains("ada@example.com"), illegal.getMessage());
        DataException empty = assertThrows(DataException.class, () -> router("topic.expression", "''").apply(r));
        assertTrue(empty.getMessage().contains("empty topic name"), empty.getMessage());
        assertTrue(empty.getMessage().startsWith("ExpressionRouter: the topic.expression '''' gave a result that"),
                empty.getMessage());
    }

    @Test
    void configurationMistakesNameTheKey() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> router("topic.expression", "'x'.execute()"));
        assertTrue(refused.getMessage().contains("topic.expression") && refused.getMessage().contains("execute"),
                refused.getMessage());
        assertThrows(ConfigException.class, () -> router("condition", "true"), "the router's key is topic.expression");
    }

    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new ExpressionRouter<>();
        }

        @Override
        protected Map<String, String> config() {
            // the customers' events have no code: refused; records without an op keep their topic
            return props("topic.expression", "op == null ? null : topic + '.' + op + (after?.get('code') ? '' : '')");
        }

        @Override
        protected List<SinkRecord> records() {
            return Fixtures.records().stream().filter(r -> r.value() != null).limit(10).toList();
        }

        @Override
        protected List<SinkRecord> badRecords() {
            return List.of(Fixtures.records("shop.customers").get(0));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("topic.expression", "new File('x')", "language", "jsr223.python",
                    "expression.timeout.ms", "600000");
        }
    }
}
