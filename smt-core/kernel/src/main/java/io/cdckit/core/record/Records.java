package io.cdckit.core.record;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.function.Consumer;

/**
 * Building a transform's output record from its input. Every method returns a new record that keeps
 * the input's timestamp, partition, and (for source records) source partition and offset, and (for
 * sink records) the original topic, partition and offset. The input record and its {@code Headers}
 * are never modified: header changes go to a copy.
 */
public final class Records {

    private Records() {
    }

    /** A copy with a new value and value schema; headers are carried over. */
    public static <R extends ConnectRecord<R>> R withValue(R record, Schema valueSchema, Object value) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                valueSchema, value, record.timestamp());
    }

    /** A copy with a new key and key schema; headers are carried over. */
    public static <R extends ConnectRecord<R>> R withKey(R record, Schema keySchema, Object key) {
        return record.newRecord(record.topic(), record.kafkaPartition(), keySchema, key,
                record.valueSchema(), record.value(), record.timestamp());
    }

    /** A copy sent to another topic. The partition is kept, as Kafka's own routers do. */
    public static <R extends ConnectRecord<R>> R withTopic(R record, String topic) {
        return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp());
    }

    /** A copy with everything that a transform may change, in one allocation. */
    public static <R extends ConnectRecord<R>> R with(R record, String topic, Schema keySchema, Object key,
                                                       Schema valueSchema, Object value, Headers headers) {
        return record.newRecord(topic, record.kafkaPartition(), keySchema, key, valueSchema, value,
                record.timestamp(), headers);
    }

    /**
     * A copy of the input's headers, changed by {@code change}; the input's own {@code Headers}
     * object is untouched. Pass the result to {@link #with}.
     */
    public static Headers copyHeaders(ConnectRecord<?> record, Consumer<Headers> change) {
        Headers copy = record.headers().duplicate();
        change.accept(copy);
        return copy;
    }

    /** A copy of the record with its headers changed by {@code change}. */
    public static <R extends ConnectRecord<R>> R withHeaders(R record, Consumer<Headers> change) {
        return with(record, record.topic(), record.keySchema(), record.key(), record.valueSchema(), record.value(),
                copyHeaders(record, change));
    }

    /** The last header named {@code name}, or null. */
    public static Header lastHeader(ConnectRecord<?> record, String name) {
        return record.headers().lastWithName(name);
    }

    /**
     * Where a record is, for error messages: topic, partition and, for sink records, offset. It
     * never contains keys or values (they may hold personal data).
     */
    public static String location(ConnectRecord<?> record) {
        if (record == null) {
            return "no record";
        }
        StringBuilder b = new StringBuilder("topic '").append(record.topic()).append('\'');
        if (record.kafkaPartition() != null) {
            b.append(", partition ").append(record.kafkaPartition());
        }
        if (record instanceof SinkRecord) {
            b.append(", offset ").append(((SinkRecord) record).kafkaOffset());
        }
        return b.toString();
    }
}
