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
 * {@code io.cdckit.smt.mapping.FieldMapper$Value} against the Kafka chain it replaces
 * ({@code ReplaceField$Value} then {@code Cast$Value}; {@code ReplaceField}, {@code InsertField}
 * and {@code Flatten} for the reshape), same spec, same records, same run: one benchmark method per {@link MappingScenario} (one table of the corpus
 * each), the implementation as the {@code impl} parameter ({@link MappingImpl}; {@code baseline}
 * returns its input: the floor of the harness). Each (method, impl) pair runs in a JVM fork of its
 * own, so a measuring JVM only ever loads and profiles one implementation.
 *
 * <p>Input: the scenario's table rows of the recorded corpus ({@link Corpus}), unwrapped once at
 * setup, outside the timed region, by Debezium's {@code ExtractNewRecordState} into plain rows, as a
 * sink's chain has them after its unwrap step ({@link MappingScenario#rows}). They are laid out in a
 * ring of distinct record objects (the rows repeated until it holds at least {@link #BATCH}); each
 * invocation applies the transform to the next {@link #BATCH} records of the ring, in corpus order,
 * and hands every result to the blackhole. The score is per record ({@code @OperationsPerInvocation}).
 * Neither implementation changes its input, so the ring needs no restoring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MappingBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mapProducts(Products in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mapCustomers(Customers in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void reshapeProducts(Reshape in, Blackhole bh) {
        in.run(bh);
    }

    /** The transform under test and the ring of input rows of one scenario (the subclasses are the states). */
    @State(Scope.Thread)
    public abstract static class Input {

        @Param({"cdckit", "kafka", "baseline"})
        public String impl;

        private Transformation<SinkRecord> transform;
        private RecordRing ring;

        abstract MappingScenario scenario();

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            MappingScenario s = scenario();
            List<SinkRecord> rows = s.rows(corpus);
            System.out.println();
            System.out.println(corpus.describe());
            System.out.printf("scenario %s: %d rows of table %s (%d columns), %s%n", s.label,
                    rows.size(), s.table, rows.get(0).valueSchema().fields().size(), s.fieldMapperConfig);
            ring = new RecordRing(rows, BATCH);
            transform = MappingImpl.of(impl).create(s);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
        }

        void run(Blackhole bh) {
            ring.run(transform, BATCH, bh);
        }
    }

    /** {@link MappingScenario#PRODUCTS}. */
    @State(Scope.Thread)
    public static class Products extends Input {
        @Override
        MappingScenario scenario() {
            return MappingScenario.PRODUCTS;
        }
    }

    /** {@link MappingScenario#CUSTOMERS}. */
    @State(Scope.Thread)
    public static class Customers extends Input {
        @Override
        MappingScenario scenario() {
            return MappingScenario.CUSTOMERS;
        }
    }

    /** {@link MappingScenario#RESHAPE}. */
    @State(Scope.Thread)
    public static class Reshape extends Input {
        @Override
        MappingScenario scenario() {
            return MappingScenario.RESHAPE;
        }
    }
}
