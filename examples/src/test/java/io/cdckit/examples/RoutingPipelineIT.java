package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code OperationRouter} on a live source: a real PostgreSQL, Debezium's PostgreSQL connector and a
 * Connect worker whose {@code plugin.path} holds the built {@code cdckit-smt-routing} archive. The
 * orders table's snapshot reads, inserts, updates and deletes each go to a topic of their own, every
 * tombstone right after its delete in the delete topic (so log compaction removes the row where it
 * lives); the counts per topic are the workload's.
 */
class RoutingPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-smt-routing archive. */
    static final String ROUTING_ARCHIVE_PROPERTY = "cdckit.examples.routing.archive";
    static final String ORDERS = "routes.shop.orders";

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive(ROUTING_ARCHIVE_PROPERTY)));

    static EmbeddedPostgresCdc.Database db;

    @BeforeAll
    static void runTheWorkload() {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("routes");
        db.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id integer PRIMARY KEY, status text NOT NULL)",
                "INSERT INTO shop.orders VALUES (1, 'new'), (2, 'new')");

        Map<String, String> config = db.connectorConfig("routes", "shop.orders");
        config.put("transforms", "route");
        config.put("transforms.route.type", "io.cdckit.smt.routing.OperationRouter");
        config.put("transforms.route.topic.format", "${topic}.${operation}");
        config.put("transforms.route.topic.read", "${topic}.snapshot");
        connect.deploy("routes", config);
        connect.awaitRunning("routes", 1);
        EmbeddedPostgresCdc.awaitStreaming("routes", TIMEOUT);

        db.execute("INSERT INTO shop.orders VALUES (3, 'new'), (4, 'new'), (5, 'new')",
                "UPDATE shop.orders SET status = 'paid' WHERE id IN (1, 3)",
                "DELETE FROM shop.orders WHERE id = 2",
                "DELETE FROM shop.orders WHERE id = 4");
    }

    static List<ConsumerRecord<byte[], byte[]>> topic(String name, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = CONNECT.runtime().consume(name, expected, TIMEOUT);
        assertEquals(expected, records.size(), name);
        return records;
    }

    @Test
    void eachOperationHasItsTopicAndTombstonesFollowTheirDeletes() {
        topic(ORDERS + ".snapshot", 2);
        topic(ORDERS + ".create", 3);
        List<ConsumerRecord<byte[], byte[]>> updates = topic(ORDERS + ".update", 2);
        for (ConsumerRecord<byte[], byte[]> u : updates) {
            Struct after = ((Struct) ConnectRuntime.decode(u, true).value).getStruct("after");
            assertEquals("paid", after.getString("status"));
        }
        List<ConsumerRecord<byte[], byte[]>> deletes = topic(ORDERS + ".delete", 4);
        for (int i = 0; i < deletes.size(); i += 2) {
            DecodedRecord delete = ConnectRuntime.decode(deletes.get(i), true);
            DecodedRecord tombstone = ConnectRuntime.decode(deletes.get(i + 1), true);
            assertEquals("d", ((Struct) delete.value).getString("op"));
            assertNull(tombstone.value, "the tombstone, right after its delete");
            assertNotNull(tombstone.key);
            assertEquals(delete.key, tombstone.key);
        }
        assertEquals(List.of(2, 4), List.of(((Struct) ConnectRuntime.decode(deletes.get(0), true).key).getInt32("id"),
                ((Struct) ConnectRuntime.decode(deletes.get(2), true).key).getInt32("id")));
        assertEquals(List.of(), CONNECT.runtime().topicNames().stream().filter(ORDERS::equals).toList(),
                "nothing stays in the table's own topic");
    }
}
