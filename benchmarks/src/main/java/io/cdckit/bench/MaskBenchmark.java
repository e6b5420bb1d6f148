package io.cdckit.bench;

import org.apache.kafka.connect.data.Struct;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code io.cdckit.smt.masking.Mask$Value} against its peers, same records, same run: one benchmark
 * method per {@link MaskScenario}, the implementation as the {@code impl} parameter
 * ({@link MaskImpl}), whose values depend on the scenario:
 * <ul>
 *   <li>{@link #redactCustomers}: {@code cdckit}, {@code kafka} (Kafka's {@code MaskField$Value}),
 *       {@code copy} (the output record made without touching the row: the floor both share,
 *       {@link MaskImpl#COPY}) and {@code baseline} (returns its input: the floor of the harness);</li>
 *   <li>{@link #hmacEmail}: {@code cdckit} and {@code jdk}, the bare {@code Mac} call computing the
 *       same token from the same field (what each side does: {@link MaskImpl#JDK});</li>
 *   <li>{@link #fpeCard} and {@link #fpeCardLuhn}: {@code cdckit} and {@code cipher}, the FF1 cipher
 *       alone on the same field ({@link MaskImpl#CIPHER});</li>
 *   <li>{@link #detectNote}: {@code cdckit} and {@code scanner}, the content scanner alone on the
 *       same field ({@link MaskImpl#SCANNER}).</li>
 * </ul>
 * Each (method, impl) pair runs in a JVM fork of its own, so a measuring JVM only ever loads and
 * profiles one implementation.
 *
 * <p>Input: the {@code shop.customers} rows of the recorded corpus ({@link Corpus}), unwrapped once
 * at setup, outside the timed region, by Debezium's {@code ExtractNewRecordState}, as a sink's chain
 * has them after its unwrap step; for the {@code fpe} methods {@value MaskScenario#CARD_ROWS} copies
 * of them with a synthetic card column, for {@link #detectNote} {@value MaskScenario#NOTE_ROWS}
 * with a synthetic free-text note column ({@link MaskScenario#rows}). They are laid out in a ring of
 * distinct record objects (repeated until it holds at least {@link #BATCH}); each invocation applies
 * the implementation to the next {@link #BATCH} records of the ring, in order, and hands every result
 * (a record, or the bare computations' masked value) to the blackhole. The score is per record
 * ({@code @OperationsPerInvocation}); with one field masked per record it is per field too. No
 * implementation changes its input, so the ring needs no restoring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MaskBenchmark {

    /** Records per invocation. */
    public static final int BATCH = 512;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void redactCustomers(Redact in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hmacEmail(Hmac in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fpeCard(Fpe in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fpeCardLuhn(FpeLuhn in, Blackhole bh) {
        in.run(bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void detectNote(Detect in, Blackhole bh) {
        in.run(bh);
    }

    /**
     * The implementation under test and the ring of input rows of one scenario (the subclasses are
     * the states, each with the {@code impl} values of its scenario).
     */
    @State(Scope.Thread)
    public abstract static class Input {

        private Transformation<SinkRecord> transform;
        private Function<SinkRecord, Object> bare;
        private RecordRing ring;

        abstract MaskScenario scenario();

        abstract String impl();

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            MaskScenario s = scenario();
            List<SinkRecord> rows = s.rows(corpus);
            System.out.println();
            System.out.println(corpus.describe());
            System.out.printf("scenario %s: %d rows of table %s (%d columns), %s%n", s.label, rows.size(),
                    MaskScenario.TABLE, rows.get(0).valueSchema().fields().size(), s.description);
            if (s.fpe()) {
                List<String> cards = new ArrayList<>();
                for (SinkRecord r : rows) {
                    cards.add(((Struct) r.value()).getString(MaskScenario.CARD));
                }
                System.out.printf(Locale.ROOT, "%d distinct cards; with fpe.luhn=true, %.2f FF1 calls per card on "
                        + "average%n", cards.size(), MaskScenario.walkSteps(MaskScenario.cipher(), cards));
            }
            if (s.detect()) {
                long chars = 0;
                int plain = 0;
                for (SinkRecord r : rows) {
                    String note = ((Struct) r.value()).getString(MaskScenario.NOTE);
                    chars += note.length();
                    plain += MaskScenario.scanner().find(note).isEmpty() ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%d distinct notes, %.1f characters on average; %d with an e-mail "
                        + "address, a phone number and a card number each, %d with no personal data%n", rows.size(),
                        (double) chars / rows.size(), rows.size() - plain, plain);
            }
            ring = new RecordRing(rows, BATCH);
            MaskImpl impl = MaskImpl.of(impl());
            if (impl.isBare()) {
                bare = impl.bare(s, rows.get(0).valueSchema());
            } else {
                transform = impl.transform(s);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (transform != null) {
                transform.close();
            }
        }

        void run(Blackhole bh) {
            if (bare != null) {
                ring.run(bare, BATCH, bh);
            } else {
                ring.run(transform, BATCH, bh);
            }
        }
    }

    /** {@link MaskScenario#REDACT}: cdckit against Kafka's MaskField. */
    @State(Scope.Thread)
    public static class Redact extends Input {
        @Param({"cdckit", "kafka", "copy", "baseline"})
        public String impl;

        @Override
        MaskScenario scenario() {
            return MaskScenario.REDACT;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link MaskScenario#HMAC}: cdckit against the bare JDK Mac. */
    @State(Scope.Thread)
    public static class Hmac extends Input {
        @Param({"cdckit", "jdk"})
        public String impl;

        @Override
        MaskScenario scenario() {
            return MaskScenario.HMAC;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link MaskScenario#FPE}: cdckit against the cipher alone. */
    @State(Scope.Thread)
    public static class Fpe extends Input {
        @Param({"cdckit", "cipher"})
        public String impl;

        @Override
        MaskScenario scenario() {
            return MaskScenario.FPE;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link MaskScenario#FPE_LUHN}: cdckit against the cipher alone. */
    @State(Scope.Thread)
    public static class FpeLuhn extends Input {
        @Param({"cdckit", "cipher"})
        public String impl;

        @Override
        MaskScenario scenario() {
            return MaskScenario.FPE_LUHN;
        }

        @Override
        String impl() {
            return impl;
        }
    }

    /** {@link MaskScenario#DETECT}: cdckit against the scanner alone. */
    @State(Scope.Thread)
    public static class Detect extends Input {
        @Param({"cdckit", "scanner"})
        public String impl;

        @Override
        MaskScenario scenario() {
            return MaskScenario.DETECT;
        }

        @Override
        String impl() {
            return impl;
        }
    }
}
