package io.cdckit.testkit.connect;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.WorkerMetrics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of records through a sink's transforms in a real worker, with a dead letter queue, for
 * the "nothing is lost" checks: the records produced into a topic of their own, a
 * {@link CaptureSinkConnector} with {@code errors.tolerance=all} and the given transform settings
 * deployed, waited for until it has consumed the topic and the expected dead letters are there,
 * then deleted; what it wrote, what the queue holds and the worker's plugin metrics (read before
 * the delete).
 *
 * <pre>{@code
 * SinkRun run = SinkRun.of(CONNECT.runtime(), "mapped", Fixtures.records(),
 *         Map.of("transforms", "map", "transforms.map.type", "io.cdckit.smt.mapping.FieldMapper$Value"), 0);
 * assertEquals(corpus.size(), run.out().size() + run.deadLetters().size());
 * }</pre>
 *
 * @param out         the records the sink received, after the transforms
 * @param deadLetters the dead letter queue's records
 * @param metrics     the connector's cdckit plugin metrics (empty before Kafka 4.1)
 */
public record SinkRun(List<DecodedRecord> out, List<ConsumerRecord<byte[], byte[]>> deadLetters,
                      List<WorkerMetrics.PluginMBean> metrics) {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param name        the connector's name; the topic is {@code name}, the queue {@code name-dlq}
     * @param records     produced in order, with their key and value schemas
     * @param settings    the transforms and anything else the sink needs ({@code transforms=...})
     * @param deadLetters how many dead letters to wait for
     */
    public static SinkRun of(ConnectRuntime runtime, String name, List<SinkRecord> records,
                             Map<String, String> settings, int deadLetters) {
        String topic = name;
        runtime.createTopic(topic);
        runtime.produce(topic, records);
        Path capture = runtime.workDir().resolve(name + ".jsonl");
        Map<String, String> config = CaptureSinkConnector.config(topic, capture);
        config.putAll(CaptureSinkConnector.deadLetterQueue(name + "-dlq"));
        config.putAll(settings);
        runtime.deploy(name, config);
        runtime.awaitRunning(name, 1);
        runtime.awaitSinkCaughtUp(name, TIMEOUT, topic);
        try {
            List<DecodedRecord> out = RecordLines.read(capture);
            List<ConsumerRecord<byte[], byte[]>> dlq = runtime.consumeDeadLetters(name + "-dlq", deadLetters, TIMEOUT);
            return new SinkRun(out, dlq, WorkerMetrics.plugins(name));
        } finally {
            runtime.delete(name);
        }
    }

    /** The metrics of the transform of alias {@code alias}; fails if the worker reported none for it. */
    public WorkerMetrics.PluginMBean transform(String alias) {
        return metrics.stream().filter(m -> alias.equals(m.tags().get("transformation"))).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin metrics for transformation " + alias));
    }
}
