package io.cdckit.smt.routing.expr;

import io.cdckit.testkit.Envelopes;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;

/** What a record holds, deeply copied, to compare before and after an expression ran on it. */
final class SinkRecords {

    private SinkRecords() {
    }

    static List<Object> snapshot(SinkRecord r) {
        List<Object> s = new ArrayList<>();
        s.add(r.topic());
        s.add(Envelopes.deepCopyValue(r.key()));
        s.add(Envelopes.deepCopyValue(r.value()));
        for (Header h : r.headers()) {
            s.add(h.key() + "=" + h.value());
        }
        return s;
    }
}
