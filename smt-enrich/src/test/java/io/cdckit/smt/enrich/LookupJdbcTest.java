package io.cdckit.smt.enrich;

import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.PostgresExtension;

import com.github.benmanes.caffeine.cache.Ticker;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.cdckit.smt.enrich.LookupTest.names;
import static io.cdckit.smt.enrich.LookupTest.order;
import static io.cdckit.smt.enrich.LookupTest.plain;
import static io.cdckit.smt.enrich.LookupTest.props;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jdbc source against a real PostgreSQL (embedded, no Docker): the query built from a table or
 * given, the columns' types from the result's metadata, the cache's expiry and negative caching on a
 * manual clock, several rows, permanent and transient failures, and nothing secret in a message.
 */
class LookupJdbcTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    static EmbeddedPostgresCdc.Database db;

    private final List<Lookup<SinkRecord>> made = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;

    @BeforeAll
    static void schema() {
        db = PG.server().createDatabase("lookup_jdbc");
        db.execute("CREATE SCHEMA ref",
                "CREATE TABLE ref.customers (id integer PRIMARY KEY, tier text NOT NULL, credit numeric(10,2), "
                        + "vip boolean, since date, updated timestamp, seen timestamptz, score real, "
                        + "ratio double precision, big bigint, small smallint, uid uuid, raw bytea, weight numeric, "
                        + "\"Mixed Case\" text)",
                "INSERT INTO ref.customers VALUES (1, 'gold', 1234.50, true, DATE '2020-01-31', "
                        + "TIMESTAMP '2024-03-01 10:15:30.123', TIMESTAMPTZ '2024-03-01 10:15:30.5+02', 4.5, 0.125, "
                        + "9000000000, 7, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x0102ff', 1.5, 'odd')",
                "INSERT INTO ref.customers (id, tier) VALUES (2, 'silver')",
                "CREATE TABLE ref.regions (country text, city text, zone text, PRIMARY KEY (country, city))",
                "INSERT INTO ref.regions VALUES ('DE', 'Berlin', 'eu-central'), ('US', 'Berlin', 'us-east')",
                "CREATE TABLE ref.dups (k integer, v text)",
                "CREATE TABLE ref.bydate (d date, t time, ts timestamp, label text)",
                "INSERT INTO ref.bydate VALUES (DATE '2024-05-30', TIME '11:00', TIMESTAMP '2024-05-30 10:00', "
                        + "'the day before'), (DATE '2024-05-31', TIME '12:00', TIMESTAMP '2024-05-31 10:00', 'right')",
                "CREATE TABLE ref.devices (id uuid PRIMARY KEY, owner text)",
                "INSERT INTO ref.devices VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ada')",
                "CREATE TABLE ref.odd (id integer, price money, opens timetz, flags bit(3), until date)",
                "INSERT INTO ref.odd VALUES (1, 12.5, TIME WITH TIME ZONE '09:30+02', B'101', DATE '2030-01-01'), "
                        + "(2, NULL, NULL, NULL, 'infinity')",
                "CREATE TABLE ref.\"Dotted.Name\" (\"Id\" integer, v text)",
                "INSERT INTO ref.\"Dotted.Name\" VALUES (1, 'found')",
                "INSERT INTO ref.dups VALUES (1, 'a'), (1, 'b'), (2, 'c')");
    }

    @AfterEach
    void closeAll() {
        made.forEach(Lookup::close);
    }

    static Map<String, String> jdbc(String... more) {
        Map<String, String> m = props("source", "jdbc", "key.fields", "customer_id", "jdbc.url", db.jdbcUrl(),
                "jdbc.user", EmbeddedPostgresCdc.USER, "jdbc.password", EmbeddedPostgresCdc.PASSWORD,
                "jdbc.table", "ref.customers", "jdbc.key.columns", "id", "stats.interval.ms", "0");
        m.putAll(props(more));
        return m;
    }

    Lookup<SinkRecord> lookup(Map<String, String> config) {
        Lookup<SinkRecord> t = new Lookup.Value<>();
        made.add(t);
        t.ticker(ticker);
        t.configure(config);
        return t;
    }

    static Struct found(Lookup<SinkRecord> t, Struct row) {
        return ((Struct) t.apply(plain(row)).value()).getStruct("lookup");
    }

    @Test
    void everyColumnTypeBecomesItsConnectTypeAndTheKeyColumnIsLeftOut() {
        Struct c = found(lookup(jdbc()), order(1, 1));
        Schema s = c.schema();
        assertEquals(List.of("tier", "credit", "vip", "since", "updated", "seen", "score", "ratio", "big", "small",
                "uid", "raw", "weight", "Mixed Case"), names(s));
        assertEquals("gold", c.get("tier"));
        assertEquals(Decimal.LOGICAL_NAME, s.field("credit").schema().name());
        assertEquals("2", s.field("credit").schema().parameters().get("scale"));
        assertEquals(new BigDecimal("1234.50"), c.get("credit"));
        assertEquals(true, c.get("vip"));
        assertEquals(Date.LOGICAL_NAME, s.field("since").schema().name());
        assertEquals(new java.util.Date(java.time.LocalDate.of(2020, 1, 31).toEpochDay() * 86_400_000L),
                c.get("since"));
        assertEquals(Timestamp.LOGICAL_NAME, s.field("updated").schema().name());
        assertEquals(java.util.Date.from(Instant.parse("2024-03-01T10:15:30.123Z")), c.get("updated"));
        assertEquals(java.util.Date.from(Instant.parse("2024-03-01T08:15:30.500Z")), c.get("seen"));
        assertEquals(4.5f, c.get("score"));
        assertEquals(0.125, c.get("ratio"));
        assertEquals(9_000_000_000L, c.get("big"));
        assertEquals((short) 7, c.get("small"));
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", c.get("uid"));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, (byte[]) c.get("raw"));
        assertEquals(Schema.Type.STRING, s.field("weight").schema().type(), "unconstrained numeric: its text");
        assertEquals("1.5", c.get("weight"));
        assertEquals("odd", c.get("Mixed Case"), "quoted identifiers keep their case");
        for (var f : s.fields()) {
            assertTrue(f.schema().isOptional(), f.name());
        }
    }

    @Test
    void nullColumnsAreNullAndOneSchemaServesEveryRow() {
        Lookup<SinkRecord> t = lookup(jdbc());
        Struct gold = found(t, order(1, 1));
        Struct silver = found(t, order(2, 2));
        assertSame(gold.schema(), silver.schema());
        assertEquals("silver", silver.get("tier"));
        assertNull(silver.get("credit"));
        assertNull(silver.get("vip"));
        assertNull(found(t, order(3, 3)));
    }

    @Test
    void chosenColumnsAndAQueryOfTwoPlaceholders() {
        Struct some = found(lookup(jdbc("jdbc.columns", "tier,vip")), order(1, 1));
        assertEquals(List.of("tier", "vip"), names(some.schema()));
        Schema address = SchemaBuilder.struct().field("country", Schema.STRING_SCHEMA)
                .field("city", Schema.STRING_SCHEMA).build();
        Lookup<SinkRecord> regions = lookup(props("source", "jdbc", "key.fields", "country,city", "jdbc.url",
                db.jdbcUrl(), "jdbc.user", EmbeddedPostgresCdc.USER, "jdbc.query",
                "SELECT zone AS region_zone, upper(zone) AS shout FROM ref.regions WHERE country = ? AND city = ?",
                "target.mode", "merge", "stats.interval.ms", "0"));
        Struct out = (Struct) regions.apply(plain(new Struct(address).put("country", "US").put("city", "Berlin")))
                .value();
        assertEquals("us-east", out.get("region_zone"));
        assertEquals("US-EAST", out.get("shout"));
    }

    @Test
    void theCacheServesARowUntilItExpiresAndCachesMissesForTheirOwnTime() {
        db.execute("INSERT INTO ref.customers (id, tier) VALUES (50, 'basic')");
        Lookup<SinkRecord> t = lookup(jdbc("cache.expire.after.write.ms", "1000", "cache.missing.ttl.ms", "300"));
        assertEquals("basic", found(t, order(1, 50)).get("tier"));
        assertNull(found(t, order(1, 51)));
        db.execute("UPDATE ref.customers SET tier = 'premium' WHERE id = 50",
                "INSERT INTO ref.customers (id, tier) VALUES (51, 'late')");
        assertEquals("basic", found(t, order(1, 50)).get("tier"), "fresh in the cache");
        assertNull(found(t, order(1, 51)), "the miss is cached");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals("late", found(t, order(1, 51)).get("tier"), "the miss expired first");
        assertEquals("basic", found(t, order(1, 50)).get("tier"));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(700));
        assertEquals("premium", found(t, order(1, 50)).get("tier"));
        assertEquals(4L, t.pluginStats().value("lookup-loads-total"));
        assertEquals(2L, t.pluginStats().value("lookup-cache-hits-total"));
        assertEquals(1L, t.pluginStats().value("lookup-cache-missing-hits-total"));
        assertEquals(2L, t.cacheSize());
    }

    @Test
    void aRefreshReloadsARowInTheBackgroundWhileItIsServed() {
        db.execute("INSERT INTO ref.customers (id, tier) VALUES (70, 'before')");
        Lookup<SinkRecord> t = lookup(jdbc("cache.refresh.after.write.ms", "500", "cache.expire.after.write.ms",
                "100000"));
        assertEquals("before", found(t, order(1, 70)).get("tier"));
        db.execute("UPDATE ref.customers SET tier = 'after' WHERE id = 70");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        assertEquals("before", found(t, order(1, 70)).get("tier"), "the read that starts the refresh gets the row");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"after".equals(found(t, order(1, 70)).get("tier")) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the refresh runs on the transform's refresh thread
        }
        assertEquals("after", found(t, order(1, 70)).get("tier"));
        assertEquals(1L, t.pluginStats().value("lookup-refreshes-total"));
    }

    @Test
    void anIdleRowExpiresAfterAccessAndTheSizeBoundEvicts() {
        db.execute("INSERT INTO ref.customers (id, tier) VALUES (80, 'idle'), (81, 'x'), (82, 'y'), (83, 'z')");
        Lookup<SinkRecord> t = lookup(jdbc("cache.expire.after.access.ms", "300", "cache.expire.after.write.ms",
                "100000", "cache.max.entries", "2"));
        found(t, order(1, 80));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        found(t, order(1, 80));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        found(t, order(1, 80));
        assertEquals(1L, t.pluginStats().value("lookup-loads-total"), "read within 300 ms each time");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
        found(t, order(1, 80));
        assertEquals(2L, t.pluginStats().value("lookup-loads-total"), "idle for 300 ms: loaded again");
        for (int id : new int[] {81, 82, 83}) {
            found(t, order(1, id));
        }
        assertTrue(t.cacheSize() <= 2, "size " + t.cacheSize());
        assertTrue(t.pluginStats().value("lookup-cache-evictions-total").longValue() >= 2);
    }

    @Test
    void theStatisticsAreLoggedAtInfoWithoutKeysOrValues() {
        try (LogCapture log = LogCapture.start()) {
            Lookup<SinkRecord> t = lookup(jdbc("stats.interval.ms", "20"));
            assertEquals("gold", found(t, order(1, 1)).get("tier"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.lines().stream().noneMatch(l -> l.contains("loads 1")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            String line = log.lines().stream().filter(l -> l.contains("loads 1")).findFirst().orElseThrow();
            assertTrue(line.startsWith("INFO Lookup.Value: 1 lookups, 0 rows without a match, 0 errors passed; "
                    + "cache: hits 0, missing hits 0, loads 1"), line);
            assertFalse(line.contains("gold"), line);
        }
    }

    @Test
    void aMissingRowThatArrivesDuringTheRetriesIsFound() throws Exception {
        Lookup<SinkRecord> t = lookup(jdbc("on.missing", "retry", "retry.attempts", "100", "retry.backoff.ms", "20"));
        AtomicReference<Object> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(found(t, order(1, 60)).get("tier")));
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (worker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        db.execute("INSERT INTO ref.customers (id, tier) VALUES (60, 'arrived')");
        worker.join(30_000);
        assertEquals("arrived", result.get());
    }

    @Test
    void dateAndTimeKeysMatchTheirColumnsWhateverTheWorkersTimeZone() {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            java.util.Date day = java.util.Date.from(Instant.parse("2024-05-31T00:00:00Z"));
            java.util.Date noon = java.util.Date.from(Instant.parse("1970-01-01T12:00:00Z"));
            java.util.Date ten = java.util.Date.from(Instant.parse("2024-05-31T10:00:00Z"));
            assertEquals("right", label("d", org.apache.kafka.connect.data.Date.SCHEMA, day));
            assertEquals("right", label("t", org.apache.kafka.connect.data.Time.SCHEMA, noon));
            assertEquals("right", label("ts", Timestamp.SCHEMA, ten));
        } finally {
            TimeZone.setDefault(before);
        }
    }

    private String label(String column, Schema keySchema, Object key) {
        Schema row = SchemaBuilder.struct().field("k", keySchema).build();
        Lookup<SinkRecord> t = lookup(jdbc("jdbc.table", "ref.bydate", "jdbc.key.columns", column, "key.fields", "k",
                "jdbc.columns", "label"));
        return found(t, new Struct(row).put("k", key)).getString("label");
    }

    @Test
    void aTextKeyFindsAUuidColumn() {
        Schema row = SchemaBuilder.struct().field("device", SchemaBuilder.string().name("io.debezium.data.Uuid")
                .build()).build();
        Lookup<SinkRecord> t = lookup(jdbc("jdbc.table", "ref.devices", "jdbc.key.columns", "id",
                "key.fields", "device"));
        assertEquals("ada", found(t, new Struct(row).put("device", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .get("owner"));
    }

    @Test
    void typesWithoutAnExactConnectTypeAreTheirTextAndAnInfiniteDateIsADataError() {
        Lookup<SinkRecord> t = lookup(jdbc("jdbc.table", "ref.odd"));
        Struct odd = found(t, order(1, 1));
        assertEquals(Schema.Type.STRING, odd.schema().field("price").schema().type());
        assertTrue(odd.getString("price").contains("12.50"), odd.getString("price"));
        java.time.format.DateTimeFormatter timetz = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ssX");
        String stored = (String) db.queryValue("SELECT opens::text FROM ref.odd WHERE id = 1");
        assertEquals(java.time.OffsetTime.parse(stored, timetz).withOffsetSameInstant(java.time.ZoneOffset.UTC),
                java.time.OffsetTime.parse(odd.getString("opens"), timetz)
                        .withOffsetSameInstant(java.time.ZoneOffset.UTC), "the driver's text of the same time of day");
        assertEquals("101", odd.get("flags"));
        DataException e = assertThrows(DataException.class, () -> t.apply(plain(order(1, 2))));
        assertTrue(e.getMessage().contains("'until' holds a value beyond the range"), e.getMessage());
    }

    @Test
    void aQuotedTableNameWithADotIsTakenAsItIs() {
        Lookup<SinkRecord> t = lookup(jdbc("jdbc.table", "ref.\"Dotted.Name\"", "jdbc.key.columns", "Id"));
        assertEquals("found", found(t, order(1, 1)).get("v"));
    }

    @Test
    void onErrorPassAlsoPassesATableThatDoesNotExist() {
        SinkRecord out = lookup(jdbc("jdbc.table", "ref.nosuch", "on.error", "pass")).apply(plain(order(1, 1)));
        assertEquals(order(1, 1), out.value());
        assertEquals("org.postgresql.util.PSQLException", out.headers().lastWithName("__lookup.error").value());
    }

    @Test
    void severalRowsFollowOnMultiple() {
        Map<String, String> config = jdbc("jdbc.table", "", "jdbc.key.columns", "",
                "jdbc.query", "SELECT v FROM ref.dups WHERE k = ? ORDER BY v");
        assertEquals("a", found(lookup(config), order(1, 1)).get("v"));
        config.put("on.multiple", "fail");
        Lookup<SinkRecord> strict = lookup(config);
        DataException e = assertThrows(DataException.class, () -> strict.apply(plain(order(1, 1))));
        assertTrue(e.getMessage().contains("more than one row"), e.getMessage());
        assertEquals("c", found(strict, order(2, 2)).get("v"));
    }

    @Test
    void aQueryTheDatabaseRefusesIsAPermanentErrorWithoutTheKey() {
        Schema textKey = SchemaBuilder.struct().field("customer_id", Schema.STRING_SCHEMA).build();
        Lookup<SinkRecord> t = lookup(jdbc());
        DataException e = assertThrows(DataException.class,
                () -> t.apply(plain(new Struct(textKey).put("customer_id", "secret-key-text"))));
        assertTrue(e.getMessage().contains("SQLState 22P02"), e.getMessage()); // not an integer: PostgreSQL's cast
        assertFalse(text(e).contains("secret-key-text"), text(e));
        Lookup<SinkRecord> badQuery = lookup(jdbc("jdbc.table", "", "jdbc.key.columns", "",
                "jdbc.query", "SELECT nope FROM ref.customers WHERE id = ?"));
        DataException q = assertThrows(DataException.class, () -> badQuery.apply(plain(order(1, 1))));
        assertTrue(q.getMessage().contains("SQLState 42703"), q.getMessage());
    }

    @Test
    void anUnreachableDatabaseIsRetriableAtTheFirstRecordNotAtConfigure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Lookup<SinkRecord> t = lookup(jdbc("jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/x?password=url-secret",
                "jdbc.password", "pw-secret", "jdbc.connection.timeout.ms", "250"));
        RetriableException e = assertThrows(RetriableException.class, () -> t.apply(plain(order(1, 1))));
        assertTrue(e.getMessage().startsWith("Lookup.Value: the lookup database failed"), e.getMessage());
        assertFalse(text(e).contains("secret"), text(e));
        assertFalse(t.toString().contains("secret"));
        SinkRecord passed = lookup(jdbc("jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/x",
                "jdbc.connection.timeout.ms", "250", "on.error", "pass")).apply(plain(order(1, 1)));
        assertEquals(order(1, 1), passed.value(), "un-enriched: the columns are not known yet");
        assertTrue(passed.headers().lastWithName("__lookup.error").value().toString().contains("SQL"),
                passed.headers().lastWithName("__lookup.error").value().toString());
    }

    @Test
    void configurationMistakesNameTheirKeyAndNeverTheUrl() {
        Map<String, Map<String, String>> cases = Map.of(
                "jdbc.url", props("jdbc.url", "postgres://secret@db"),
                "jdbc.query", props("jdbc.query", "SELECT 1 WHERE ? = ?"),
                "jdbc.key.columns", props("jdbc.key.columns", "id,other"),
                "jdbc.columns", props("jdbc.table", "", "jdbc.key.columns", "", "jdbc.columns", "a",
                        "jdbc.query", "SELECT tier FROM ref.customers WHERE id = ?"),
                "jdbc.pool.size", props("jdbc.pool.size", "0"));
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Map<String, String> config = jdbc();
            config.putAll(c.getValue());
            ConfigException e = assertThrows(ConfigException.class, () -> lookup(config), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
        Map<String, String> both = jdbc("jdbc.query", "SELECT tier FROM ref.customers WHERE id = ?");
        assertTrue(assertThrows(ConfigException.class, () -> lookup(both)).getMessage().contains("exclusive"));
        Map<String, String> noDriver = jdbc("jdbc.url", "jdbc:nosuchdb://host/db?password=secret");
        ConfigException e = assertThrows(ConfigException.class, () -> lookup(noDriver));
        assertTrue(e.getMessage().contains("has no JDBC driver for jdbc:nosuchdb: URLs"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    static String text(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}
