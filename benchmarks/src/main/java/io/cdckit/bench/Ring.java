package io.cdckit.bench;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The input of a benchmark: distinct copies of some records, repeated until there are at least a
 * batch of them, applied in order, a batch an invocation, every result to the blackhole. One per
 * benchmark thread (JMH state), so not thread-safe.
 *
 * <p>For a peer that appends headers to its input record (Debezium's {@code ExtractNewRecordState}
 * with {@code add.headers}, its outbox {@code EventRouter}), {@link #trackHeaders} records every
 * record's header count at set-up, {@link #restoreHeaders} truncates the last batch's headers back
 * to it (from a {@code @TearDown(Level.Invocation)}, outside the timed region; allocation-free
 * through {@link HeaderLists}), and {@link #checkHeaders} fails a trial that left an input changed.
 *
 * @param <R> the record type
 */
class Ring<R extends ConnectRecord<R>> {

    private final R[] ring;
    private int cursor;
    private int batchStart;
    private int lastBatch;
    private int[] headerCounts;
    private LinkedList<Header>[] headerLists;
    private List<String> addedHeaders;

    /** A ring of copies ({@code copy}) of {@code rows} (not empty), at least {@code batch} records long. */
    @SuppressWarnings("unchecked")
    Ring(List<R> rows, int batch, UnaryOperator<R> copy) {
        List<R> copies = new ArrayList<>();
        while (copies.size() < batch) {
            for (R r : rows) {
                copies.add(copy.apply(r));
            }
        }
        ring = (R[]) copies.toArray(new ConnectRecord<?>[0]);
    }

    /** Applies {@code transform} to the next {@code batch} records. */
    void run(Transformation<R> transform, int batch, Blackhole bh) {
        R[] r = ring;
        int n = r.length;
        int i = cursor;
        batchStart = i;
        lastBatch = batch;
        for (int k = 0; k < batch; k++) {
            bh.consume(transform.apply(r[i]));
            if (++i == n) {
                i = 0;
            }
        }
        cursor = i;
    }

    /** Applies {@code fn} to the next {@code batch} records: a bare computation measured against a transform. */
    void run(Function<R, ?> fn, int batch, Blackhole bh) {
        R[] r = ring;
        int n = r.length;
        int i = cursor;
        for (int k = 0; k < batch; k++) {
            bh.consume(fn.apply(r[i]));
            if (++i == n) {
                i = 0;
            }
        }
        cursor = i;
    }

    /** The number of distinct records in the ring. */
    int size() {
        return ring.length;
    }

    /**
     * Remembers every record's header count, for {@link #restoreHeaders}; {@code added} names the
     * headers a peer appends (removed by name where the backing lists cannot be reached).
     *
     * @return whether truncation is allocation-free (the backing lists were reached)
     */
    boolean trackHeaders(List<String> added) {
        addedHeaders = List.copyOf(added);
        headerCounts = new int[ring.length];
        headerLists = HeaderLists.of(ring);
        for (int i = 0; i < ring.length; i++) {
            headerCounts[i] = ring[i].headers().size();
        }
        return headerLists != null;
    }

    /** Truncates the headers of the last batch's records back to their count at {@link #trackHeaders}. */
    void restoreHeaders() {
        int n = ring.length;
        int i = batchStart;
        for (int k = 0; k < lastBatch; k++) {
            if (ring[i].headers().size() > headerCounts[i]) {
                HeaderLists.truncate(ring[i], headerLists == null ? null : headerLists[i], headerCounts[i],
                        addedHeaders);
            }
            if (++i == n) {
                i = 0;
            }
        }
    }

    /** Fails if an input record's headers are not as {@link #trackHeaders} found them. */
    void checkHeaders() {
        for (int i = 0; i < ring.length; i++) {
            if (ring[i].headers().size() != headerCounts[i]) {
                throw new IllegalStateException("the input record at ring index " + i + " has "
                        + ring[i].headers().size() + " headers, " + headerCounts[i] + " expected: an input "
                        + "was mutated and not restored");
            }
        }
    }
}
