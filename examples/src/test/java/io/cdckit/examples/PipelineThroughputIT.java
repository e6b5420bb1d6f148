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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throughput measurement, not part of the default build; it runs under the {@code pipeline-bench}
 * profile:
 * <pre>
 * mvn -B verify -pl examples -am -Ppipeline-bench -Dtest=none -Dit.test=PipelineThroughputIT \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * 300,000 recorded Debezium change events ({@link BenchCorpus}) read by three sink connectors in one
 * real Connect worker, each with its own consumer group: no transforms, the cdckit chain and the
 * Debezium + Kafka chain ({@link BenchCorpus#chain}), with the cdckit plugins loaded from their
 * archives on {@code plugin.path} and Debezium's and Kafka's transforms from the class path.
 *
 * <p>The three run at the same time. Run one after another on a 2-core machine, the same chain's
 * throughput swung by a factor of two from one run to the next, and so did its task thread's CPU time
 * a record: what else the machine ran decided more than the chain did. Run together, the three share
 * the cores and whatever else the machine does at every moment. A round's window opens when all
 * three have seen their first record (task start and the group join are behind them) and closes
 * when the first has seen every record. Each chain's figures are over that window: records a second,
 * and its task thread's CPU time a record. One warm-up round, then {@value #ROUNDS} rounds; it prints
 * every round, the medians and the ratios, and asserts only that every chain saw exactly every record
 * (times depend on the machine).
 */
class PipelineThroughputIT {

    static final int RECORDS = 300_000;
    static final int ROUNDS = 5;
    static final Duration RUN_DEADLINE = Duration.ofMinutes(10);
    static final Duration CAUGHT_UP = Duration.ofMinutes(2);
    static final List<String> CHAINS = List.of(BenchCorpus.NONE, BenchCorpus.CDCKIT, BenchCorpus.PEERS);

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive("cdckit.demo.unwrap.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.smtcore.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.masking.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.routing.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.enrich.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.converters.archive")));

    /** One chain's figures over one round's window. */
    record Window(double recordsPerSecond, double taskCpuMicrosPerRecord) {
    }

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
        records = null; // produced and counted: let the collector have them before the rounds

        Map<String, List<Window>> windows = new LinkedHashMap<>();
        CHAINS.forEach(c -> windows.put(c, new ArrayList<>()));
        for (int round = 0; round <= ROUNDS; round++) {
            Map<String, Window> result = round(connect, round, tiers, deletes);
            for (Map.Entry<String, Window> e : result.entrySet()) {
                System.out.printf("round %d %-20s %,8.0f rec/s, task thread %5.1f us CPU a record%n", round,
                        e.getKey(), e.getValue().recordsPerSecond(), e.getValue().taskCpuMicrosPerRecord());
                if (round > 0) {
                    windows.get(e.getKey()).add(e.getValue());
                }
            }
        }
        print(windows);
    }

    /**
     * One round: deploys the three chains at once, measures the window from the moment all three have
     * started to the moment the first is done, waits for all, checks their counts, deletes them.
     */
    private static Map<String, Window> round(ConnectRuntime connect, int round, Path tiers, long deletes)
            throws InterruptedException {
        CountDownLatch anyDone = new CountDownLatch(1);
        Map<String, CountingSinkConnector.Run> runs = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < CHAINS.size(); i++) {
            String chain = CHAINS.get(i);
            String name = "bench-" + i + "-round-" + round;
            names.put(chain, name);
            runs.put(chain, CountingSinkConnector.register(name, RECORDS, anyDone));
        }
        try {
            for (String chain : CHAINS) {
                Map<String, String> config = CountingSinkConnector.config(names.get(chain),
                        String.join(",", BenchCorpus.TOPICS));
                config.putAll(BenchCorpus.chain(chain, tiers));
                connect.deploy(names.get(chain), config);
            }
            for (String chain : CHAINS) {
                await(connect, names.get(chain), chain, runs.get(chain), true);
            }
            Map<String, Mark> opened = mark(runs);
            if (!anyDone.await(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no chain of round " + round + " saw every record in " + RUN_DEADLINE);
            }
            Map<String, Mark> closed = mark(runs);

            Map<String, Window> result = new LinkedHashMap<>();
            for (String chain : CHAINS) {
                result.put(chain, opened.get(chain).windowTo(closed.get(chain)));
            }
            for (String chain : CHAINS) {
                await(connect, names.get(chain), chain, runs.get(chain), false);
                connect.awaitSinkCaughtUp(names.get(chain), CAUGHT_UP, BenchCorpus.TOPICS.toArray(String[]::new));
                assertEquals(RECORDS, runs.get(chain).count(), names.get(chain) + " (" + chain + ") saw every record"
                        + " exactly once");
            }
            long routed = runs.get(BenchCorpus.CDCKIT).byTopic().entrySet().stream()
                    .filter(e -> e.getKey().endsWith(BenchCorpus.DELETES_SUFFIX))
                    .mapToLong(Map.Entry::getValue).sum();
            assertEquals(deletes, routed, "OperationRouter sent every delete to a deletes topic");
            return result;
        } finally {
            for (String name : names.values()) {
                connect.delete(name);
            }
            for (String name : names.values()) {
                TestUtils.waitForCondition(() -> !listed(connect.get("connectors"), name), CAUGHT_UP.toMillis(),
                        name + " was not deleted");
            }
        }
    }

    /** One run's count and task CPU time at a moment. */
    record Mark(long nanos, long count, long taskCpuNanos) {
        Window windowTo(Mark later) {
            long seen = later.count - count;
            return new Window(seen * 1e9 / (later.nanos - nanos), (later.taskCpuNanos - taskCpuNanos) / 1e3 / seen);
        }
    }

    /** Marks every run at one moment (the reads take microseconds; a window lasts tens of seconds). */
    private static Map<String, Mark> mark(Map<String, CountingSinkConnector.Run> runs) {
        long now = System.nanoTime();
        Map<String, Mark> marks = new LinkedHashMap<>();
        runs.forEach((chain, run) -> marks.put(chain, new Mark(now, run.count(), run.taskCpuNanos())));
        return marks;
    }

    /**
     * Waits for the run's first record ({@code firstOnly}) or its last; fails at once when the task has
     * failed, else at the deadline.
     */
    static void await(ConnectRuntime connect, String name, String chain, CountingSinkConnector.Run run,
            boolean firstOnly) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        while (!(firstOnly ? run.awaitStarted(Duration.ofSeconds(5)) : run.await(Duration.ofSeconds(5)))) {
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

    private static void print(Map<String, List<Window>> windows) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nPipelineThroughputIT: %,d records, the three chains at once, %d rounds after a"
                + " warm-up round; figures over the window from all started to the first done%n", RECORDS, ROUNDS));
        t.append(String.format("%-20s %14s %22s %26s%n", "chain", "median rec/s", "min..max rec/s",
                "task thread CPU us/rec"));
        windows.forEach((chain, w) -> {
            List<Double> rates = sorted(w, Window::recordsPerSecond);
            List<Double> cpu = sorted(w, Window::taskCpuMicrosPerRecord);
            t.append(String.format("%-20s %,14.0f %22s %26s%n", chain, median(rates),
                    String.format("%,.0f..%,.0f", rates.get(0), rates.get(rates.size() - 1)),
                    String.format("%.1f (%.1f..%.1f)", median(cpu), cpu.get(0), cpu.get(cpu.size() - 1))));
        });
        for (String other : List.of(BenchCorpus.NONE, BenchCorpus.PEERS)) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                ratios.add(windows.get(BenchCorpus.CDCKIT).get(i).recordsPerSecond()
                        / windows.get(other).get(i).recordsPerSecond());
            }
            ratios.sort(null);
            t.append(String.format("throughput %s / %s: median of the rounds' ratios %.2f (%.2f..%.2f)%n",
                    BenchCorpus.CDCKIT, other, median(ratios), ratios.get(0), ratios.get(ratios.size() - 1)));
        }
        System.out.println(t);
    }

    private static List<Double> sorted(List<Window> windows, ToDoubleFunction<Window> measure) {
        return windows.stream().map(measure::applyAsDouble).sorted().toList();
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
