package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Mask} on a live source and {@code Unmask} on the sinks that read its topics: a real
 * PostgreSQL, Debezium's PostgreSQL connector and one Connect worker whose {@code plugin.path} holds
 * the built archives of {@code cdckit-smt-masking} and {@code cdckit-smt-unwrap} (failsafe keeps both
 * off this class path), with the file config provider: every secret (the HMAC key, the FPE key, the
 * Tink keysets) is a {@code ${file:...}} reference to a properties file in the runtime's work folder.
 *
 * <p>{@code crm.people} ({@code REPLICA IDENTITY FULL}) holds PII in its key too (primary key
 * {@code (id, email)}); its snapshot and a workload (inserts, an update of PII columns, an update of
 * the key's email, which Debezium sends as delete, tombstone and create with the old and new keys in
 * headers, and a delete) are captured by two source connectors with the same masking, {@code email}
 * encrypted, {@code card} format-preserving encrypted (digits, last four kept, Luhn kept),
 * {@code phone} partially masked and {@code name} an HMAC token, on the value in row scope and on the
 * key (with the key headers): {@code pii} unwraps after Mask (deletes rewritten to their masked
 * before image), {@code env} keeps the envelopes, so both masked images show, and refuses a card too
 * short for FPE ({@code fpe.too.short=fail}) under {@code errors.tolerance=all}: that change is
 * skipped and counted, the others flow. Every value is checked against the row as JDBC read it just
 * before or after the change.
 *
 * <p>Sink side: {@code Unmask} (the same configuration map) gives back every encrypted and FPE'd value
 * of both topics, before images included; a sink whose keyset is another one fails each record's
 * authenticated decryption, and each lands in its dead letter queue with error headers that name the
 * field and hold neither a value nor its ciphertext.
 *
 * <p>Secrets: the connector configurations, every topic of the broker and this JVM's log hold none
 * of them, with one exception the test names: Debezium's source task logs its whole configuration
 * at start ({@code Starting PostgresConnectorTask with configuration:}, INFO, logger
 * {@code io.debezium.connector.common.BaseSourceTask}), as the worker resolved it, masking only keys
 * that end in {@code password}, {@code secret} and a few others, so {@code hmac.key},
 * {@code fpe.key} and {@code encrypt.keyset} show in clear there even through a config provider. A
 * user keeps them out of the log by setting that logger to {@code WARN}.
 */
class MaskPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** System property (set by the build) with the built cdckit-smt-masking archive. */
    static final String MASKING_ARCHIVE_PROPERTY = "cdckit.examples.masking.archive";
    static final String MASK_VALUE = "io.cdckit.smt.masking.Mask$Value";
    static final String MASK_KEY = "io.cdckit.smt.masking.Mask$Key";
    static final String UNMASK_VALUE = "io.cdckit.smt.masking.Unmask$Value";
    static final String UNMASK_KEY = "io.cdckit.smt.masking.Unmask$Key";
    static final String TABLE = "crm.people";
    /** Mask, then Unwrap. */
    static final String PII_TOPIC = "pii." + TABLE;
    /** Mask alone (envelopes), refusing too short cards. */
    static final String ENV_TOPIC = "env." + TABLE;
    static final String OLD_KEY = "__debezium.oldkey";
    static final String NEW_KEY = "__debezium.newkey";
    /** The schema parameter Mask marks a masked field with (its mode). */
    static final String MARK = "cdckit.masked";
    /** The row the {@code env} connector must refuse: its card is too short for FPE. */
    static final int POISONED = 5;
    /** Debezium's log of a task's configuration, from its first line to the logger name that ends it. */
    static final Pattern DEBEZIUM_CONFIG_DUMP = Pattern.compile(
            "Starting PostgresConnectorTask with configuration:.*?\\(io\\.debezium\\.connector\\.common\\.BaseSourceTask\\)",
            Pattern.DOTALL);

    /** What {@code partial} (keep.last=4, the default keep.chars, whitespace kept) makes of each phone number. */
    static final Map<String, String> PARTIAL = Map.of(
            "+44 20 7946 0000", "*** ** **** 0000",
            "+44 20 7946 0001", "*** ** **** 0001",
            "+44 20 7946 0002", "*** ** **** 0002",
            "+1 212 555 0100", "** *** *** 0100",
            "+31 20 555 0199", "*** ** *** 0199",
            "+1 617 555 0142", "** *** *** 0142");

    static final SecureRandom RANDOM = new SecureRandom();
    static final String HMAC_KEY = randomHex(32);
    static final String FPE_KEY = randomHex(16);
    static final String KEYSET = Keysets.aes256Siv();
    static final String OTHER_KEYSET = Keysets.aes256Siv();

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(PluginArchives.unwrap())
            .pluginArchive(ConnectRuntime.archive(MASKING_ARCHIVE_PROPERTY))
            .workerProperty("config.providers", "file")
            .workerProperty("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));

    /** A change event the database made: op, row id, and the row as JDBC read it just before and after (null: none). */
    record Change(String op, int id, Map<String, Object> before, Map<String, Object> after) {
        String event() {
            return op + ":" + id;
        }

        /** The row a rewritten delete carries, else the row after. */
        Map<String, Object> row() {
            return op.equals("d") ? before : after;
        }
    }

    static final List<Change> CHANGES = new ArrayList<>();
    static EmbeddedPostgresCdc.Database db;
    static Path secrets;
    /** Topic {@value #PII_TOPIC} as the broker holds it. */
    static List<ConsumerRecord<byte[], byte[]>> unwrapped;
    /** Topic {@value #ENV_TOPIC} as the broker holds it. */
    static List<ConsumerRecord<byte[], byte[]>> envelopes;
    /** What the sink with Unmask received from both topics. */
    static List<DecodedRecord> restored;
    /** What the sink with another keyset received, and its dead letter queue. */
    static List<DecodedRecord> wrongKeyOut;
    static List<ConsumerRecord<byte[], byte[]>> wrongKeyDlq;
    /** The size of this JVM's log file when this class started (other classes of the module log before it). */
    static long logStart;

    // ---------------------------------------------------------------- the pipeline

    @BeforeAll
    static void maskTheWorkloadAtTheSourceAndUnmaskItAtTheSinks() {
        ConnectRuntime connect = CONNECT.runtime();
        logStart = logFile() == null ? 0 : size(logFile());
        secrets = writeSecrets(connect.workDir().resolve("masking-secrets.properties"));
        db = PG.server().createDatabase("crm");
        db.execute("CREATE SCHEMA crm",
                "CREATE TABLE crm.people (id integer, email text NOT NULL, phone text, card text NOT NULL, "
                        + "name text NOT NULL, PRIMARY KEY (id, email))",
                "ALTER TABLE crm.people REPLICA IDENTITY FULL",
                // rows 1 and 2: one person with two accounts (the same email and name)
                "INSERT INTO crm.people VALUES "
                        + "(1, 'ada@people.example', '+44 20 7946 0000', '4111 1111 1111 1111', 'Ada Lovelace'), "
                        + "(2, 'ada@people.example', '+44 20 7946 0001', '5555555555554444', 'Ada Lovelace'), "
                        + "(3, 'grace@people.example', '+1 212 555 0100', '378282246310005', 'Grace Hopper'), "
                        + "(4, 'linus@people.example', NULL, '4012-8888-8888-1881', 'Linus Torvalds')");
        db.query("SELECT id FROM " + TABLE + " ORDER BY id").forEach(r -> {
            int id = (Integer) r.get("id");
            CHANGES.add(new Change("r", id, null, row(id)));
        });

        Map<String, String> pii = db.connectorConfig("pii", TABLE);
        pii.put("transforms", "mask,maskkey,unwrap");
        transform(pii, "mask", MASK_VALUE, masking("encrypt.keyset"));
        transform(pii, "maskkey", MASK_KEY, keyMasking("encrypt.keyset"));
        pii.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        pii.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        pii.put("transforms.unwrap.add.fields", "op");
        Map<String, String> env = db.connectorConfig("env", TABLE);
        env.put("transforms", "mask,maskkey");
        transform(env, "mask", MASK_VALUE, masking("encrypt.keyset"));
        env.put("transforms.mask.fpe.too.short", "fail");
        transform(env, "maskkey", MASK_KEY, keyMasking("encrypt.keyset"));
        env.put("errors.tolerance", "all");
        connect.deploy("pii", pii);
        connect.deploy("env", env);
        for (String name : List.of("pii", "env")) {
            connect.awaitRunning(name, 1);
            EmbeddedPostgresCdc.awaitStreaming(name, TIMEOUT);
        }

        // the card of row 5 is too short for FPE (four digits enciphered): pii redacts it, env refuses the change
        insert(POISONED, "INSERT INTO crm.people VALUES (5, 'edsger@people.example', '+31 20 555 0199', '12345678', "
                + "'Edsger Dijkstra')");
        insert(6, "INSERT INTO crm.people VALUES (6, 'barbara@people.example', '+1 617 555 0142', "
                + "'6011111111111117', 'Barbara Liskov')");
        Map<String, Object> before = row(2);
        db.execute("UPDATE crm.people SET phone = '+44 20 7946 0002', card = '4000056655665556', name = 'Ada King' "
                + "WHERE id = 2");
        CHANGES.add(new Change("u", 2, before, row(2)));
        // a new email for row 3 is a new key: Debezium sends a delete, a tombstone and a create
        before = row(3);
        db.execute("UPDATE crm.people SET email = 'grace.hopper@people.example' WHERE id = 3");
        CHANGES.add(new Change("d", 3, before, null));
        CHANGES.add(new Change("c", 3, null, row(3)));
        before = row(1);
        db.execute("DELETE FROM crm.people WHERE id = 1");
        CHANGES.add(new Change("d", 1, before, null));

        // pii: a record per event (rewrite drops the tombstones); env: the envelopes and the two tombstones,
        // without the refused change
        unwrapped = connect.consume(PII_TOPIC, CHANGES.size(), TIMEOUT);
        envelopes = connect.consume(ENV_TOPIC, CHANGES.size() - 1 + 2, TIMEOUT);

        Path restoredFile = connect.workDir().resolve("unmasked.jsonl");
        Map<String, String> sink = CaptureSinkConnector.config(PII_TOPIC + "," + ENV_TOPIC, restoredFile);
        sink.put("transforms", "unmask,unmaskkey");
        transform(sink, "unmask", UNMASK_VALUE, masking("encrypt.keyset"));
        transform(sink, "unmaskkey", UNMASK_KEY, keyMasking("encrypt.keyset"));
        Path wrongFile = connect.workDir().resolve("wrongkey.jsonl");
        Map<String, String> wrong = CaptureSinkConnector.config(PII_TOPIC, wrongFile);
        wrong.putAll(CaptureSinkConnector.deadLetterQueue("wrongkey-dlq"));
        wrong.put("transforms", "unmask,unmaskkey");
        transform(wrong, "unmask", UNMASK_VALUE, masking("other.keyset"));
        transform(wrong, "unmaskkey", UNMASK_KEY, keyMasking("other.keyset"));
        connect.deploy("unmasked", sink);
        connect.deploy("wrongkey", wrong);
        connect.awaitRunning("unmasked", 1);
        connect.awaitRunning("wrongkey", 1);
        connect.awaitSinkCaughtUp("unmasked", TIMEOUT, PII_TOPIC, ENV_TOPIC);
        connect.awaitSinkCaughtUp("wrongkey", TIMEOUT, PII_TOPIC);
        restored = RecordLines.read(restoredFile);
        wrongKeyOut = RecordLines.read(wrongFile);
        wrongKeyDlq = connect.consumeDeadLetters("wrongkey-dlq", unwrapped.size(), TIMEOUT);
    }

    /** The masking every connector shares, Mask and Unmask alike, with the keyset of the secrets file's {@code keyset}. */
    static Map<String, String> masking(String keyset) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field.modes", "email:encrypt,card:fpe,phone:partial,name:hmac");
        m.put("alphabet", "digits");
        m.put("keep.last", "4");
        m.put("fpe.keep.last", "4");
        m.put("fpe.luhn", "true");
        m.put("hmac.key", secret("hmac.key"));
        m.put("fpe.key", secret("fpe.key"));
        m.put("encrypt.keyset", secret(keyset));
        return m;
    }

    /** {@link #masking} for the key: the same map, and Debezium's key headers (a key change's old and new key). */
    static Map<String, String> keyMasking(String keyset) {
        Map<String, String> m = masking(keyset);
        m.put("headers", OLD_KEY + "," + NEW_KEY);
        return m;
    }

    static void transform(Map<String, String> connector, String alias, String type, Map<String, String> settings) {
        connector.put("transforms." + alias + ".type", type);
        settings.forEach((k, v) -> connector.put("transforms." + alias + "." + k, v));
    }

    /** A reference the worker's file config provider resolves to the secrets file's {@code key}. */
    static String secret(String key) {
        return "${file:" + secrets + ":" + key + "}";
    }

    static Path writeSecrets(Path file) {
        Properties p = new Properties();
        p.setProperty("hmac.key", HMAC_KEY);
        p.setProperty("fpe.key", FPE_KEY);
        p.setProperty("encrypt.keyset", KEYSET);
        p.setProperty("other.keyset", OTHER_KEYSET);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "MaskPipelineIT's secrets");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void insert(int id, String sql) {
        db.execute(sql);
        CHANGES.add(new Change("c", id, null, row(id)));
    }

    private static Map<String, Object> row(int id) {
        List<Map<String, Object>> rows = db.query("SELECT * FROM " + TABLE + " WHERE id = " + id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    // ---------------------------------------------------------------- the source side

    @Test
    void noOriginalValueIsInAnyByteOfEitherTopic() {
        assertEquals(CHANGES.size(), unwrapped.size(), "pii: a record per event");
        assertEquals(CHANGES.size() + 1, envelopes.size(), "env: the envelopes but the refused one, and two tombstones");
        Set<String> pii = originals();
        assertTrue(pii.size() > 20, "the PII values: " + pii.size());
        int headers = 0;
        for (ConsumerRecord<byte[], byte[]> r : concat(unwrapped, envelopes)) {
            String where = r.topic() + "@" + r.offset();
            assertNoneIn(where + " key", r.key(), pii);
            assertNoneIn(where + " value", r.value(), pii);
            for (Header h : r.headers()) {
                assertNoneIn(where + " header " + h.key(), h.key().getBytes(StandardCharsets.UTF_8), pii);
                assertNoneIn(where + " header " + h.key(), h.value(), pii);
                headers += h.key().equals(OLD_KEY) || h.key().equals(NEW_KEY) ? 1 : 0;
            }
        }
        // the key change: pii's delete and create; env's delete, tombstone and create
        assertEquals(5, headers, "Debezium's key headers of the key change, masked");
    }

    @Test
    void eachModeWritesItsFormatInTheKeyAndBothImages() {
        Map<String, DecodedRecord> rows = byEvent(decode(unwrapped), r -> ((Struct) r.value).getString("__op") + ":"
                + ((Struct) r.value).get("id"));
        for (Change c : CHANGES) {
            DecodedRecord r = rows.get(c.event());
            assertMasked("pii " + c.event(), c.row(), (Struct) r.value, c.id() == POISONED);
            assertMaskedKey("pii " + c.event(), c.row(), (Struct) r.key);
            assertEquals(String.valueOf(c.op().equals("d")), ((Struct) r.value).get("__deleted"), c.event());
        }
        Map<String, DecodedRecord> events = byEvent(changeEvents(decode(envelopes)),
                r -> ((Struct) r.value).getString("op") + ":" + ((Struct) r.key).get("id"));
        int beforeImages = 0;
        for (Change c : CHANGES) {
            if (c.id() == POISONED) {
                assertNull(events.get(c.event()), "env refused " + c.event());
                continue;
            }
            Struct envelope = (Struct) events.get(c.event()).value;
            assertEquals(envelope.schema().field("before").schema(), envelope.schema().field("after").schema(),
                    c.event() + ": one row schema for both images");
            for (String image : List.of("before", "after")) {
                Map<String, Object> expected = image.equals("before") ? c.before() : c.after();
                if (expected == null) {
                    assertNull(envelope.get(image), c.event() + " " + image);
                } else {
                    assertMasked("env " + c.event() + " " + image, expected, envelope.getStruct(image), false);
                    beforeImages += image.equals("before") ? 1 : 0;
                }
            }
            assertMaskedKey("env " + c.event(), c.row(), (Struct) events.get(c.event()).key);
        }
        assertEquals(3, beforeImages, "the update and the two deletes carry a before image");
        Struct row = (Struct) decode(unwrapped).get(0).value;
        assertEquals(Map.of(MARK, "encrypt"), row.schema().field("email").schema().parameters());
        assertEquals(Map.of(MARK, "fpe"), row.schema().field("card").schema().parameters());
        assertEquals(Map.of(MARK, "partial"), row.schema().field("phone").schema().parameters());
        assertEquals(Map.of(MARK, "hmac"), row.schema().field("name").schema().parameters());
        assertNull(row.schema().field("id").schema().parameters(), "id is not masked");
    }

    /** A row Mask made of the database row {@code db}. */
    private static void assertMasked(String what, Map<String, Object> db, Struct row, boolean tooShortCard) {
        assertEquals(db.get("id"), row.get("id"), what);
        assertEncrypted(what + ": email", (String) db.get("email"), row.getString("email"));
        if (tooShortCard) {
            assertEquals("", row.getString("card"), what + ": a card too short for FPE is redacted, never in clear");
        } else {
            assertFpe(what + ": card", (String) db.get("card"), row.getString("card"));
        }
        assertEquals(db.get("phone") == null ? null : PARTIAL.get(db.get("phone")), row.get("phone"), what + ": phone");
        assertEquals(hmac((String) db.get("name")), row.getString("name"), what + ": name");
    }

    private static void assertMaskedKey(String what, Map<String, Object> db, Struct key) {
        assertEquals(List.of("id", "email"), key.schema().fields().stream().map(f -> f.name()).toList(), what);
        assertEquals(db.get("id"), key.get("id"), what);
        assertEncrypted(what + ": key email", (String) db.get("email"), key.getString("email"));
    }

    private static void assertEncrypted(String what, String original, String masked) {
        assertNotNull(masked, what);
        assertNotEquals(original, masked, what);
        byte[] ciphertext = Base64.getDecoder().decode(masked);
        // AES-SIV: a 16-byte synthetic IV before the ciphertext, plus Tink's 5-byte key prefix
        assertEquals(original.getBytes(StandardCharsets.UTF_8).length + 16 + 5, ciphertext.length, what);
    }

    /** FPE on digits, the last four kept: the same length and separators, the same last four, Luhn-valid as the input. */
    private static void assertFpe(String what, String original, String masked) {
        assertNotNull(masked, what);
        assertNotEquals(original, masked, what);
        assertEquals(original.length(), masked.length(), what + ": " + masked);
        for (int i = 0; i < original.length(); i++) {
            assertEquals(Character.isDigit(original.charAt(i)), Character.isDigit(masked.charAt(i)), what + ": " + masked);
            if (!Character.isDigit(original.charAt(i))) {
                assertEquals(original.charAt(i), masked.charAt(i), what + ": separators stay: " + masked);
            }
        }
        String digits = original.replaceAll("\\D", "");
        String maskedDigits = masked.replaceAll("\\D", "");
        assertEquals(digits.substring(digits.length() - 4), maskedDigits.substring(maskedDigits.length() - 4),
                what + ": the last four stay");
        assertTrue(luhn(digits), what + ": the test's card numbers are Luhn-valid");
        assertTrue(luhn(maskedDigits), what + ": still Luhn-valid: " + masked);
    }

    @Test
    void equalValuesGiveEqualCiphertextsAndTokensInKeysValuesAndBothTopics() {
        List<DecodedRecord> all = concat(decode(unwrapped), changeEvents(decode(envelopes)));
        Map<String, Set<String>> ciphertexts = new LinkedHashMap<>();
        Map<String, Set<String>> tokens = new LinkedHashMap<>();
        for (DecodedRecord r : all) {
            Struct key = (Struct) r.key;
            Struct v = (Struct) r.value;
            List<Struct> images = v.schema().field("after") == null ? List.of(v)
                    : Stream.of(v.getStruct("before"), v.getStruct("after")).filter(Objects::nonNull).toList();
            for (Struct image : images) {
                Map<String, Object> db = dbRow(r, image);
                ciphertexts.computeIfAbsent((String) db.get("email"), e -> new TreeSet<>()).add(image.getString("email"));
                tokens.computeIfAbsent((String) db.get("name"), n -> new TreeSet<>()).add(image.getString("name"));
            }
            Map<String, Object> keyRow = dbRow(r, images.get(images.size() - 1));
            ciphertexts.get((String) keyRow.get("email")).add(key.getString("email"));
        }
        assertEquals(Set.of("ada@people.example", "grace@people.example", "grace.hopper@people.example",
                "linus@people.example", "edsger@people.example", "barbara@people.example"), ciphertexts.keySet());
        ciphertexts.forEach((email, c) -> assertEquals(1, c.size(), email + ": one ciphertext in every key, image "
                + "and topic: " + c));
        tokens.forEach((name, t) -> assertEquals(1, t.size(), name + ": one token: " + t));
        assertEquals(ciphertexts.size(), ciphertexts.values().stream().flatMap(Set::stream).distinct().count(),
                "different emails, different ciphertexts");
        assertEquals(tokens.size(), tokens.values().stream().flatMap(Set::stream).distinct().count());
    }

    /** The database row an image of record {@code r} was masked from: by its id, and which image it is. */
    private static Map<String, Object> dbRow(DecodedRecord r, Struct image) {
        int id = image.getInt32("id");
        Struct v = (Struct) r.value;
        String op = v.schema().field("after") == null ? v.getString("__op") : v.getString("op");
        Change c = CHANGES.stream().filter(x -> x.id() == id && x.op().equals(op)).findFirst().orElseThrow();
        boolean before = v.schema().field("after") == null ? op.equals("d") : image == v.getStruct("before");
        return before ? c.before() : c.after();
    }

    @Test
    void aChangeMaskRefusesInTheSourceIsSkippedAndCountedAndTheOthersFlow() throws InterruptedException {
        Set<String> events = changeEvents(decode(envelopes)).stream()
                .map(r -> ((Struct) r.value).getString("op") + ":" + ((Struct) r.key).get("id"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = CHANGES.stream().map(Change::event).filter(e -> !e.equals("c:" + POISONED))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, events, "every change but the refused one, before and after it");
        TestUtils.waitForCondition(() -> WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "env", 0)
                .number(WorkerMetrics.RECORDS_SKIPPED) == 1, TIMEOUT.toMillis(), "Connect counts the skipped record");
        WorkerMetrics.TaskMBean errors = WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "env", 0);
        assertEquals(1, errors.number(WorkerMetrics.RECORD_FAILURES), errors.toString());
        assertEquals(0, WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "pii", 0).number(WorkerMetrics.RECORDS_SKIPPED),
                "pii redacts the short card instead");
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean mask = WorkerMetrics.plugin("env", "transformation", "mask");
            assertEquals(1, mask.number("records-failed-total"), mask.toString());
            assertEquals(envelopes.size() + 1, mask.number("records-in-total"), mask.toString());
            assertEquals(envelopes.size(), mask.number("records-out-total"), mask.toString());
            WorkerMetrics.PluginMBean key = WorkerMetrics.plugin("env", "transformation", "maskkey");
            assertEquals(envelopes.size(), key.number("records-in-total"), "the refused record never reached maskkey");
            assertEquals(0, key.number("records-failed-total"));
        }
        CONNECT.runtime().awaitRunning("env", 1);
    }

    // ---------------------------------------------------------------- the sink side

    @Test
    void unmaskGivesBackEveryEncryptedAndFpeValueOfKeysAndBothImages() {
        List<DecodedRecord> fromPii = restored.stream().filter(r -> r.topic.equals(PII_TOPIC)).toList();
        List<DecodedRecord> fromEnv = restored.stream().filter(r -> r.topic.equals(ENV_TOPIC)).toList();
        assertEquals(unwrapped.size(), fromPii.size(), "a sink record per record of " + PII_TOPIC);
        assertEquals(envelopes.size(), fromEnv.size(), "a sink record per record of " + ENV_TOPIC);

        Map<String, DecodedRecord> rows = byEvent(fromPii, r -> ((Struct) r.value).getString("__op") + ":"
                + ((Struct) r.value).get("id"));
        for (Change c : CHANGES) {
            DecodedRecord r = rows.get(c.event());
            assertUnmasked("pii " + c.event(), c.row(), (Struct) r.value, c.id() == POISONED);
            assertUnmaskedKey("pii " + c.event(), c.row(), (Struct) r.key);
        }
        Map<String, DecodedRecord> events = byEvent(changeEvents(fromEnv),
                r -> ((Struct) r.value).getString("op") + ":" + ((Struct) r.key).get("id"));
        int beforeImages = 0;
        for (Change c : CHANGES) {
            if (c.id() == POISONED) {
                continue;
            }
            DecodedRecord r = events.get(c.event());
            Struct envelope = (Struct) r.value;
            for (String image : List.of("before", "after")) {
                Map<String, Object> expected = image.equals("before") ? c.before() : c.after();
                if (expected == null) {
                    assertNull(envelope.get(image), c.event() + " " + image);
                } else {
                    assertUnmasked("env " + c.event() + " " + image, expected, envelope.getStruct(image), false);
                    beforeImages += image.equals("before") ? 1 : 0;
                }
            }
            assertUnmaskedKey("env " + c.event(), c.row(), (Struct) r.key);
        }
        assertEquals(3, beforeImages, "the update and the two deletes carry a before image");
        List<DecodedRecord> tombstones = fromEnv.stream().filter(r -> r.value == null).toList();
        assertEquals(2, tombstones.size());
        for (DecodedRecord t : tombstones) {
            Struct key = (Struct) t.key;
            Change delete = CHANGES.stream().filter(c -> c.op().equals("d") && c.id() == key.getInt32("id"))
                    .findFirst().orElseThrow();
            assertUnmaskedKey("env tombstone of " + delete.event(), delete.before(), key);
        }
        // the key change's old and new key reach the sink as headers: the delete and the create of pii, and the
        // delete, its tombstone and the create of env. (Unmask$Key does not give their email back: through
        // Connect's SimpleHeaderConverter a Struct header comes back as a Map, which Unmask takes as one value.)
        assertEquals(List.of(NEW_KEY, OLD_KEY), keyHeaders(fromPii), PII_TOPIC);
        assertEquals(List.of(NEW_KEY, NEW_KEY, OLD_KEY), keyHeaders(fromEnv), ENV_TOPIC);
        Struct row = (Struct) fromPii.get(0).value;
        assertNull(row.schema().field("email").schema().parameters(), "Unmask takes the mark of what it gives back");
        assertNull(row.schema().field("card").schema().parameters());
        assertEquals(Map.of(MARK, "partial"), row.schema().field("phone").schema().parameters());
        assertEquals(Map.of(MARK, "hmac"), row.schema().field("name").schema().parameters());
        CONNECT.runtime().awaitRunning("unmasked", 1);
    }

    /** The names of Debezium's key headers the records carry, in their order. */
    private static List<String> keyHeaders(List<DecodedRecord> records) {
        return records.stream().flatMap(r -> r.headers.keySet().stream())
                .filter(h -> h.equals(OLD_KEY) || h.equals(NEW_KEY)).toList();
    }

    /** A row Unmask gave back: encrypt and fpe the database's values again, partial and hmac as Mask left them. */
    private static void assertUnmasked(String what, Map<String, Object> db, Struct row, boolean tooShortCard) {
        assertEquals(db.get("id"), row.get("id"), what);
        assertEquals(db.get("email"), row.get("email"), what + ": email");
        assertEquals(tooShortCard ? "" : db.get("card"), row.get("card"), what + ": card");
        assertEquals(db.get("phone") == null ? null : PARTIAL.get(db.get("phone")), row.get("phone"), what + ": phone");
        assertEquals(hmac((String) db.get("name")), row.get("name"), what + ": name");
    }

    private static void assertUnmaskedKey(String what, Map<String, Object> db, Struct key) {
        assertEquals(db.get("id"), key.get("id"), what);
        assertEquals(db.get("email"), key.get("email"), what + ": key email");
    }

    @Test
    void anotherKeysetSendsEachRecordToTheDeadLetterQueueWithoutPiiOrCiphertextInItsHeaders() {
        assertEquals(0, wrongKeyOut.size(), "no record decrypts with another keyset");
        assertEquals(unwrapped.size(), wrongKeyDlq.size(), "records in = out + dead letter queue");
        assertEquals(unwrapped.stream().map(ConsumerRecord::offset).collect(Collectors.toSet()),
                wrongKeyDlq.stream().map(r -> Long.valueOf(ConnectRuntime.headers(r).get("__connect.errors.offset")))
                        .collect(Collectors.toSet()), "each record in the dead letter queue");
        Set<String> forbidden = originals();
        for (DecodedRecord r : decode(unwrapped)) {
            Struct v = (Struct) r.value;
            Stream.of("email", "card", "phone", "name").map(v::getString).filter(s -> s != null && s.length() > 4)
                    .forEach(forbidden::add);
            forbidden.add(((Struct) r.key).getString("email"));
        }
        Set<String> originals = originals();
        for (ConsumerRecord<byte[], byte[]> r : wrongKeyDlq) {
            Map<String, String> h = ConnectRuntime.headers(r);
            String message = h.get("__connect.errors.exception.message");
            assertNotNull(message, h.toString());
            assertTrue(message.contains("not a ciphertext of this keyset"), message);
            assertTrue(message.contains("'email'"), "names the field: " + message);
            assertEquals("TRANSFORMATION", h.get("__connect.errors.stage"), h.toString());
            assertEquals(UNMASK_VALUE, h.get("__connect.errors.class.name"), h.toString());
            assertNotNull(h.get("__connect.errors.exception.stacktrace"), h.toString());
            h.forEach((name, value) -> {
                // the error context: no value and no ciphertext; the record's own headers, as masked at the source
                Set<String> none = name.startsWith("__connect.errors.") ? forbidden : originals;
                none.forEach(s -> assertFalse(value != null && value.contains(s),
                        "header " + name + " holds a value" + (none == forbidden ? " or a ciphertext: " : ": ") + value));
            });
            assertNoneIn("dead letter " + r.offset() + " key", r.key(), originals);
            assertNoneIn("dead letter " + r.offset() + " value", r.value(), originals);
        }
        CONNECT.runtime().awaitRunning("wrongkey", 1);
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void theSecretsStayInTheirFile() throws Exception {
        ConnectRuntime connect = CONNECT.runtime();
        for (String name : List.of("pii", "env", "unmasked", "wrongkey")) {
            String shown = connect.get("connectors/" + name + "/config").toString();
            assertTrue(shown.contains(secret("hmac.key").replace("\\", "\\\\")), name + ": the reference is kept");
            assertNoneIn(name + "'s config", shown.getBytes(StandardCharsets.UTF_8), secrets());
        }
        // every topic of the broker: the data, the dead letters, and Connect's configs, offsets and statuses
        Set<String> topics;
        try (Admin admin = connect.kafka().createAdminClient()) {
            topics = admin.listTopics().names().get();
        }
        assertTrue(topics.contains(PII_TOPIC) && topics.contains("wrongkey-dlq"), topics.toString());
        for (String topic : topics) {
            for (ConsumerRecord<byte[], byte[]> r : connect.consume(topic, 0, TIMEOUT)) {
                assertNoneIn(topic + "@" + r.offset() + " key", r.key(), secrets());
                assertNoneIn(topic + "@" + r.offset() + " value", r.value(), secrets());
                for (Header h : r.headers()) {
                    assertNoneIn(topic + "@" + r.offset() + " header " + h.key(), h.value(), secrets());
                }
            }
        }
        // and the log of this JVM (Kafka, Connect, Debezium, the transforms): no secret, no PII value
        Path log = logFile();
        if (log != null) {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(logStart, all.length), all.length - (int) Math.min(logStart,
                    all.length), StandardCharsets.UTF_8);
            assertTrue(text.contains("Starting PostgresConnectorTask"), "this class logged");
            assertNoneIn("the log", text.getBytes(StandardCharsets.UTF_8), originals());
            // Debezium's task logs its whole configuration at start, masking only the keys it deems secret
            // (*password, *secret, ...): the transforms' resolved secrets are in that dump (see the class comment)
            Matcher dump = DEBEZIUM_CONFIG_DUMP.matcher(text);
            assertTrue(dump.find(), "Debezium's configuration dump");
            assertNoneIn("the log (but Debezium's configuration dump)",
                    dump.replaceAll("").getBytes(StandardCharsets.UTF_8), secrets());
        }
    }

    /** The log file of this JVM (the module's log4j.properties writes to {@code cdckit.demo.log}), or null. */
    private static Path logFile() {
        String log = System.getProperty("cdckit.demo.log");
        return log != null && Files.isRegularFile(Path.of(log)) ? Path.of(log) : null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secrets, and the key material of the keysets (their Base64 key values). */
    private static Set<String> secrets() {
        Set<String> s = new HashSet<>(List.of(HMAC_KEY, FPE_KEY));
        for (String keyset : List.of(KEYSET, OTHER_KEYSET)) {
            Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(keyset);
            while (m.find()) {
                s.add(m.group(1));
            }
        }
        assertEquals(4, s.size(), "two keys and two keysets");
        return s;
    }

    // ---------------------------------------------------------------- helpers

    /** Every PII value the database held: emails, phones, cards, names. */
    private static Set<String> originals() {
        Set<String> out = new HashSet<>();
        for (Change c : CHANGES) {
            for (Map<String, Object> r : Stream.of(c.before(), c.after()).filter(Objects::nonNull).toList()) {
                Stream.of("email", "phone", "card", "name").map(r::get).filter(Objects::nonNull)
                        .map(String.class::cast).forEach(out::add);
            }
        }
        return out;
    }

    private static void assertNoneIn(String where, byte[] bytes, Set<String> values) {
        if (bytes == null) {
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String v : values) {
            assertFalse(text.contains(v), where + " holds a value it must not");
        }
    }

    private static List<DecodedRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ConnectRuntime.decode(r, true)).toList();
    }

    /** The records that are change events (not tombstones). */
    private static List<DecodedRecord> changeEvents(List<DecodedRecord> records) {
        return records.stream().filter(r -> r.value != null).toList();
    }

    /** The records by event ({@code op:id}), each event at most once. */
    private static Map<String, DecodedRecord> byEvent(List<DecodedRecord> records, Function<DecodedRecord, String> event) {
        Map<String, DecodedRecord> out = new LinkedHashMap<>();
        for (DecodedRecord r : records) {
            assertNull(out.put(event.apply(r), r), "one record for " + event.apply(r));
        }
        return out;
    }

    @SafeVarargs
    private static <T> List<T> concat(List<? extends T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<? extends T> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    /** The hmac token of {@code value}: {@code k1:} and HMAC-SHA256 in hex. */
    static String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(HMAC_KEY), "HmacSHA256"));
            return "k1:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? d : (d * 2 > 9 ? d * 2 - 9 : d * 2);
        }
        return sum % 10 == 0;
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
