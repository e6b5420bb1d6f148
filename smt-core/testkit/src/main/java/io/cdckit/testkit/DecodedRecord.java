package io.cdckit.testkit;

import org.apache.kafka.connect.data.Schema;

import java.util.Map;

/**
 * A record read back from Kafka or from a capturing sink: key and value decoded from schema'd
 * JSON, headers as text.
 */
public final class DecodedRecord {

    public final String topic;
    public final int partition;
    public final long offset;
    public final Schema keySchema;
    public final Object key;
    public final Schema valueSchema;
    public final Object value;
    public final Map<String, String> headers;

    public DecodedRecord(String topic, int partition, long offset, Schema keySchema, Object key,
                         Schema valueSchema, Object value, Map<String, String> headers) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.keySchema = keySchema;
        this.key = key;
        this.valueSchema = valueSchema;
        this.value = value;
        this.headers = headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        // test diagnostics only: test data holds no personal data
        return "DecodedRecord{topic=" + topic + ", partition=" + partition + ", offset=" + offset
                + ", key=" + key + ", value=" + value + ", headers=" + headers.keySet() + "}";
    }
}
