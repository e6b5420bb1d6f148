package io.cdckit.examples;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The demo pipeline, all in this JVM:
 * <pre>
 *   embedded PostgreSQL 17 (logical decoding)
 *     -> Debezium PostgreSQL connector (source "shop-source")  -> topic demo.shop.customers (raw envelopes)
 *     -> sink "shop-sink" with transforms=unwrap (cdckit Unwrap, loaded from plugin.path)
 * </pre>
 * Kafka and Connect are Kafka's {@code EmbeddedConnectCluster} (the test kit's {@link ConnectRuntime}),
 * whose {@code plugin.path} gets the built {@code cdckit-smt-unwrap} plugin archive, unzipped, as a
 * user would install it.
 */
public final class DemoPipeline implements AutoCloseable {

    public static final String TOPIC_PREFIX = "demo";
    public static final String TOPIC = TOPIC_PREFIX + "." + Workload.TABLE;
    public static final String SOURCE = "shop-source";
    public static final String SINK = "shop-sink";
    public static final String DATABASE = "shop";
    public static final String UNWRAP_CLASS = "io.cdckit.smt.unwrap.Unwrap";

    /** How long one change event may take from the database to the sink. */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);

    private final ConnectRuntime connect;
    private final EmbeddedPostgresCdc postgres;
    private final EmbeddedPostgresCdc.Database db;
    private final Workload workload;
    private final Path sinkFile;
    private final Map<String, String> sinkConfig;
    private ChangeFeed feed;

    private DemoPipeline(ConnectRuntime connect, EmbeddedPostgresCdc postgres, Workload workload) {
        this.connect = connect;
        this.postgres = postgres;
        this.db = postgres.database(DATABASE);
        this.workload = workload;
        this.sinkFile = connect.workDir().resolve("sink-records.jsonl");
        this.sinkConfig = sinkConfig(sinkFile);
    }

    /** The transform as the sink connector configures it. */
    public static Map<String, String> unwrapConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("transforms", "unwrap");
        c.put("transforms.unwrap.type", UNWRAP_CLASS);
        c.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        c.put("transforms.unwrap.add.fields", "op,source.ts_ms");
        return c;
    }

    private static Map<String, String> sinkConfig(Path file) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", CaptureSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", TOPIC);
        c.put(CaptureSinkConnector.FILE, file.toString());
        c.putAll(unwrapConfig());
        return c;
    }

    /**
     * Starts PostgreSQL and Kafka Connect (side by side), creates the table with its initial rows,
     * deploys the source and the sink and waits until Debezium streams.
     */
    public static DemoPipeline start(Path unwrapArchive, Workload workload) {
        if (!Files.isRegularFile(unwrapArchive)) {
            throw new IllegalStateException("plugin archive not found: " + unwrapArchive);
        }
        CompletableFuture<EmbeddedPostgresCdc> pg = CompletableFuture.supplyAsync(() -> {
            EmbeddedPostgresCdc server = EmbeddedPostgresCdc.start();
            try {
                EmbeddedPostgresCdc.Database db = server.createDatabase(DATABASE);
                db.execute(workload.setup());
                db.execute(workload.seed());
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        });
        ConnectRuntime connect;
        try {
            // plugin.discovery=service_load: plugins are found through their service manifests (cdckit's,
            // Debezium's, the test kit's), which starts the worker about 10 s sooner than a class path scan
            connect = ConnectRuntime.builder().serviceLoadDiscovery().pluginArchive(unwrapArchive).start();
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
        connect.createTopic(TOPIC);
        Map<String, String> source = db.connectorConfig(TOPIC_PREFIX, Workload.TABLE);
        connect.deploy(SOURCE, source);
        awaitRunning(SOURCE);
        connect.deploy(SINK, sinkConfig);
        awaitRunning(SINK);
        EmbeddedPostgresCdc.awaitStreaming(TOPIC_PREFIX, STREAMING_TIMEOUT);
        feed = new ChangeFeed(connect.bootstrapServers(), TOPIC, sinkFile, SINK);
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
     * Prints the snapshot's events, then runs each step of the workload and prints its events as
     * they arrive, pausing {@code pause} after the steps that ask for it. Returns every change.
     */
    public List<Change> run(ChangeTable table, Duration pause) {
        List<Change> all = new ArrayList<>();
        table.note("snapshot of the " + workload.seedRows() + " rows that existed before the connector started");
        all.addAll(collect(table, workload.seedRows()));
        for (Workload.Step step : workload.steps()) {
            table.step(step.sql());
            db.execute(step.sql());
            List<Change> got = collect(table, step.expected().size());
            List<String> kinds = new ArrayList<>();
            got.forEach(c -> kinds.add(c.kind()));
            if (!kinds.equals(step.expected())) {
                throw new IllegalStateException("expected events " + step.expected() + " from '"
                        + String.join("; ", step.sql()) + "', got " + kinds);
            }
            all.addAll(got);
            if (step.pauseAfter() && !pause.isZero()) {
                sleep(pause);
            }
        }
        return all;
    }

    private List<Change> collect(ChangeTable table, int n) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Change c = feed.next(EVENT_TIMEOUT);
            table.row(c);
            out.add(c);
        }
        return out;
    }

    /** The version the worker reports for {@code Unwrap}, or null when it does not know the plugin. */
    public String unwrapVersion() {
        for (JsonNode p : connect.get("connector-plugins?connectorsOnly=false")) {
            if (UNWRAP_CLASS.equals(p.path("class").asText())) {
                return p.path("version").asText();
            }
        }
        return null;
    }

    /** Whether {@code Unwrap} is also on this JVM's class path (it should come from plugin.path only). */
    public static boolean unwrapOnClassPath() {
        try {
            Class.forName(UNWRAP_CLASS, false, DemoPipeline.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
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

    public Map<String, String> sinkConfig() {
        return sinkConfig;
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
