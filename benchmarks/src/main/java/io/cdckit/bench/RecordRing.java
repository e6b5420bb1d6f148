package io.cdckit.bench;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The input of a row benchmark: distinct copies of the rows, repeated until there are at least a
 * batch of them, applied in order, a batch an invocation, every result to the blackhole. Neither
 * the transforms measured nor their peers change their input, so the ring needs no restoring.
 * One per benchmark thread (JMH state), so not thread-safe.
 */
final class RecordRing {

    private final SinkRecord[] ring;
    private int cursor;

    /** A ring of copies of {@code rows} (not empty), at least {@code batch} records long. */
    RecordRing(List<SinkRecord> rows, int batch) {
        List<SinkRecord> copies = new ArrayList<>();
        while (copies.size() < batch) {
            for (SinkRecord r : rows) {
                copies.add(Corpus.copy(r));
            }
        }
        ring = copies.toArray(new SinkRecord[0]);
    }

    /** Applies {@code transform} to the next {@code batch} records. */
    void run(Transformation<SinkRecord> transform, int batch, Blackhole bh) {
        SinkRecord[] r = ring;
        int n = r.length;
        int i = cursor;
        for (int k = 0; k < batch; k++) {
            bh.consume(transform.apply(r[i]));
            if (++i == n) {
                i = 0;
            }
        }
        cursor = i;
    }

    /** Applies {@code fn} to the next {@code batch} records: a bare computation measured against a transform. */
    void run(Function<SinkRecord, ?> fn, int batch, Blackhole bh) {
        SinkRecord[] r = ring;
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
}
