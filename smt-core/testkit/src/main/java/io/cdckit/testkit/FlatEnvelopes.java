package io.cdckit.testkit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Oracle GoldenGate JSON and Alibaba Canal flat messages, as records a sink task gets them through
 * Kafka's {@code JsonConverter}: schemaless (a Map, {@code schemas.enable=false}) from the JSON text,
 * or schema'd ({@code schemas.enable=true}: an unnamed Struct) from a Struct round-tripped through
 * the converter. Rows are {@code customers} rows ({@code id}, {@code name}, {@code email},
 * {@code region}).
 */
public final class FlatEnvelopes {

    public static final String TOPIC = "ogg.shop.customers";

    /** The row schema as JsonConverter decodes it: unnamed, optional. */
    public static final Schema ROW = SchemaBuilder.struct().optional()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA).field("region", Schema.OPTIONAL_STRING_SCHEMA).build();

    public static final Schema GOLDENGATE = SchemaBuilder.struct()
            .field("table", Schema.STRING_SCHEMA).field("op_type", Schema.STRING_SCHEMA)
            .field("op_ts", Schema.STRING_SCHEMA).field("current_ts", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pos", Schema.OPTIONAL_STRING_SCHEMA)
            .field("primary_keys", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("before", ROW).field("after", ROW).build();

    public static final Schema CANAL = SchemaBuilder.struct()
            .field("data", SchemaBuilder.array(ROW).optional().build())
            .field("database", Schema.STRING_SCHEMA).field("es", Schema.INT64_SCHEMA)
            .field("id", Schema.INT64_SCHEMA).field("isDdl", Schema.BOOLEAN_SCHEMA)
            .field("old", SchemaBuilder.array(ROW).optional().build())
            .field("pkNames", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("sql", Schema.OPTIONAL_STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("ts", Schema.INT64_SCHEMA).field("type", Schema.STRING_SCHEMA).build();

    /** {@code op_ts} of every GoldenGate event here, and its instant in ms. */
    public static final String OP_TS = "2024-04-25 10:15:30.123456";
    public static final long OP_TS_MS = 1_714_040_130_123L;
    /** {@code es} and {@code ts} of every Canal event here. */
    public static final long ES = 1_714_040_130_000L;
    public static final long TS = 1_714_040_130_789L;

    private FlatEnvelopes() {
    }

    /** A row as JSON text; null for {@code null}. */
    public static String rowJson(int id, String name, String email, String region) {
        return "{\"id\":" + id + ",\"name\":" + text(name) + ",\"email\":" + text(email) + ",\"region\":"
                + text(region) + "}";
    }

    public static Struct row(int id, String name, String email, String region) {
        return new Struct(ROW).put("id", id).put("name", name).put("email", email).put("region", region);
    }

    private static String text(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** GoldenGate's JSON text of table {@code SHOP.CUSTOMERS}; a null image is left out, as the formatter does. */
    public static String goldenGateJson(String opType, String before, String after) {
        return "{\"table\":\"SHOP.CUSTOMERS\",\"op_type\":\"" + opType + "\",\"op_ts\":\"" + OP_TS
                + "\",\"current_ts\":\"2024-04-25 10:15:31.000000\",\"pos\":\"00000000000000001234\","
                + "\"primary_keys\":[\"ID\"]" + (before == null ? "" : ",\"before\":" + before)
                + (after == null ? "" : ",\"after\":" + after) + "}";
    }

    /** A Canal flat message's JSON text of {@code shop.customers}; {@code data}, {@code old}: JSON arrays or null. */
    public static String canalJson(String type, String data, String old) {
        return "{\"data\":" + data + ",\"database\":\"shop\",\"es\":" + ES + ",\"id\":7,\"isDdl\":" + isDdl(type) + ","
                + "\"mysqlType\":{\"id\":\"int\",\"name\":\"varchar(64)\",\"email\":\"varchar(255)\","
                + "\"region\":\"varchar(8)\"},\"old\":" + old + ",\"pkNames\":[\"id\"],\"sql\":\"\","
                + "\"sqlType\":{\"id\":4,\"name\":12,\"email\":12,\"region\":12},\"table\":\"customers\",\"ts\":" + TS
                + ",\"type\":\"" + type + "\"}";
    }

    public static Struct goldenGate(String opType, Struct before, Struct after) {
        return new Struct(GOLDENGATE).put("table", "SHOP.CUSTOMERS").put("op_type", opType).put("op_ts", OP_TS)
                .put("current_ts", "2024-04-25 10:15:31.000000").put("pos", "00000000000000001234")
                .put("primary_keys", List.of("ID")).put("before", before).put("after", after);
    }

    public static Struct canal(String type, List<Struct> data, List<Struct> old) {
        return new Struct(CANAL).put("data", data == null ? null : new ArrayList<>(data)).put("database", "shop")
                .put("es", ES).put("id", 7L).put("isDdl", isDdl(type)).put("old", old == null ? null : new ArrayList<>(old))
                .put("pkNames", List.of("id")).put("sql", "").put("table", "customers").put("ts", TS)
                .put("type", type);
    }

    /** Canal's {@code isDdl}: "not DML", so true for TRUNCATE and DDL types, false for INSERT, UPDATE, DELETE. */
    private static boolean isDdl(String type) {
        return !"INSERT".equals(type) && !"UPDATE".equals(type) && !"DELETE".equals(type);
    }

    /** The record a sink gets for this JSON text with {@code schemas.enable=false}: a Map value. */
    public static SinkRecord schemaless(String json) {
        SchemaAndValue v = JsonRecords.decodeSchemaless(TOPIC, false, json.getBytes(StandardCharsets.UTF_8));
        return new SinkRecord(TOPIC, 0, null, null, v.schema(), v.value(), 42L);
    }

    /** The record a sink gets for this Struct written and read by JsonConverter with {@code schemas.enable=true}. */
    public static SinkRecord schemad(Struct value) {
        SchemaAndValue v = JsonRecords.decode(TOPIC, false, JsonRecords.encode(TOPIC, false, value.schema(), value));
        return new SinkRecord(TOPIC, 0, null, null, v.schema(), v.value(), 42L);
    }
}
