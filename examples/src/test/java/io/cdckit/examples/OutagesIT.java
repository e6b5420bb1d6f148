package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.TestSourceConnector;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;
import io.cdckit.testkit.registry.ApicurioRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema registry and the lookup database go down and come back mid-stream, in a real Connect
 * worker, with {@code errors.retry.timeout} set as README.md recommends: records wait in Connect's
 * retries, then flow, and nothing is lost.
 *
 * <p>The pipeline: a source emitting Debezium envelopes of {@code orders} in batches the test
 * releases, with the chain {@code Unwrap}, {@code Lookup$Value} ({@code source=jdbc}: the tier of
 * the order's customer from a restartable embedded PostgreSQL) and cdckit's {@code AvroConverter}
 * to a real Apicurio Registry (3.0.9, Confluent-compatible API, its SQL storage on another embedded
 * PostgreSQL, so that its schemas and ids survive a restart); a capturing sink reads the topic back
 * through {@code AvroConverter}. Every plugin comes from its built archive on {@code plugin.path}.
 *
 * <ol>
 *   <li>batch 1 (schema v1) flows to the sink;</li>
 *   <li>the sink is paused, batch 2 (v2, a new optional column) is written, the registry stops, the
 *       sink is resumed and batch 3 (v3, one more optional column) is released: the sink cannot
 *       fetch v2 and the source cannot register v3, and Connect retries both; the registry restarts
 *       on its port;</li>
 *   <li>the lookup database stops and batch 4 (customers not cached yet) is released: Connect
 *       retries the lookups; the database restarts.</li>
 * </ol>
 * Then every order is in the sink (at least once), with its customer's tier, every record in the
 * topic names a schema id the restarted registry serves as before, and no task failed.
 */
class OutagesIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String TOPIC = "outage.orders";
    static final String SOURCE = "outage-source";
    static final String SINK = "outage-sink";
    static final int BATCH = 750;
    static final int BATCHES = 4;
    /** Customers 1..100 for batches 1 to 3, 101..200 (never looked up before) for batch 4. */
    static final int CUSTOMERS = 200;

    @RegisterExtension
    @Order(1)
    static final PostgresExtension REGISTRY_PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final PostgresExtension LOOKUP_PG = PostgresExtension.restartable();
    @RegisterExtension
    @Order(3)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(PluginArchives.unwrap())
            .pluginArchive(ConnectRuntime.archive(LookupPipelineIT.ENRICH_ARCHIVE_PROPERTY))
            .pluginArchive(ConnectRuntime.archive(ExampleConnectorsIT.CONVERTERS_ARCHIVE_PROPERTY)));

    static final Schema V1 = row(false, false);
    static final Schema V2 = row(true, false);
    static final Schema V3 = row(true, true);

    static ApicurioRegistry.Builder registryBuilder;
    static ApicurioRegistry registry;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Schema row(boolean note, boolean channel) {
        SchemaBuilder b = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
                .field("id", Schema.INT32_SCHEMA)
                .field("customer_id", Schema.INT32_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA);
        if (note) {
            b.field("note", Schema.OPTIONAL_STRING_SCHEMA);
        }
        if (channel) {
            b.field("channel", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return b.build();
    }

    static String tier(int customer) {
        return "tier-" + (customer % 7);
    }

    @BeforeAll
    static void startRegistry() {
        EmbeddedPostgresCdc.Database storage = REGISTRY_PG.server().createDatabase("registry");
        registryBuilder = ApicurioRegistry.builder().backwardCompatibility()
                .systemProperty("apicurio.storage.kind", "sql")
                .systemProperty("apicurio.storage.sql.kind", "postgresql")
                .systemProperty("apicurio.datasource.url", storage.jdbcUrl())
                .systemProperty("apicurio.datasource.username", EmbeddedPostgresCdc.USER)
                .systemProperty("apicurio.datasource.password", EmbeddedPostgresCdc.PASSWORD)
                .systemProperty("apicurio.datasource.jdbc.initial-size", "2")
                .systemProperty("apicurio.datasource.jdbc.min-size", "2")
                .systemProperty("apicurio.datasource.jdbc.max-size", "10");
        registry = registryBuilder.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theRegistryAndTheLookupDatabaseRestartMidStreamAndNothingIsLost() throws Exception {
        ConnectRuntime connect = CONNECT.runtime();
        EmbeddedPostgresCdc.Database lookupDb = LOOKUP_PG.server().createDatabase("tiers");
        lookupDb.execute("CREATE TABLE customers (id integer PRIMARY KEY, tier text NOT NULL)",
                "INSERT INTO customers SELECT g, 'tier-' || (g % 7) FROM generate_series(1, " + CUSTOMERS + ") g");
        Path batches = Files.createDirectories(connect.workDir().resolve("outage-batches"));
        Path capture = connect.workDir().resolve("outage-sink.jsonl");
        connect.createTopic(TOPIC);
        connect.deploy(SOURCE, sourceConfig(batches, lookupDb));
        connect.deploy(SINK, sinkConfig(capture));
        connect.awaitRunning(SOURCE, 1);
        connect.awaitRunning(SINK, 1);

        // 1. schema v1 flows
        release(batches, 1, V1);
        awaitCaptured(capture, BATCH);

        // 2. registry outage: the sink meets an id it has not fetched, the source a schema it has not registered
        connect.cluster().pauseConnector(SINK);
        awaitTaskState(SINK, "PAUSED");
        release(batches, 2, V2);
        List<ConsumerRecord<byte[], byte[]>> written = connect.consume(TOPIC, 2 * BATCH, TIMEOUT);
        assertEquals(2 * BATCH, written.size(), "batches 1 and 2 in the topic");
        Map<Integer, String> before = new TreeMap<>();
        for (int id : schemaIds(written)) {
            before.put(id, schemaById(id));
        }
        assertEquals(2, before.size(), "v1 and v2 registered: " + before.keySet());
        registry.close();
        connect.cluster().resumeConnector(SINK);
        release(batches, 3, V3);
        awaitRetries(SINK, 1, "the sink retried reading v2 while the registry was down");
        awaitRetries(SOURCE, 1, "the source retried registering v3 while the registry was down");
        assertEquals(BATCH, captured(capture), "nothing of batch 2 could be read while the registry was down");
        registry = registryBuilder.port(registry.port()).start();
        awaitCaptured(capture, 3 * BATCH);
        double sourceRetriesRegistry = retries(SOURCE); // batch 3 is out: its retries are over

        // 3. lookup database outage: customers 101..200 are not in the lookup's cache
        LOOKUP_PG.server().stop();
        release(batches, 4, V3);
        awaitRetries(SOURCE, sourceRetriesRegistry + 1, "the source retried the lookups while the database was down");
        LOOKUP_PG.server().restart();
        awaitCaptured(capture, BATCHES * BATCH);

        connect.awaitRunning(SOURCE, 1);
        connect.awaitRunning(SINK, 1);
        assertEquals("RUNNING", connect.status(SOURCE).get("tasks").get(0).get("state").asText());
        assertEquals("RUNNING", connect.status(SINK).get("tasks").get(0).get("state").asText());

        // every order, enriched, with the columns of its batch's schema
        Map<Integer, Integer> seen = new TreeMap<>();
        for (DecodedRecord r : RecordLines.read(capture)) {
            Struct order = (Struct) r.value;
            int id = order.getInt32("id");
            assertEquals(id, r.key, "key of order " + id);
            seen.merge(id, 1, Integer::sum);
            int batch = (id - 1) / BATCH + 1;
            assertEquals(tier(order.getInt32("customer_id")), order.getString("tier"), "order " + id);
            // read with the schema it was written with: v1, v2 or v3
            assertEquals(batch >= 2, order.schema().field("note") != null, "v2's column in order " + id);
            assertEquals(batch >= 3, order.schema().field("channel") != null, "v3's column in order " + id);
            assertEquals(batch >= 2 ? "note-" + id : null, field(order, "note"), "order " + id);
            assertEquals(batch >= 3 ? "web" : null, field(order, "channel"), "order " + id);
        }
        assertEquals(BATCHES * BATCH, seen.size(), "every order arrived");
        assertEquals(1, seen.keySet().iterator().next());
        assertEquals(BATCHES * BATCH, ((TreeMap<Integer, Integer>) seen).lastKey());

        // every record names an id the restarted registry knows, the old ones with the same schema
        List<ConsumerRecord<byte[], byte[]>> all = connect.consume(TOPIC, BATCHES * BATCH, TIMEOUT);
        Set<Integer> ids = schemaIds(all);
        assertTrue(ids.containsAll(before.keySet()), ids + " holds " + before.keySet());
        assertEquals(3, ids.size(), "v1, v2, v3: " + ids);
        for (Map.Entry<Integer, String> e : before.entrySet()) {
            assertEquals(e.getValue(), schemaById(e.getKey()), "schema id " + e.getKey() + " after the restart");
        }
        for (int id : ids) {
            assertNotNull(schemaById(id), "schema id " + id);
        }
        String versions = get("/subjects/" + TOPIC + "-value/versions");
        assertEquals("[1,2,3]", versions.replace(" ", ""), "one version per schema, none lost");

        double sinkRetries = retries(SINK);
        double sourceRetries = retries(SOURCE);
        connect.delete(SINK);
        connect.delete(SOURCE);
        System.out.printf("OutagesIT: retries seen: sink %.0f (registry), source %.0f (registry) + %.0f (lookup db); "
                        + "%d records in the sink for %d orders%n", sinkRetries, sourceRetriesRegistry,
                sourceRetries - sourceRetriesRegistry, RecordLines.read(capture).size(), seen.size());
    }

    private static Object field(Struct s, String name) {
        return s.schema().field(name) == null ? null : s.get(name);
    }

    private static Map<String, String> sourceConfig(Path batches, EmbeddedPostgresCdc.Database lookupDb) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", BatchSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put(BatchSourceConnector.DIR, batches.toString());
        c.put("key.converter", "org.apache.kafka.connect.converters.IntegerConverter");
        c.put("value.converter", "io.cdckit.converters.avro.AvroConverter");
        c.put("value.converter.schema.registry.url", registry.ccompatUrl());
        // README: a source can wait for the registry (and the lookup database) without limit
        c.put("errors.retry.timeout", "-1");
        c.put("errors.retry.delay.max.ms", "1000");
        c.put("transforms", "unwrap,tier");
        c.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        c.put("transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value");
        c.put("transforms.tier.source", "jdbc");
        c.put("transforms.tier.key.fields", "customer_id");
        c.put("transforms.tier.target.mode", "merge");
        c.put("transforms.tier.jdbc.url", lookupDb.jdbcUrl());
        c.put("transforms.tier.jdbc.user", EmbeddedPostgresCdc.USER);
        c.put("transforms.tier.jdbc.password", EmbeddedPostgresCdc.PASSWORD);
        c.put("transforms.tier.jdbc.table", "customers");
        c.put("transforms.tier.jdbc.key.columns", "id");
        c.put("transforms.tier.jdbc.connection.timeout.ms", "500");
        return c;
    }

    private static Map<String, String> sinkConfig(Path capture) {
        Map<String, String> c = CaptureSinkConnector.config(TOPIC, capture);
        c.put("key.converter", "org.apache.kafka.connect.converters.IntegerConverter");
        c.put("value.converter", "io.cdckit.converters.avro.AvroConverter");
        c.put("value.converter.schema.registry.url", registry.ccompatUrl());
        // README prefers -1 for sinks on Kafka 3.9, where running out of retry time loses the record
        c.put("errors.retry.timeout", "-1");
        c.put("errors.retry.delay.max.ms", "1000");
        return c;
    }

    /** Writes batch {@code n} (orders of its range, as Debezium create events of {@code row}) for the source. */
    private static void release(Path dir, int n, Schema row) throws IOException {
        Schema envelope = Envelopes.envelopeSchema(TOPIC, row);
        List<RecordLines.Line> lines = new ArrayList<>();
        for (int id = (n - 1) * BATCH + 1; id <= n * BATCH; id++) {
            int customer = n < BATCHES ? id % 100 + 1 : 101 + id % 100;
            Struct after = new Struct(row).put("id", id).put("customer_id", customer).put("qty", id % 5 + 1);
            if (row.field("note") != null) {
                after.put("note", "note-" + id);
            }
            if (row.field("channel") != null) {
                after.put("channel", "web");
            }
            lines.add(new RecordLines.Line(TOPIC, Schema.INT32_SCHEMA, id, envelope,
                    Envelopes.event(envelope, "c", null, after, id, false)));
        }
        Path tmp = dir.resolve("batch-" + n + ".tmp");
        RecordLines.write(tmp, lines);
        Files.move(tmp, dir.resolve(BatchSourceConnector.fileName(n)), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Complete lines in the sink's capture file (it may be in the middle of appending one). */
    private static long captured(Path capture) {
        try {
            if (!Files.exists(capture)) {
                return 0;
            }
            long n = 0;
            for (byte b : Files.readAllBytes(capture)) {
                n += b == '\n' ? 1 : 0;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitCaptured(Path capture, long atLeast) throws InterruptedException {
        TestUtils.waitForCondition(() -> captured(capture) >= atLeast, TIMEOUT.toMillis(),
                () -> "the sink captured " + captured(capture) + " of " + atLeast);
    }

    private static double retries(String connector) {
        WorkerMetrics.TaskMBean m = WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, connector, 0);
        return m.values().isEmpty() ? -1 : m.number("total-retries");
    }

    private static void awaitRetries(String connector, double atLeast, String what) throws InterruptedException {
        TestUtils.waitForCondition(() -> retries(connector) >= atLeast, TIMEOUT.toMillis(),
                () -> what + ": total-retries " + retries(connector));
    }

    private static void awaitTaskState(String connector, String state) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            var tasks = CONNECT.runtime().status(connector).get("tasks");
            return tasks.size() == 1 && state.equals(tasks.get(0).get("state").asText());
        }, TIMEOUT.toMillis(), () -> connector + " not " + state + ": " + CONNECT.runtime().status(connector));
    }

    /** The schema ids in Confluent's wire format (magic byte 0, 4-byte id) of the records' values. */
    private static Set<Integer> schemaIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<Integer> ids = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ByteBuffer value = ByteBuffer.wrap(r.value());
            assertEquals(0, value.get(), "magic byte at offset " + r.offset());
            ids.add(value.getInt());
        }
        return ids;
    }

    private static String schemaById(int id) {
        return get("/schemas/ids/" + id);
    }

    private static String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A source of the batches the test releases: files {@code batch-<n>.jsonl} ({@link RecordLines})
     * in {@value #DIR}, each emitted once it appears, in order. Config: {@value #DIR}.
     */
    public static class BatchSourceConnector extends TestSourceConnector {

        public static final String DIR = "batch.dir";

        public BatchSourceConnector() {
            super(BatchTask.class, new ConfigDef().define(DIR, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
                    "Folder of the batch files."));
        }

        static String fileName(int n) {
            return "batch-" + n + ".jsonl";
        }

        /** Emits the next batch file once it exists. */
        public static class BatchTask extends SourceTask {
            private Path dir;
            private int next = 1;

            @Override
            public void start(Map<String, String> props) {
                dir = Path.of(props.get(DIR));
            }

            @Override
            public List<SourceRecord> poll() throws InterruptedException {
                Path file = dir.resolve(fileName(next));
                if (!Files.exists(file)) {
                    Thread.sleep(50); // the worker's poll loop: wait for the test to release a batch
                    return null;
                }
                List<SourceRecord> out = new ArrayList<>();
                long line = 0;
                for (DecodedRecord r : RecordLines.read(file)) {
                    out.add(new SourceRecord(Map.of("dir", dir.toString()), Map.of("batch", next, "line", line++),
                            r.topic, null, r.keySchema, r.key, r.valueSchema, r.value));
                }
                next++;
                return out;
            }

            @Override
            public void stop() {
            }

            @Override
            public String version() {
                return "test";
            }
        }
    }
}
