package io.cdckit.examples;

import io.cdckit.testkit.connect.TestSinkConnector;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sink that only counts, for the measurements ({@link PipelineThroughputIT}, {@link SoakIT}): the
 * worker loads it from the test class path, so the test and the task share {@link Run}s through a
 * static registry. A test {@link #register}s a run with the number of records it expects, deploys
 * the connector with {@value #RUN} naming it, and waits on {@link Run#await}; the task counts every
 * record it is handed (after the connector's transforms), per topic, notes which thread its task
 * counts on (for that thread's CPU time) and counts down the run's latches on its first record and on
 * the expected count.
 */
public class CountingSinkConnector extends TestSinkConnector {

    /** The connector (and task) setting naming the registered run. */
    public static final String RUN = "counting.run";

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public CountingSinkConnector() {
        super(CountingTask.class, new ConfigDef().define(RUN, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
                "The name of the run registered by the test."));
    }

    /** One run's counters, shared between the test and the task. */
    public static final class Run {
        private final long expected;
        private final CountDownLatch anyDone;
        private final AtomicLong count = new AtomicLong();
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch done = new CountDownLatch(1);
        private final Map<String, LongAdder> byTopic = new ConcurrentHashMap<>();
        private volatile long taskThread = -1;

        private Run(long expected, CountDownLatch anyDone) {
            this.expected = expected;
            this.anyDone = anyDone;
        }

        void add(Collection<SinkRecord> records) {
            for (SinkRecord r : records) {
                byTopic.computeIfAbsent(r.topic(), t -> new LongAdder()).increment();
            }
            long before = count.getAndAdd(records.size());
            if (before == 0) {
                taskThread = Thread.currentThread().getId();
                started.countDown();
            }
            if (before < expected && before + records.size() >= expected) {
                done.countDown();
                anyDone.countDown();
            }
        }

        /** Waits until the task has seen its first record; false when {@code deadline} passed first. */
        public boolean awaitStarted(Duration deadline) throws InterruptedException {
            return started.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits until the task has seen the expected count; false when {@code deadline} passed first. */
        public boolean await(Duration deadline) throws InterruptedException {
            return done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Whether the task has seen the expected count. */
        public boolean done() {
            return done.getCount() == 0;
        }

        /** The records seen so far. */
        public long count() {
            return count.get();
        }

        /** Records seen per topic (the topic as the transforms left it). */
        public Map<String, Long> byTopic() {
            Map<String, Long> out = new TreeMap<>();
            byTopic.forEach((t, n) -> out.put(t, n.sum()));
            return out;
        }

        /**
         * The CPU time, in nanoseconds, of the thread the task counts on: the consumer's fetch, the
         * converter, the transforms and this count, without the broker, the collector or anything else
         * in the JVM; -1 before the first record or once the thread has ended.
         */
        public long taskCpuNanos() {
            long thread = taskThread;
            return thread < 0 ? -1 : THREADS.getThreadCpuTime(thread);
        }
    }

    /** Registers a run; its name goes in the connector's {@value #RUN} setting. */
    public static Run register(String name, long expected) {
        return register(name, expected, new CountDownLatch(1));
    }

    /**
     * Registers a run that also counts {@code anyDone} down when it reaches its expected count, for a
     * test that runs several at once and waits for the first to finish.
     */
    public static Run register(String name, long expected, CountDownLatch anyDone) {
        Run run = new Run(expected, anyDone);
        if (RUNS.putIfAbsent(name, run) != null) {
            throw new IllegalStateException("run " + name + " is registered already");
        }
        return run;
    }

    /** A mutable config of this sink reading {@code topics} for the registered run {@code run}, one task. */
    public static Map<String, String> config(String run, String topics) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("connector.class", CountingSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topics);
        c.put(RUN, run);
        return c;
    }

    /** Counts into the registered run. */
    public static class CountingTask extends SinkTask {
        private Run run;

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
            run = RUNS.get(props.get(RUN));
            if (run == null) {
                throw new IllegalStateException("no run registered as " + props.get(RUN));
            }
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (!records.isEmpty()) {
                run.add(records);
            }
        }

        @Override
        public void stop() {
        }
    }
}
