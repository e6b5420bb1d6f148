package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is lost in a real Connect worker whose {@code plugin.path} holds the built cdckit-smt-core
 * archive: 10,000 keyed records (each key once), 1% of them poison that a cdckit transform rejects
 * with a {@code DataException}, go through a chain of three cdckit transforms with
 * {@code errors.tolerance=all}.
 * <ul>
 *   <li>Sink side ({@code FieldMapper}, {@code TimestampNormalizer}, {@code FieldMapper}, with a dead
 *   letter queue): the keys in are exactly the keys out and the keys in the queue, disjoint; the
 *   queue holds exactly the poison records, and its error headers name {@code TimestampNormalizer}
 *   and carry none of the PII planted in the poison records.</li>
 *   <li>Source side ({@code FieldMapper}, {@code TimestampNormalizer}, {@code FieldMapper}; sources
 *   have no dead letter queue): records in = records in the topic + skipped, the skipped counted by
 *   Connect ({@code total-records-skipped}) and by the failing transform ({@code records-failed-total}).</li>
 *   <li>On both, each transform's metrics add up (in = out + dropped + failed) and each link of the
 *   chain holds (a transform's out is the next one's in).</li>
 * </ul>
 * cdckit's plugin metrics exist on Kafka 4.1+ only (they need {@code Monitorable}; the {@code -kafka39}
 * archive's plugins do not register any): there the metric assertions run, on Kafka 3.9 only
 * Connect's own task metrics are asserted.
 */
class NothingLostIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int RECORDS = 10_000;
    static final int POISON = RECORDS / 100;
    static final long SEED = 20261202L;
    /** In every field of every poison record, and nowhere else: a stand-in for PII. */
    static final String PII_MARKER = "pii-marker.example";

    static final String MAPPER = "io.cdckit.smt.mapping.FieldMapper$Value";
    static final String NORMALIZER = "io.cdckit.smt.time.TimestampNormalizer$Value";

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive(FieldMapperPipelineIT.SMT_CORE_ARCHIVE_PROPERTY)));

    static final Schema KEY = SchemaBuilder.struct().name("shop.orders.Key")
            .field("id", Schema.INT64_SCHEMA).build();
    static final Schema VALUE = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("amount", Schema.STRING_SCHEMA)
            .field("created", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
            .build();

    /** The records, in produce order. */
    static final List<SinkRecord> INPUT = new ArrayList<>();
    /** The poison records' ids. */
    static final Set<Long> POISONED = new TreeSet<>();
    /** Every record by id. */
    static final Map<Long, Struct> BY_ID = new HashMap<>();

    @BeforeAll
    static void generate() {
        Random random = new Random(SEED);
        Set<Long> ids = new HashSet<>();
        while (ids.size() < RECORDS) {
            ids.add(1 + (long) random.nextInt(Integer.MAX_VALUE));
        }
        List<Long> order = new ArrayList<>(ids);
        order.sort(null);
        Collections.shuffle(order, random);
        Set<Integer> poisonAt = new HashSet<>();
        while (poisonAt.size() < POISON) {
            poisonAt.add(random.nextInt(RECORDS));
        }
        long base = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < RECORDS; i++) {
            long id = order.get(i);
            Struct value = new Struct(VALUE).put("id", id);
            if (poisonAt.contains(i)) {
                // not a number for FieldMapper's cast, not a date-time for TimestampNormalizer
                String pii = "ada.lovelace." + id + "@" + PII_MARKER;
                value.put("email", pii).put("amount", pii).put("created", pii);
                POISONED.add(id);
            } else {
                value.put("email", "customer" + id + "@shop.example")
                        .put("amount", BigDecimal.valueOf(random.nextInt(1_000_000), 2).toPlainString())
                        .put("created", Instant.ofEpochMilli(base + random.nextInt(1_000_000_000)).toString());
            }
            BY_ID.put(id, value);
            INPUT.add(new SinkRecord("orders", 0, KEY, new Struct(KEY).put("id", id), VALUE, value, i));
        }
        assertEquals(RECORDS, BY_ID.size(), "each key once");
        assertEquals(POISON, POISONED.size());
    }

    // ---------------------------------------------------------------- the sink side

    @Test
    void sinkEveryKeyIsInTheOutputOrInTheDeadLetterQueueAndTheQueueHoldsNoPii() {
        Map<String, String> chain = new LinkedHashMap<>();
        chain.put("transforms", "map,norm,cast");
        chain.put("transforms.map.type", MAPPER);
        chain.put("transforms.map.rename", "email:mail");
        chain.put("transforms.norm.type", NORMALIZER);
        chain.put("transforms.norm.target.type", "epoch-ms");
        chain.put("transforms.cast.type", MAPPER);
        chain.put("transforms.cast.cast", "amount:float64");
        SinkRun run = SinkRun.of(CONNECT.runtime(), "lost-sink", INPUT, chain, POISON);

        Map<Long, DecodedRecord> out = byId(run.out());
        Map<Long, ConsumerRecord<byte[], byte[]>> dlq = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : run.deadLetters()) {
            long id = ((Struct) ConnectRuntime.decode(r, true).key).getInt64("id");
            assertNull(dlq.put(id, r), "key " + id + " once in the dead letter queue");
        }
        // keys in = keys out + keys in the queue, disjoint, exactly
        assertEquals(RECORDS, run.out().size() + run.deadLetters().size(), "records in = out + dead letters");
        assertEquals(RECORDS - POISON, out.size());
        Set<Long> outAndDlq = new HashSet<>(out.keySet());
        outAndDlq.retainAll(dlq.keySet());
        assertEquals(Set.of(), outAndDlq, "no key both out and in the dead letter queue");
        Set<Long> union = new HashSet<>(out.keySet());
        union.addAll(dlq.keySet());
        assertEquals(BY_ID.keySet(), union, "every key is out or in the dead letter queue");
        assertEquals(POISONED, new TreeSet<>(dlq.keySet()), "the queue holds the poison records, each of them");

        for (Map.Entry<Long, DecodedRecord> e : out.entrySet()) {
            Struct in = BY_ID.get(e.getKey());
            Struct v = (Struct) e.getValue().value;
            assertEquals(in.get("email"), v.get("mail"), "renamed by map");
            assertEquals(Instant.parse(in.getString("created")).toEpochMilli(), v.get("created"), "by norm");
            assertEquals(Double.parseDouble(in.getString("amount")), v.get("amount"), "cast by cast");
        }
        for (ConsumerRecord<byte[], byte[]> r : dlq.values()) {
            DecodedRecord d = ConnectRuntime.decode(r, true);
            long id = ((Struct) d.key).getInt64("id");
            assertEquals(BY_ID.get(id), d.value, "the dead letter is the record as the sink read it");
            assertTrue(new String(r.value(), StandardCharsets.UTF_8).contains(PII_MARKER), "the PII travels in it");
            Map<String, String> h = ConnectRuntime.headers(r);
            assertEquals("TRANSFORMATION", h.get("__connect.errors.stage"), h.toString());
            assertEquals(NORMALIZER, h.get("__connect.errors.class.name"), h.toString());
            assertEquals("lost-sink", h.get("__connect.errors.topic"), h.toString());
            String message = h.get("__connect.errors.exception.message");
            assertNotNull(message, h.toString());
            assertTrue(message.startsWith("TimestampNormalizer.Value: ") && message.contains("'created'")
                    && message.contains("not an ISO-8601 date-time"), message);
            assertNotNull(h.get("__connect.errors.exception.stacktrace"), h.toString());
            h.forEach((name, text) -> {
                assertTrue(name.startsWith("__connect.errors."), "only Connect's error context: " + name);
                assertFalse(text != null && text.contains(PII_MARKER), "header " + name + " holds PII");
            });
        }

        if (WorkerMetrics.pluginMetricsSupported()) {
            assertChainAddsUp(List.of(run.transform("map"), run.transform("norm"), run.transform("cast")),
                    "norm", out.size());
        }
    }

    // ---------------------------------------------------------------- the source side

    @Test
    void sourceRecordsInAreTheTopicsRecordsAndTheSkippedCountedByConnectAndTheTransform() throws Exception {
        ConnectRuntime connect = CONNECT.runtime();
        String topic = "lost-source";
        connect.createTopic(topic);
        List<RecordLines.Line> lines = INPUT.stream()
                .map(r -> new RecordLines.Line(topic, r.keySchema(), r.key(), r.valueSchema(), r.value())).toList();
        Path file = connect.workDir().resolve("lost-source.jsonl");
        RecordLines.write(file, lines);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ReplaySourceConnector.FILE, file.toString());
        config.put("errors.tolerance", "all");
        config.put("transforms", "cast,norm,map");
        config.put("transforms.cast.type", MAPPER);
        config.put("transforms.cast.cast", "amount:float64");
        config.put("transforms.norm.type", NORMALIZER);
        config.put("transforms.norm.target.type", "epoch-ms");
        config.put("transforms.map.type", MAPPER);
        config.put("transforms.map.rename", "email:mail");
        connect.deploy("replay", config);
        connect.awaitRunning("replay", 1);

        // Connect has polled every record, and each of them is in the topic or skipped
        TestUtils.waitForCondition(() -> taskMetric("source-task-metrics", "source-record-poll-total") == RECORDS
                && endOffset(topic) + taskMetric(WorkerMetrics.TASK_ERRORS, WorkerMetrics.RECORDS_SKIPPED) == RECORDS,
                TIMEOUT.toMillis(), "the source task did not account for every record");
        long skipped = (long) taskMetric(WorkerMetrics.TASK_ERRORS, WorkerMetrics.RECORDS_SKIPPED);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(topic, (int) endOffset(topic), TIMEOUT);
        assertEquals(RECORDS, records.size() + skipped, "records in = records in the topic + skipped");
        assertEquals(POISON, skipped, "Connect skipped the poison records");
        assertEquals(POISON, taskMetric(WorkerMetrics.TASK_ERRORS, WorkerMetrics.RECORD_FAILURES));

        Map<Long, DecodedRecord> out = byId(records.stream().map(r -> ConnectRuntime.decode(r, true)).toList());
        Set<Long> expected = new HashSet<>(BY_ID.keySet());
        expected.removeAll(POISONED);
        assertEquals(expected, out.keySet(), "every record but the poison ones is in the topic, once");
        for (Map.Entry<Long, DecodedRecord> e : out.entrySet()) {
            Struct in = BY_ID.get(e.getKey());
            Struct v = (Struct) e.getValue().value;
            assertEquals(Double.parseDouble(in.getString("amount")), v.get("amount"), "cast by cast");
            assertEquals(Instant.parse(in.getString("created")).toEpochMilli(), v.get("created"), "by norm");
            assertEquals(in.get("email"), v.get("mail"), "renamed by map");
        }

        if (WorkerMetrics.pluginMetricsSupported()) {
            List<WorkerMetrics.PluginMBean> chain = List.of(WorkerMetrics.plugin("replay", "transformation", "cast"),
                    WorkerMetrics.plugin("replay", "transformation", "norm"),
                    WorkerMetrics.plugin("replay", "transformation", "map"));
            assertEquals(skipped, (long) chain.get(0).number("records-failed-total"),
                    "cdckit's count of the failed records agrees with Connect's skipped");
            assertChainAddsUp(chain, "cast", out.size());
        }
        connect.awaitRunning("replay", 1);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The chain's plugin metrics add up: the first transform was given every record, each
     * transform's in = out + dropped + failed, each one's out is the next one's in, only
     * {@code failing} failed (on the poison records) and the last one's out reached the end.
     */
    private static void assertChainAddsUp(List<WorkerMetrics.PluginMBean> chain, String failing, long reached) {
        assertEquals(RECORDS, (long) chain.get(0).number("records-in-total"), chain.get(0).toString());
        for (int i = 0; i < chain.size(); i++) {
            WorkerMetrics.PluginMBean m = chain.get(i);
            String alias = m.tags().get("transformation");
            long in = (long) m.number("records-in-total");
            long transformOut = (long) m.number("records-out-total");
            long dropped = (long) m.number("records-dropped-total");
            long failed = (long) m.number("records-failed-total");
            assertEquals(in, transformOut + dropped + failed, alias + ": in = out + dropped + failed: " + m);
            assertEquals(alias.equals(failing) ? POISON : 0, failed, alias + " failed: " + m);
            assertEquals(0, dropped, alias + " dropped: " + m);
            if (i + 1 < chain.size()) {
                assertEquals(transformOut, (long) chain.get(i + 1).number("records-in-total"),
                        alias + "'s out is the next transform's in: " + chain.get(i + 1));
            } else {
                assertEquals(reached, transformOut, alias + "'s out is what came out of the chain");
            }
        }
    }

    /** The records by their key's id, each id at most once. */
    private static Map<Long, DecodedRecord> byId(List<DecodedRecord> records) {
        Map<Long, DecodedRecord> out = new HashMap<>();
        for (DecodedRecord r : records) {
            long id = ((Struct) r.key).getInt64("id");
            assertNull(out.put(id, r), "key " + id + " once");
        }
        return out;
    }

    /** A metric of the replaying source's task, -1 while the task has not registered it. */
    private static double taskMetric(String group, String metric) {
        WorkerMetrics.TaskMBean m = WorkerMetrics.task(group, "replay", 0);
        return m.values().get(metric) instanceof Number ? m.number(metric) : -1;
    }

    /** The end offset of the topic's single partition. */
    private static long endOffset(String topic) throws Exception {
        try (Admin admin = CONNECT.runtime().kafka().createAdminClient()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        }
    }
}
