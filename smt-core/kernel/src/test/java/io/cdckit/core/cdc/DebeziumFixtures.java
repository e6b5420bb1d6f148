package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debezium-shaped schemas and events for the tests of this package: a PostgreSQL connector's data
 * change envelopes, logical-decoding message events, a MongoDB connector's envelopes, and the other
 * kinds of record Debezium writes (heartbeats, schema changes, transaction metadata); and Maxwell's
 * JSON change events as the JSON converter hands them over.
 */
public final class DebeziumFixtures {

    public static final String TOPIC = "pg.public.customers";

    public static final long TS_MS = 1_714_000_000_142L;
    public static final long TS_US = TS_MS * 1_000L + 381L;
    public static final long TS_NS = TS_US * 1_000L + 907L;
    public static final long SOURCE_TS_MS = 1_714_000_000_000L;
    public static final long TX_ID = 555L;
    public static final long LSN = 24_023_128L;
    public static final String TX_BLOCK_ID = "555:24023128";

    public static final Schema PG_SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional()
                    .name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                    .defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    public static final Schema ROW = SchemaBuilder.struct()
            .name(TOPIC + ".Value")
            .optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("first_name", Schema.STRING_SCHEMA)
            .field("last_name", Schema.STRING_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .build();

    public static final Schema TX_BLOCK = SchemaBuilder.struct()
            .name("event.block")
            .version(1)
            .optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    public static final Schema ENVELOPE = pgEnvelope(TOPIC + ".Envelope");

    public static final Schema MESSAGE_BLOCK = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.Message")
            .field("prefix", Schema.STRING_SCHEMA)
            .field("content", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();

    public static final Schema MESSAGE_VALUE = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.MessageValue")
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("source", PG_SOURCE)
            .field("transaction", TX_BLOCK)
            .field("message", MESSAGE_BLOCK)
            .build();

    public static final Schema JSON = SchemaBuilder.string().optional()
            .name("io.debezium.data.Json").version(1).build();

    public static final Schema MONGO_SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.mongo.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("collection", Schema.STRING_SCHEMA)
            .field("ord", Schema.INT32_SCHEMA)
            .field("lsid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("txnNumber", Schema.OPTIONAL_INT64_SCHEMA)
            .field("wallTime", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    public static final Schema TRUNCATED_ARRAY = SchemaBuilder.struct()
            .name("io.debezium.connector.mongodb.changestream.truncatedarray")
            .field("field", Schema.STRING_SCHEMA)
            .field("size", Schema.INT32_SCHEMA)
            .build();

    public static final Schema UPDATE_DESCRIPTION = SchemaBuilder.struct()
            .name("io.debezium.connector.mongodb.changestream.updatedescription")
            .optional()
            .field("removedFields", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("updatedFields", JSON)
            .field("truncatedArrays", SchemaBuilder.array(TRUNCATED_ARRAY).optional().build())
            .build();

    public static final Schema MONGO_ENVELOPE = SchemaBuilder.struct()
            .name("mongo.inventory.customers.Envelope")
            .field("before", JSON)
            .field("after", JSON)
            .field("updateDescription", UPDATE_DESCRIPTION)
            .field("source", MONGO_SOURCE)
            .field("op", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("transaction", TX_BLOCK)
            .build();

    public static final Schema HEARTBEAT = SchemaBuilder.struct()
            .name("io.debezium.connector.common.Heartbeat")
            .version(1)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    public static final Schema MYSQL_SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.mysql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("server_id", Schema.INT64_SCHEMA)
            .field("file", Schema.STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA)
            .build();

    public static final Schema TABLE_CHANGE = SchemaBuilder.struct()
            .name("io.debezium.connector.schema.Change")
            .field("type", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .build();

    public static final Schema SCHEMA_CHANGE = SchemaBuilder.struct()
            .name("io.debezium.connector.mysql.SchemaChangeValue")
            .field("source", MYSQL_SOURCE)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("databaseName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schemaName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ddl", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tableChanges", SchemaBuilder.array(TABLE_CHANGE).build())
            .build();

    public static final Schema DATA_COLLECTION = SchemaBuilder.struct()
            .name("event.collection")
            .field("data_collection", Schema.STRING_SCHEMA)
            .field("event_count", Schema.INT64_SCHEMA)
            .build();

    public static final Schema TX_METADATA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.TransactionMetadataValue")
            .field("status", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .field("event_count", Schema.OPTIONAL_INT64_SCHEMA)
            .field("data_collections", SchemaBuilder.array(DATA_COLLECTION).optional().build())
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    private DebeziumFixtures() {
    }

    /**
     * @return a PostgreSQL-style envelope schema with the given name and the usual fields
     */
    public static Schema pgEnvelope(String name) {
        return SchemaBuilder.struct()
                .name(name)
                .version(2)
                .field("before", ROW)
                .field("after", ROW)
                .field("source", PG_SOURCE)
                .field("transaction", TX_BLOCK)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    public static Struct pgSource(String snapshot) {
        return new Struct(PG_SOURCE)
                .put("version", "3.0.5.Final")
                .put("connector", "postgresql")
                .put("name", "pg")
                .put("ts_ms", SOURCE_TS_MS)
                .put("snapshot", snapshot)
                .put("db", "inventory")
                .put("sequence", "[null,\"24023128\"]")
                .put("ts_us", SOURCE_TS_MS * 1_000L)
                .put("ts_ns", SOURCE_TS_MS * 1_000_000L)
                .put("schema", "public")
                .put("table", "customers")
                .put("txId", TX_ID)
                .put("lsn", LSN)
                .put("xmin", null);
    }

    public static Struct customer(int id, String first, String last, String email) {
        return new Struct(ROW)
                .put("id", id)
                .put("first_name", first)
                .put("last_name", last)
                .put("email", email);
    }

    public static Struct alice() {
        return customer(1001, "Alice", "Smith", "alice@example.com");
    }

    public static Struct aliceRenamed() {
        return customer(1001, "Alice", "Jones", "alice.jones@example.com");
    }

    public static Struct txBlock() {
        return new Struct(TX_BLOCK)
                .put("id", TX_BLOCK_ID)
                .put("total_order", 3L)
                .put("data_collection_order", 2L);
    }

    public static Struct envelope(Schema schema, String op, Struct before, Struct after, Struct tx,
                           String snapshot) {
        return new Struct(schema)
                .put("before", before)
                .put("after", after)
                .put("source", pgSource(snapshot))
                .put("transaction", tx)
                .put("op", op)
                .put("ts_ms", TS_MS)
                .put("ts_us", TS_US)
                .put("ts_ns", TS_NS);
    }

    public static Struct create() {
        return envelope(ENVELOPE, "c", null, alice(), txBlock(), "false");
    }

    public static Struct read() {
        return envelope(ENVELOPE, "r", null, alice(), null, "true");
    }

    public static Struct update() {
        return envelope(ENVELOPE, "u", alice(), aliceRenamed(), txBlock(), "false");
    }

    public static Struct delete() {
        return envelope(ENVELOPE, "d", aliceRenamed(), null, txBlock(), "false");
    }

    public static Struct truncate() {
        return envelope(ENVELOPE, "t", null, null, txBlock(), "false");
    }

    public static Struct message() {
        Struct source = pgSource("false").put("schema", "").put("table", "");
        Struct message = new Struct(MESSAGE_BLOCK)
                .put("prefix", "audit")
                .put("content", "hello".getBytes(StandardCharsets.UTF_8));
        return new Struct(MESSAGE_VALUE)
                .put("op", "m")
                .put("ts_ms", TS_MS)
                .put("ts_us", TS_US)
                .put("ts_ns", TS_NS)
                .put("source", source)
                .put("transaction", null)
                .put("message", message);
    }

    public static Struct mongoSource() {
        return new Struct(MONGO_SOURCE)
                .put("version", "3.0.5.Final")
                .put("connector", "mongodb")
                .put("name", "mongo")
                .put("ts_ms", SOURCE_TS_MS)
                .put("snapshot", "false")
                .put("db", "inventory")
                .put("ts_us", SOURCE_TS_MS * 1_000L)
                .put("ts_ns", SOURCE_TS_MS * 1_000_000L)
                .put("collection", "customers")
                .put("ord", 1);
    }

    public static final String MONGO_DOC = "{\"_id\": {\"$numberLong\": \"1004\"}, \"first_name\": \"Anne\", "
            + "\"email\": \"annek@noanswer.org\"}";
    public static final String MONGO_DOC_UPDATED = "{\"_id\": {\"$numberLong\": \"1004\"}, "
            + "\"first_name\": \"Anne Marie\", \"email\": \"annek@noanswer.org\"}";

    public static Struct mongoEvent(String op, String before, String after, Struct updateDescription) {
        return new Struct(MONGO_ENVELOPE)
                .put("before", before)
                .put("after", after)
                .put("updateDescription", updateDescription)
                .put("source", mongoSource())
                .put("op", op)
                .put("ts_ms", TS_MS)
                .put("ts_us", TS_US)
                .put("ts_ns", TS_NS);
    }

    public static Struct mongoUpdateDescription() {
        return new Struct(UPDATE_DESCRIPTION)
                .put("removedFields", List.of("nickname"))
                .put("updatedFields", "{\"first_name\": \"Anne Marie\"}")
                .put("truncatedArrays", null);
    }

    public static Struct heartbeat() {
        return new Struct(HEARTBEAT).put("ts_ms", TS_MS);
    }

    public static Struct schemaChange() {
        Struct source = new Struct(MYSQL_SOURCE)
                .put("version", "3.0.5.Final")
                .put("connector", "mysql")
                .put("name", "mysql")
                .put("ts_ms", SOURCE_TS_MS)
                .put("db", "inventory")
                .put("table", "customers")
                .put("server_id", 223344L)
                .put("file", "mysql-bin.000003")
                .put("pos", 154L);
        Struct change = new Struct(TABLE_CHANGE).put("type", "ALTER").put("id", "\"inventory\".\"customers\"");
        return new Struct(SCHEMA_CHANGE)
                .put("source", source)
                .put("ts_ms", TS_MS)
                .put("databaseName", "inventory")
                .put("schemaName", null)
                .put("ddl", "ALTER TABLE customers ADD COLUMN middle_name VARCHAR(255)")
                .put("tableChanges", List.of(change));
    }

    public static Struct txMetadata() {
        Struct collection = new Struct(DATA_COLLECTION)
                .put("data_collection", "public.customers")
                .put("event_count", 2L);
        return new Struct(TX_METADATA)
                .put("status", "END")
                .put("id", TX_BLOCK_ID)
                .put("event_count", 2L)
                .put("data_collections", List.of(collection))
                .put("ts_ms", TS_MS);
    }

    /**
     * An ordinary row of a table whose columns happen to be named like an envelope's fields, with
     * the same types, under the given schema name (null for none).
     */
    public static Struct envelopeLikeRow(String schemaName) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (schemaName != null) {
            builder.name(schemaName);
        }
        Schema schema = builder
                .field("op", Schema.STRING_SCHEMA)
                .field("before", ROW)
                .field("after", ROW)
                .field("source", PG_SOURCE)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        return new Struct(schema)
                .put("op", "c")
                .put("before", null)
                .put("after", alice())
                .put("source", pgSource("false"))
                .put("ts_ms", TS_MS);
    }

    // ------------------------------------------------------------------ schemaless form

    /**
     * Decode JSON text the way a sink or transform sees it with {@code schemas.enable=false}.
     */
    public static Map<?, ?> jsonMap(String json) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        SchemaAndValue decoded = converter.toConnectData(TOPIC, json.getBytes(StandardCharsets.UTF_8));
        return (Map<?, ?>) decoded.value();
    }

    /**
     * Turn a Struct envelope into the Map a consumer gets when Debezium writes it with
     * {@code schemas.enable=false} and the consumer reads it back the same way.
     */
    public static Map<?, ?> schemaless(Struct value) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        byte[] json = converter.fromConnectData(TOPIC, value.schema(), value);
        return (Map<?, ?>) converter.toConnectData(TOPIC, json).value();
    }

    /**
     * Read a named field of a row or block, whichever its representation.
     */
    public static Object get(Object structOrMap, String name) {
        if (structOrMap instanceof Struct) {
            return ((Struct) structOrMap).get(name);
        }
        if (structOrMap instanceof Map) {
            return ((Map<?, ?>) structOrMap).get(name);
        }
        throw new AssertionError("not a struct or map: " + structOrMap);
    }

    /** A Maxwell change event on {@code shop.customers}; {@code old} is left out when null. */
    public static Map<String, Object> maxwell(String type, Map<String, Object> data, Map<String, Object> old) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", "shop");
        m.put("table", "customers");
        m.put("type", type);
        m.put("ts", 1_714_000_000L);
        m.put("xid", 940_752L);
        m.put("commit", true);
        m.put("data", data);
        if (old != null) {
            m.put("old", old);
        }
        return m;
    }
}
