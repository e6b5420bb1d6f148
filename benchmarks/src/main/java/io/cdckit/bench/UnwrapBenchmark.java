package io.cdckit.bench;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
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

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
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
 * ({@code @TearDown(Level.Invocation)} of {@link HeaderRestoringInput}), the headers of that batch's
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

        private SinkRecord[] ring;
        private int cursor;
        private int batchStart;

        private int[] headerCounts;
        private LinkedList<Header>[] headerLists;

        @Setup(Level.Trial)
        public void setUp() {
            Corpus corpus = Corpus.load();
            System.out.println();
            System.out.println(corpus.describe());
            if (corpus.events.isEmpty()) {
                throw new IllegalStateException("the corpus " + corpus.origin + " holds no data-change events");
            }
            List<SinkRecord> copies = new ArrayList<>();
            while (copies.size() < BATCH) {
                for (SinkRecord r : corpus.events) {
                    copies.add(Corpus.copy(r));
                }
            }
            ring = copies.toArray(new SinkRecord[0]);
            headerCounts = new int[ring.length];
            headerLists = HeaderLists.of(ring);
            if (headerLists == null) {
                System.out.println("note: ConnectHeaders has no private LinkedList 'headers' in this Kafka version; "
                        + "add.headers inputs are restored with Headers.remove, which allocates (counted by -prof gc)");
            }
            for (int i = 0; i < ring.length; i++) {
                headerCounts[i] = ring[i].headers().size();
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
            for (int i = 0; i < ring.length; i++) {
                if (ring[i].headers().size() != headerCounts[i]) {
                    throw new IllegalStateException("the input record at ring index " + i + " has "
                            + ring[i].headers().size() + " headers, " + headerCounts[i] + " expected: an input "
                            + "was mutated and not restored");
                }
            }
        }

        void run(Transformation<SinkRecord> t, Blackhole bh) {
            SinkRecord[] r = ring;
            int n = r.length;
            int i = cursor;
            batchStart = i;
            for (int k = 0; k < BATCH; k++) {
                bh.consume(t.apply(r[i]));
                if (++i == n) {
                    i = 0;
                }
            }
            cursor = i;
        }

        /** Truncates the headers of the last batch's records back to their original length. */
        void restoreLastBatch() {
            int n = ring.length;
            int i = batchStart;
            for (int k = 0; k < BATCH; k++) {
                if (ring[i].headers().size() > headerCounts[i]) {
                    HeaderLists.truncate(ring[i], headerLists == null ? null : headerLists[i], headerCounts[i]);
                }
                if (++i == n) {
                    i = 0;
                }
            }
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

    /** Allocation-free truncation of {@code ConnectHeaders}, through its backing list. */
    static final class HeaderLists {

        private HeaderLists() {
        }

        /**
         * The backing list of each record's headers (created, empty, where a record has none), or null
         * if {@code ConnectHeaders} does not have the expected private list (then truncation falls
         * back to {@code Headers.remove}, which allocates an iterator per call).
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        static LinkedList<Header>[] of(SinkRecord[] records) {
            Field f;
            try {
                f = ConnectHeaders.class.getDeclaredField("headers");
                if (f.getType() != LinkedList.class) {
                    return null;
                }
                f.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
            LinkedList<Header>[] out = new LinkedList[records.length];
            for (int i = 0; i < records.length; i++) {
                ConnectHeaders h = (ConnectHeaders) records[i].headers();
                if (h.isEmpty()) {
                    h.addString("bench.placeholder", "x");
                    h.clear(); // keeps an empty list, so that later additions go to this list
                }
                try {
                    out[i] = (LinkedList<Header>) f.get(h);
                } catch (IllegalAccessException e) {
                    return null;
                }
                if (out[i] == null) {
                    return null;
                }
            }
            return out;
        }

        static void truncate(SinkRecord r, LinkedList<Header> list, int size) {
            if (list != null) {
                while (list.size() > size) {
                    list.removeLast();
                }
            } else {
                for (String name : Scenario.ADDED_HEADERS) {
                    r.headers().remove(name);
                }
            }
        }
    }
}
