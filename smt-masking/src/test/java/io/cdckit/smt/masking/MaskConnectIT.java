package io.cdckit.smt.masking;

import io.cdckit.core.transform.CdcTransform;
import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Mask} and {@code Unmask} loaded from the module's plugin archive into a real Connect
 * worker: every configuration mistake through Connect's validate endpoint (secrets never shown),
 * and the recorded corpus in the sink path with a dead letter queue, counted, with no PII in the
 * queue's error headers.
 */
class MaskConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    static ValidateTable table(String plugin) {
        return ValidateTable.transform(plugin)
                .wrong("hmac without its key", Map.of(MaskConfig.FIELDS, "email", MaskConfig.MODE, "hmac"),
                        MaskConfig.HMAC_KEY, "must be set: mode hmac is in use")
                .wrong("a short hmac key", Map.of(MaskConfig.HMAC_KEY, "00ff"), MaskConfig.HMAC_KEY,
                        "must be a key of 16 to 64 bytes")
                .wrong("hash without a salt", Map.of(MaskConfig.FIELD_MODES, "email:hash"), MaskConfig.SALT,
                        "must be set: mode hash is in use")
                .wrong("a uuid hash", Map.of(MaskConfig.HASH_OUTPUT, "uuid"), MaskConfig.HASH_OUTPUT,
                        "must be one of")
                .wrong("Luhn on a non-decimal alphabet", Map.of(MaskConfig.FIELD_MODES, "card:fpe", MaskConfig.FPE_KEY,
                        "000102030405060708090a0b0c0d0e0f", MaskConfig.FPE_LUHN, "true"), MaskConfig.FPE_LUHN,
                        "needs alphabet=digits")
                .wrong("encrypt without a keyset", Map.of(MaskConfig.FIELD_MODES, "email:encrypt"),
                        MaskConfig.ENCRYPT_KEYSET, "must be set: mode encrypt is in use")
                .wrong("a keyset that is none", Map.of(MaskConfig.ENCRYPT_KEYSET, "{}"), MaskConfig.ENCRYPT_KEYSET,
                        "is not a Tink JSON keyset")
                .wrong("fpe without its key", Map.of(MaskConfig.FIELD_MODES, "card:fpe"), MaskConfig.FPE_KEY,
                        "must be set: mode fpe is in use")
                .wrong("an fpe key of a wrong length", Map.of(MaskConfig.FPE_KEY, "00112233"), MaskConfig.FPE_KEY,
                        "must be a key of 16, 24 or 32 bytes")
                .wrong("an ff3-1 tweak not of 7 bytes", Map.of(MaskConfig.FPE_ALGORITHM, "ff3-1",
                        MaskConfig.FPE_TWEAK, "0011"), MaskConfig.FPE_TWEAK, "must be 7 bytes")
                .wrong("a tweak that is not hex", Map.of(MaskConfig.FPE_TWEAK, "xyz"), MaskConfig.FPE_TWEAK,
                        "must be hex digits")
                .wrong("an unknown mode", Map.of(MaskConfig.FIELD_MODES, "email:scramble"), MaskConfig.FIELD_MODES,
                        "the mode must be one of")
                .wrong("a long mask char", Map.of(MaskConfig.MASK_CHAR, "**"), MaskConfig.MASK_CHAR,
                        "must be one character")
                .wrong("a bad temporal", Map.of(MaskConfig.REDACT_TEMPORAL, "soon"), MaskConfig.REDACT_TEMPORAL,
                        "is not an ISO-8601 instant")
                .wrong("a one-letter alphabet", Map.of(MaskConfig.ALPHABET, "a"), MaskConfig.ALPHABET,
                        "must be digits, alphanumeric")
                .wrong("null for detected matches", Map.of(MaskConfig.DETECT, "email", MaskConfig.DETECT_MODE, "null"),
                        MaskConfig.DETECT_MODE, "must not be null")
                .wrong("an unknown detector", Map.of(MaskConfig.DETECT, "ssn"), MaskConfig.DETECT, "must be one of")
                .neverShown("00ff")
                .neverShown("00112233");
    }

    static final ValidateTable MASK_VALUE = table("io.cdckit.smt.masking.Mask$Value");
    static final ValidateTable MASK_KEY = table("io.cdckit.smt.masking.Mask$Key");
    static final ValidateTable UNMASK_VALUE = table("io.cdckit.smt.masking.Unmask$Value");
    static final ValidateTable UNMASK_KEY = table("io.cdckit.smt.masking.Unmask$Key");

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ConnectRuntime runtime = CONNECT.runtime();
        ValidateTable.assertEveryPluginCovered(runtime, MASK_VALUE, MASK_KEY, UNMASK_VALUE, UNMASK_KEY);
        MASK_VALUE.assertAll(runtime);
        MASK_KEY.assertAll(runtime);
        UNMASK_VALUE.assertAll(runtime);
        UNMASK_KEY.assertAll(runtime);
    }

    /** Every email of the corpus tokenized in both images of each event, none left in what the sink gets. */
    @Test
    void sinkPathTokenizesEveryEmailOfBothImages() {
        List<SinkRecord> corpus = Fixtures.records();
        SinkRun run = SinkRun.of(CONNECT.runtime(), "tokenized", corpus, Map.of("transforms", "mask",
                "transforms.mask.type", "io.cdckit.smt.masking.Mask$Value",
                "transforms.mask.fields", "email",
                "transforms.mask.mode", "hmac",
                "transforms.mask.hmac.key", MaskTest.HMAC_KEY), 0);
        assertEquals(corpus.size(), run.out().size());
        int images = 0;
        for (DecodedRecord r : run.out()) {
            assertFalse(String.valueOf(r.value).contains("@example.com"), "no email left: offset " + r.offset);
            if (r.value instanceof Struct v && v.schema().name().endsWith(".customers.Envelope")) {
                for (String image : List.of("before", "after")) {
                    Struct row = v.getStruct(image);
                    if (row != null) {
                        assertTrue(row.getString("email").startsWith("k1:"), image + " at offset " + r.offset);
                        images++;
                    }
                }
            }
        }
        assertTrue(images > corpus.stream().filter(r -> r.topic().endsWith(".customers") && r.value() != null).count(),
                "before images of updates and deletes too: " + images);
    }

    /**
     * {@code mode=null} on the required {@code mode=null} on the required
     * {@code email} column fails each customers event, which goes to the DLQ without the email in
     * its error headers.
     */
    @Test
    void sinkPathOnRealEventsLosesNothingAndLeaksNothing() {
        List<SinkRecord> corpus = Fixtures.records();
        int customers = (int) corpus.stream().filter(r -> r.value() != null && r.topic().endsWith(".customers")).count();
        SinkRun run = SinkRun.of(CONNECT.runtime(), "masked", corpus, Map.of("transforms", "mask",
                "transforms.mask.type", "io.cdckit.smt.masking.Mask$Value",
                "transforms.mask.fields", "email",
                "transforms.mask.mode", "null"), customers);
        List<DecodedRecord> out = run.out();
        List<ConsumerRecord<byte[], byte[]>> dlq = run.deadLetters();
        assertEquals(customers, dlq.size(), "each customers event: email is required, null cannot mask it");
        assertEquals(corpus.size(), out.size() + dlq.size(), "every record is in the output or in the DLQ");
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            Map<String, String> h = ConnectRuntime.headers(r);
            String message = h.get("__connect.errors.exception.message");
            assertTrue(message.contains("'email' is required"), message);
            for (String header : h.values()) {
                assertFalse(header != null && header.contains("@example.com"), "no PII in the DLQ headers: " + header);
            }
        }
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean mask = run.transform("mask");
            assertEquals(corpus.size(), mask.number(CdcTransform.RECORDS_IN));
            assertEquals(dlq.size(), mask.number(CdcTransform.RECORDS_FAILED));
        }
    }
}
