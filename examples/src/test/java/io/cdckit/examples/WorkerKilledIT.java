package io.cdckit.examples;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker crash in a three-worker distributed Connect cluster: the workers are separate JVMs
 * ({@code ConnectDistributed} on this JVM's class path, cdckit's archives on their
 * {@code plugin.path}) on one broker in this JVM, and one of them is killed with
 * {@code destroyForcibly()} (SIGKILL: no graceful stop, no offset flush) while a three-task source
 * replays 30,000 Debezium-style change events through {@code Mask}, {@code TimestampNormalizer},
 * {@code Unwrap} and {@code FieldMapper} into a topic that a sink reads. After the rebalance every
 * (key, sequence) is in the topic and at the sink, duplicates are counted and printed (at-least-once:
 * the killed tasks resume after their last committed source offset), every output record is the
 * transformed input, and every task of both connectors is RUNNING on the two surviving workers.
 */
class WorkerKilledIT {

    static final int RECORDS = 30_000;
    static final int KEYS = 300;
    static final int TASKS = 3;
    static final String TOPIC = "killed.customers";
    static final String SALT = "worker-killed-salt";
    static final Duration DEADLINE = Duration.ofSeconds(90);

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.customers.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("grp", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("created", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
            .build();
    static final Schema ENVELOPE = Envelopes.envelopeSchema("shop.public.customers", ROW);

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedKafkaCluster kafka;
    static Path work;
    static final List<Worker> WORKERS = new ArrayList<>();
    /** The input rows by {@code key#seq}. */
    static final Map<String, Struct> ROWS = new HashMap<>();

    /** A worker process and the REST port it listens on. */
    record Worker(int number, int port, Process process, Path log) {
        String id() {
            return "localhost:" + port;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + "/" + path);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createDirectories(Path.of("target", "worker-killed-it", UUID.randomUUID().toString().substring(0, 8)))
                .toAbsolutePath();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        for (String property : List.of("cdckit.demo.unwrap.archive", FieldMapperPipelineIT.SMT_CORE_ARCHIVE_PROPERTY,
                MaskPipelineIT.MASKING_ARCHIVE_PROPERTY, RoutingPipelineIT.ROUTING_ARCHIVE_PROPERTY)) {
            ConnectRuntime.unzip(ConnectRuntime.archive(property), plugins);
        }
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();

        Path log4j = work.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n",
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.org.apache.kafka.clients=WARN",
                "log4j.logger.org.reflections=ERROR", ""));
        // the class path in an argument file: it can be longer than one command-line argument may be
        Path argFile = work.resolve("worker.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        String group = "cdckit-killed-" + UUID.randomUUID().toString().substring(0, 8);
        for (int n = 1; n <= 3; n++) {
            int port = freePort();
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("group.id", group);
            p.put("config.storage.topic", group + "-configs");
            p.put("offset.storage.topic", group + "-offsets");
            p.put("status.storage.topic", group + "-status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("offset.storage.partitions", "3");
            p.put("status.storage.partitions", "1");
            p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("key.converter.schemas.enable", "true");
            p.put("value.converter.schemas.enable", "true");
            p.put("listeners", "http://localhost:" + port);
            p.put("rest.advertised.host.name", "localhost");
            p.put("rest.advertised.port", Integer.toString(port));
            p.put("plugin.path", plugins.toString());
            p.put("plugin.discovery", "service_load");
            p.put("offset.flush.interval.ms", "500");
            p.put("scheduled.rebalance.max.delay.ms", "5000");
            // the dead worker leaves the Connect group and the sink's consumer group within seconds
            p.put("session.timeout.ms", "6000");
            p.put("heartbeat.interval.ms", "1000");
            p.put("consumer.session.timeout.ms", "6000");
            p.put("consumer.heartbeat.interval.ms", "1000");
            Path props = work.resolve("worker-" + n + ".properties");
            try (var out = Files.newBufferedWriter(props)) {
                p.store(out, "worker " + n);
            }
            Path log = work.resolve("worker-" + n + ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlog4j.configuration=" + log4j.toUri(), "@" + argFile,
                    "org.apache.kafka.connect.cli.ConnectDistributed", props.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            WORKERS.add(new Worker(n, port, process, log));
        }
        writeChanges(); // while the workers start
        for (Worker w : WORKERS) {
            await(() -> !w.process().isAlive() || get(w, "") != null, "worker " + w.number() + " serves its REST API");
            assertTrue(w.process().isAlive(), "worker " + w.number() + " exited; see " + w.log());
        }
        // GET /connectors answers once a worker's herder has started and read the config topic
        for (Worker w : WORKERS) {
            await(() -> get(w, "connectors") != null, "worker " + w.number() + " joined the group");
        }
    }

    /**
     * The change events to replay, written to {@code changes.jsonl}: record {@code i} is of key
     * {@code k<i mod 300>} with sequence number {@code i / 300} (op {@code c} for the first of a key,
     * {@code u} after), its row in {@link #ROWS} by {@code key#seq}.
     */
    private static void writeChanges() {
        List<RecordLines.Line> lines = new ArrayList<>(RECORDS);
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            String grp = "k" + (i % KEYS);
            long seq = i / KEYS;
            Struct row = new Struct(ROW).put("id", (long) i).put("grp", grp).put("seq", seq)
                    .put("email", "customer" + i + "@shop.example")
                    .put("created", base.plusMillis(1_234L * i).toString());
            ROWS.put(grp + "#" + seq, row);
            Struct event = Envelopes.event(ENVELOPE, seq == 0 ? "c" : "u", null, row, i, false);
            lines.add(new RecordLines.Line(TOPIC, Schema.STRING_SCHEMA, grp, ENVELOPE, event));
        }
        RecordLines.write(work.resolve("changes.jsonl"), lines);
    }

    @AfterAll
    static void stopCluster() {
        for (Worker w : WORKERS) {
            w.process().destroyForcibly();
        }
        for (Worker w : WORKERS) {
            try {
                w.process().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            kafka.stop();
        }
        // keep the workers' logs and properties; the records (about 100 MB) and the plugins go
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder())
                        .filter(f -> f.toString().endsWith(".jsonl") || f.startsWith(work.resolve("plugins")))
                        .forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: a folder under target/
            }
        }
    }

    @Test
    void aKilledWorkersTasksResumeOnTheSurvivorsAndNoRecordIsLost() throws Exception {
        Worker any = WORKERS.get(0);
        kafka.createTopic(TOPIC, 3);
        Path file = work.resolve("changes.jsonl");

        Map<String, String> source = new HashMap<>();
        source.put("connector.class", ReplaySourceConnector.class.getName());
        source.put("tasks.max", Integer.toString(TASKS));
        source.put(ReplaySourceConnector.FILE, file.toString());
        source.put(ReplaySourceConnector.BATCH_SIZE, "100");
        source.put(ReplaySourceConnector.BATCH_INTERVAL_MS, "60");
        source.put("transforms", "mask,norm,unwrap,map");
        source.put("transforms.mask.type", "io.cdckit.smt.masking.Mask$Value");
        source.put("transforms.mask.fields", "email");
        source.put("transforms.mask.mode", "hash");
        source.put("transforms.mask.salt", SALT);
        source.put("transforms.norm.type", "io.cdckit.smt.time.TimestampNormalizer$Value");
        source.put("transforms.norm.target.type", "epoch-ms");
        source.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        source.put("transforms.unwrap.add.fields", "op");
        source.put("transforms.map.type", "io.cdckit.smt.mapping.FieldMapper$Value");
        source.put("transforms.map.rename", "email:email_hash");
        Path capture = work.resolve("capture.jsonl");
        Map<String, String> sink = CaptureSinkConnector.config(TOPIC, capture);
        put(any, "replay", source);
        put(any, "capture", sink);
        await(() -> allRunning(any, "replay", TASKS, null) && allRunning(any, "capture", 1, null),
                "both connectors and their tasks run");

        // kill the worker of a source task once about a third of the records are in the topic
        await(() -> endOffsets() >= RECORDS / 3, "a third of the records arrived");
        JsonNode before = status(any, "replay");
        Set<String> sourceWorkers = new TreeSet<>();
        before.get("tasks").forEach(t -> sourceWorkers.add(t.get("worker_id").asText()));
        Worker victim = WORKERS.stream().filter(w -> sourceWorkers.contains(w.id())).findFirst().orElseThrow();
        long atKill = endOffsets();
        victim.process().destroyForcibly();
        victim.process().waitFor();
        System.out.printf("WorkerKilledIT: killed worker %d (%s) with %d of %d records in the topic; tasks before: %s%n",
                victim.number(), victim.id(), atKill, RECORDS, before.get("tasks"));
        assertTrue(atKill < RECORDS, "the worker was killed mid-stream: " + atKill);
        List<Worker> survivors = WORKERS.stream().filter(w -> w != victim).toList();
        Set<String> survivorIds = survivors.stream().map(Worker::id).collect(Collectors.toSet());
        Worker live = survivors.get(0);

        // every (key, seq) arrives in the topic
        Map<String, List<DecodedRecord>> out = new HashMap<>();
        long total = consumeUntil(out, ROWS.keySet());
        assertEquals(ROWS.keySet(), out.keySet(), "no key/sequence missing from the topic");

        // after the rebalance: every task RUNNING on the two surviving workers
        await(() -> allRunning(live, "replay", TASKS, survivorIds) && allRunning(live, "capture", 1, survivorIds),
                "every task runs on the surviving workers " + survivorIds);
        for (String connector : List.of("replay", "capture")) {
            JsonNode s = status(live, connector);
            assertEquals("RUNNING", s.get("connector").get("state").asText(), s.toString());
            assertTrue(survivorIds.contains(s.get("connector").get("worker_id").asText()), s.toString());
            for (JsonNode t : s.get("tasks")) {
                assertEquals("RUNNING", t.get("state").asText(), connector + " task: " + t);
                assertTrue(survivorIds.contains(t.get("worker_id").asText()), connector + " task on a survivor: " + t);
            }
        }

        // duplicates: at-least-once, counted and printed (per key: the duplicated sequence numbers)
        Map<String, TreeSet<Long>> duplicated = new TreeMap<>();
        long extra = 0;
        for (Map.Entry<String, List<DecodedRecord>> e : out.entrySet()) {
            if (e.getValue().size() > 1) {
                Struct in = ROWS.get(e.getKey());
                duplicated.computeIfAbsent(in.getString("grp"), k -> new TreeSet<>()).add(in.getInt64("seq"));
                extra += e.getValue().size() - 1;
            }
        }
        assertEquals(total - RECORDS, extra, "records in the topic = key/sequences + duplicates");
        // only the killed worker's tasks replayed anything: task i replays the keys k<j> with j mod 3 = i
        Set<Integer> killedTasks = new TreeSet<>();
        before.get("tasks").forEach(t -> {
            if (victim.id().equals(t.get("worker_id").asText())) {
                killedTasks.add(t.get("id").asInt());
            }
        });
        for (String grp : duplicated.keySet()) {
            assertTrue(killedTasks.contains(Integer.parseInt(grp.substring(1)) % TASKS),
                    grp + " is duplicated but its task " + killedTasks + " was not on the killed worker");
        }
        // and they resumed after a committed offset (several were committed before the kill), not from their start
        duplicated.forEach((grp, seqs) -> assertTrue(seqs.first() > 0, grp + " was replayed from its first record"));
        System.out.printf("WorkerKilledIT: %d records in the topic for %d keys/sequences: %d duplicates, of %d keys: %s%n",
                total, RECORDS, extra, duplicated.size(), duplicated.entrySet().stream()
                        .map(e -> e.getKey() + " seq " + ranges(e.getValue())).collect(Collectors.joining(", ")));

        // every output record (duplicates too) is its input, transformed by the chain
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, List<DecodedRecord>> e : out.entrySet()) {
            Struct in = ROWS.get(e.getKey());
            for (DecodedRecord r : e.getValue()) {
                assertEquals(in.getString("grp"), r.key, "key");
                Struct v = (Struct) r.value;
                assertEquals(Set.of("id", "grp", "seq", "email_hash", "created", "__op"),
                        v.schema().fields().stream().map(f -> f.name()).collect(Collectors.toSet()), "unwrapped row fields");
                assertEquals(in.getInt64("id"), v.getInt64("id"));
                sha.update(SALT.getBytes(StandardCharsets.UTF_8));
                String hash = HexFormat.of().formatHex(sha.digest(in.getString("email").getBytes(StandardCharsets.UTF_8)));
                assertEquals(hash, v.getString("email_hash"), "masked by mask, renamed by map");
                assertEquals(Instant.parse(in.getString("created")).toEpochMilli(), v.get("created"), "by norm");
                assertEquals(in.getInt64("seq") == 0 ? "c" : "u", v.getString("__op"), "by unwrap");
            }
        }

        // the sink saw every key/sequence too (a line cut by the kill, if the sink was there, is counted apart)
        Map<String, Integer> sunk = new HashMap<>();
        int[] cut = new int[1];
        await(() -> {
            sunk.clear();
            cut[0] = readCapture(capture, sunk);
            return sunk.keySet().containsAll(ROWS.keySet());
        }, "the sink received every key/sequence");
        assertEquals(ROWS.keySet(), sunk.keySet(), "no key/sequence missing at the sink");
        int sinkTotal = sunk.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("WorkerKilledIT: the sink wrote %d records (%d duplicates, %d cut lines)%n",
                sinkTotal, sinkTotal - RECORDS, cut[0]);
        assertTrue(cut[0] <= 1, "at most the line being written at the kill is cut: " + cut[0]);
        for (Worker w : survivors) {
            assertTrue(w.process().isAlive(), "worker " + w.number() + " survived");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Reads the topic from the beginning until every key/sequence of {@code expected} is in {@code out}. */
    private static long consumeUntil(Map<String, List<DecodedRecord>> out, Set<String> expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "killed-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        long total = 0;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = kafka.createConsumerAndSubscribeTo(props, TOPIC)) {
            while (!out.keySet().containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    DecodedRecord d = ConnectRuntime.decode(r, true);
                    Struct v = (Struct) d.value;
                    out.computeIfAbsent(v.getString("grp") + "#" + v.getInt64("seq"), k -> new ArrayList<>()).add(d);
                    total++;
                }
            }
        }
        return total;
    }

    /**
     * Counts the capture file's records per key/sequence; returns how many lines were cut. A sink
     * task killed while appending leaves a line's beginning, to which the next task appends its first
     * line: that one is read from where it starts ({@code {"topic":}).
     */
    private static int readCapture(Path capture, Map<String, Integer> counts) throws IOException {
        if (!Files.exists(capture)) {
            return 0;
        }
        int cut = 0;
        for (String line : Files.readAllLines(capture, StandardCharsets.UTF_8)) {
            JsonNode payload = payload(line);
            if (payload == null) {
                cut++;
                int at = line.lastIndexOf("{\"topic\":");
                payload = at > 0 ? payload(line.substring(at)) : null;
            }
            if (payload != null) {
                counts.merge(payload.get("grp").asText() + "#" + payload.get("seq").asLong(), 1, Integer::sum);
            }
        }
        return cut;
    }

    /** The value payload of a capture line with a row's key group and sequence; null if the line is cut. */
    private static JsonNode payload(String line) {
        try {
            JsonNode payload = JsonRecords.MAPPER.readTree(line).path("value").path("payload");
            return payload.has("grp") && payload.has("seq") ? payload : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The connector and its {@code tasks} tasks are RUNNING (on {@code workers}, when given). */
    private static boolean allRunning(Worker w, String connector, int tasks, Set<String> workers) {
        JsonNode s = get(w, "connectors/" + connector + "/status");
        if (s == null || !s.has("tasks") || s.get("tasks").size() != tasks) {
            return false;
        }
        List<JsonNode> all = new ArrayList<>();
        all.add(s.get("connector"));
        s.get("tasks").forEach(all::add);
        for (JsonNode n : all) {
            assertFalse("FAILED".equals(n.get("state").asText()), connector + " failed: " + s);
            if (!"RUNNING".equals(n.get("state").asText())
                    || workers != null && !workers.contains(n.get("worker_id").asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode status(Worker w, String connector) {
        JsonNode s = get(w, "connectors/" + connector + "/status");
        assertTrue(s != null, "status of " + connector);
        return s;
    }

    /** The sum of the topic's end offsets. */
    private static long endOffsets() throws Exception {
        try (Admin admin = kafka.createAdminClient()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** A GET on a worker's REST API as JSON; null while it does not answer 200. */
    private static JsonNode get(Worker w, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(w.uri(path)).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JsonRecords.tree(r.body().getBytes(StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            return null; // not listening (yet, or any more), or too slow to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a connector through a worker's REST API (a follower forwards it to the leader). */
    private static void put(Worker w, String name, Map<String, String> config) throws Exception {
        String body = JsonRecords.MAPPER.writeValueAsString(config);
        await(() -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(w.uri("connectors/" + name + "/config"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertFalse(r.statusCode() == 400, "config of " + name + " refused: " + r.body());
                return r.statusCode() < 300;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "connector " + name + " created");
    }

    /** Sequence numbers as ranges: {@code 3-7,9}. */
    private static String ranges(TreeSet<Long> seqs) {
        List<String> parts = new ArrayList<>();
        long start = -1;
        long prev = -2;
        for (long seq : seqs) {
            if (seq != prev + 1) {
                if (prev >= 0) {
                    parts.add(start == prev ? Long.toString(start) : start + "-" + prev);
                }
                start = seq;
            }
            prev = seq;
        }
        if (prev >= 0) {
            parts.add(start == prev ? Long.toString(start) : start + "-" + prev);
        }
        return String.join(",", parts);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Waits until {@code condition} holds (Kafka's test polling), failing after {@link #DEADLINE}. */
    private static void await(TestCondition condition, String what) throws InterruptedException {
        TestUtils.waitForCondition(condition, DEADLINE.toMillis(), "timed out waiting: " + what);
    }
}
