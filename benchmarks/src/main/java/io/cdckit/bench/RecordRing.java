package io.cdckit.bench;

import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;

/**
 * The input of a row benchmark: a {@link Ring} of sink records (copies with headers of their own).
 * Neither the transforms measured with it nor their peers change their input, so it needs no
 * restoring.
 */
final class RecordRing extends Ring<SinkRecord> {

    /** A ring of copies of {@code rows} (not empty), at least {@code batch} records long. */
    RecordRing(List<SinkRecord> rows, int batch) {
        super(rows, batch, Corpus::copy);
    }
}
