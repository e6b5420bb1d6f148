package io.cdckit.bench;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Value converters, both directions, same records, same run: cdckit's {@code AvroConverter}
 * ({@code mem://bench} registry), Apicurio 2.6's Connect {@code AvroConverter} (on an in-process
 * registry client, {@link InMemoryApicurioClient}), Kafka's {@code JsonConverter} with schemas on and
 * off, and raw Avro (the floor: {@code GenericDatumWriter}/{@code GenericDatumReader} on the records
 * already translated by cdckit's {@code AvroData}). The implementation is the {@code impl} parameter
 * ({@link Codec.Kind}); each (method, impl) pair runs in a JVM fork of its own.
 *
 * <p>Input: the value (envelope) Structs of the data-change events of the recorded corpus
 * ({@link Corpus}), in a ring of at least {@link #BATCH} records. {@link #fromConnectData} serializes
 * the next {@link #BATCH} of them; {@link #toConnectData} deserializes the bytes the same
 * implementation produced for them at set-up. Schemas are registered and every cache is filled at
 * set-up (one pass over the ring in both directions), so the registries are not on the measured path.
 * Scores are per record ({@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConverterBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fromConnectData(Input in, Blackhole bh) {
        Codec c = in.codec;
        String[] topics = in.topics;
        Schema[] schemas = in.schemas;
        Object[] prepared = in.prepared;
        int n = topics.length;
        int i = in.cursor;
        for (int k = 0; k < BATCH; k++) {
            bh.consume(c.serialize(topics[i], schemas[i], prepared[i]));
            if (++i == n) {
                i = 0;
            }
        }
        in.cursor = i;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void toConnectData(Input in, Blackhole bh) {
        Codec c = in.codec;
        String[] topics = in.topics;
        byte[][] bytes = in.bytes;
        Object[] prepared = in.prepared;
        int n = topics.length;
        int i = in.cursor;
        for (int k = 0; k < BATCH; k++) {
            bh.consume(c.deserialize(topics[i], bytes[i], prepared[i]));
            if (++i == n) {
                i = 0;
            }
        }
        in.cursor = i;
    }

    /** The converter under test and the ring of inputs (and of its own serialized forms). */
    @State(Scope.Thread)
    public static class Input {

        @Param({"cdckit", "apicurio", "json_schemas", "json_plain", "raw_avro"})
        public String impl;

        Codec codec;
        String[] topics;
        Schema[] schemas;
        Object[] prepared;
        byte[][] bytes;
        int cursor;

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            System.out.println();
            System.out.println(corpus.describe());
            if (corpus.events.isEmpty()) {
                throw new IllegalStateException("the corpus " + corpus.origin + " holds no data-change events");
            }
            codec = Codec.Kind.of(impl).create();
            List<SinkRecord> ring = new ArrayList<>();
            while (ring.size() < BATCH) {
                ring.addAll(corpus.events);
            }
            int n = ring.size();
            topics = new String[n];
            schemas = new Schema[n];
            prepared = new Object[n];
            bytes = new byte[n][];
            long total = 0;
            for (int i = 0; i < n; i++) {
                SinkRecord r = ring.get(i);
                topics[i] = r.topic();
                schemas[i] = r.valueSchema();
                prepared[i] = codec.prepare(r.topic(), r.valueSchema(), r.value());
                bytes[i] = codec.serialize(topics[i], schemas[i], prepared[i]);
                total += bytes[i].length;
            }
            for (int i = 0; i < n; i++) {
                if (codec.deserialize(topics[i], bytes[i], prepared[i]) == null) {
                    throw new IllegalStateException(impl + " read back nothing at ring index " + i);
                }
            }
            System.out.printf("%s: %d records in the ring, %.1f bytes a record serialized%n", impl, n,
                    (double) total / n);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            codec.close();
        }
    }
}
