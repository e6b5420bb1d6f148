package io.cdckit.bench;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * {@code io.cdckit.smt.routing.OutboxRouter} against Debezium's
 * {@code io.debezium.transforms.outbox.EventRouter}, same configuration, same outbox events, same
 * run: one benchmark method per {@link OutboxScenario}, the implementation as the {@code impl}
 * parameter ({@link OutboxScenario#router}; {@code baseline} returns its input: the floor of the harness). Each
 * (method, impl) pair runs in a JVM fork of its own.
 *
 * <p>Input: the {@value OutboxScenario#EVENTS} outbox events of {@link OutboxScenario#events()}
 * (source records: Debezium's router is a source-side transform, and fails on sink records), in a
 * ring of distinct record objects (repeated until it holds at least {@link #BATCH}); each invocation
 * routes the next {@link #BATCH} records and hands every result to the blackhole. Scores are per
 * record ({@code @OperationsPerInvocation}).
 *
 * <p>Debezium's router adds the event's {@code id} header (and {@code eventType}, in
 * {@link OutboxScenario#ENVELOPE}) to its <em>input</em> record's headers. So, as in
 * {@link UnwrapBenchmark}, every record of the ring has a headers object of its own, and after each
 * invocation, outside the timed region, the batch's headers are truncated back to their length
 * ({@link Ring#restoreHeaders}; a no-op for cdckit, which copies them). A trial that leaves an input
 * changed fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OutboxBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void outboxDefault(Default in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void outboxEnvelope(Envelope in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void outboxExpandJson(Expand in, Blackhole bh) {
        in.run(bh);
    }

    /** The router under test and the ring of events of one scenario (the subclasses are the states). */
    @State(Scope.Thread)
    public abstract static class Input {

        @Param({"cdckit", "debezium", "baseline"})
        public String impl;

        private Transformation<SourceRecord> router;
        private Ring<SourceRecord> ring;

        abstract OutboxScenario scenario();

        @Setup(Level.Trial)
        public void setUp() {
            OutboxScenario s = scenario();
            ring = new Ring<>(OutboxScenario.events(), BATCH, OutboxScenario::copy);
            if (!ring.trackHeaders(OutboxScenario.ADDED_HEADERS)) {
                System.out.println("note: ConnectHeaders has no private LinkedList 'headers' in this Kafka version; "
                        + "inputs are restored with Headers.remove, which allocates (counted by -prof gc)");
            }
            System.out.printf("%nscenario %s: %d outbox events in a ring of %d, %s%n", s.label, OutboxScenario.EVENTS,
                    ring.size(), s.config);
            router = s.router(Impl.of(impl));
        }

        @TearDown(Level.Invocation)
        public void restore() {
            ring.restoreHeaders();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            router.close();
            ring.checkHeaders();
        }

        void run(Blackhole bh) {
            ring.run(router, BATCH, bh);
        }
    }

    /** {@link OutboxScenario#DEFAULT}. */
    @State(Scope.Thread)
    public static class Default extends Input {
        @Override
        OutboxScenario scenario() {
            return OutboxScenario.DEFAULT;
        }
    }

    /** {@link OutboxScenario#ENVELOPE}. */
    @State(Scope.Thread)
    public static class Envelope extends Input {
        @Override
        OutboxScenario scenario() {
            return OutboxScenario.ENVELOPE;
        }
    }

    /** {@link OutboxScenario#EXPAND}. */
    @State(Scope.Thread)
    public static class Expand extends Input {
        @Override
        OutboxScenario scenario() {
            return OutboxScenario.EXPAND;
        }
    }
}
