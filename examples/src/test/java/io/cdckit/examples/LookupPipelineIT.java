package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Lookup} on a live source: a real PostgreSQL, Debezium's PostgreSQL connector and a Connect
 * worker whose {@code plugin.path} holds the built archives of {@code cdckit-smt-unwrap} and
 * {@code cdckit-smt-enrich} (failsafe keeps both off this class path). The connector captures
 * {@code shop.orders}; its chain is {@code Unwrap}, then {@code Lookup$Value} with
 * {@code source=jdbc} on the reference table {@code shop.customer_tiers} of the same database
 * ({@code key.fields=customer_id}, {@code target.mode=merge}, {@code on.missing=fail}, a cache of
 * {@value #TTL_MS} ms), with {@code errors.tolerance=all}.
 *
 * <ul>
 *   <li>the snapshot's orders and the streamed ones are enriched with their customer's tier and
 *       credit limit as the reference table held them;</li>
 *   <li>the tier of customer 1 is updated mid-stream: orders of that customer, inserted one at a
 *       time, carry the old tier while the cached row is fresh and the new one once it expired, never
 *       the old one again;</li>
 *   <li>customer 3 is deleted from the reference table before any order of it: its orders, and the
 *       orders without a customer, are refused by the miss policy; a source connector has no dead
 *       letter queue, so Connect skips them and counts them ({@code total-records-skipped}), as does
 *       Lookup's {@code records-failed-total}, and every other order arrives exactly once.</li>
 * </ul>
 */
class LookupPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String ENRICH_ARCHIVE_PROPERTY = "cdckit.examples.enrich.archive";
    static final long TTL_MS = 1500;
    static final String TOPIC = "tiers.shop.orders";

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(ConnectRuntime.archive(ENRICH_ARCHIVE_PROPERTY))
            .pluginArchive(PluginArchives.unwrap()));

    static EmbeddedPostgresCdc.Database db;
    /** Order id to the customer it was placed for (null: none), in insert order. */
    static final Map<Integer, Integer> ORDERS = new LinkedHashMap<>();
    /** The orders of customer 1 inserted after its tier changed, in order. */
    static final List<Integer> PROBES = new ArrayList<>();
    /** Every record the connector wrote, by order id. */
    static final Map<Integer, List<Struct>> OUT = new TreeMap<>();
    static int nextId = 1;

    @BeforeAll
    static void runTheWorkload() throws InterruptedException {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("tiers");
        db.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer, amount numeric(10,2) NOT NULL)",
                "CREATE TABLE shop.customer_tiers (customer_id integer PRIMARY KEY, tier text NOT NULL, "
                        + "credit_limit numeric(12,2))",
                "INSERT INTO shop.customer_tiers VALUES (1, 'silver', 1000.00), (2, 'gold', 5000.00), "
                        + "(3, 'bronze', 100.00), (4, 'platinum', NULL)");
        insertOrder(1);
        insertOrder(2); // two snapshot orders

        Map<String, String> config = db.connectorConfig("tiers", "shop.orders");
        config.put("errors.tolerance", "all");
        config.put("transforms", "unwrap,tier");
        config.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        config.put("transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value");
        config.put("transforms.tier.source", "jdbc");
        config.put("transforms.tier.key.fields", "customer_id");
        config.put("transforms.tier.jdbc.url", db.jdbcUrl());
        config.put("transforms.tier.jdbc.user", EmbeddedPostgresCdc.USER);
        config.put("transforms.tier.jdbc.password", EmbeddedPostgresCdc.PASSWORD);
        config.put("transforms.tier.jdbc.table", "shop.customer_tiers");
        config.put("transforms.tier.jdbc.key.columns", "customer_id");
        config.put("transforms.tier.target.mode", "merge");
        config.put("transforms.tier.target.prefix", "customer_");
        config.put("transforms.tier.on.missing", "fail");
        config.put("transforms.tier.cache.expire.after.write.ms", Long.toString(TTL_MS));
        connect.deploy("tiers", config);
        connect.awaitRunning("tiers", 1);
        EmbeddedPostgresCdc.awaitStreaming("tiers", TIMEOUT);

        insertOrder(2);
        insertOrder(4);
        insertOrder(1); // customer 1 is cached as silver now...
        awaitOrders();
        db.execute("UPDATE shop.customer_tiers SET tier = 'gold' WHERE customer_id = 1");
        db.execute("DELETE FROM shop.customer_tiers WHERE customer_id = 3");
        insertOrder(3); // refused: no row, on.missing=fail
        insertOrder(null); // refused: a null key part is a miss
        // ...and its orders, one at a time, carry silver until the entry expires, then gold
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean sawGold = false;
        while (!sawGold && System.nanoTime() < deadline) {
            int id = insertOrder(1);
            PROBES.add(id);
            awaitOrders();
            sawGold = "gold".equals(OUT.get(id).get(0).get("customer_tier"));
        }
        insertOrder(2); // the last: once it is there, everything before it has been handled
        awaitOrders();
    }

    private static int insertOrder(Integer customer) {
        int id = nextId++;
        db.execute("INSERT INTO shop.orders VALUES (" + id + ", " + customer + ", " + id + ".50)");
        ORDERS.put(id, customer);
        return id;
    }

    /** Reads the topic until every order inserted so far that should arrive has arrived. */
    private static void awaitOrders() {
        long expected = ORDERS.entrySet().stream().filter(e -> !refused(e.getValue())).count();
        List<ConsumerRecord<byte[], byte[]>> records = CONNECT.runtime().consume(TOPIC, (int) expected, TIMEOUT);
        OUT.clear();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Struct row = (Struct) ConnectRuntime.decode(r, true).value;
            OUT.computeIfAbsent(row.getInt32("id"), k -> new ArrayList<>()).add(row);
        }
        assertEquals(expected, OUT.size(), "orders arrived: " + OUT.keySet());
    }

    private static boolean refused(Integer customer) {
        return customer == null || customer == 3;
    }

    @Test
    void everyOrderButTheRefusedArrivesOnceWithItsCustomersTier() {
        for (Map.Entry<Integer, Integer> o : ORDERS.entrySet()) {
            List<Struct> rows = OUT.get(o.getKey());
            if (refused(o.getValue())) {
                assertEquals(null, rows, "order " + o.getKey() + " was refused");
                continue;
            }
            assertNotNull(rows, "order " + o.getKey());
            assertEquals(1, rows.size(), "order " + o.getKey() + " once");
            Struct row = rows.get(0);
            assertEquals(o.getValue(), row.get("customer_id"));
            assertEquals(new BigDecimal(o.getKey() + ".50"), row.get("amount"));
            switch (o.getValue()) {
                case 2 -> assertEquals(List.of("gold", new BigDecimal("5000.00")),
                        List.of(row.get("customer_tier"), row.get("customer_credit_limit")));
                case 4 -> {
                    assertEquals("platinum", row.get("customer_tier"));
                    assertEquals(null, row.get("customer_credit_limit"), "a null column stays null");
                }
                case 1 -> assertTrue(List.of("silver", "gold").contains(row.getString("customer_tier")));
                default -> throw new AssertionError("customer " + o.getValue());
            }
            assertEquals(List.of("id", "customer_id", "amount", "customer_tier", "customer_credit_limit"),
                    row.schema().fields().stream().map(org.apache.kafka.connect.data.Field::name).toList());
        }
    }

    @Test
    void theUpdatedTierShowsOnceTheCachedRowExpiresAndNeverGoesBack() {
        List<String> before = new ArrayList<>();
        for (Map.Entry<Integer, Integer> o : ORDERS.entrySet()) {
            if (o.getValue() != null && o.getValue() == 1 && !PROBES.contains(o.getKey())) {
                before.add(OUT.get(o.getKey()).get(0).getString("customer_tier"));
            }
        }
        assertEquals(List.of("silver", "silver"), before, "the orders before the update");
        List<String> probes = PROBES.stream().map(id -> OUT.get(id).get(0).getString("customer_tier")).toList();
        assertEquals("gold", probes.get(probes.size() - 1), "the new tier arrived: " + probes);
        int firstGold = probes.indexOf("gold");
        assertFalse(probes.subList(firstGold, probes.size()).contains("silver"), "never the old one again: " + probes);
    }

    @Test
    void theRefusedOrdersAreSkippedAndCountedByConnectAndByLookup() throws InterruptedException {
        long refused = ORDERS.values().stream().filter(LookupPipelineIT::refused).count();
        assertEquals(2, refused);
        TestUtils.waitForCondition(() -> WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "tiers", 0)
                .number(WorkerMetrics.RECORDS_SKIPPED) == refused, TIMEOUT.toMillis(), "Connect counts the skipped");
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean tier = WorkerMetrics.plugin("tiers", "transformation", "tier");
            assertEquals(refused, tier.number("records-failed-total"), tier.toString());
            assertEquals(ORDERS.size(), tier.number("records-in-total"), tier.toString());
            assertEquals(ORDERS.size() - refused, tier.number("records-out-total"), tier.toString());
        }
        CONNECT.runtime().awaitRunning("tiers", 1);
    }
}
