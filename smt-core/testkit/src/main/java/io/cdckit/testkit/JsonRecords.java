package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Schema'd JSON as Kafka's {@code JsonConverter} writes it ({@code {"schema":...,"payload":...}}),
 * for producing test input and decoding output.
 */
public final class JsonRecords {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonConverter KEYS = converter(true, true);
    private static final JsonConverter VALUES = converter(false, true);
    private static final JsonConverter KEYS_SCHEMALESS = converter(true, false);
    private static final JsonConverter VALUES_SCHEMALESS = converter(false, false);

    private JsonRecords() {
    }

    private static JsonConverter converter(boolean isKey, boolean schemas) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", Boolean.toString(schemas), "schemas.cache.size", "100"), isKey);
        return c;
    }

    /** Encodes a value with its schema (or schemaless when {@code schema} is null and the value a Map/List/primitive). */
    public static byte[] encode(String topic, boolean isKey, Schema schema, Object value) {
        if (value == null && schema == null) {
            return null;
        }
        JsonConverter c = schema == null ? (isKey ? KEYS_SCHEMALESS : VALUES_SCHEMALESS) : (isKey ? KEYS : VALUES);
        synchronized (c) {
            return c.fromConnectData(topic, schema, value);
        }
    }

    /**
     * Encodes a value as JSON without the schema envelope (as a converter with
     * {@code schemas.enable=false} writes it), whether or not the value has a schema.
     */
    public static byte[] encodeSchemaless(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        JsonConverter c = VALUES_SCHEMALESS;
        synchronized (c) {
            return c.fromConnectData(topic, schema, value);
        }
    }

    /** Decodes schema'd JSON bytes (a null or empty input is a null value with no schema). */
    public static SchemaAndValue decode(String topic, boolean isKey, byte[] bytes) {
        JsonConverter c = isKey ? KEYS : VALUES;
        synchronized (c) {
            return c.toConnectData(topic, bytes);
        }
    }

    /** Decodes schemaless JSON bytes into Maps, Lists and primitives. */
    public static SchemaAndValue decodeSchemaless(String topic, boolean isKey, byte[] bytes) {
        JsonConverter c = isKey ? KEYS_SCHEMALESS : VALUES_SCHEMALESS;
        synchronized (c) {
            return c.toConnectData(topic, bytes);
        }
    }

    public static JsonNode tree(byte[] bytes) {
        try {
            return bytes == null ? null : MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
