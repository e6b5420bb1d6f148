package io.cdckit.bench;

import io.cdckit.smt.unwrap.Unwrap;
import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
import java.util.function.Supplier;

/** The implementations compared, by the name used in the {@code impl} benchmark parameter. */
public enum Impl {

    /** {@code io.cdckit.smt.unwrap.Unwrap}. */
    CDCKIT("cdckit", Unwrap::new),

    /** Debezium's {@code io.debezium.transforms.ExtractNewRecordState}. */
    DEBEZIUM("debezium", ExtractNewRecordState::new),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline", Identity<SinkRecord>::new);

    public final String label;
    private final Supplier<Transformation<SinkRecord>> factory;

    Impl(String label, Supplier<Transformation<SinkRecord>> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** A new instance configured with {@code config}. */
    public Transformation<SinkRecord> create(Map<String, String> config) {
        Transformation<SinkRecord> t = factory.get();
        t.configure(config);
        return t;
    }

    public static Impl of(String label) {
        for (Impl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }

    /** Returns its input: the harness floor of every benchmark, whatever its record type. */
    static final class Identity<R extends ConnectRecord<R>> implements Transformation<R> {
        @Override
        public R apply(R record) {
            return record;
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }
}
