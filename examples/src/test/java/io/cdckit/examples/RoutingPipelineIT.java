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
 * {@code OperationRouter} and {@code OutboxRouter} on a live source: a real PostgreSQL, Debezium's
 * PostgreSQL connector and a Connect worker whose {@code plugin.path} holds the built
 * {@code cdckit-smt-routing} archive, each router on its table through Kafka's
 * {@code TopicNameMatches} predicate. The
 * orders table's snapshot reads, inserts, updates and deletes each go to a topic of their own (the
 * deletes by source table), every tombstone right after its delete in the delete topic, which only
 * the router's memory of the delete can give it (so log compaction removes the row where it lives);
 * the counts per topic are the workload's. The outbox table's events, each inserted and later
 * deleted, go to a topic per aggregate type with Debezium's {@code EventRouter} defaults (key the
 * aggregate id, the event id a header) and their JSON payloads expanded; the deletes are dropped.
 */
class RoutingPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-smt-routing archive. */
    static final String ROUTING_ARCHIVE_PROPERTY = "cdckit.examples.routing.archive";
    static final String ORDERS = "routes.shop.orders";
    static final String OUTBOX = "routes.shop.outbox";

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
                "INSERT INTO shop.orders VALUES (1, 'new'), (2, 'new')",
                "CREATE TABLE shop.outbox (id uuid PRIMARY KEY, aggregatetype text NOT NULL, aggregateid text NOT NULL, "
                        + "type text NOT NULL, payload jsonb)");

        Map<String, String> config = db.connectorConfig("routes", "shop.orders", "shop.outbox");
        config.put("predicates", "isOrders,isOutbox");
        config.put("predicates.isOrders.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        config.put("predicates.isOrders.pattern", ORDERS.replace(".", "\\."));
        config.put("predicates.isOutbox.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        config.put("predicates.isOutbox.pattern", OUTBOX.replace(".", "\\."));
        config.put("transforms", "route,outbox");
        config.put("transforms.route.type", "io.cdckit.smt.routing.OperationRouter");
        config.put("transforms.route.predicate", "isOrders");
        config.put("transforms.route.topic.format", "${topic}.${operation}");
        config.put("transforms.route.topic.read", "${topic}.snapshot");
        // deletes by source table: their tombstones can only get there through the router's memory
        config.put("transforms.route.topic.delete", "deleted.${source.schema}.${source.table}");
        config.put("transforms.route.topic.tombstone", "orphans");
        // the outbox by aggregate type, Debezium's EventRouter's defaults, the JSON payload expanded
        config.put("transforms.outbox.type", "io.cdckit.smt.routing.OutboxRouter");
        config.put("transforms.outbox.predicate", "isOutbox");
        config.put("transforms.outbox.table.expand.json.payload", "true");
        connect.deploy("routes", config);
        connect.awaitRunning("routes", 1);
        EmbeddedPostgresCdc.awaitStreaming("routes", TIMEOUT);

        db.execute("INSERT INTO shop.orders VALUES (3, 'new'), (4, 'new'), (5, 'new')",
                "UPDATE shop.orders SET status = 'paid' WHERE id IN (1, 3)",
                "DELETE FROM shop.orders WHERE id = 2",
                "DELETE FROM shop.orders WHERE id = 4");
        // the transactional outbox: each event inserted with the change it announces, then removed
        for (int i = 0; i < OUTBOX_EVENTS.size(); i++) {
            String[] e = OUTBOX_EVENTS.get(i);
            db.execute("INSERT INTO shop.outbox VALUES ('" + uuid(i) + "', '" + e[0] + "', '" + e[1] + "', '" + e[2]
                    + "', '{\"id\": " + e[1] + ", \"amount\": " + (10 + i) + ".5}')");
        }
        db.execute("DELETE FROM shop.outbox");
        // written after the deletes: once it is routed, the deletes before it have been handled
        db.execute("INSERT INTO shop.outbox VALUES ('" + uuid(9) + "', 'sentinel', '0', 'Done', '{}')");
    }

    /** Outbox events: aggregate type, aggregate id, event type. */
    static final List<String[]> OUTBOX_EVENTS = List.of(new String[] {"order", "3", "OrderCreated"},
            new String[] {"order", "4", "OrderCreated"}, new String[] {"customer", "7", "CustomerMoved"},
            new String[] {"order", "3", "OrderPaid"});

    static String uuid(int i) {
        return "00000000-0000-0000-0000-00000000000" + i;
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
        List<ConsumerRecord<byte[], byte[]>> deletes = topic("deleted.shop.orders", 4);
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
        assertEquals(List.of(), CONNECT.runtime().topicNames().stream()
                .filter(t -> t.equals(ORDERS) || t.equals("orphans")).toList(),
                "nothing stays in the table's own topic, no tombstone lost its delete");
    }

    @Test
    void outboxEventsGoToATopicPerAggregateTypeAndTheirDeletesAreDropped() {
        List<ConsumerRecord<byte[], byte[]>> orders = topic("outbox.event.order", 3);
        List<ConsumerRecord<byte[], byte[]>> customers = topic("outbox.event.customer", 1);
        List<ConsumerRecord<byte[], byte[]>> all = new java.util.ArrayList<>(orders);
        all.addAll(customers);
        for (ConsumerRecord<byte[], byte[]> r : all) {
            DecodedRecord d = ConnectRuntime.decode(r, true);
            org.apache.kafka.common.header.Header id = r.headers().lastHeader("id");
            assertNotNull(id, "the event id as a header");
            String uuid = new String(id.value(), java.nio.charset.StandardCharsets.UTF_8).replace("\"", "");
            int i = Integer.parseInt(uuid.substring(uuid.length() - 1));
            String[] event = OUTBOX_EVENTS.get(i);
            assertEquals("outbox.event." + event[0], r.topic());
            assertEquals(event[1], d.key, "the aggregate id is the key");
            Struct payload = (Struct) d.value;
            assertEquals(Long.parseLong(event[1]), ((Number) payload.get("id")).longValue(), "the payload, expanded");
            assertEquals(10 + i + 0.5, ((Number) payload.get("amount")).doubleValue());
        }
        topic("outbox.event.sentinel", 1);
        assertEquals(List.of(), CONNECT.runtime().topicNames().stream().filter(OUTBOX::equals).toList(),
                "the outbox's deletes and tombstones are dropped, nothing stays in its own topic");
    }
}
