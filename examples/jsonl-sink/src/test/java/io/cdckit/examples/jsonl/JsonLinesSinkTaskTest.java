package io.cdckit.examples.jsonl;

import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.SecretsCheck;
import io.cdckit.testkit.fixtures.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesSinkTaskTest {

    private static final String TABLE = "shop.customers";
    private static final String TOPIC = Fixtures.topic(TABLE);
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    /** The recorded customers events: snapshot reads, creates, updates, a delete and its tombstone. */
    private static final List<SinkRecord> EVENTS = Fixtures.records(TABLE);

    /** The seeks a task asked for through its context. */
    private final Map<TopicPartition, Long> seeks = new HashMap<>();

    @TempDir
    Path dir;

    private SinkTaskContext context() {
        return (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SinkTaskContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "offset":
                            if (args.length == 1) {
                                @SuppressWarnings("unchecked")
                                Map<TopicPartition, Long> m = (Map<TopicPartition, Long>) args[0];
                                seeks.putAll(m);
                            } else {
                                seeks.put((TopicPartition) args[0], (Long) args[1]);
                            }
                            return null;
                        case "assignment":
                            return Set.of(TP);
                        case "configs":
                            return Map.of();
                        case "toString":
                            return "test context";
                        default:
                            return null;
                    }
                });
    }

    private Map<String, String> config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "jsonl");
        props.put("topics", TOPIC);
        props.put(JsonLinesSinkConfig.DIRECTORY, dir.resolve("out").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private JsonLinesSinkTask started(Map<String, String> props) {
        JsonLinesSinkTask task = new JsonLinesSinkTask();
        task.initialize(context());
        task.start(props);
        task.open(List.of(TP));
        return task;
    }

    private Path file() {
        return dir.resolve("out").resolve(TOPIC + "-0.jsonl");
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
            out.add(JsonRecords.MAPPER.readTree(l));
        }
        return out;
    }

    private static List<Long> offsets(List<JsonNode> lines) {
        List<Long> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.get("offset").asLong()));
        return out;
    }

    /** The offsets of the events with a value: Unwrap's default drops tombstones. */
    private static List<Long> offsetsWithValue(List<SinkRecord> records) {
        List<Long> out = new ArrayList<>();
        records.stream().filter(r -> r.value() != null).forEach(r -> out.add(r.kafkaOffset()));
        return out;
    }

    private static SinkRecord at(long offset) {
        return EVENTS.stream().filter(r -> r.kafkaOffset() == offset).findFirst().orElseThrow();
    }

    @Test
    void writesOneLinePerRecordWithItsOffsetOpAndRow() throws IOException {
        JsonLinesSinkTask task = started(config());
        task.put(EVENTS);
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();

        long last = EVENTS.get(EVENTS.size() - 1).kafkaOffset();
        assertEquals(Map.of(TP, new OffsetAndMetadata(last + 1)), committed, "everything up to the tombstone");
        List<JsonNode> lines = lines();
        assertEquals(offsetsWithValue(EVENTS), offsets(lines));
        for (JsonNode line : lines) {
            Struct envelope = (Struct) at(line.get("offset").asLong()).value();
            String op = envelope.getString("op");
            assertEquals(op, line.get("op").asText());
            Struct key = (Struct) at(line.get("offset").asLong()).key();
            assertEquals(key.getInt32("id").intValue(), line.get("key").get("id").asInt());
            if (op.equals("d")) {
                assertTrue(line.get("value").isNull(), "a delete becomes a null value (Unwrap's default)");
            } else {
                Struct after = envelope.getStruct("after");
                assertEquals(after.getString("email"), line.get("value").get("email").asText(), "the row, unwrapped");
                assertEquals(after.getString("name"), line.get("value").get("name").asText());
                assertFalse(line.get("value").has("before"), "no envelope left");
            }
        }
    }

    @Test
    void masksTheRowBeforeWriting() throws IOException {
        JsonLinesSinkTask task = started(config("mask.fields", "email,name", "mask.mode", "redact",
                "mask.replacement", "(masked)"));
        task.put(EVENTS);
        task.preCommit(Map.of());
        task.stop();

        String text = Files.readString(file(), StandardCharsets.UTF_8);
        for (SinkRecord r : EVENTS) {
            if (r.value() != null) {
                for (String image : List.of("before", "after")) {
                    Struct row = ((Struct) r.value()).getStruct(image);
                    if (row != null) {
                        assertFalse(text.contains(row.getString("email")), "an email in clear at offset " + r.kafkaOffset());
                        assertFalse(text.contains(row.getString("name")), "a name in clear at offset " + r.kafkaOffset());
                    }
                }
            }
        }
        for (JsonNode line : lines()) {
            if (!line.get("value").isNull()) {
                assertEquals("(masked)", line.get("value").get("email").asText());
                assertEquals("(masked)", line.get("value").get("name").asText());
                assertEquals(((Struct) at(line.get("offset").asLong()).key()).getInt32("id").intValue(),
                        line.get("value").get("id").asInt(), "unlisted fields stay");
            }
        }
    }

    @Test
    void unwrapOptionsComeFromTheUnwrapPrefix() throws IOException {
        JsonLinesSinkTask task = started(config("unwrap.delete.tombstone.handling.mode", "rewrite-with-tombstone",
                "unwrap.add.fields", "op,table"));
        task.put(EVENTS);
        task.preCommit(Map.of());
        task.stop();

        List<JsonNode> lines = lines();
        List<Long> all = new ArrayList<>();
        EVENTS.forEach(r -> all.add(r.kafkaOffset()));
        assertEquals(all, offsets(lines), "rewrite-with-tombstone keeps the tombstone");
        for (JsonNode line : lines) {
            SinkRecord in = at(line.get("offset").asLong());
            if (in.value() == null) {
                assertTrue(line.get("op").isNull(), "a tombstone is no change event");
                assertTrue(line.get("value").isNull());
                continue;
            }
            Struct envelope = (Struct) in.value();
            boolean delete = envelope.getString("op").equals("d");
            Struct row = envelope.getStruct(delete ? "before" : "after");
            assertEquals(String.valueOf(delete), line.get("value").get("__deleted").asText());
            assertEquals(envelope.getString("op"), line.get("value").get("__op").asText());
            assertEquals(envelope.getStruct("source").getString("table"), line.get("value").get("__table").asText());
            assertEquals(row.getString("email"), line.get("value").get("email").asText());
        }
    }

    @Test
    void aRestartResumesAfterTheLastCommittedLineWithoutDuplicates() throws IOException {
        JsonLinesSinkTask first = started(config());
        first.put(EVENTS.subList(0, 5));
        first.preCommit(Map.of());
        first.stop();
        long lastWritten = EVENTS.get(4).kafkaOffset();

        seeks.clear();
        JsonLinesSinkTask second = started(config());
        assertEquals(Map.of(TP, lastWritten + 1), seeks, "the task seeks past the file's last line");
        second.put(EVENTS); // Kafka redelivers everything: the consumer's committed offset was not moved
        assertEquals(Map.of(TP, new OffsetAndMetadata(EVENTS.get(EVENTS.size() - 1).kafkaOffset() + 1)),
                second.preCommit(Map.of()));
        second.close(List.of(TP));
        second.open(List.of(TP)); // a rebalance that gives the partition back
        second.put(EVENTS);
        second.preCommit(Map.of());
        second.stop();

        assertEquals(offsetsWithValue(EVENTS), offsets(lines()), "each record once");
    }

    @Test
    void aCrashBeforeTheCommitLeavesTheCommittedFileWhole() throws IOException {
        JsonLinesSinkTask first = started(config());
        first.put(EVENTS.subList(0, 4));
        first.preCommit(Map.of());
        byte[] committed = Files.readAllBytes(file());
        first.put(EVENTS.subList(4, EVENTS.size()));
        // the worker dies here: no preCommit, no close, no stop
        assertArrayEquals(committed, Files.readAllBytes(file()), "the uncommitted batch is not in the file");
        assertTrue(Files.exists(dir.resolve("out").resolve(TOPIC + "-0.jsonl" + PartitionFile.NEXT)));

        seeks.clear();
        JsonLinesSinkTask second = started(config());
        assertEquals(Map.of(TP, EVENTS.get(3).kafkaOffset() + 1), seeks);
        assertFalse(Files.exists(dir.resolve("out").resolve(TOPIC + "-0.jsonl" + PartitionFile.NEXT)),
                "the dead task's batch is thrown away");
        second.put(EVENTS.subList(4, EVENTS.size()));
        second.preCommit(Map.of());
        second.stop();
        assertEquals(offsetsWithValue(EVENTS), offsets(lines()));
    }

    @Test
    void aStopWithoutCommitWritesNothing() throws IOException {
        JsonLinesSinkTask task = started(config());
        task.put(EVENTS);
        task.stop();
        assertFalse(Files.exists(file()));
        assertTrue(started(config()).preCommit(Map.of()).isEmpty(), "nothing committed, nothing to report");
    }

    @Test
    void badConfigurationNamesTheSinksKey() {
        ConfigException noDir = assertThrows(ConfigException.class, () -> JsonLinesSinkConfig.parse(Map.of("name", "x")));
        assertTrue(noDir.getMessage().contains("directory"), noDir.getMessage());

        ConfigException badMode = assertThrows(ConfigException.class, () -> JsonLinesSinkConfig.parse(
                config("unwrap.delete.tombstone.handling.mode", "sometimes")));
        assertTrue(badMode.getMessage().contains("unwrap.delete.tombstone.handling.mode"), badMode.getMessage());

        ConfigException noKey = assertThrows(ConfigException.class, () -> JsonLinesSinkConfig.parse(
                config("mask.fields", "email", "mask.mode", "hmac")));
        assertTrue(noKey.getMessage().contains("mask.hmac.key"), noKey.getMessage());

        String secret = "not-hex-" + SecretsCheck.SECRET;
        ConfigException badKey = assertThrows(ConfigException.class, () -> JsonLinesSinkConfig.parse(
                config("mask.fields", "email", "mask.mode", "hmac", "mask.hmac.key", secret)));
        assertTrue(badKey.getMessage().contains("mask.hmac.key"), badKey.getMessage());
        assertFalse(badKey.getMessage().contains(secret), "the secret is shown");

        // the same through Connect's validate: on the key, named as the sink's
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : new JsonLinesSinkConnector().validate(config("mask.fields", "email", "mask.mode", "hmac"))
                .configValues()) {
            if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
            }
        }
        assertEquals(Set.of("mask.hmac.key"), errors.keySet());
        assertTrue(errors.get("mask.hmac.key").get(0).contains("mask.hmac.key"), errors.toString());

        Path aFile = dir.resolve("a-file");
        ConfigException notADir = assertThrows(ConfigException.class, () -> {
            Files.writeString(aFile, "x");
            JsonLinesSinkConfig.parse(config(JsonLinesSinkConfig.DIRECTORY, aFile.toString()));
        });
        assertTrue(notADir.getMessage().contains("directory"), notADir.getMessage());
    }

    @Test
    void secretsAreNeverShown() {
        int checked = SecretsCheck.assertSecretsNeverShown(JsonLinesSinkConfig.CONFIG_DEF,
                config("mask.fields", "email"), JsonLinesSinkConfig::parse);
        assertEquals(4, checked, "mask.salt, mask.hmac.key, mask.encrypt.keyset, mask.fpe.key");
    }

    @Test
    void aRecordOfAPartitionNotOpenedFails() {
        JsonLinesSinkTask task = started(config());
        SinkRecord other = new SinkRecord("elsewhere", 3, null, null, null, "x", 0);
        org.apache.kafka.connect.errors.ConnectException e = assertThrows(
                org.apache.kafka.connect.errors.ConnectException.class, () -> task.put(List.of(other)));
        assertTrue(e.getMessage().contains("elsewhere-3"), e.getMessage());
        assertNull(task.preCommit(Map.of()).get(new TopicPartition("elsewhere", 3)));
        task.stop();
    }
}
