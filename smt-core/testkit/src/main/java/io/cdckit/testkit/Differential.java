package io.cdckit.testkit;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Differential testing: ours and a peer (the transform we replace) on the same records, each given
 * a copy with headers of its own (some peers append to their input's headers), and the outputs
 * compared part by part: dropped or not, topic, partition, key and value with their schemas,
 * timestamp, headers (name, schema, value), and for source and sink records their positions.
 *
 * <pre>{@code
 * Differential.Outcome o = Differential.compare(ours, debeziums, records, "rewrite mode");
 * assertEquals(0, o.peerCrashes);
 * }</pre>
 *
 * Where the peer rejects a record with a {@code DataException}, ours must reject it too. Where the
 * peer crashes ({@code NullPointerException}, {@code ClassCastException}), ours must give a record
 * or a {@code DataException}, never a crash; those records are counted, not compared.
 */
public final class Differential {

    private Differential() {
    }

    /** How a comparison went. */
    public static final class Outcome {
        /** Records with the same output (or rejected by both). */
        public int compared;
        /** Records the peer crashed on. */
        public int peerCrashes;

        @Override
        public String toString() {
            return compared + " compared, " + peerCrashes + " peer crashes";
        }
    }

    /** Applies both to a copy of every record and asserts the same outputs; {@code label} goes into messages. */
    public static <R extends ConnectRecord<R>> Outcome compare(Transformation<R> ours, Transformation<R> peer,
                                                               List<R> records, String label) {
        Outcome o = new Outcome();
        int i = 0;
        for (R r : records) {
            String where = label + ", record " + i++ + " (topic " + r.topic() + ")";
            R expected;
            try {
                expected = peer.apply(Envelopes.copy(r));
            } catch (DataException rejected) {
                assertThrows(DataException.class, () -> ours.apply(Envelopes.copy(r)), "the peer rejects, so must ours: " + where);
                o.compared++;
                continue;
            } catch (NullPointerException | ClassCastException crash) {
                try {
                    ours.apply(Envelopes.copy(r));
                } catch (DataException clear) {
                    // a clear error is fine where the peer crashes
                }
                o.peerCrashes++;
                continue;
            }
            assertSameRecord(expected, ours.apply(Envelopes.copy(r)), where);
            o.compared++;
        }
        return o;
    }

    /** Asserts two outputs are the same part by part (both null: both dropped). */
    public static void assertSameRecord(ConnectRecord<?> expected, ConnectRecord<?> actual, String where) {
        if (expected == null || actual == null) {
            assertEquals(expected == null, actual == null, "dropped or not, " + where);
            return;
        }
        assertEquals(expected.topic(), actual.topic(), "topic, " + where);
        assertEquals(expected.kafkaPartition(), actual.kafkaPartition(), "partition, " + where);
        assertEquals(expected.keySchema(), actual.keySchema(), "key schema, " + where);
        assertEquals(expected.key(), actual.key(), "key, " + where);
        assertEquals(expected.valueSchema(), actual.valueSchema(), "value schema, " + where);
        assertEquals(expected.value(), actual.value(), "value, " + where);
        assertEquals(expected.timestamp(), actual.timestamp(), "timestamp, " + where);
        assertEquals(headers(expected), headers(actual), "headers, " + where);
        if (expected instanceof SinkRecord) {
            assertEquals(((SinkRecord) expected).kafkaOffset(), ((SinkRecord) actual).kafkaOffset(), "offset, " + where);
        }
        if (expected instanceof SourceRecord) {
            assertEquals(((SourceRecord) expected).sourcePartition(), ((SourceRecord) actual).sourcePartition(),
                    "source partition, " + where);
            assertEquals(((SourceRecord) expected).sourceOffset(), ((SourceRecord) actual).sourceOffset(),
                    "source offset, " + where);
        }
    }

    /** A record's headers as (name, schema, value) triples, in order. */
    public static List<List<Object>> headers(ConnectRecord<?> r) {
        List<List<Object>> out = new ArrayList<>();
        for (Header h : r.headers()) {
            List<Object> t = new ArrayList<>();
            t.add(h.key());
            t.add(h.schema());
            t.add(h.value());
            out.add(t);
        }
        return out;
    }

    /** Everything a record's consumer sees, as a value that compares by content (for snapshots). */
    public static List<Object> describe(ConnectRecord<?> r) {
        if (r == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        out.add(r.topic());
        out.add(r.kafkaPartition());
        out.add(r.keySchema());
        out.add(r.key());
        out.add(r.valueSchema());
        out.add(r.value());
        out.add(r.timestamp());
        out.add(headers(r));
        return out;
    }

    /** Whether two outputs are the same as {@link #assertSameRecord} sees them. */
    public static boolean same(ConnectRecord<?> a, ConnectRecord<?> b) {
        return Objects.equals(describe(a), describe(b));
    }
}
