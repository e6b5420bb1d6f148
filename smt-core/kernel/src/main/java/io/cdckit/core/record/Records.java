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
 *
 * <p>What changes is in the method's name: {@link #withValue}, {@link #withKey}, {@link #withTopic},
 * {@link #withHeaders}, {@link #withTopicAndValue}; any other combination with {@link #edit}:
 * <pre>{@code
 * return Records.edit(record).key(keySchema, key).value(schema, row).build();
 * }</pre>
 * (The named methods allocate nothing but the record: use them on hot paths, where the JIT may not
 * always remove the short-lived {@link Edit}.)
 */
public final class Records {

    private Records() {
    }

    /** A copy with a new value and value schema; headers are carried over. */
    public static <R extends ConnectRecord<R>> R withValue(R record, Schema valueSchema, Object value) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                valueSchema, value, record.timestamp());
    }

    /** A copy with a new value and value schema and other headers (a copy the caller made; null: carried over). */
    public static <R extends ConnectRecord<R>> R withValue(R record, Schema valueSchema, Object value, Headers headers) {
        return withTopicAndValue(record, record.topic(), valueSchema, value, headers);
    }

    /** A copy sent to another topic with a new value; other headers if given (null: carried over). */
    public static <R extends ConnectRecord<R>> R withTopicAndValue(R record, String topic, Schema valueSchema,
                                                                   Object value, Headers headers) {
        return headers == null
                ? record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(), valueSchema,
                        value, record.timestamp())
                : record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(), valueSchema,
                        value, record.timestamp(), headers);
    }

    /** A copy with a new key and key schema; headers are carried over. */
    public static <R extends ConnectRecord<R>> R withKey(R record, Schema keySchema, Object key) {
        return record.newRecord(record.topic(), record.kafkaPartition(), keySchema, key,
                record.valueSchema(), record.value(), record.timestamp());
    }

    /** A copy with a new key and key schema and other headers (a copy the caller made; null: carried over). */
    public static <R extends ConnectRecord<R>> R withKey(R record, Schema keySchema, Object key, Headers headers) {
        return headers == null ? withKey(record, keySchema, key)
                : record.newRecord(record.topic(), record.kafkaPartition(), keySchema, key, record.valueSchema(),
                        record.value(), record.timestamp(), headers);
    }

    /** A copy sent to another topic. The partition is kept, as Kafka's own routers do. */
    public static <R extends ConnectRecord<R>> R withTopic(R record, String topic) {
        return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp());
    }

    /** A copy with other headers (a copy the caller made, see {@link #copyHeaders}). */
    public static <R extends ConnectRecord<R>> R withHeaders(R record, Headers headers) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp(), headers);
    }

    /** A copy of the record with its headers changed by {@code change} (on a copy of them). */
    public static <R extends ConnectRecord<R>> R withHeaders(R record, Consumer<Headers> change) {
        return withHeaders(record, copyHeaders(record, change));
    }

    /** An edit of several parts of {@code record}; {@link Edit#build()} makes the new record. */
    public static <R extends ConnectRecord<R>> Edit<R> edit(R record) {
        return new Edit<>(record);
    }

    /**
     * A copy of the input's headers, changed by {@code change}; the input's own {@code Headers}
     * object is untouched.
     */
    public static Headers copyHeaders(ConnectRecord<?> record, Consumer<Headers> change) {
        Headers copy = record.headers().duplicate();
        change.accept(copy);
        return copy;
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

    /**
     * The parts of an output record that differ from its input; everything not set is the input's.
     * Short-lived: make one, set what changes, {@link #build()}.
     *
     * @param <R> the record type
     */
    public static final class Edit<R extends ConnectRecord<R>> {
        private final R record;
        private String topic;
        private Integer partition;
        private Schema keySchema;
        private Object key;
        private Schema valueSchema;
        private Object value;
        private Headers headers;
        private Long timestamp;

        private Edit(R record) {
            this.record = record;
            this.topic = record.topic();
            this.partition = record.kafkaPartition();
            this.keySchema = record.keySchema();
            this.key = record.key();
            this.valueSchema = record.valueSchema();
            this.value = record.value();
            this.timestamp = record.timestamp();
        }

        public Edit<R> topic(String topic) {
            this.topic = topic;
            return this;
        }

        /**
         * The Kafka partition; null for none, so that the producer's partitioner picks one from the key
         * (a sink record needs one). Unset: the input's.
         */
        public Edit<R> partition(Integer partition) {
            this.partition = partition;
            return this;
        }

        public Edit<R> key(Schema keySchema, Object key) {
            this.keySchema = keySchema;
            this.key = key;
            return this;
        }

        public Edit<R> value(Schema valueSchema, Object value) {
            this.valueSchema = valueSchema;
            this.value = value;
            return this;
        }

        /** The record's timestamp (epoch ms, or null for none); unset: the input's. */
        public Edit<R> timestamp(Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** Headers for the output (a copy the caller made); unset: the input's, carried over. */
        public Edit<R> headers(Headers headers) {
            this.headers = headers;
            return this;
        }

        public R build() {
            return headers == null
                    ? record.newRecord(topic, partition, keySchema, key, valueSchema, value, timestamp)
                    : record.newRecord(topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
        }
    }
}
