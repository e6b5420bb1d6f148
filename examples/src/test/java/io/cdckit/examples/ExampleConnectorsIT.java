/*
 * Over 400 lines because one test class deploys every example together, as a user's worker would
 * run them: the database and its workload, the sources, the sinks and the counts belong together.
 */
package io.cdckit.examples;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.fixtures.CdcWorkload;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;
import io.cdckit.testkit.registry.ApicurioRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file in {@code examples/connectors/}, deployed through Connect's REST API to one real Connect
 * worker, as its body says, after the placeholders are filled in: a real PostgreSQL (host, port, user,
 * password of the embedded server) and a real schema registry ({@code <schema-registry-url>}: an
 * Apicurio Registry, Confluent-compatible API, global rule BACKWARD). The worker's {@code plugin.path}
 * holds the built archives of {@code cdckit-smt-unwrap}, {@code cdckit-smt-core} and
 * {@code cdckit-converters} (failsafe keeps them off this class path); Debezium's PostgreSQL connector is on
 * the worker's class path.
 *
 * <p>The sources capture database {@code shop} side by side (each file has its own slot and topic
 * prefix): its snapshot, then a workload of inserts, updates and deletes on a table with
 * {@code REPLICA IDENTITY FULL} ({@code shop.customers}) and one with the default identity
 * ({@code shop.orders}). Each source must reach RUNNING and account for every event: Connect's
 * {@code source-record-poll-total} (records in, before the transforms) is what the workload made,
 * and its topics hold that less what its transforms drop (Debezium's tombstones, for {@code Unwrap}'s
 * {@code tombstone} and {@code rewrite} modes).
 *
 * <p>The sinks name connectors that are not available here (a JDBC sink, Elasticsearch). Each runs
 * with {@code connector.class} replaced by the test kit's {@link CaptureSinkConnector} (plus its
 * {@code capture.file}); every other setting stays as written: converters, transforms, {@code errors.*},
 * and the replaced connector's own settings, which the capturing sink ignores. So what is tested is
 * what cdckit and Connect do with the records on the way to the sink. Each sink must reach RUNNING
 * and account for every record of its topic: records in = records out + records its transforms drop
 * + records in its dead letter queue. A sink with a dead letter queue also gets one record its
 * converter cannot read, which must end in the queue while the task keeps running.
 */
class ExampleConnectorsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-converters archive. */
    static final String CONVERTERS_ARCHIVE_PROPERTY = "cdckit.examples.converters.archive";
    static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>");
    /** A value no converter of the examples can read: not JSON, not Confluent's wire format. */
    static final byte[] UNREADABLE = {'{'};

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(PluginArchives.unwrap())
            .pluginArchive(ConnectRuntime.archive(CONVERTERS_ARCHIVE_PROPERTY))
            .pluginArchive(ConnectRuntime.archive(FieldMapperPipelineIT.SMT_CORE_ARCHIVE_PROPERTY)));
    /** Started while PostgreSQL and Connect start (it takes about as long as both). */
    static final CompletableFuture<ApicurioRegistry> REGISTRY =
            CompletableFuture.supplyAsync(() -> ApicurioRegistry.builder().backwardCompatibility().start());

    /** What the workload made, per table: events by op ({@code r c u d}, {@code tombstone}). */
    static final Map<String, Map<String, Integer>> EVENTS = new TreeMap<>();
    /** Per table, the rows the workload deleted, as they were just before. */
    static final Map<String, List<Map<String, Object>>> DELETED = new TreeMap<>();
    /** Per file, the configuration deployed (placeholders filled in). */
    static final Map<String, Map<String, String>> DEPLOYED = new TreeMap<>();
    /** Per sink file, the unreadable records put into its topic on purpose. */
    static final Map<String, Integer> UNREADABLE_SENT = new TreeMap<>();

    static EmbeddedPostgresCdc.Database db;

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(ConnectorConfigsTest.DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .collect(Collectors.toList()).stream();
        }
    }

    static String connectorName(String file) {
        return file.substring(0, file.length() - ".json".length());
    }

    static boolean isSink(Map<String, String> config) {
        return config.containsKey("topics");
    }

    @BeforeAll
    static void deployEveryExampleAndRunTheWorkload() throws Exception {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("shop");
        db.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL, tier text)",
                "ALTER TABLE shop.customers REPLICA IDENTITY FULL",
                "CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer NOT NULL, amount numeric(10,2), note text)",
                "INSERT INTO shop.customers VALUES (1, 'Ada', 'gold'), (2, 'Grace', 'silver')",
                "INSERT INTO shop.orders VALUES (1, 1, 12.50, 'first order')");
        for (String table : List.of("shop.customers", "shop.orders")) {
            count(table, "r", ((Number) db.queryValue("SELECT count(*) FROM " + table)).intValue());
        }
        Map<String, String> values = Map.of(
                "<postgres-host>", PG.server().host(),
                "<postgres-port>", Integer.toString(PG.server().port()),
                "<cdc-user>", EmbeddedPostgresCdc.USER,
                "<cdc-password>", EmbeddedPostgresCdc.PASSWORD,
                "<schema-registry-url>", REGISTRY.join().ccompatUrl());
        for (String file : files().collect(Collectors.toList())) {
            DEPLOYED.put(file, substituted(file, ConnectorConfigsTest.read(file), values));
        }

        // the sources first: each snapshots the rows of the tables it captures, then streams
        DEPLOYED.forEach((file, config) -> {
            if (!isSink(config)) {
                connect.deploy(connectorName(file), config);
            }
        });
        DEPLOYED.forEach((file, config) -> {
            if (!isSink(config)) {
                connect.awaitRunning(connectorName(file), 1);
                EmbeddedPostgresCdc.awaitStreaming(config.get("topic.prefix"), TIMEOUT);
            }
        });

        // the sinks, once their topics exist; a sink with a dead letter queue also gets an unreadable record
        Set<String> sourceTopics = new TreeSet<>();
        Map<String, Integer> readers = new TreeMap<>();
        DEPLOYED.values().forEach(config -> {
            if (isSink(config)) {
                readers.merge(config.get("topics"), 1, Integer::sum);
            } else {
                for (String table : config.get("table.include.list").split(",")) {
                    sourceTopics.add(config.get("topic.prefix") + "." + table);
                }
            }
        });
        DEPLOYED.forEach((file, config) -> {
            if (isSink(config)) {
                String topic = config.get("topics");
                assertTrue(sourceTopics.contains(topic), file + " reads " + topic + ", which no source example writes");
                connect.consume(topic, 1, TIMEOUT); // the snapshot created the topic
                if (config.containsKey("errors.deadletterqueue.topic.name")) {
                    assertEquals(1, readers.get(topic), file + ": no other sink may get the unreadable record in " + topic);
                    connect.produceRaw(topic, null, UNREADABLE);
                    UNREADABLE_SENT.merge(file, 1, Integer::sum);
                }
                Map<String, String> capture = new LinkedHashMap<>(config);
                capture.put("connector.class", CaptureSinkConnector.class.getName());
                capture.put(CaptureSinkConnector.FILE, captureFile(file).toString());
                connect.deploy(connectorName(file), capture);
            }
        });

        // the workload; its last change is on the table every source captures, in a transaction of its own
        runWorkload(List.of(
                "INSERT INTO shop.customers VALUES (3, 'Linus', 'bronze'), (4, 'Alan', 'silver')",
                "INSERT INTO shop.orders VALUES (2, 3, 7.25, 'second order')",
                "UPDATE shop.orders SET amount = 8.00 WHERE id = 2",
                "DELETE FROM shop.orders WHERE id = 1",
                "DELETE FROM shop.customers WHERE id = 4"),
                "UPDATE shop.customers SET tier = 'gold' WHERE id = 2");
    }

    @AfterAll
    static void stopTheRegistry() {
        REGISTRY.thenAccept(ApicurioRegistry::close).exceptionally(e -> null).join();
    }

    /**
     * Runs the statements (each in its own transaction) and counts the events each must give: one
     * per row an insert, update or delete touches, and a tombstone after each delete. Waits until
     * every source has committed an offset past the last statement, so its topics are complete.
     */
    private static void runWorkload(List<String> statements, String last) throws Exception {
        Pattern dml = Pattern.compile("(INSERT INTO|UPDATE|DELETE FROM) (\\S+) (.*)");
        List<String> all = new ArrayList<>(statements);
        all.add(last);
        long before = -1;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : all) {
                Matcher m = dml.matcher(sql);
                assertTrue(m.matches(), sql);
                String table = m.group(2);
                if (sql.startsWith("DELETE")) {
                    DELETED.computeIfAbsent(table, t -> new ArrayList<>())
                            .addAll(rows(s, "SELECT * FROM " + table + " " + m.group(3))); // "WHERE ..."
                }
                if (sql.equals(last)) {
                    before = db.currentWalLsn();
                }
                int rows = s.executeUpdate(sql);
                assertTrue(rows > 0, sql);
                count(table, sql.startsWith("INSERT") ? "c" : sql.startsWith("UPDATE") ? "u" : "d", rows);
                if (sql.startsWith("DELETE")) {
                    count(table, "tombstone", rows);
                }
            }
        }
        long lastChange = before;
        for (Map.Entry<String, Map<String, String>> e : DEPLOYED.entrySet()) {
            if (!isSink(e.getValue())) {
                String name = connectorName(e.getKey());
                TestUtils.waitForCondition(() -> committedLsn(name) >= lastChange, TIMEOUT.toMillis(),
                        name + " did not commit the workload's last change");
            }
        }
    }

    private static void count(String table, String op, int n) {
        EVENTS.computeIfAbsent(table, t -> new TreeMap<>()).merge(op, n, Integer::sum);
    }

    private static List<Map<String, Object>> rows(Statement s, String query) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long committedLsn(String connector) {
        long lsn = -1;
        for (JsonNode o : CONNECT.runtime().get("connectors/" + connector + "/offsets").path("offsets")) {
            lsn = Math.max(lsn, o.path("offset").path("lsn").asLong(-1));
        }
        return lsn;
    }

    /**
     * The file's configuration with its placeholders filled in. Every placeholder of a setting that
     * Connect or cdckit reads must have a value; only the replaced sink connector's own settings
     * (its connection to the warehouse or Elasticsearch) may keep theirs.
     */
    private static Map<String, String> substituted(String file, Map<String, String> config, Map<String, String> values) {
        Set<String> connectKeys = SinkConnectorConfig.configDef().names();
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            String filled = v;
            for (Map.Entry<String, String> e : values.entrySet()) {
                filled = filled.replace(e.getKey(), e.getValue());
            }
            boolean connectors = !isSink(config) || connectKeys.contains(k) || k.startsWith("transforms.")
                    || k.startsWith("key.converter") || k.startsWith("value.converter") || k.startsWith("errors.");
            assertFalse(connectors && PLACEHOLDER.matcher(filled).find(), file + ": no value for the placeholder of " + k);
            out.put(k, filled);
        });
        return out;
    }

    private static Path captureFile(String file) {
        return CONNECT.runtime().workDir().resolve(connectorName(file) + ".jsonl");
    }

    // ---------------------------------------------------------------- the checks

    @Test
    void everyFileIsDeployed() throws IOException {
        Set<String> expected = files().map(ExampleConnectorsIT::connectorName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> running = new TreeSet<>();
        CONNECT.runtime().get("connectors").forEach(n -> running.add(n.asText()));
        assertEquals(expected, running);
    }

    @ParameterizedTest
    @MethodSource("files")
    void runsAndMovesEveryRecord(String file) throws Exception {
        Map<String, String> config = DEPLOYED.get(file);
        assertNotNull(config, file);
        if (isSink(config)) {
            checkSink(file, config);
        } else {
            checkSource(file, config);
        }
        CONNECT.runtime().awaitRunning(connectorName(file), 1); // still running after all of it
    }

    private void checkSource(String file, Map<String, String> config) throws Exception {
        String name = connectorName(file);
        String prefix = config.get("topic.prefix");
        List<String> tables = List.of(config.get("table.include.list").split(","));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> topics = CdcWorkload.readAll(CONNECT.runtime(), prefix, TIMEOUT);
        assertEquals(tables.stream().map(t -> prefix + "." + t).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(topics.keySet()), file + ": a topic per captured table");
        int in = 0;
        int out = 0;
        for (String table : tables) {
            Map<String, Integer> events = EVENTS.get(table);
            int made = events.values().stream().mapToInt(Integer::intValue).sum();
            // (not counting the record put into a sink's topic on purpose)
            int written = (int) topics.get(prefix + "." + table).stream()
                    .filter(r -> !Arrays.equals(UNREADABLE, r.value())).count();
            assertEquals(made - dropped(file, config, events), written, file + ": records in " + prefix + "." + table);
            in += made;
            out += written;
        }
        assertTrue(out > 0, file + " moved no record");
        assertEquals(in, (int) sourceTaskMetric(name, "source-record-poll-total"), file + ": records in");
        assertEquals(out, (int) sourceTaskMetric(name, "source-record-write-total"), file + ": records out");
        if ("rewrite".equals(config.get("transforms.unwrap.delete.tombstone.handling.mode"))) {
            checkRewrittenDeletes(file, topics, prefix);
        }
    }

    /** What a source's transforms drop of a table's events: Debezium's tombstones, for the delete modes the examples use. */
    private static int dropped(String file, Map<String, String> config, Map<String, Integer> events) {
        if (config.get("transforms") == null) {
            return 0;
        }
        // TimestampNormalizer before Unwrap drops nothing
        assertTrue(List.of("unwrap", "times,unwrap").contains(config.get("transforms")),
                file + ": expectations below are for Unwrap, alone or after TimestampNormalizer");
        String mode = config.getOrDefault("transforms.unwrap.delete.tombstone.handling.mode", "tombstone");
        assertTrue(mode.equals("tombstone") || mode.equals("rewrite"), file + ": add the expectation for mode " + mode);
        return events.getOrDefault("tombstone", 0);
    }

    /**
     * What the README says of {@code rewrite}: a delete becomes its before-image with
     * {@code __deleted=true}, a full row only for a table with {@code REPLICA IDENTITY FULL}; with
     * the default identity only the key columns are real and the nullable columns are null.
     */
    private static void checkRewrittenDeletes(String file, Map<String, List<ConsumerRecord<byte[], byte[]>>> topics,
            String prefix) {
        for (Map.Entry<String, List<Map<String, Object>>> e : DELETED.entrySet()) {
            String table = e.getKey();
            String[] schemaAndName = table.split("\\.");
            boolean full = "f".equals(String.valueOf(db.queryValue("SELECT relreplident FROM pg_class WHERE oid = '"
                    + table + "'::regclass")));
            Set<String> nullable = new TreeSet<>();
            db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schemaAndName[0]
                    + "' AND table_name = '" + schemaAndName[1] + "' AND is_nullable = 'YES'")
                    .forEach(r -> nullable.add((String) r.get("column_name")));
            Map<Object, Struct> rewritten = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : topics.get(prefix + "." + table)) {
                DecodedRecord d = ConnectRuntime.decode(r, true);
                if (d.value != null && "true".equals(((Struct) d.value).get("__deleted"))) {
                    rewritten.put(((Struct) d.value).get("id"), (Struct) d.value);
                }
            }
            assertEquals(e.getValue().size(), rewritten.size(), file + ": a row with __deleted=true per delete of " + table);
            for (Map<String, Object> deleted : e.getValue()) {
                Struct row = rewritten.get(deleted.get("id"));
                assertNotNull(row, file + ": the rewritten delete of " + table + " id " + deleted.get("id"));
                deleted.forEach((column, value) -> {
                    if (full || column.equals("id")) {
                        assertEquals(value, row.get(column), file + ": " + table + "." + column + " of the deleted row");
                    } else if (nullable.contains(column)) {
                        assertNull(row.get(column), file + ": " + table + "." + column + " without REPLICA IDENTITY FULL");
                    }
                });
            }
        }
    }

    private void checkSink(String file, Map<String, String> config) throws Exception {
        String name = connectorName(file);
        String topic = config.get("topics");
        ConnectRuntime connect = CONNECT.runtime();
        connect.awaitRunning(name, 1);
        connect.awaitSinkCaughtUp(name, TIMEOUT, topic);
        List<ConsumerRecord<byte[], byte[]>> in = connect.consume(topic, 0, TIMEOUT);
        List<DecodedRecord> out = RecordLines.read(captureFile(file));
        int unreadable = UNREADABLE_SENT.getOrDefault(file, 0);
        String dlqTopic = config.get("errors.deadletterqueue.topic.name");
        int dlq = dlqTopic == null ? 0 : connect.consumeDeadLetters(dlqTopic, unreadable, TIMEOUT).size();
        // Unwrap drops Debezium's tombstones in the mode the sink examples use (deletes become null values)
        assertEquals("tombstone", config.get("transforms.unwrap.delete.tombstone.handling.mode"), file);
        int tombstones = (int) in.stream().filter(r -> r.value() == null).count();

        assertTrue(out.size() > 0, file + " moved no record");
        assertEquals(unreadable, dlq, file + ": the unreadable record, and only it, in the dead letter queue");
        assertEquals(in.size(), out.size() + tombstones + dlq, file + ": records in = out + dropped + dead letter queue");
        for (DecodedRecord r : out) {
            Object key = r.key instanceof Struct ? ((Struct) r.key).get("id") : r.key;
            if (r.value != null) {
                Object id = r.value instanceof Struct ? ((Struct) r.value).get("id") : ((Map<?, ?>) r.value).get("id");
                assertEquals(String.valueOf(key), String.valueOf(id), file + ": the row of its key");
            }
        }
    }

    private static double sourceTaskMetric(String connector, String attribute) throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(
                new ObjectName("kafka.connect:type=source-task-metrics,connector=" + connector + ",*"), null);
        assertEquals(1, names.size(), connector + ": " + names);
        return ((Number) mbeans.getAttribute(names.iterator().next(), attribute)).doubleValue();
    }
}
