package io.cdckit.smt.enrich;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topic source while its broker is down, on a broker of its own (this test stops it): the
 * table is served as last read, a warning says the topic cannot be read, and once the broker is
 * back the consumer follows the topic again.
 *
 * <p>Kafka 3.9's embedded cluster brings a restarted broker back on another port (4.x keeps the
 * port), which no configured client can find again, as a real broker moved to a new address would
 * not be found. There the test checks what a source can do about a broker that never comes back
 * where it was: the table is still served, and the outage is still reported.
 */
class TopicSourceOutageTest {

    private static final Schema ORDER = SchemaBuilder.struct().field("customer_id", Schema.INT32_SCHEMA).build();
    private static final long WAIT_MS = 60_000;

    private static ReferenceTopics kafka;

    @BeforeAll
    static void startKafka() {
        kafka = ReferenceTopics.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String tier(Lookup<SinkRecord> t, int customer) {
        Struct value = new Struct(ORDER).put("customer_id", customer);
        Struct found = ((Struct) t.apply(new SinkRecord("orders", 0, null, null, ORDER, value, 0)).value())
                .getStruct("customer");
        return found == null ? null : found.getString("tier");
    }

    @Test
    void aBrokerOutageKeepsTheTableAndTheConsumerComesBack() throws InterruptedException {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", "{\"tier\":\"gold\"}");
        Lookup<SinkRecord> t = new Lookup.Value<>();
        try (LogCapture logs = LogCapture.start()) {
            t.configure(Map.of("source", "topic", "key.fields", "customer_id", "target.field", "customer",
                    "stats.interval.ms", "0",
                    TopicSource.NAME, topic,
                    TopicSource.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    TopicSource.COLUMNS, "tier:string",
                    TopicSource.CHECK_INTERVAL_MS, "200",
                    TopicSource.CONSUMER_PREFIX + "default.api.timeout.ms", "1500",
                    TopicSource.CONSUMER_PREFIX + "request.timeout.ms", "1000"));
            assertEquals("gold", tier(t, 7));

            kafka.kafka().stopOnlyBrokers();
            assertEquals("gold", tier(t, 7), "served while the broker is down");
            TestUtils.waitForCondition(() -> logs.warnings().stream().anyMatch(w -> w.contains("cannot read topic '"
                    + topic + "'") && w.contains("the table stays as last read")), WAIT_MS, "a warning of the outage");
            assertEquals("gold", tier(t, 7), "still served after the consumer failed");

            String before = kafka.bootstrapServers();
            kafka.kafka().restartOnlyBrokers();
            if (!kafka.bootstrapServers().equals(before)) { // Kafka 3.9's test kit: the broker has a new port
                assertEquals("gold", tier(t, 7), "still served: the broker is gone from its address");
                assertTrue(logs.warnings().stream().anyMatch(w -> w.contains("the table stays as last read")));
                return;
            }
            kafka.send(topic, "7", "{\"tier\":\"platinum\"}");
            TestUtils.waitForCondition(() -> "platinum".equals(tier(t, 7)), WAIT_MS, "the update after the outage");
            TestUtils.waitForCondition(() -> logs.lines().stream().anyMatch(l -> l.startsWith("INFO ")
                    && l.contains("reading topic '" + topic + "' again")), WAIT_MS, "the end of the outage logged");
            for (String w : logs.warnings()) {
                assertFalse(w.contains("gold") || w.contains("platinum"), "no value in a warning: " + w);
            }
            assertTrue(logs.warnings().stream().noneMatch(w -> w.contains("skipped the record")), logs.warnings()
                    .toString());
        } finally {
            t.close();
        }
    }
}
