package io.cdckit.testkit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The schemas of Debezium's MongoDB change events, hand-built as its connector builds them (no
 * MongoDB server runs in these tests; the shapes are those of Debezium's documented event format
 * and of its {@code MongoDbSchema}): a key {@code <topic>.Key} with the document id as extended
 * JSON text in {@code id}, and an envelope {@code <topic>.Envelope} whose {@code before} and
 * {@code after} are JSON text ({@code io.debezium.data.Json}), with the change streams'
 * {@code updateDescription} block.
 */
public final class MongoEnvelopes {

    public static final Schema JSON = SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional().build();
    public static final Schema TRUNCATED_ARRAY = SchemaBuilder.struct()
            .name("io.debezium.connector.mongodb.changestream.truncatedarray")
            .field("field", Schema.STRING_SCHEMA).field("size", Schema.INT32_SCHEMA).build();
    public static final Schema UPDATE_DESCRIPTION = SchemaBuilder.struct()
            .name("io.debezium.connector.mongodb.changestream.updatedescription").optional()
            .field("removedFields", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("updatedFields", JSON)
            .field("truncatedArrays", SchemaBuilder.array(TRUNCATED_ARRAY).optional().build())
            .build();
    public static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mongo.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("collection", Schema.STRING_SCHEMA).field("ord", Schema.INT32_SCHEMA)
            .field("lsid", Schema.OPTIONAL_STRING_SCHEMA).field("txnNumber", Schema.OPTIONAL_INT64_SCHEMA)
            .field("wallTime", Schema.OPTIONAL_INT64_SCHEMA).build();

    private MongoEnvelopes() {
    }

    /** The key schema of a collection's topic. */
    public static Schema key(String topic) {
        return SchemaBuilder.struct().name(topic + ".Key").field("id", Schema.STRING_SCHEMA).build();
    }

    /** The envelope schema of a collection's topic, fields in the connector's order. */
    public static Schema envelope(String topic) {
        return SchemaBuilder.struct().name(topic + ".Envelope")
                .field("before", JSON).field("after", JSON).field("updateDescription", UPDATE_DESCRIPTION)
                .field("source", SOURCE).field("op", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("transaction", Envelopes.TRANSACTION).build();
    }
}
