package io.cdckit.bench;

import org.apache.kafka.connect.sink.SinkRecord;
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
 * {@code io.cdckit.smt.routing.OperationRouter} against Debezium's {@code ContentBasedRouter} with
 * the Groovy expression that gives the same topics, same records, same run: one benchmark method
 * per {@link RoutingScenario}, the implementation as the {@code impl} parameter ({@link RoutingImpl};
 * {@code baseline} returns its input: the floor of the harness). Each (method, impl) pair runs in a
 * JVM fork of its own, so a measuring JVM only ever loads and profiles one implementation.
 *
 * <p>Input: the data-change events (op c, r, u, d) of the recorded corpus ({@link Corpus}), decoded
 * once at setup, envelopes as a source connector's chain has them (a router goes before
 * {@code Unwrap}, or without it). They are laid out in a ring of distinct record objects (the events
 * repeated until it holds at least {@link #BATCH}); each invocation applies the router to the next
 * {@link #BATCH} records of the ring, in corpus order, and hands every result to the blackhole. The
 * score is per record ({@code @OperationsPerInvocation}). Neither router changes its input, so the
 * ring needs no restoring; {@code OperationRouter} remembers the topic of every delete's key, as it
 * does in a pipeline, so that its tombstone can follow (the corpus's few keys: its memory never fills).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RoutingBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void routeDeletes(Deletes in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void routePerOperation(PerOperation in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void routeBySource(BySource in, Blackhole bh) {
        in.run(bh);
    }

    /** The router under test and the ring of input events of one scenario (the subclasses are the states). */
    @State(Scope.Thread)
    public abstract static class Input {

        @Param({"cdckit", "debezium", "baseline"})
        public String impl;

        private Transformation<SinkRecord> transform;
        private RecordRing ring;

        abstract RoutingScenario scenario();

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            RoutingScenario s = scenario();
            System.out.println();
            System.out.println(corpus.describe());
            if (corpus.events.isEmpty()) {
                throw new IllegalStateException("the corpus " + corpus.origin + " holds no data-change events");
            }
            System.out.printf("scenario %s: %s; OperationRouter %s, ContentBasedRouter topic.expression=%s%n", s.label,
                    s.description, s.routerConfig, s.expression);
            ring = new RecordRing(corpus.events, BATCH);
            transform = RoutingImpl.of(impl).create(s);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
        }

        void run(Blackhole bh) {
            ring.run(transform, BATCH, bh);
        }
    }

    /** {@link RoutingScenario#DELETES}. */
    @State(Scope.Thread)
    public static class Deletes extends Input {
        @Override
        RoutingScenario scenario() {
            return RoutingScenario.DELETES;
        }
    }

    /** {@link RoutingScenario#PER_OPERATION}. */
    @State(Scope.Thread)
    public static class PerOperation extends Input {
        @Override
        RoutingScenario scenario() {
            return RoutingScenario.PER_OPERATION;
        }
    }

    /** {@link RoutingScenario#BY_SOURCE}. */
    @State(Scope.Thread)
    public static class BySource extends Input {
        @Override
        RoutingScenario scenario() {
            return RoutingScenario.BY_SOURCE;
        }
    }
}
