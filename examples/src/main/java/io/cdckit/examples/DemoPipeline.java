package io.cdckit.examples;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The demo pipeline, all in this JVM:
 * <pre>
 *   embedded PostgreSQL 17 (logical decoding), database shop
 *     -> Debezium "shop-pipeline": ChangedFields -> Mask -> TimestampNormalizer -> Unwrap -> Lookup -> OperationRouter,
 *        AvroConverter (mem:// registry, BACKWARD)  -> demo.shop.customers, demo.shop.orders, and their .deletes
 *     -> sink "shop-sink" reads demo.* back through AvroConverter
 * </pre>
 * Two more Debezium connectors on the same tables exist only so the demo can show the stages:
 * {@code shop-raw} (no transforms: the raw envelopes, PII included, which a real pipeline would not
 * keep in Kafka) and {@code shop-masked} (the chain's first three transforms). Kafka and Connect
 * are Kafka's {@code EmbeddedConnectCluster} (the test kit's {@link ConnectRuntime}), whose
 * {@code plugin.path} gets every cdckit plugin archive, unzipped, as a user would install them.
 * The masking keys and the lookup's password are random per run, in a properties file the worker's
 * {@code FileConfigProvider} reads: the connector configurations hold references, not secrets.
 */
public final class DemoPipeline implements AutoCloseable {

    public static final String PREFIX = "demo";
    public static final String RAW_PREFIX = "raw";
    public static final String MASKED_PREFIX = "masked";
    public static final String DELETES_SUFFIX = ".deletes";
    public static final String PIPELINE = "shop-pipeline";
    public static final String RAW = "shop-raw";
    public static final String MASKED = "shop-masked";
    public static final String SINK = "shop-sink";
    public static final String DATABASE = "shop";
    public static final String REGISTRY = "mem://shop";
    public static final String AVRO_CONVERTER = "io.cdckit.converters.avro.AvroConverter";
    /** The customers' columns Mask changes. */
    public static final List<String> MASKED_FIELDS = List.of("email", "phone", "card");

    /** How long one step's change events may take from the database to every stage. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);

    private final ConnectRuntime connect;
    private final EmbeddedPostgresCdc postgres;
    private final EmbeddedPostgresCdc.Database db;
    private final Workload workload;
    private final Path sinkFile;
    private final Path secrets;
    private StageFeed feed;

    private DemoPipeline(ConnectRuntime connect, EmbeddedPostgresCdc postgres, Workload workload) {
        this.connect = connect;
        this.postgres = postgres;
        this.db = postgres.database(DATABASE);
        this.workload = workload;
        this.sinkFile = connect.workDir().resolve("sink-records.jsonl");
        this.secrets = connect.workDir().resolve("demo-secrets.properties");
    }

    /** The captured tables' topics at each stage, and the router's deletes topics. */
    public static List<String> topics() {
        List<String> out = new ArrayList<>();
        for (String prefix : List.of(RAW_PREFIX, MASKED_PREFIX)) {
            out.add(prefix + "." + Workload.CUSTOMERS);
            out.add(prefix + "." + Workload.ORDERS);
        }
        for (String table : List.of(Workload.CUSTOMERS, Workload.ORDERS)) {
            out.add(PREFIX + "." + table);
            out.add(PREFIX + "." + table + DELETES_SUFFIX);
        }
        return out;
    }

    /**
     * The pipeline's transforms as its source connector configures them; {@code secret(key)} gives
     * the text that stands for a secret (a config provider's reference). With {@code all} false,
     * only the first three (the masked stage).
     */
    public static Map<String, String> chain(boolean all, String jdbcUrl, java.util.function.Function<String, String> secret) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("transforms", all ? "changes,mask,time,unwrap,tier,route" : "changes,mask,time");
        c.put("predicates", "isCustomers");
        c.put("predicates.isCustomers.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        c.put("predicates.isCustomers.pattern", ".*\\.shop\\.customers");
        c.put("transforms.changes.type", "io.cdckit.smt.unwrap.ChangedFields");
        c.put("transforms.changes.changed.field.name", "__changed");
        c.put("transforms.mask.type", "io.cdckit.smt.masking.Mask$Value");
        c.put("transforms.mask.predicate", "isCustomers");
        c.put("transforms.mask.field.modes", "email:hmac,phone:partial,card:fpe");
        c.put("transforms.mask.keep.last", "4");
        c.put("transforms.mask.alphabet", "digits");
        c.put("transforms.mask.fpe.keep.last", "4");
        c.put("transforms.mask.fpe.luhn", "true");
        c.put("transforms.mask.hmac.key", secret.apply("hmac.key"));
        c.put("transforms.mask.fpe.key", secret.apply("fpe.key"));
        c.put("transforms.time.type", "io.cdckit.smt.time.TimestampNormalizer$Value");
        if (!all) {
            return c;
        }
        c.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        c.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        c.put("transforms.unwrap.add.fields", "op,source.lsn,source.ts_ms");
        c.put("transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value");
        c.put("transforms.tier.predicate", "isCustomers");
        c.put("transforms.tier.source", "jdbc");
        c.put("transforms.tier.key.fields", "tier_id");
        c.put("transforms.tier.jdbc.url", jdbcUrl);
        c.put("transforms.tier.jdbc.user", EmbeddedPostgresCdc.USER);
        c.put("transforms.tier.jdbc.password", secret.apply("jdbc.password"));
        c.put("transforms.tier.jdbc.table", Workload.TIERS);
        c.put("transforms.tier.jdbc.key.columns", "id");
        c.put("transforms.tier.jdbc.columns", "name,discount_pct");
        c.put("transforms.tier.target.mode", "merge");
        c.put("transforms.tier.target.prefix", "tier_");
        c.put("transforms.tier.on.missing", "fail");
        c.put("transforms.route.type", "io.cdckit.smt.routing.OperationRouter");
        c.put("transforms.route.topic.delete", "${topic}" + DELETES_SUFFIX);
        return c;
    }

    /** The converter of the pipeline's values (and of the sink that reads them back). */
    public static Map<String, String> avro() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("value.converter", AVRO_CONVERTER);
        c.put("value.converter.schema.registry.url", REGISTRY);
        c.put("value.converter.compatibility.level", "BACKWARD");
        return c;
    }

    /**
     * Starts PostgreSQL and Kafka Connect (side by side) with every plugin archive on
     * {@code plugin.path}, creates the shop, deploys the connectors and waits until they stream.
     */
    public static DemoPipeline start(List<Path> archives, Workload workload) {
        for (Path zip : archives) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("plugin archive not found: " + zip);
            }
        }
        CompletableFuture<EmbeddedPostgresCdc> pg = CompletableFuture.supplyAsync(() -> {
            EmbeddedPostgresCdc server = EmbeddedPostgresCdc.start();
            try {
                server.createDatabase(DATABASE).execute(workload.setup());
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        });
        ConnectRuntime connect;
        try {
            // plugin.discovery=service_load: plugins are found through their service manifests, which
            // starts the worker sooner than a class path scan
            ConnectRuntime.Builder b = ConnectRuntime.builder().serviceLoadDiscovery()
                    .workerProperty("config.providers", "file")
                    .workerProperty("config.providers.file.class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider");
            archives.forEach(b::pluginArchive);
            connect = b.start();
        } catch (RuntimeException | Error e) {
            pg.thenAccept(EmbeddedPostgresCdc::close);
            throw e;
        }
        EmbeddedPostgresCdc postgres;
        try {
            postgres = pg.join();
        } catch (CompletionException e) {
            connect.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("embedded PostgreSQL: " + cause.getMessage(), cause);
        }
        DemoPipeline p = new DemoPipeline(connect, postgres, workload);
        try {
            p.deploy();
            return p;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    private void deploy() {
        writeSecrets();
        topics().forEach(connect::createTopic);
        Map<String, String> raw = db.connectorConfig(RAW_PREFIX, Workload.CUSTOMERS, Workload.ORDERS);
        Map<String, String> masked = db.connectorConfig(MASKED_PREFIX, Workload.CUSTOMERS, Workload.ORDERS);
        masked.putAll(chain(false, db.jdbcUrl(), this::secret));
        Map<String, String> pipeline = db.connectorConfig(PREFIX, Workload.CUSTOMERS, Workload.ORDERS);
        pipeline.putAll(chain(true, db.jdbcUrl(), this::secret));
        pipeline.putAll(avro());
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", CaptureSinkConnector.class.getName());
        sink.put("tasks.max", "1");
        sink.put("topics.regex", PREFIX + "\\..*");
        sink.put(CaptureSinkConnector.FILE, sinkFile.toString());
        sink.putAll(avro());
        Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
        connectors.put(PIPELINE, pipeline);
        connectors.put(RAW, raw);
        connectors.put(MASKED, masked);
        connectors.put(SINK, sink);
        connectors.forEach(connect::deploy);
        connectors.keySet().forEach(this::awaitRunning);
        for (String prefix : List.of(PREFIX, RAW_PREFIX, MASKED_PREFIX)) {
            EmbeddedPostgresCdc.awaitStreaming(prefix, STREAMING_TIMEOUT);
        }
        feed = new StageFeed(connect.bootstrapServers(), topics(), sinkFile);
    }

    private void writeSecrets() {
        SecureRandom random = new SecureRandom();
        Properties p = new Properties();
        p.setProperty("hmac.key", randomHex(random, 32));
        p.setProperty("fpe.key", randomHex(random, 16));
        p.setProperty("jdbc.password", EmbeddedPostgresCdc.PASSWORD);
        try (OutputStream out = Files.newOutputStream(secrets)) {
            p.store(out, "the demo's secrets, random per run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomHex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The worker's file config provider's reference to {@code key} of the secrets file. */
    private String secret(String key) {
        return "${file:" + secrets + ":" + key + "}";
    }

    private void awaitRunning(String name) {
        try {
            connect.awaitRunning(name, 1);
        } catch (AssertionError | RuntimeException e) {
            throw new IllegalStateException("connector " + name + " did not start: " + failure(name), e);
        }
    }

    /** The first line of a failed connector's or task's trace, from the REST status. */
    private String failure(String name) {
        try {
            JsonNode s = connect.status(name);
            List<JsonNode> parts = new ArrayList<>();
            parts.add(s.path("connector"));
            s.path("tasks").forEach(parts::add);
            for (JsonNode p : parts) {
                if (p.has("trace")) {
                    return p.path("state").asText() + ": " + p.path("trace").asText().lines().findFirst().orElse("");
                }
            }
            return "state " + s.path("connector").path("state").asText("unknown");
        } catch (RuntimeException e) {
            return "no status (" + e.getMessage() + ")";
        }
    }

    /**
     * Prints the snapshot's changes, then runs each step of the workload and prints its changes at
     * every stage once they have all arrived, pausing {@code pause} after the steps that ask for it.
     * Returns every change.
     */
    public List<Change> run(ChangeTable table, Duration pause) {
        List<Change> all = new ArrayList<>();
        table.note("snapshot of the rows that existed before the connectors started");
        all.addAll(print(table, feed.collect(workload.snapshot(), STEP_TIMEOUT)));
        for (Workload.Step step : workload.steps()) {
            table.step(step.sql());
            db.execute(step.sql());
            all.addAll(print(table, feed.collect(step.expected(), STEP_TIMEOUT)));
            if (step.pauseAfter() && !pause.isZero()) {
                sleep(pause);
            }
        }
        return all;
    }

    private static List<Change> print(ChangeTable table, List<Change> changes) {
        changes.forEach(table::change);
        return changes;
    }

    /** Waits until each topic holds the records {@code expected} says (e.g. a delete's tombstone, after it). */
    public void awaitTopics(Map<String, Integer> expected, Duration timeout) {
        feed.awaitCounts(expected, timeout);
    }

    /** Records per topic, tombstones per raw topic and schema versions per final topic, so far. */
    public Summary summary() {
        return new Summary(feed.counts(), feed.tombstones(), feed.schemaVersions());
    }

    /** What the topics hold at the end. */
    public record Summary(Map<String, Integer> records, Map<String, Integer> tombstones,
                          Map<String, List<Integer>> schemaIds) {
    }

    /** The version the worker reports for each of the plugin classes the pipeline uses, by class. */
    public Map<String, String> pluginVersions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : connect.get("connector-plugins?connectorsOnly=false")) {
            String cls = p.path("class").asText();
            if (cls.startsWith("io.cdckit.")) {
                out.put(cls, p.path("version").asText());
            }
        }
        return out;
    }

    /** Whether a cdckit plugin class is also on this JVM's class path (they should come from plugin.path only). */
    public static boolean pluginsOnClassPath() {
        for (String cls : List.of("io.cdckit.smt.unwrap.Unwrap", "io.cdckit.smt.masking.Mask", AVRO_CONVERTER,
                "io.cdckit.smt.enrich.Lookup", "io.cdckit.smt.routing.OperationRouter", "io.cdckit.smt.time.TimestampNormalizer")) {
            try {
                Class.forName(cls, false, DemoPipeline.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                // as it should be
            }
        }
        return false;
    }

    /** The worker's REST API, for a user to explore. */
    public String restUrl() {
        return connect.cluster().endpointForResource("");
    }

    public ConnectRuntime connect() {
        return connect;
    }

    public EmbeddedPostgresCdc postgres() {
        return postgres;
    }

    public EmbeddedPostgresCdc.Database database() {
        return db;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the connectors, Connect and Kafka, then PostgreSQL. */
    @Override
    public void close() {
        RuntimeException first = null;
        if (feed != null) {
            try {
                feed.close();
            } catch (RuntimeException e) {
                first = e;
            }
        }
        try {
            connect.close();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            postgres.close();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
