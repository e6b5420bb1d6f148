package io.cdckit.testkit.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.JsonRecords;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record per line of JSON: {@code {"topic":..,"partition":..,"offset":..,"key":<schema'd json>,
 * "value":<schema'd json>,"headers":{name:text}}}. The replaying source reads this format and the
 * capturing sink writes it.
 */
public final class RecordLines {

    private RecordLines() {
    }

    /** A record to replay: topic, key, value (with schemas, or schemaless Maps when a schema is null) and text headers. */
    public static final class Line {
        public final String topic;
        public final Schema keySchema;
        public final Object key;
        public final Schema valueSchema;
        public final Object value;
        public final Map<String, String> headers = new LinkedHashMap<>();

        public Line(String topic, Schema keySchema, Object key, Schema valueSchema, Object value) {
            this.topic = topic;
            this.keySchema = keySchema;
            this.key = key;
            this.valueSchema = valueSchema;
            this.value = value;
        }

        public Line header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    public static void write(Path file, List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(encode(l.topic, -1, -1, l.keySchema, l.key, l.valueSchema, l.value, l.headers)).append('\n');
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encode(ConnectRecord<?> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : String.valueOf(h.value()));
        }
        long offset = r instanceof SinkRecord ? ((SinkRecord) r).kafkaOffset() : -1;
        int partition = r.kafkaPartition() == null ? -1 : r.kafkaPartition();
        return encode(r.topic(), partition, offset, r.keySchema(), r.key(), r.valueSchema(), r.value(), headers);
    }

    static String encode(String topic, int partition, long offset, Schema keySchema, Object key,
                         Schema valueSchema, Object value, Map<String, String> headers) {
        ObjectNode n = JsonRecords.MAPPER.createObjectNode();
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.set("key", envelope(topic, true, keySchema, key));
        n.set("value", envelope(topic, false, valueSchema, value));
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        return n.toString();
    }

    private static JsonNode envelope(String topic, boolean isKey, Schema schema, Object value) {
        byte[] bytes = JsonRecords.encode(topic, isKey, schema, value);
        return bytes == null ? JsonRecords.MAPPER.nullNode() : JsonRecords.tree(bytes);
    }

    /** Reads every complete line of {@code file} (missing file: none). */
    public static List<DecodedRecord> read(Path file) {
        List<DecodedRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(decode(line));
            }
        }
        return out;
    }

    static DecodedRecord decode(String line) {
        try {
            JsonNode n = JsonRecords.MAPPER.readTree(line);
            String topic = n.get("topic").asText();
            SchemaAndValue k = decodeEnvelope(topic, true, n.get("key"));
            SchemaAndValue v = decodeEnvelope(topic, false, n.get("value"));
            @SuppressWarnings("unchecked")
            Map<String, String> headers = JsonRecords.MAPPER.convertValue(n.get("headers"), LinkedHashMap.class);
            return new DecodedRecord(topic, n.get("partition").asInt(), n.get("offset").asLong(),
                    k.schema(), k.value(), v.schema(), v.value(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SchemaAndValue decodeEnvelope(String topic, boolean isKey, JsonNode node) {
        if (node == null || node.isNull()) {
            return SchemaAndValue.NULL;
        }
        byte[] bytes = node.toString().getBytes(StandardCharsets.UTF_8);
        boolean schemaless = !(node.isObject() && node.has("schema") && node.has("payload") && node.size() == 2);
        return schemaless ? JsonRecords.decodeSchemaless(topic, isKey, bytes) : JsonRecords.decode(topic, isKey, bytes);
    }
}
