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
 * cdckit's expression engine against Debezium's scripting SMTs, same Groovy text, same records,
 * same run: {@code io.cdckit.smt.routing.ExpressionFilter} against {@code io.debezium.transforms.Filter}
 * and {@code ExpressionRouter} against {@code ContentBasedRouter}, one benchmark method per
 * {@link ExpressionScenario}, the implementation as the {@code impl} parameter
 * ({@link ExpressionImpl}): {@code cdckit} and {@code debezium} everywhere, and for the filters
 * {@code java}, the same test written by hand in Java (the floor an expression engine is measured
 * against). Each (method, impl) pair runs in a JVM fork of its own, so a measuring JVM only ever
 * loads and profiles one implementation.
 *
 * <p>Input: the data-change events (op c, r, u, d) of the recorded corpus ({@link Corpus}), decoded
 * once at setup, envelopes as a source connector's chain has them, in a ring of distinct record
 * objects (the events repeated until it holds at least {@link #BATCH}); each invocation applies the
 * transform to the next {@link #BATCH} records of the ring, in corpus order, and hands every result
 * (a record, or null for one dropped) to the blackhole. The score is per record
 * ({@code @OperationsPerInvocation}). No implementation changes its input, so the ring needs no
 * restoring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ExpressionBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void filterByOperation(FilterOp in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void filterByColumn(FilterNested in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void routeByOperation(RouteOp in, Blackhole bh) {
        in.run(bh);
    }

    /**
     * The transform under test and the ring of input events of one scenario (the subclasses are the
     * states, each with the {@code impl} values of its scenario).
     */
    @State(Scope.Thread)
    public abstract static class Input {

        private Transformation<SinkRecord> transform;
        private RecordRing ring;

        abstract ExpressionScenario scenario();

        abstract String impl();

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            ExpressionScenario s = scenario();
            System.out.println();
            System.out.println(corpus.describe());
            if (corpus.events.isEmpty()) {
                throw new IllegalStateException("the corpus " + corpus.origin + " holds no data-change events");
            }
            System.out.printf("scenario %s: %s; %s%n", s.label, s.description, s.config());
            ring = new RecordRing(corpus.events, BATCH);
            transform = ExpressionImpl.of(impl()).create(s);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
        }

        void run(Blackhole bh) {
            ring.run(transform, BATCH, bh);
        }
    }

    /** {@link ExpressionScenario#FILTER_OP}: ExpressionFilter, Debezium's Filter and the Java floor. */
    @State(Scope.Thread)
    public static class FilterOp extends Input {
        @Param({"cdckit", "debezium", "java"})
        public String impl;

        @Override
        ExpressionScenario scenario() {
            return ExpressionScenario.FILTER_OP;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link ExpressionScenario#FILTER_NESTED}: ExpressionFilter, Debezium's Filter and the Java floor. */
    @State(Scope.Thread)
    public static class FilterNested extends Input {
        @Param({"cdckit", "debezium", "java"})
        public String impl;

        @Override
        ExpressionScenario scenario() {
            return ExpressionScenario.FILTER_NESTED;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link ExpressionScenario#ROUTE_OP}: ExpressionRouter and Debezium's ContentBasedRouter. */
    @State(Scope.Thread)
    public static class RouteOp extends Input {
        @Param({"cdckit", "debezium"})
        public String impl;

        @Override
        ExpressionScenario scenario() {
            return ExpressionScenario.ROUTE_OP;
        }

        @Override
        String impl() {
            return impl;
        }
    }
}
