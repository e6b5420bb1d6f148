package io.cdckit.examples.jsonl;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.fixtures.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink in a real Connect worker that loads it from its built archive on {@code plugin.path}, fed
 * with the recorded Debezium events of one table as a Debezium source writes them (schema'd JSON):
 * every record is written once and masked, also after the connector's consumer offsets are reset.
 */
class JsonLinesSinkIT {

    private static final String TABLE = "shop.customers";
    private static final String TOPIC = Fixtures.topic(TABLE);
    private static final String NAME = "jsonl";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ConnectRuntime connect;

    @BeforeAll
    static void start() {
        connect = ConnectRuntime.builder().pluginArchive(ConnectRuntime.moduleArchive()).start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void theArchiveBundlesCdckitAndNoKafkaJar() throws IOException {
        List<String> lib = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ConnectRuntime.moduleArchive()); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String[] parts = e.getName().split("/");
                if (parts.length == 3 && parts[1].equals("lib")) {
                    lib.add(parts[2]);
                }
            }
        }
        for (String jar : lib) {
            assertFalse(jar.startsWith("kafka") || jar.startsWith("connect-") || jar.startsWith("slf4j-"),
                    "a Kafka or logging jar in lib/: " + jar);
        }
        for (String module : List.of("cdckit-example-jsonl-sink-", "cdckit-kernel-", "cdckit-smt-unwrap-",
                "cdckit-smt-masking-")) {
            assertTrue(lib.stream().anyMatch(j -> j.startsWith(module)), module + " missing from " + lib);
        }
    }

    @Test
    void eachRecordIsWrittenOnceAndMaskedAlsoAfterAnOffsetReset() throws Exception {
        connect.createTopic(TOPIC);
        List<String> lines = linesOf(TABLE);
        produce(lines);

        Path out = connect.workDir().resolve("out");
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.cdckit.examples.jsonl.JsonLinesSinkConnector"); // from the archive only
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("directory", out.toString());
        config.put("mask.fields", "email,phone");
        config.put("mask.mode", "hmac");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        config.put("mask.hmac.key", HexFormat.of().formatHex(key));
        connect.deploy(NAME, config);
        connect.awaitRunning(NAME, 1);
        connect.awaitSinkCaughtUp(NAME, WAIT, TOPIC);

        List<SinkRecord> events = Fixtures.records(TABLE);
        Path file = out.resolve(TOPIC + "-0.jsonl");
        assertEquals(expectedOffsets(events, 0), offsets(file), "each record with a value once, in order");
        assertMasked(file, events);

        // the connector's consumer offsets are reset: Kafka delivers the topic again from the start,
        // together with a second copy of the events; only the file says what is already written
        connect.cluster().stopConnector(NAME);
        connect.cluster().assertions().assertConnectorIsStopped(NAME, "the sink did not stop");
        connect.cluster().resetConnectorOffsets(NAME);
        produce(lines);
        connect.cluster().resumeConnector(NAME);
        connect.awaitRunning(NAME, 1);
        connect.awaitSinkCaughtUp(NAME, WAIT, TOPIC);

        List<Long> expected = expectedOffsets(events, 0);
        expected.addAll(expectedOffsets(events, lines.size()));
        assertEquals(expected, offsets(file), "nothing written twice");
        assertMasked(file, events);
        assertFalse(Files.exists(out.resolve(TOPIC + "-0.jsonl.tmp")));
    }

    /** The recorded lines of one table, in offset order. */
    private static List<String> linesOf(String table) {
        List<String> out = new ArrayList<>();
        for (String line : Fixtures.lines()) {
            if (tree(line).get("topic").asText().equals(Fixtures.topic(table))) {
                out.add(line);
            }
        }
        return out;
    }

    private static JsonNode tree(String line) {
        return JsonRecords.tree(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Each line's key and value (schema'd JSON, as a Debezium source writes them with JsonConverter), a tombstone as null. */
    private static void produce(List<String> lines) throws IOException {
        for (String line : lines) {
            JsonNode r = tree(line);
            connect.produceRaw(TOPIC, bytes(r.get("key")), bytes(r.get("value")));
        }
    }

    private static byte[] bytes(JsonNode n) throws IOException {
        return n == null || n.isNull() ? null : JsonRecords.MAPPER.writeValueAsBytes(n);
    }

    private static List<Long> expectedOffsets(List<SinkRecord> events, long shift) {
        List<Long> out = new ArrayList<>();
        events.stream().filter(r -> r.value() != null).forEach(r -> out.add(r.kafkaOffset() + shift));
        return out;
    }

    private static List<Long> offsets(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(tree(l).get("offset").asLong());
        }
        return out;
    }

    /** No email or phone in clear; each email has one token, and two emails never share one. */
    private static void assertMasked(Path file, List<SinkRecord> events) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<Integer, String> emailById = new HashMap<>();
        for (SinkRecord r : events) {
            if (r.value() == null) {
                continue;
            }
            for (String image : List.of("before", "after")) {
                Struct row = ((Struct) r.value()).getStruct(image);
                if (row == null) {
                    continue;
                }
                assertFalse(text.contains(row.getString("email")), "an email in clear");
                if (row.getString("phone") != null) {
                    assertFalse(text.contains(row.getString("phone")), "a phone number in clear");
                }
            }
        }
        Map<String, Set<String>> tokensByEmail = new HashMap<>();
        Map<Long, SinkRecord> byOffset = new HashMap<>();
        events.forEach(r -> byOffset.put(r.kafkaOffset(), r));
        long size = events.size();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode line = tree(l);
            JsonNode value = line.get("value");
            if (value.isNull()) {
                continue;
            }
            Struct envelope = (Struct) byOffset.get(line.get("offset").asLong() % size).value();
            String email = envelope.getStruct("after").getString("email");
            String token = value.get("email").asText();
            assertTrue(token.startsWith("k1:"), "an HMAC token with its key id");
            tokensByEmail.computeIfAbsent(email, e -> new HashSet<>()).add(token);
            emailById.put(envelope.getStruct("after").getInt32("id"), email);
        }
        Set<String> allTokens = new HashSet<>();
        for (Map.Entry<String, Set<String>> e : tokensByEmail.entrySet()) {
            assertEquals(1, e.getValue().size(), "one token per email");
            allTokens.addAll(e.getValue());
        }
        assertEquals(tokensByEmail.size(), allTokens.size(), "two emails share a token");
        assertTrue(emailById.size() > 1, "the table has several customers");
    }
}
