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
 * {@code io.cdckit.smt.unwrap.Unwrap} against Debezium's {@code ExtractNewRecordState}, same
 * configuration, same records, same run: one benchmark method per {@link Scenario}, the
 * implementation as the {@code impl} parameter ({@code baseline} returns its input: the floor of
 * the harness). Each (method, impl) pair runs in a JVM fork of its own, so a measuring JVM only
 * ever loads and profiles one implementation.
 *
 * <p>Input: the data-change events (op c, r, u, d) of the recorded corpus ({@link Corpus}), decoded
 * once at setup. They are laid out in a ring of distinct record objects (the corpus repeated until
 * it holds at least {@link #BATCH} records); each invocation applies the transform to the next
 * {@link #BATCH} records of the ring, in corpus order, and hands every result to the blackhole. The
 * score is per record ({@code @OperationsPerInvocation}).
 *
 * <p>{@code add.headers}: Debezium appends the headers to its <em>input</em> record's headers (cdckit
 * adds them to the output's copy only). Unchecked, every record of the ring would gain two headers
 * per pass, and Debezium copies the headers on every {@code newRecord}, so it would slow down
 * iteration after iteration. Pre-built copies cycled through do not solve this (a 1 s iteration
 * runs thousands of invocations, far more copies than fit in memory, and a refill allocates, which
 * {@code -prof gc} would count). Instead every record of the ring has a headers object of its own,
 * and after each {@link #unwrapAddHeaders} invocation, outside the timed region
 * ({@code @TearDown(Level.Invocation)} of {@link HeaderRestoringInput}; {@link Ring#restoreHeaders}), the headers of that batch's
 * records are truncated back to their original length, the same way for both implementations (a
 * no-op for cdckit, which adds nothing to its input). The truncation only unlinks list nodes, so it
 * allocates nothing and adds nothing to {@code gc.alloc.rate.norm}; an invocation of 512 records
 * takes tens of microseconds, so the per-invocation timestamps cost well under 0.1 ns a record. At
 * the end of every trial the ring is checked: any input still carrying extra headers fails the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UnwrapBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unwrapDefault(Input in, Blackhole bh) {
        in.run(in.defaults, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unwrapRewriteAddFields(Input in, Blackhole bh) {
        in.run(in.rewriteAddFields, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unwrapAddHeaders(HeaderRestoringInput in, Blackhole bh) {
        in.run(in.addHeaders, bh);
    }

    /** The transforms under test and the ring of input records. */
    @State(Scope.Thread)
    public static class Input {

        @Param({"cdckit", "debezium", "baseline"})
        public String impl;

        Transformation<SinkRecord> defaults;
        Transformation<SinkRecord> rewriteAddFields;
        Transformation<SinkRecord> addHeaders;

        private RecordRing ring;

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            System.out.println();
            System.out.println(corpus.describe());
            if (corpus.events.isEmpty()) {
                throw new IllegalStateException("the corpus " + corpus.origin + " holds no data-change events");
            }
            ring = new RecordRing(corpus.events, BATCH);
            if (!ring.trackHeaders(Scenario.ADDED_HEADERS)) {
                System.out.println("note: ConnectHeaders has no private LinkedList 'headers' in this Kafka version; "
                        + "add.headers inputs are restored with Headers.remove, which allocates (counted by -prof gc)");
            }
            Impl which = Impl.of(impl);
            defaults = which.create(Scenario.DEFAULT.config);
            rewriteAddFields = which.create(Scenario.REWRITE_ADDFIELDS.config);
            addHeaders = which.create(Scenario.ADDHEADERS.config);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            defaults.close();
            rewriteAddFields.close();
            addHeaders.close();
            ring.checkHeaders();
        }

        void run(Transformation<SinkRecord> t, Blackhole bh) {
            ring.run(t, BATCH, bh);
        }

        /** Truncates the headers of the last batch's records back to their original length. */
        void restoreLastBatch() {
            ring.restoreHeaders();
        }
    }

    /**
     * The input of {@link #unwrapAddHeaders}: after each invocation, outside the timed region, the
     * headers of the batch's records are truncated back to their original length.
     */
    @State(Scope.Thread)
    public static class HeaderRestoringInput extends Input {
        @TearDown(Level.Invocation)
        public void restore() {
            restoreLastBatch();
        }
    }
}
