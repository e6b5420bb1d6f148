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
 * {@code io.cdckit.smt.time.TimestampNormalizer$Value} against the Kafka chain it replaces, one
 * {@code TimestampConverter$Value} per temporal column, on connect-mode rows after the unwrap
 * (where Kafka's converter is correct), same records, same run: one benchmark method per
 * {@link TimestampScenario} (the configuration pair and why it is the same work are described
 * there), the implementation as the {@code impl} parameter ({@link TimestampImpl}; {@code baseline}
 * returns its input: the floor of the harness). Each (method, impl) pair runs in a JVM fork of its
 * own, so a measuring JVM only ever loads and profiles one implementation.
 *
 * <p>Input: the rows of the test kit's temporal corpus recorded with
 * {@code time.precision.mode=connect} ({@link TimestampScenario#corpus}, from the class path),
 * unwrapped once at setup, outside the timed region, by Debezium's {@code ExtractNewRecordState},
 * as a sink's chain has them after its unwrap step, without the rows Kafka's converter gets wrong
 * ({@link TimestampScenario#rows}). They are laid out in a ring of distinct record objects (the rows
 * repeated until it holds at least {@link #BATCH}); each invocation applies the transform to the
 * next {@link #BATCH} records of the ring, in corpus order, and hands every result to the
 * blackhole. The score is per record ({@code @OperationsPerInvocation}). Neither implementation
 * changes its input, so the ring needs no restoring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimestampBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void normalizeMomentsIso(MomentsIso in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void normalizeMoments(Moments in, Blackhole bh) {
        in.run(bh);
    }

    /** The transform under test and the ring of input rows of one scenario (the subclasses are the states). */
    @State(Scope.Thread)
    public abstract static class Input {

        @Param({"cdckit", "kafka", "baseline"})
        public String impl;

        private Transformation<SinkRecord> transform;
        private RecordRing ring;

        abstract TimestampScenario scenario();

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = TimestampScenario.corpus();
            TimestampScenario s = scenario();
            TimestampScenario.Rows rows = TimestampScenario.rows(corpus);
            System.out.println();
            System.out.println(corpus.describe());
            System.out.printf("scenario %s: %d of %d rows (left out: %s), %s%n", s.label, rows.measured.size(),
                    rows.all.size(), rows.leftOut, s.normalizerConfig());
            ring = new RecordRing(rows.measured, BATCH);
            transform = TimestampImpl.of(impl).create(s);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
        }

        void run(Blackhole bh) {
            ring.run(transform, BATCH, bh);
        }
    }

    /** {@link TimestampScenario#MOMENTS_ISO}. */
    @State(Scope.Thread)
    public static class MomentsIso extends Input {
        @Override
        TimestampScenario scenario() {
            return TimestampScenario.MOMENTS_ISO;
        }
    }

    /** {@link TimestampScenario#MOMENTS}. */
    @State(Scope.Thread)
    public static class Moments extends Input {
        @Override
        TimestampScenario scenario() {
            return TimestampScenario.MOMENTS;
        }
    }
}
