package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throughput measurement, not part of the default build; it runs under the {@code pipeline-bench}
 * profile:
 * <pre>
 * mvn -B verify -pl examples -am -Ppipeline-bench -Dtest=none -Dit.test=PipelineThroughputIT \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * 100,000 recorded Debezium change events ({@link BenchCorpus})
 * through three sink connectors in one real Connect worker, one after another, each with its own
 * consumer group: no transforms, the cdckit chain and the Debezium + Kafka chain
 * ({@link BenchCorpus#chain}), all with the cdckit plugins loaded from their archives on
 * {@code plugin.path} and Debezium's and Kafka's transforms from the class path.
 *
 * <p>One warm-up round, then {@value #ROUNDS} rounds alternating the three chains; a run's
 * throughput is records / (the time from the connector's deploy to the last record the
 * {@link CountingSinkConnector} sees). It prints the median, min and max per chain and the ratios;
 * it asserts only that every run saw exactly every record (times depend on the machine).
 */
class PipelineThroughputIT {

    static final int RECORDS = 100_000;
    static final int ROUNDS = 3;
    static final Duration RUN_DEADLINE = Duration.ofMinutes(10);
    static final Duration CAUGHT_UP = Duration.ofMinutes(2);

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive("cdckit.demo.unwrap.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.smtcore.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.masking.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.routing.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.enrich.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.converters.archive")));

    @Test
    void throughputOfTheChainsOverTheSameInput() throws Exception {
        ConnectRuntime connect = CONNECT.runtime();
        List<SinkRecord> records = BenchCorpus.repeated(BenchCorpus.events(), RECORDS);
        long produceStart = System.nanoTime();
        for (String topic : BenchCorpus.TOPICS) {
            connect.createTopic(topic);
            connect.produce(topic, records.stream().filter(r -> topic.equals(r.topic())).toList());
        }
        System.out.printf("produced %,d records to %s in %.1f s%n", RECORDS, BenchCorpus.TOPICS,
                (System.nanoTime() - produceStart) / 1e9);
        Path tiers = BenchCorpus.tiersCsv(connect.workDir());
        long deletes = BenchCorpus.deletes(records);

        List<String> chains = List.of(BenchCorpus.NONE, BenchCorpus.CDCKIT, BenchCorpus.PEERS);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        chains.forEach(c -> rates.put(c, new ArrayList<>()));
        for (int round = 0; round <= ROUNDS; round++) {
            for (int i = 0; i < chains.size(); i++) {
                String chain = chains.get(i);
                CountingSinkConnector.Run run = run(connect, "bench-" + i + "-round-" + round, chain, tiers);
                if (BenchCorpus.CDCKIT.equals(chain)) {
                    long routed = run.byTopic().entrySet().stream()
                            .filter(e -> e.getKey().endsWith(BenchCorpus.DELETES_SUFFIX))
                            .mapToLong(Map.Entry::getValue).sum();
                    assertEquals(deletes, routed, "OperationRouter sent every delete to a deletes topic");
                }
                if (round > 0) {
                    rates.get(chain).add(run.recordsPerSecond());
                }
            }
        }
        print(rates);
    }

    /** One run of a chain: deploy, wait for every record, check the count, delete. */
    private static CountingSinkConnector.Run run(ConnectRuntime connect, String name, String chain, Path tiers)
            throws InterruptedException {
        CountingSinkConnector.Run run = CountingSinkConnector.register(name, RECORDS);
        Map<String, String> config = CountingSinkConnector.config(name, String.join(",", BenchCorpus.TOPICS));
        config.putAll(BenchCorpus.chain(chain, tiers));
        run.start();
        connect.deploy(name, config);
        try {
            awaitAll(connect, name, chain, run);
            connect.awaitSinkCaughtUp(name, CAUGHT_UP, BenchCorpus.TOPICS.toArray(String[]::new));
            assertEquals(RECORDS, run.count(), name + " (" + chain + ") saw every record exactly once");
        } finally {
            connect.delete(name);
            TestUtils.waitForCondition(() -> !listed(connect.get("connectors"), name), CAUGHT_UP.toMillis(),
                    name + " was not deleted");
        }
        return run;
    }

    /** Waits for the run's last record; fails at once when the task has failed, else at the deadline. */
    static void awaitAll(ConnectRuntime connect, String name, String chain, CountingSinkConnector.Run run)
            throws InterruptedException {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        while (!run.await(Duration.ofSeconds(5))) {
            JsonNode status = connect.status(name);
            boolean failed = false;
            for (JsonNode task : status.path("tasks")) {
                failed |= "FAILED".equals(task.path("state").asText());
            }
            if (failed || System.nanoTime() > deadline) {
                throw new AssertionError(name + " (" + chain + ") saw " + run.count() + " of " + RECORDS
                        + " records; status: " + status);
            }
        }
    }

    private static boolean listed(JsonNode connectors, String name) {
        for (JsonNode n : connectors) {
            if (name.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private static void print(Map<String, List<Double>> rates) {
        Map<String, Double> median = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nPipelineThroughputIT: %,d records a run, median of %d rounds after a warm-up round"
                + " (records / time from deploy to last record)%n", RECORDS, ROUNDS));
        t.append(String.format("%-20s %14s %24s%n", "chain", "median rec/s", "min..max rec/s"));
        rates.forEach((chain, r) -> {
            List<Double> sorted = r.stream().sorted().toList();
            median.put(chain, sorted.get(sorted.size() / 2));
            t.append(String.format("%-20s %,14.0f %24s%n", chain, sorted.get(sorted.size() / 2),
                    String.format("%,.0f..%,.0f", sorted.get(0), sorted.get(sorted.size() - 1))));
        });
        t.append(String.format("ratio %s / %s: %.2f%n", BenchCorpus.CDCKIT, BenchCorpus.NONE,
                median.get(BenchCorpus.CDCKIT) / median.get(BenchCorpus.NONE)));
        t.append(String.format("ratio %s / %s: %.2f%n", BenchCorpus.CDCKIT, BenchCorpus.PEERS,
                median.get(BenchCorpus.CDCKIT) / median.get(BenchCorpus.PEERS)));
        System.out.println(t);
    }
}
