package io.cdckit.bench;

import io.cdckit.smt.routing.OutboxRouter;
import io.debezium.transforms.outbox.EventRouter;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
import java.util.function.Supplier;

/** The implementations {@link OutboxBenchmark} compares, by the name used in its {@code impl} parameter. */
public enum OutboxImpl {

    /** {@code io.cdckit.smt.routing.OutboxRouter}. */
    CDCKIT("cdckit", OutboxRouter::new),

    /** Debezium's {@code io.debezium.transforms.outbox.EventRouter}. */
    DEBEZIUM("debezium", EventRouter::new),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline", Impl.Identity::new);

    public final String label;
    private final Supplier<Transformation<SourceRecord>> factory;

    OutboxImpl(String label, Supplier<Transformation<SourceRecord>> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** A new instance configured with {@code config}. */
    public Transformation<SourceRecord> create(Map<String, String> config) {
        Transformation<SourceRecord> t = factory.get();
        t.configure(config);
        return t;
    }

    public static OutboxImpl of(String label) {
        for (OutboxImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }
}
