package io.cdckit.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's scripted database workload on {@code shop.customers}: the table, the rows that exist
 * before Debezium starts (they arrive as snapshot reads, op {@code r}), and the steps run while it
 * streams, each with the change events it is expected to produce.
 */
public final class Workload {

    /** The captured table. */
    public static final String TABLE = "shop.customers";

    /** What a change event is: an op code of the envelope, or a tombstone. */
    public static final String READ = "r";
    public static final String CREATE = "c";
    public static final String UPDATE = "u";
    public static final String DELETE = "d";
    public static final String TOMBSTONE = "tombstone";

    /** One step: SQL statements run on one connection, the events they produce, whether to pause after. */
    public static final class Step {
        private final List<String> sql;
        private final List<String> expected;
        private final boolean pauseAfter;

        Step(List<String> sql, List<String> expected, boolean pauseAfter) {
            this.sql = List.copyOf(sql);
            this.expected = List.copyOf(expected);
            this.pauseAfter = pauseAfter;
        }

        /** The statements, run in order on one connection (auto-commit, unless they hold BEGIN ... COMMIT). */
        public List<String> sql() {
            return sql;
        }

        /** The change events the step produces, in order: op codes and {@link #TOMBSTONE}. */
        public List<String> expected() {
            return expected;
        }

        public boolean pauseAfter() {
            return pauseAfter;
        }
    }

    private final List<String> setup;
    private final List<String> seed;
    private final int seedRows;
    private final List<Step> steps;

    private Workload(List<String> setup, List<String> seed, int seedRows, List<Step> steps) {
        this.setup = List.copyOf(setup);
        this.seed = List.copyOf(seed);
        this.seedRows = seedRows;
        this.steps = List.copyOf(steps);
    }

    /**
     * The demo: two customers before the connector starts, then inserts, updates (one in a
     * transaction with an insert) and deletes. {@code REPLICA IDENTITY FULL} gives updates and
     * deletes their full before-image.
     */
    public static Workload demo() {
        List<String> setup = List.of(
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, tier text NOT NULL)",
                "ALTER TABLE shop.customers REPLICA IDENTITY FULL");
        List<String> seed = List.of(
                "INSERT INTO shop.customers VALUES (1, 'Ada', 'gold'), (2, 'Grace', 'silver')");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(List.of(
                "INSERT INTO shop.customers VALUES (3, 'Linus', 'bronze'), (4, 'Alan', 'silver'), (5, 'Edsger', 'bronze')"),
                List.of(CREATE, CREATE, CREATE), true));
        steps.add(new Step(List.of("UPDATE shop.customers SET tier = 'gold' WHERE id = 2"),
                List.of(UPDATE), false));
        steps.add(new Step(List.of("UPDATE shop.customers SET name = 'Linus T.' WHERE id = 3"),
                List.of(UPDATE), true));
        steps.add(new Step(List.of("DELETE FROM shop.customers WHERE id = 4"),
                List.of(DELETE, TOMBSTONE), false));
        steps.add(new Step(List.of("BEGIN",
                "INSERT INTO shop.customers VALUES (6, 'Barbara', 'silver')",
                "UPDATE shop.customers SET tier = 'silver' WHERE id = 5",
                "COMMIT"),
                List.of(CREATE, UPDATE), true));
        steps.add(new Step(List.of("DELETE FROM shop.customers WHERE tier = 'bronze'"),
                List.of(DELETE, TOMBSTONE), false));
        return new Workload(setup, seed, 2, steps);
    }

    /** DDL run before anything is captured. */
    public List<String> setup() {
        return setup;
    }

    /** Rows inserted before the connector starts: they arrive as snapshot reads. */
    public List<String> seed() {
        return seed;
    }

    /** How many rows {@link #seed()} inserts, i.e. how many snapshot events to expect. */
    public int seedRows() {
        return seedRows;
    }

    public List<Step> steps() {
        return steps;
    }

    /** All change events the workload produces, in order: the snapshot's, then each step's. */
    public List<String> expectedEvents() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < seedRows; i++) {
            all.add(READ);
        }
        steps.forEach(s -> all.addAll(s.expected()));
        return all;
    }
}
