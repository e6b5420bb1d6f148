/*
 * Over 400 lines because it is the one place where tests meet the runtime, as a user would: a
 * cluster or a standalone worker and its plugin path, topics, producing, the REST API (deploy,
 * status, validate), and consuming to the end offsets; each is a section below.
 */
package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.util.clusters.ConnectAssertions;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectStandalone;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Kafka Connect runtime for integration tests: Kafka's {@code EmbeddedConnectCluster}
 * (a KRaft broker and Connect workers, in-process) whose {@code plugin.path} is a temporary folder
 * into which the module's built plugin archives are unzipped. Plugins therefore load exactly as a
 * user's would: from {@code plugin.path}, in Connect's isolated plugin class loader.
 * {@link Builder#standalone()} runs one standalone worker ({@code EmbeddedConnectStandalone}, as
 * {@code connect-standalone} runs) instead of the distributed cluster.
 *
 * <p>Use one per test class:
 * <pre>{@code
 * static ConnectRuntime connect;
 * @BeforeAll static void start() { connect = ConnectRuntime.builder().pluginArchive(ConnectRuntime.moduleArchive()).start(); }
 * @AfterAll static void stop() { connect.close(); }
 * }</pre>
 */
public final class ConnectRuntime implements AutoCloseable {

    /** System property the build sets to the module's plugin zip. */
    public static final String ARCHIVE_PROPERTY = "cdckit.plugin.archive";

    private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

    private final Embedded embedded;
    private final Path pluginPath;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConnectRuntime(Embedded embedded, Path pluginPath, Path workDir) {
        this.embedded = embedded;
        this.pluginPath = pluginPath;
        this.workDir = workDir;
    }

    /**
     * What this class uses of Kafka's runtime, the same for a distributed cluster and a standalone
     * worker: their common base class ({@code EmbeddedConnect}) is not public, so each is adapted.
     * {@code distributed} is null for a standalone worker.
     */
    private record Embedded(EmbeddedConnectCluster distributed, EmbeddedKafkaCluster kafka, ConnectAssertions assertions,
                            UnaryOperator<String> endpoints, LongConsumer requestTimeout, Runnable stopper) {
        static Embedded of(EmbeddedConnectCluster c) {
            return new Embedded(c, c.kafka(), c.assertions(), c::endpointForResource, c::requestTimeout, c::stop);
        }

        static Embedded of(EmbeddedConnectStandalone s) {
            return new Embedded(null, s.kafka(), s.assertions(), s::endpointForResource, s::requestTimeout, s::stop);
        }

        String endpointForResource(String path) {
            return endpoints.apply(path);
        }

        void stop() {
            stopper.run();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The plugin zip built by this module's {@code package} phase (failsafe passes its path). */
    public static Path moduleArchive() {
        return archive(ARCHIVE_PROPERTY);
    }

    /**
     * A built plugin zip whose path the build passes in the system property {@code property}: for
     * modules that run other modules' plugins (examples).
     */
    public static Path archive(String property) {
        String p = System.getProperty(property);
        if (p == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through 'mvn verify'");
        }
        Path zip = Path.of(p);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("plugin archive " + zip.getFileName() + " has not been built: run 'mvn verify'");
        }
        return zip;
    }

    /** Builder of a runtime. */
    public static final class Builder {
        private int workers = 1;
        private boolean standalone;
        private final List<Function<Path, Map<String, String>>> commandLineConnectors = new ArrayList<>();
        private String discovery = "hybrid_warn";
        private final List<Path> archives = new ArrayList<>();
        private final Map<String, String> workerProps = new HashMap<>();
        private Consumer<Path> pluginPathCustomizer = p -> { };

        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /**
         * One standalone worker instead of a distributed cluster: connector configs in memory, source
         * offsets in a file, and the standalone herder handling the REST API, as with
         * {@code connect-standalone}.
         */
        public Builder standalone() {
            this.standalone = true;
            return this;
        }

        /**
         * A connector the {@link #standalone()} worker starts from a properties file on its command
         * line ({@code connect-standalone worker.properties connector.properties}), before its REST
         * API serves requests. {@code config} is called with the runtime's work folder (write any file
         * the connector reads there) and returns the connector's config, {@code name} included.
         */
        public Builder commandLineConnector(Function<Path, Map<String, String>> config) {
            commandLineConnectors.add(config);
            return this;
        }

        /** {@code plugin.discovery=service_load}: plugins are found only through their service manifests. */
        public Builder serviceLoadDiscovery() {
            this.discovery = "service_load";
            return this;
        }

        /** A plugin zip (Confluent Hub layout) to unzip into {@code plugin.path}. */
        public Builder pluginArchive(Path zip) {
            archives.add(zip);
            return this;
        }

        /** Runs after the archives are unzipped and before the workers start, with the plugin path. */
        public Builder customizePluginPath(Consumer<Path> customizer) {
            this.pluginPathCustomizer = customizer;
            return this;
        }

        /**
         * A worker setting, over the runtime's defaults (converters, {@code plugin.path}, offset flush
         * interval), for every worker: e.g. a config provider, so that connector configs can hold
         * {@code ${file:<path>:<key>}} references that the worker resolves before a connector or a
         * transform sees them:
         * <pre>{@code
         * b.workerProperty("config.providers", "file")
         *  .workerProperty("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
         * }</pre>
         */
        public Builder workerProperty(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        public ConnectRuntime start() {
            if (!standalone && !commandLineConnectors.isEmpty()) {
                throw new IllegalStateException("command-line connectors need a standalone runtime");
            }
            try {
                Path work = Files.createTempDirectory("cdckit-connect-");
                Path plugins = Files.createDirectories(work.resolve("plugins"));
                for (Path zip : archives) {
                    unzip(zip, plugins);
                }
                pluginPathCustomizer.accept(plugins);
                Map<String, String> props = new HashMap<>();
                props.put("plugin.path", plugins.toString());
                props.put("plugin.discovery", discovery);
                props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
                props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
                props.put("key.converter.schemas.enable", "true");
                props.put("value.converter.schemas.enable", "true");
                props.put("offset.flush.interval.ms", "1000");
                props.putAll(workerProps);
                return new ConnectRuntime(standalone ? startStandalone(props, work) : startCluster(props), plugins, work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Embedded startCluster(Map<String, String> props) {
            EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                    .name("cdckit-" + UUID.randomUUID().toString().substring(0, 8))
                    .numWorkers(workers)
                    .workerProps(props)
                    .build();
            cluster.start();
            return Embedded.of(cluster);
        }

        private Embedded startStandalone(Map<String, String> props, Path work) {
            if (workers != 1) {
                throw new IllegalStateException("a standalone runtime has one worker, not " + workers);
            }
            EmbeddedConnectStandalone.Builder b = new EmbeddedConnectStandalone.Builder()
                    .offsetsFile(work.resolve("standalone.offsets").toString());
            commandLineConnectors.forEach(c -> b.withCommandLineConnector(c.apply(work)));
            EmbeddedConnectStandalone worker = b.workerProps(props).build();
            worker.start();
            return Embedded.of(worker);
        }
    }

    /** Unzips a plugin archive into {@code dir}; returns the plugin's top-level folder. */
    public static Path unzip(Path zip, Path dir) throws IOException {
        Path top = null;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("zip entry outside the target folder: " + e.getName());
                }
                if (top == null) {
                    top = dir.resolve(dir.relativize(target).getName(0));
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
        return top;
    }

    /** The distributed cluster (a {@link Builder#standalone() standalone} runtime has none: use {@link #kafka()}). */
    public EmbeddedConnectCluster cluster() {
        if (embedded.distributed() == null) {
            throw new IllegalStateException("a standalone runtime has no distributed cluster");
        }
        return embedded.distributed();
    }

    /** The Kafka broker the workers use. */
    public EmbeddedKafkaCluster kafka() {
        return embedded.kafka();
    }

    public Path pluginPath() {
        return pluginPath;
    }

    /** A scratch folder that lives as long as this runtime. */
    public Path workDir() {
        return workDir;
    }

    public String bootstrapServers() {
        return embedded.kafka().bootstrapServers();
    }

    public void createTopic(String topic) {
        embedded.kafka().createTopic(topic, 1);
    }

    public void createTopic(String topic, int partitions) {
        embedded.kafka().createTopic(topic, partitions);
    }

    /** The names of the broker's topics, internal ones left out. */
    public Set<String> topicNames() {
        try (Admin admin = embedded.kafka().createAdminClient()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the topics", e);
        }
    }

    // ---------------------------------------------------------------- producing

    /** Produces one record with key and value as schema'd JSON (schemaless JSON when a schema is null). */
    public void produce(String topic, Schema keySchema, Object key, Schema valueSchema, Object value) {
        produceRaw(topic, JsonRecords.encode(topic, true, keySchema, key), JsonRecords.encode(topic, false, valueSchema, value));
    }

    /**
     * Produces {@code records} in order through one producer, each key and value as schema'd JSON
     * (schemaless JSON when its schema is null), and waits until the broker has them all: for runs
     * of thousands of records, where {@link #produce(String, Schema, Object, Schema, Object)} would
     * make a producer per record.
     */
    public void produce(String topic, List<? extends ConnectRecord<?>> records) {
        List<Future<?>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<byte[], byte[]> p = embedded.kafka().createProducer(Map.of())) {
            for (ConnectRecord<?> r : records) {
                sent.add(p.send(new ProducerRecord<>(topic, JsonRecords.encode(topic, true, r.keySchema(), r.key()),
                        JsonRecords.encode(topic, false, r.valueSchema(), r.value()))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("produce to " + topic + " failed", e);
        }
    }

    /** Produces one record of raw bytes. */
    public void produceRaw(String topic, byte[] key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> p = embedded.kafka().createProducer(Map.of())) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("produce to " + topic + " failed", e);
        }
    }

    // ---------------------------------------------------------------- connectors

    /** Creates or updates a connector through the REST API ({@code PUT /connectors/{name}/config}). */
    public void deploy(String name, Map<String, String> config) {
        HttpResponse<String> r = send("PUT", "connectors/" + name + "/config", toJson(config));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("deploying " + name + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * How long the workers' REST API waits for the herder before it answers HTTP 500
     * {@code Request timed out} (Kafka's default is 90 s), so that a request the herder never
     * completes fails a test fast.
     */
    public void restRequestTimeout(Duration timeout) {
        embedded.requestTimeout().accept(timeout.toMillis());
    }

    public void delete(String name) {
        send("DELETE", "connectors/" + name, null);
    }

    /** Waits until the connector and exactly {@code tasks} tasks are RUNNING. */
    public void awaitRunning(String name, int tasks) {
        try {
            embedded.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, tasks,
                    "connector " + name + " did not start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; status: " + statusText(name), e);
        }
    }

    /** The status document as text, for failure messages (it holds task traces). */
    private String statusText(String name) {
        try {
            return send("GET", "connectors/" + name + "/status", null).body();
        } catch (RuntimeException e) {
            return "(status unavailable: " + e + ")";
        }
    }

    /** Waits until the connector runs and its {@code tasks} tasks have FAILED. */
    public void awaitTasksFailed(String name, int tasks) {
        try {
            embedded.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, tasks,
                    "tasks of " + name + " did not fail");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The connector's status document ({@code GET /connectors/{name}/status}). */
    public JsonNode status(String name) {
        return JsonRecords.tree(send("GET", "connectors/" + name + "/status", null).body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates a connector configuration through {@code PUT /connector-plugins/{class}/config/validate}
     * and returns the error messages per key (keys without errors are left out).
     */
    public Map<String, List<String>> validate(String connectorClass, Map<String, String> config) {
        String simple = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        Map<String, String> withClass = new LinkedHashMap<>(config);
        withClass.putIfAbsent("connector.class", connectorClass);
        HttpResponse<String> r = send("PUT", "connector-plugins/" + simple + "/config/validate", toJson(withClass));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("validate failed: HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode root = JsonRecords.tree(r.body().getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode c : root.get("configs")) {
            JsonNode v = c.get("value");
            List<String> msgs = new ArrayList<>();
            for (JsonNode m : v.get("errors")) {
                msgs.add(m.asText());
            }
            if (!msgs.isEmpty()) {
                errors.put(v.get("name").asText(), msgs);
            }
        }
        return errors;
    }

    /** A GET on the worker's REST API, parsed as JSON. */
    public JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JsonRecords.tree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String body) {
        URI uri = URI.create(embedded.endpointForResource(path));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JsonRecords.MAPPER.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- consuming

    /**
     * Reads a topic from the beginning until {@code expected} records have arrived (or
     * {@code timeout} passes), then on to the end offsets the partitions have at that moment, so
     * that records written in the same go are not missed, and returns them all. No waiting for
     * records that may come later: for a sink's output, {@link #awaitSinkCaughtUp} first.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cdckit-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = embedded.kafka().createConsumer(props)) {
            List<TopicPartition> tps = partitions(c, topic, deadline);
            c.assign(tps);
            c.seekToBeginning(tps);
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(10));
            while (!reached(c, end) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic, long deadline) {
        List<TopicPartition> tps = new ArrayList<>();
        while (tps.isEmpty() && System.nanoTime() < deadline) {
            List<PartitionInfo> parts = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (parts != null) {
                parts.forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return tps;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the sink connector {@code name} has consumed every record now in {@code topics}
     * and committed its offsets (its consumer group {@code connect-<name>} is at the topics' end
     * offsets): after this, nothing more comes out of it for those records, so its output can be
     * counted exactly. Records it sent to a dead letter queue may still be on their way: read those
     * with {@link #consumeDeadLetters}, which waits for the expected count.
     */
    public void awaitSinkCaughtUp(String name, Duration timeout, String... topics) {
        try (Admin admin = embedded.kafka().createAdminClient()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            TestUtils.waitForCondition(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get();
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata o = committed.get(e.getKey());
                    if (e.getValue() > 0 && (o == null || o.offset() < e.getValue())) {
                        return false;
                    }
                }
                return true;
            }, timeout.toMillis(), "sink " + name + " did not consume " + List.of(topics) + " to " + end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading offsets for " + name + " failed", e);
        }
    }

    /** {@link #consume} with key and value decoded from schema'd JSON, headers as UTF-8 text. */
    public List<DecodedRecord> consumeDecoded(String topic, int expected, Duration timeout) {
        List<DecodedRecord> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consume(topic, expected, timeout)) {
            out.add(decode(r, true));
        }
        return out;
    }

    /** Decodes a consumed record; {@code schemas} says whether key/value are schema'd JSON. */
    public static DecodedRecord decode(ConsumerRecord<byte[], byte[]> r, boolean schemas) {
        SchemaAndValue k = schemas ? JsonRecords.decode(r.topic(), true, r.key())
                : JsonRecords.decodeSchemaless(r.topic(), true, r.key());
        SchemaAndValue v = schemas ? JsonRecords.decode(r.topic(), false, r.value())
                : JsonRecords.decodeSchemaless(r.topic(), false, r.value());
        return new DecodedRecord(r.topic(), r.partition(), r.offset(), k.schema(), k.value(), v.schema(), v.value(),
                headers(r));
    }

    /** A record's headers as UTF-8 text (the last one wins for repeated names). */
    public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Iterator<Header> it = r.headers().iterator(); it.hasNext(); ) {
            Header x = it.next();
            h.put(x.key(), x.value() == null ? null : new String(x.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    /** Dead letter queue records: raw key/value as the sink read them, plus Connect's error context headers. */
    public List<ConsumerRecord<byte[], byte[]>> consumeDeadLetters(String dlqTopic, int expected, Duration timeout) {
        return consume(dlqTopic, expected, timeout);
    }

    @Override
    public void close() {
        try {
            embedded.stop();
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp folder
        }
    }
}
