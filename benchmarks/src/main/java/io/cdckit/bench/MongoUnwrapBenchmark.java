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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code Unwrap} against Debezium's MongoDB {@code ExtractNewDocumentState} (3.6.1), same
 * configuration, same pre-built events ({@link MongoScenario}: inserts of order documents,
 * updates with an updateDescription, deletes), one benchmark method per scenario, the
 * implementation as the {@code impl} parameter ({@code baseline} returns its input). Before a
 * trial both implementations must give identical records for every event
 * ({@link MongoScenario#checkParity}; {@code run.sh}'s ParityCheck runs it too). No add.headers:
 * Debezium appends them to its input, which would change the ring between passes. Score per record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MongoUnwrapBenchmark {

    public static final int BATCH = 512;
    static final int EVENTS = 2_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mongoDefault(Input in, Blackhole bh) {
        in.ring.run(in.defaults, BATCH, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mongoRewriteAddFields(Input in, Blackhole bh) {
        in.ring.run(in.rewrite, BATCH, bh);
    }

    @State(Scope.Thread)
    public static class Input {

        @Param({"cdckit", "debezium", "baseline"})
        public String impl;

        Transformation<SinkRecord> defaults;
        Transformation<SinkRecord> rewrite;
        RecordRing ring;

        @Setup(Level.Trial)
        public void setUp() {
            List<SinkRecord> events = MongoScenario.events(EVENTS);
            if (!"baseline".equals(impl)) {
                MongoScenario.checkParity(events);
            }
            ring = new RecordRing(events, BATCH);
            defaults = MongoScenario.DEFAULT.create(impl);
            rewrite = MongoScenario.REWRITE_ADDFIELDS.create(impl);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            defaults.close();
            rewrite.close();
        }
    }
}
