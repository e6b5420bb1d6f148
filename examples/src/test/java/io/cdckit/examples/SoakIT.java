package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A soak test, not part of the default build; it runs under the {@code soak} profile:
 * <pre>
 * mvn -B verify -pl examples -am -Psoak -Dcdckit.soak.minutes=10 -Dtest=none -Dit.test=SoakIT \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A steady {@value #RATE} records/s of recorded Debezium change events
 * ({@link BenchCorpus}) through the cdckit chain on a sink connector in a real Connect worker, for
 * {@code cdckit.soak.minutes} minutes (default 10), sampling every {@value #SAMPLE_SECONDS} s the
 * JVM's used heap after a {@code System.gc()} (the whole JVM: broker, worker and plugins) and each
 * transform's {@code plan-cache-size} plugin metric (Kafka 4.1+; on 3.9 the heap only).
 *
 * <p>After a warm-up of the first {@value #WARMUP} samples it asserts that nothing grows: every
 * plan cache's size is the same in every later sample (the input has a fixed set of schemas), and
 * the last heap sample is at most {@value #HEAP_FACTOR} x the smallest later sample + 32 MB. The
 * factor and the slack are a bound for "no leak", not a tuning target: a leak of even a few hundred
 * bytes a record (240,000 records a 2-minute run, 1.2 million in 10 minutes) passes it within a few
 * minutes, while the collector's normal variation between two samples (tenured garbage the full GC
 * has not reclaimed yet, the broker's buffers) stays well under it. It also asserts that every
 * record produced reached the sink, exactly once.
 */
class SoakIT {

    static final int RATE = 2_000;
    static final int BATCHES_PER_SECOND = 10;
    static final int SAMPLE_SECONDS = 30;
    static final int WARMUP = 2;
    static final double HEAP_FACTOR = 1.25;
    static final long HEAP_SLACK = 32L << 20;
    /** The records cycled through: one second's worth, with unique keys. */
    static final int POOL = RATE;

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive("cdckit.demo.unwrap.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.smtcore.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.masking.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.routing.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.enrich.archive"))
            .pluginArchive(ConnectRuntime.archive("cdckit.examples.converters.archive")));

    /** One sample: seconds since the load started, records the sink had, used heap, plan cache sizes by alias. */
    record Sample(long seconds, long sinkRecords, long heapUsed, Map<String, Long> planCaches) {
    }

    @Test
    void steadyLoadThroughTheCdckitChainGrowsNoHeapAndNoPlanCache() throws Exception {
        int minutes = Integer.parseInt(System.getProperty("cdckit.soak.minutes", "10"));
        long total = (long) RATE * minutes * 60;
        ConnectRuntime connect = CONNECT.runtime();
        BenchCorpus.TOPICS.forEach(connect::createTopic);

        List<ProducerRecord<byte[], byte[]>> pool = new ArrayList<>(POOL);
        for (SinkRecord r : BenchCorpus.repeated(BenchCorpus.events(), POOL)) {
            pool.add(new ProducerRecord<>(r.topic(), JsonRecords.encode(r.topic(), true, r.keySchema(), r.key()),
                    JsonRecords.encode(r.topic(), false, r.valueSchema(), r.value())));
        }

        String name = "soak";
        CountingSinkConnector.Run run = CountingSinkConnector.register(name, total);
        Map<String, String> config = CountingSinkConnector.config(name, String.join(",", BenchCorpus.TOPICS));
        config.putAll(BenchCorpus.chain(BenchCorpus.CDCKIT, BenchCorpus.tiersCsv(connect.workDir())));
        connect.deploy(name, config);
        connect.awaitRunning(name, 1);

        List<Sample> samples = new CopyOnWriteArrayList<>();
        AtomicReference<Exception> sendError = new AtomicReference<>();
        CompletableFuture<Void> produced = new CompletableFuture<>();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
            AtomicLong sent = new AtomicLong();
            int batch = RATE / BATCHES_PER_SECOND;
            ScheduledFuture<?> load = timer.scheduleAtFixedRate(() -> {
                try {
                    for (int i = 0; i < batch && sent.get() < total; i++) {
                        producer.send(pool.get((int) (sent.getAndIncrement() % POOL)), (m, e) -> {
                            if (e != null) {
                                sendError.compareAndSet(null, e);
                            }
                        });
                    }
                    if (sent.get() >= total) {
                        producer.flush();
                        produced.complete(null);
                    }
                } catch (RuntimeException e) {
                    produced.completeExceptionally(e);
                }
            }, 0, 1000 / BATCHES_PER_SECOND, TimeUnit.MILLISECONDS);
            int expectedSamples = minutes * 60 / SAMPLE_SECONDS;
            CountDownLatch sampled = new CountDownLatch(expectedSamples);
            ScheduledFuture<?> sampler = timer.scheduleAtFixedRate(() -> {
                samples.add(sample((System.nanoTime() - start) / 1_000_000_000L, run.count(), name));
                sampled.countDown();
            }, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
            produced.get(minutes + 5L, TimeUnit.MINUTES);
            load.cancel(false);
            assertTrue(run.await(Duration.ofMinutes(5)), () -> "the sink saw " + run.count() + " of " + total
                    + " records; status: " + connect.status(name));
            // the last sample is due when the load ends: wait for it, so that the whole duration is sampled
            assertTrue(sampled.await(2L * SAMPLE_SECONDS, TimeUnit.SECONDS), "took " + samples.size() + " of "
                    + expectedSamples + " samples");
            sampler.cancel(false);
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(1, TimeUnit.MINUTES);
        }
        assertNull(sendError.get(), "every record was sent");
        connect.awaitSinkCaughtUp(name, Duration.ofMinutes(2), BenchCorpus.TOPICS.toArray(String[]::new));
        assertEquals(total, run.count(), "every record reached the sink, once");

        print(samples, total, minutes);
        assertTrue(samples.size() > WARMUP, "at least one sample after the warm-up (" + samples.size()
                + " samples): run for 2 minutes or more");
        List<Sample> steady = samples.subList(WARMUP, samples.size());
        if (WorkerMetrics.pluginMetricsSupported()) {
            assertTrue(!steady.get(0).planCaches().isEmpty(), "the chain's transforms report plan-cache-size");
            for (String alias : steady.get(0).planCaches().keySet()) {
                assertEquals(1, steady.stream().map(s -> s.planCaches().get(alias)).distinct().count(),
                        "plan-cache-size of " + alias + " is constant after the warm-up: " + samples);
            }
        }
        long min = steady.stream().mapToLong(Sample::heapUsed).min().orElseThrow();
        long last = steady.get(steady.size() - 1).heapUsed();
        assertTrue(last <= HEAP_FACTOR * min + HEAP_SLACK, String.format("used heap grew: last %d MB, post-warm-up "
                + "minimum %d MB, bound %.2f x minimum + 32 MB", last >> 20, min >> 20, HEAP_FACTOR));
    }

    private static Sample sample(long seconds, long sinkRecords, String connector) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        Map<String, Long> caches = new TreeMap<>();
        if (WorkerMetrics.pluginMetricsSupported()) {
            for (WorkerMetrics.PluginMBean m : WorkerMetrics.plugins(connector)) {
                String alias = m.tags().get("transformation");
                if (alias != null && m.values().get("plan-cache-size") instanceof Number) {
                    caches.put(alias, (long) m.number("plan-cache-size"));
                }
            }
        }
        return new Sample(seconds, sinkRecords, heap, caches);
    }

    private static void print(List<Sample> samples, long total, int minutes) {
        TreeSet<String> aliases = new TreeSet<>();
        samples.forEach(s -> aliases.addAll(s.planCaches().keySet()));
        StringBuilder t = new StringBuilder(String.format("%nSoakIT: %,d records/s for %d min (%,d records) through "
                + "the cdckit chain; used heap after System.gc(); plan-cache-size per transform%n", RATE, minutes, total));
        t.append(String.format("%6s %12s %9s", "t (s)", "sink recs", "heap MB"));
        aliases.forEach(a -> t.append(String.format(" %8s", a)));
        t.append(String.format("%n"));
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            t.append(String.format("%6d %,12d %9d", s.seconds(), s.sinkRecords(), s.heapUsed() >> 20));
            aliases.forEach(a -> t.append(String.format(" %8s", s.planCaches().getOrDefault(a, -1L))));
            t.append(i < WARMUP ? "   (warm-up)" : "").append(String.format("%n"));
        }
        System.out.println(t);
    }
}
