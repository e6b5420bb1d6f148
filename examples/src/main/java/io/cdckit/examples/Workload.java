package io.cdckit.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's scripted workload on a small shop: {@code shop.customers} (with PII columns),
 * {@code shop.orders}, and the reference table {@code shop.customer_tiers} that the pipeline looks
 * customers' tiers up in (it is not captured). The rows that exist before Debezium starts arrive as
 * snapshot reads; each later step lists the change events it produces, table by table, in commit
 * order. One step adds a column mid-stream: a compatible schema change that flows on as a new
 * schema version.
 */
public final class Workload {

    public static final String CUSTOMERS = "shop.customers";
    public static final String ORDERS = "shop.orders";
    public static final String TIERS = "shop.customer_tiers";

    /** The op codes of Debezium's envelopes. */
    public static final String READ = "r";
    public static final String CREATE = "c";
    public static final String UPDATE = "u";
    public static final String DELETE = "d";

    /** One change event a step produces: the table (schema.table) and the op code. */
    public record Event(String table, String op) {
        /** The table's name without its schema: {@code customers}. */
        public String shortTable() {
            return table.substring(table.indexOf('.') + 1);
        }
    }

    /** One step: SQL statements run on one connection, the events they produce, whether to pause after. */
    public record Step(List<String> sql, List<Event> expected, boolean pauseAfter) {
        public Step {
            sql = List.copyOf(sql);
            expected = List.copyOf(expected);
        }
    }

    private final List<String> setup;
    private final List<Event> snapshot;
    private final List<Step> steps;

    private Workload(List<String> setup, List<Event> snapshot, List<Step> steps) {
        this.setup = List.copyOf(setup);
        this.snapshot = List.copyOf(snapshot);
        this.steps = List.copyOf(steps);
    }

    /**
     * The demo: three tiers, two customers and an order before the connector starts; then inserts,
     * updates, the {@code ALTER TABLE}, deletes and a transaction across both tables.
     * {@code REPLICA IDENTITY FULL} gives updates and deletes their full before-image.
     */
    public static Workload demo() {
        List<String> setup = List.of(
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.customer_tiers (id int PRIMARY KEY, name text NOT NULL, discount_pct int NOT NULL)",
                "INSERT INTO shop.customer_tiers VALUES (1, 'bronze', 0), (2, 'silver', 5), (3, 'gold', 10)",
                "CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, phone text, "
                        + "card text NOT NULL, tier_id int NOT NULL, signed_up timestamp(6) NOT NULL)",
                "ALTER TABLE shop.customers REPLICA IDENTITY FULL",
                "CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2) NOT NULL, "
                        + "placed_at timestamptz NOT NULL)",
                "ALTER TABLE shop.orders REPLICA IDENTITY FULL",
                "INSERT INTO shop.customers VALUES "
                        + "(1, 'Ada', 'ada@shop.example', '+44 20 7946 0011', '4111111111111111', 3, '2024-03-01 10:15:30.123456'), "
                        + "(2, 'Grace', 'grace@shop.example', '+1 212 555 0100', '5555555555554444', 2, '2024-03-02 09:00:00')",
                "INSERT INTO shop.orders VALUES (1, 1, 120.50, '2024-03-05 12:00:00+00')");
        List<Event> snapshot = List.of(new Event(CUSTOMERS, READ), new Event(CUSTOMERS, READ), new Event(ORDERS, READ));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(List.of("INSERT INTO shop.customers VALUES "
                        + "(3, 'Linus', 'linus@shop.example', '+358 9 555 0123', '378282246310005', 1, now()), "
                        + "(4, 'Alan', 'alan@shop.example', NULL, '6011111111111117', 1, now())"),
                List.of(new Event(CUSTOMERS, CREATE), new Event(CUSTOMERS, CREATE)), true));
        steps.add(new Step(List.of("INSERT INTO shop.orders VALUES (2, 3, 15.00, now()), (3, 4, 99.99, now())"),
                List.of(new Event(ORDERS, CREATE), new Event(ORDERS, CREATE)), false));
        steps.add(new Step(List.of("UPDATE shop.customers SET tier_id = 3 WHERE id = 2"),
                List.of(new Event(CUSTOMERS, UPDATE)), true));
        steps.add(new Step(List.of("UPDATE shop.customers SET email = 'linus.t@shop.example' WHERE id = 3"),
                List.of(new Event(CUSTOMERS, UPDATE)), false));
        // the schema change: a nullable column, so the new Avro schema is BACKWARD compatible
        steps.add(new Step(List.of("ALTER TABLE shop.customers ADD COLUMN loyalty_points int",
                        "INSERT INTO shop.customers VALUES (5, 'Barbara', 'barbara@shop.example', '+1 617 555 0142', "
                                + "'4000056655665556', 2, now(), 120)"),
                List.of(new Event(CUSTOMERS, CREATE)), true));
        steps.add(new Step(List.of("UPDATE shop.customers SET loyalty_points = 40 WHERE id = 1"),
                List.of(new Event(CUSTOMERS, UPDATE)), false));
        steps.add(new Step(List.of("DELETE FROM shop.orders WHERE id = 3", "DELETE FROM shop.customers WHERE id = 4"),
                List.of(new Event(ORDERS, DELETE), new Event(CUSTOMERS, DELETE)), true));
        steps.add(new Step(List.of("BEGIN",
                        "INSERT INTO shop.orders VALUES (4, 5, 42.00, now())",
                        "UPDATE shop.customers SET tier_id = 3 WHERE id = 5",
                        "COMMIT"),
                List.of(new Event(ORDERS, CREATE), new Event(CUSTOMERS, UPDATE)), false));
        return new Workload(setup, snapshot, steps);
    }

    /** DDL and rows created before anything is captured. */
    public List<String> setup() {
        return setup;
    }

    /** The snapshot's events: the captured rows that exist before the connector starts. */
    public List<Event> snapshot() {
        return snapshot;
    }

    public List<Step> steps() {
        return steps;
    }

    /** All change events the workload produces: the snapshot's, then each step's. */
    public List<Event> expectedEvents() {
        List<Event> all = new ArrayList<>(snapshot);
        steps.forEach(s -> all.addAll(s.expected()));
        return all;
    }
}
