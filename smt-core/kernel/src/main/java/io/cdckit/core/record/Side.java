package io.cdckit.core.record;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

import java.util.Locale;

/**
 * Which part of a record a transform works on, for transforms that come as {@code $Key} and
 * {@code $Value} variants (as Kafka's own {@code ReplaceField$Key} / {@code ReplaceField$Value}).
 */
public enum Side {
    KEY {
        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.keySchema();
        }

        @Override
        public Object value(ConnectRecord<?> record) {
            return record.key();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
            return Records.withKey(record, schema, value);
        }
    },
    VALUE {
        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.valueSchema();
        }

        @Override
        public Object value(ConnectRecord<?> record) {
            return record.value();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
            return Records.withValue(record, schema, value);
        }
    };

    /** The schema of this side of the record (null for schemaless data). */
    public abstract Schema schema(ConnectRecord<?> record);

    /** This side of the record: the key or the value. */
    public abstract Object value(ConnectRecord<?> record);

    /** A new record with this side replaced; everything else is kept. */
    public abstract <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value);

    /** "key" or "value", for messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
