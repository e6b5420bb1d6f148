package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The expression transforms of {@code cdckit-smt-routing} on a live source: a real PostgreSQL,
 * Debezium's PostgreSQL connector and one Connect worker whose {@code plugin.path} holds the built
 * archives of {@code cdckit-smt-routing} and {@code cdckit-smt-unwrap} (failsafe keeps both off this
 * class path). Two tables, {@code shop.orders} and {@code shop.customers} (both
 * {@code REPLICA IDENTITY FULL}), each captured through its snapshot and a workload of inserts, updates and
 * deletes, by two connectors with the same source-side chain:
 * <ol>
 *   <li>{@code ExpressionFilter} ({@code language=jsr223.groovy},
 *       {@code condition=value.after?.status != 'draft'}, {@code topic.regex} the orders topic,
 *       {@code null.handling.mode=drop}): an order event is kept exactly when its after image is not a
 *       draft, so deletes (no after image) are kept, updates of a draft or into a draft are dropped,
 *       the orders' tombstones are dropped, and the customers (drafts among them, tombstones too) pass
 *       unevaluated;</li>
 *   <li>{@code ComputeField$Value} ({@code total:decimal(10,2):qty * price}, {@code is_big:boolean:qty > 10},
 *       {@code label:string:region.toUpperCase() + '-' + id}) on the orders only (Kafka's
 *       {@code TopicNameMatches}), in row scope: both images of an envelope are computed, each from
 *       itself;</li>
 *   <li>on connector {@code pipe} only, {@code ExpressionRouter}
 *       ({@code topic.expression=value.after != null ? topic + '.' + value.after.region : null},
 *       {@code topic.regex} the orders topic) and then {@code Unwrap} ({@code rewrite}, {@code op} added).</li>
 * </ol>
 * {@code pipe} shows the rows: each kept order in the topic of its after image's region (an update
 * that moves a row to another region follows it, a region with drafts only gets no topic), the
 * deletes in the table's own topic as their before image with its computed fields, the customers in
 * theirs unwrapped but neither filtered, routed nor computed. {@code env} shows the envelopes: both
 * images computed on updates and deletes, one row schema for both, no order tombstone, the customers'
 * tombstones kept. Every topic's events are checked in order and counted exactly against the
 * workload (a last customer insert marks its end), no other topic is made, and every computed value
 * is checked against the row as JDBC read it just before or after the change. The expressions run
 * with the default {@code expression.timeout.ms}: the first evaluation on a task thread, which
 * includes Groovy's linking of its calls, has its grace and does not fail a healthy record.
 */
class ExpressionPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-smt-routing archive. */
    static final String ROUTING_ARCHIVE_PROPERTY = RoutingPipelineIT.ROUTING_ARCHIVE_PROPERTY;
    static final String ORDERS = "shop.orders";
    static final String CUSTOMERS = "shop.customers";
    /** The fields ComputeField adds to each order image. */
    static final List<String> COMPUTED = List.of("total", "is_big", "label");

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive(ROUTING_ARCHIVE_PROPERTY))
            .pluginArchive(PluginArchives.unwrap()));

    /** A change event the workload made: table, op, row id, the row as JDBC read it just before and after (null: none). */
    record Change(String table, String op, int id, Map<String, Object> before, Map<String, Object> after) {
        String event() {
            return op + ":" + id;
        }

        boolean isOrder() {
            return table.equals(ORDERS);
        }

        /** What the filter's condition {@code value.after?.status != 'draft'} says, worked out here. */
        boolean kept() {
            return !isOrder() || after == null || !"draft".equals(after.get("status"));
        }

        /** Where {@code pipe}'s router sends it: by the after image's region, else the table's topic. */
        String pipeTopic() {
            return isOrder() && after != null ? "pipe." + table + "." + after.get("region") : "pipe." + table;
        }
    }

    static final List<Change> CHANGES = new ArrayList<>();
    static EmbeddedPostgresCdc.Database db;
    /** Topic name to its records, for every topic of {@code pipe} and {@code env} the workload should fill. */
    static final Map<String, List<ConsumerRecord<byte[], byte[]>>> TOPICS = new TreeMap<>();

    /** The transforms both connectors run first: the filter, then ComputeField on the orders. */
    static Map<String, String> filterAndCompute(String prefix) {
        String orders = (prefix + "." + ORDERS).replace(".", "\\.");
        Map<String, String> c = new HashMap<>();
        c.put("predicates", "isOrders");
        c.put("predicates.isOrders.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        c.put("predicates.isOrders.pattern", orders);
        c.put("transforms.keep.type", "io.cdckit.smt.routing.ExpressionFilter");
        c.put("transforms.keep.language", "jsr223.groovy");
        c.put("transforms.keep.condition", "value.after?.status != 'draft'");
        c.put("transforms.keep.topic.regex", orders);
        c.put("transforms.keep.null.handling.mode", "drop");
        c.put("transforms.compute.type", "io.cdckit.smt.routing.ComputeField$Value");
        c.put("transforms.compute.predicate", "isOrders");
        c.put("transforms.compute.fields", "total:decimal(10,2):qty * price, is_big:boolean:qty > 10, "
                + "label:string:region.toUpperCase() + '-' + id");
        return c;
    }

    @BeforeAll
    static void runTheWorkload() {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("exprs");
        db.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id integer PRIMARY KEY, region text NOT NULL, status text NOT NULL, "
                        + "qty integer NOT NULL, price numeric(10,2) NOT NULL)",
                "ALTER TABLE shop.orders REPLICA IDENTITY FULL",
                "CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL, status text NOT NULL)",
                "ALTER TABLE shop.customers REPLICA IDENTITY FULL",
                "INSERT INTO shop.orders VALUES (1, 'eu', 'new', 2, 9.99), (2, 'us', 'draft', 20, 1.50), "
                        + "(3, 'eu', 'draft', 5, 3.00), (4, 'apac', 'paid', 12, 100.25)",
                "INSERT INTO shop.customers VALUES (1, 'Ada', 'active'), (2, 'Grace', 'draft'), (3, 'Linus', 'active')");
        for (String table : List.of(ORDERS, CUSTOMERS)) {
            db.query("SELECT id FROM " + table + " ORDER BY id").forEach(r -> {
                int id = (Integer) r.get("id");
                CHANGES.add(new Change(table, "r", id, null, row(table, id)));
            });
        }

        Map<String, String> pipe = db.connectorConfig("pipe", ORDERS, CUSTOMERS);
        pipe.putAll(filterAndCompute("pipe"));
        pipe.put("transforms", "keep,compute,route,unwrap");
        pipe.put("transforms.route.type", "io.cdckit.smt.routing.ExpressionRouter");
        pipe.put("transforms.route.language", "jsr223.groovy");
        pipe.put("transforms.route.topic.expression", "value.after != null ? topic + '.' + value.after.region : null");
        pipe.put("transforms.route.topic.regex", "pipe\\.shop\\.orders");
        pipe.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        pipe.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        pipe.put("transforms.unwrap.add.fields", "op");
        Map<String, String> env = db.connectorConfig("env", ORDERS, CUSTOMERS);
        env.putAll(filterAndCompute("env"));
        env.put("transforms", "keep,compute");
        connect.deploy("pipe", pipe);
        connect.deploy("env", env);
        for (String name : List.of("pipe", "env")) {
            connect.awaitRunning(name, 1);
            EmbeddedPostgresCdc.awaitStreaming(name, TIMEOUT);
        }

        change(ORDERS, "c", 5, "INSERT INTO shop.orders VALUES (5, 'us', 'new', 11, 0.99)");
        change(ORDERS, "c", 6, "INSERT INTO shop.orders VALUES (6, 'latam', 'draft', 1, 1.00)");
        change(ORDERS, "c", 7, "INSERT INTO shop.orders VALUES (7, 'apac', 'new', 3, 33.33)");
        change(ORDERS, "u", 1, "UPDATE shop.orders SET qty = 15 WHERE id = 1");
        change(ORDERS, "u", 3, "UPDATE shop.orders SET status = 'paid', price = 3.25 WHERE id = 3"); // out of draft
        change(ORDERS, "u", 2, "UPDATE shop.orders SET price = 2.00 WHERE id = 2"); // a draft stays a draft
        change(ORDERS, "u", 7, "UPDATE shop.orders SET region = 'eu' WHERE id = 7"); // moves to another region
        change(ORDERS, "u", 5, "UPDATE shop.orders SET status = 'draft' WHERE id = 5"); // into draft
        change(ORDERS, "d", 4, "DELETE FROM shop.orders WHERE id = 4");
        change(ORDERS, "d", 6, "DELETE FROM shop.orders WHERE id = 6"); // a draft's delete
        change(CUSTOMERS, "c", 4, "INSERT INTO shop.customers VALUES (4, 'Barbara', 'draft')");
        change(CUSTOMERS, "u", 1, "UPDATE shop.customers SET status = 'draft' WHERE id = 1");
        change(CUSTOMERS, "d", 2, "DELETE FROM shop.customers WHERE id = 2");
        // written last: once it is in a connector's customers topic, that connector has handled all before it
        change(CUSTOMERS, "c", 9, "INSERT INTO shop.customers VALUES (9, 'sentinel', 'active')");

        for (String prefix : List.of("pipe", "env")) {
            String last = prefix + "." + CUSTOMERS;
            TOPICS.put(last, connect.consume(last, expectedEvents(prefix, last).size() + tombstones(prefix, last),
                    TIMEOUT));
            connect.awaitRunning(prefix, 1); // a failed task: its trace now, not a wait on each topic
        }
        for (String topic : expectedTopics()) {
            TOPICS.computeIfAbsent(topic, t -> connect.consume(t, expectedEvents(prefix(t), t).size()
                    + tombstones(prefix(t), t), TIMEOUT));
        }
    }

    /** Runs one statement changing row {@code id} of {@code table}, and notes the row just before and after it. */
    private static void change(String table, String op, int id, String sql) {
        Map<String, Object> before = row(table, id);
        db.execute(sql);
        CHANGES.add(new Change(table, op, id, before, row(table, id)));
    }

    private static Map<String, Object> row(String table, int id) {
        List<Map<String, Object>> rows = db.query("SELECT * FROM " + table + " WHERE id = " + id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    // ---------------------------------------------------------------- what the workload should give

    private static String prefix(String topic) {
        return topic.substring(0, topic.indexOf('.'));
    }

    /** The topic a change should reach through connector {@code prefix}, or null when it is filtered out. */
    private static String topicOf(String prefix, Change c) {
        if (!c.kept()) {
            return null;
        }
        return prefix.equals("pipe") ? c.pipeTopic() : prefix + "." + c.table();
    }

    /** The changes that should reach {@code topic} through connector {@code prefix}, in order. */
    private static List<Change> expectedEvents(String prefix, String topic) {
        return CHANGES.stream().filter(c -> topic.equals(topicOf(prefix, c))).toList();
    }

    /**
     * The tombstones {@code topic} should hold: {@code pipe}'s Unwrap (rewrite) drops them all; in
     * {@code env} the orders' are dropped by the filter's {@code null.handling.mode=drop}, the
     * customers' pass (the filter's {@code topic.regex} does not match them).
     */
    private static int tombstones(String prefix, String topic) {
        return prefix.equals("env") && topic.equals("env." + CUSTOMERS)
                ? (int) CHANGES.stream().filter(c -> !c.isOrder() && c.op().equals("d")).count() : 0;
    }

    private static TreeSet<String> expectedTopics() {
        TreeSet<String> topics = new TreeSet<>();
        for (String prefix : List.of("pipe", "env")) {
            CHANGES.forEach(c -> {
                String t = topicOf(prefix, c);
                if (t != null) {
                    topics.add(t);
                }
            });
        }
        return topics;
    }

    /** The computed fields of an order image, worked out from the row as JDBC read it. */
    private static void assertComputed(String what, Map<String, Object> db, Struct image) {
        BigDecimal total = BigDecimal.valueOf((Integer) db.get("qty")).multiply((BigDecimal) db.get("price"))
                .setScale(2, RoundingMode.HALF_UP);
        assertEquals(total, image.get("total"), what + ": total = qty * price");
        assertEquals((Integer) db.get("qty") > 10, image.get("is_big"), what + ": is_big = qty > 10");
        assertEquals(((String) db.get("region")).toUpperCase(java.util.Locale.ROOT) + "-" + db.get("id"),
                image.get("label"), what + ": label");
        for (String column : List.of("id", "region", "status", "qty", "price")) {
            assertEquals(db.get(column), image.get(column), what + ": " + column + " as it was");
        }
        Schema schema = image.schema();
        assertEquals(List.of("id", "region", "status", "qty", "price", "total", "is_big", "label"),
                names(schema).subList(0, 8), what + ": the computed fields after the row's own");
        assertEquals(Decimal.LOGICAL_NAME, schema.field("total").schema().name(), what);
        assertEquals("2", schema.field("total").schema().parameters().get(Decimal.SCALE_FIELD), what);
        assertEquals("10", schema.field("total").schema().parameters().get("connect.decimal.precision"), what);
        assertEquals(Schema.Type.BOOLEAN, schema.field("is_big").schema().type(), what);
        assertEquals(Schema.Type.STRING, schema.field("label").schema().type(), what);
    }

    // ---------------------------------------------------------------- the checks

    @Test
    void everyTopicHoldsExactlyTheEventsTheFilterKeepsAndTheRouterSendsThere() {
        Map<String, Integer> expected = new TreeMap<>();
        expectedTopics().forEach(t -> expected.put(t, expectedEvents(prefix(t), t).size() + tombstones(prefix(t), t)));
        Map<String, Integer> actual = new TreeMap<>();
        TOPICS.forEach((t, records) -> actual.put(t, records.size()));
        assertEquals(expected, actual, "records per topic");
        // the workload's numbers, as a reader would count them by hand
        assertEquals(Map.of("env.shop.customers", 8, "env.shop.orders", 9, "pipe.shop.customers", 7,
                "pipe.shop.orders", 2, "pipe.shop.orders.apac", 2, "pipe.shop.orders.eu", 4, "pipe.shop.orders.us", 1),
                actual);
        TreeSet<String> made = new TreeSet<>();
        CONNECT.runtime().topicNames().stream().filter(t -> t.startsWith("pipe.shop.") || t.startsWith("env.shop."))
                .forEach(made::add);
        assertEquals(expectedTopics(), made, "no other topic: none for latam, whose only order was a draft");
    }

    @Test
    void pipeRoutesEachKeptOrderByRegionWithItsComputedFieldsAndUnwraps() {
        int rows = 0;
        for (String topic : expectedTopics()) {
            if (!topic.startsWith("pipe." + ORDERS)) {
                continue;
            }
            List<Change> events = expectedEvents("pipe", topic);
            List<DecodedRecord> records = decode(TOPICS.get(topic));
            assertEquals(events.stream().map(Change::event).toList(), records.stream().map(r -> {
                Struct v = (Struct) r.value;
                return v.get("__op") + ":" + v.get("id");
            }).toList(), topic + ": its events, in the order they happened");
            for (int i = 0; i < events.size(); i++) {
                Change c = events.get(i);
                Struct row = (Struct) records.get(i).value;
                boolean delete = c.op().equals("d");
                // a rewritten delete is its before image: computed too
                assertComputed(topic + " " + c.event(), delete ? c.before() : c.after(), row);
                assertEquals(String.valueOf(delete), row.get("__deleted"), c.event());
                assertEquals(c.id(), ((Struct) records.get(i).key).get("id"), c.event() + ": the key kept");
                rows++;
            }
        }
        assertEquals(CHANGES.stream().filter(c -> c.isOrder() && c.kept()).count(), rows);
    }

    @Test
    void envComputesBothImagesOfEachKeptOrderEnvelopeAndDropsItsTombstones() {
        String topic = "env." + ORDERS;
        List<Change> events = expectedEvents("env", topic);
        List<DecodedRecord> records = decode(TOPICS.get(topic));
        assertEquals(events.stream().map(Change::event).toList(), records.stream().map(r -> {
            assertNotNull(r.value, "no tombstone: null.handling.mode=drop");
            return ((Struct) r.value).get("op") + ":" + ((Struct) r.key).get("id");
        }).toList(), topic + ": the kept events in order, no tombstone");
        int beforeImages = 0;
        for (int i = 0; i < events.size(); i++) {
            Change c = events.get(i);
            Struct envelope = (Struct) records.get(i).value;
            assertEquals("env.shop.orders.Envelope", envelope.schema().name(), c.event());
            assertEquals(envelope.schema().field("before").schema(), envelope.schema().field("after").schema(),
                    c.event() + ": one row schema for both images");
            for (String image : List.of("before", "after")) {
                Map<String, Object> expected = image.equals("before") ? c.before() : c.after();
                if (expected == null) {
                    assertNull(envelope.get(image), c.event() + " " + image);
                } else {
                    assertComputed("env " + c.event() + " " + image, expected, envelope.getStruct(image));
                    beforeImages += image.equals("before") ? 1 : 0;
                }
            }
        }
        assertEquals(5, beforeImages, "the three kept updates and the two deletes carry a computed before image");
    }

    @Test
    void customersPassUnevaluatedAndUncomputed() {
        for (String prefix : List.of("pipe", "env")) {
            String topic = prefix + "." + CUSTOMERS;
            List<Change> events = expectedEvents(prefix, topic);
            assertEquals(CHANGES.stream().filter(c -> !c.isOrder()).toList(), events, "every customer event is expected");
            List<DecodedRecord> records = decode(TOPICS.get(topic));
            List<String> seen = new ArrayList<>();
            Map<String, Struct> rows = new LinkedHashMap<>();
            for (DecodedRecord r : records) {
                if (r.value == null) {
                    seen.add("tombstone:" + ((Struct) r.key).get("id"));
                    continue;
                }
                Struct v = (Struct) r.value;
                String event = prefix.equals("pipe") ? v.get("__op") + ":" + v.get("id")
                        : v.get("op") + ":" + ((Struct) r.key).get("id");
                seen.add(event);
                rows.put(event, prefix.equals("pipe") ? v : v.getStruct(v.get("after") != null ? "after" : "before"));
            }
            List<String> expected = new ArrayList<>();
            for (Change c : events) {
                expected.add(c.event());
                if (prefix.equals("env") && c.op().equals("d")) {
                    expected.add("tombstone:" + c.id());
                }
            }
            assertEquals(expected, seen, topic + ": drafts and tombstones too, in order");
            for (Change c : events) {
                Struct row = rows.get(c.event());
                Map<String, Object> db = c.after() != null ? c.after() : c.before();
                assertEquals(db.get("status"), row.get("status"), topic + " " + c.event());
                assertEquals(db.get("name"), row.get("name"), topic + " " + c.event());
                for (String computed : COMPUTED) {
                    assertNull(row.schema().field(computed), topic + " " + c.event() + ": nothing computed");
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<DecodedRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ConnectRuntime.decode(r, true)).toList();
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }
}
