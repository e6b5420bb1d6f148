package io.cdckit.examples;

import io.cdckit.converters.avro.AvroConverter;
import io.cdckit.smt.masking.Mask;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No PII left anywhere: every value of the recorded corpus's PII columns ({@code shop.customers}'
 * {@code email}, {@code name}, {@code phone}, both images) is marked; Mask runs in each mode on the
 * corpus, schema'd and schemaless; and no marked value appears in the output's bytes as
 * {@code JsonConverter} and cdckit's {@code AvroConverter} write them, in its headers, in the
 * record's {@code toString}, in any log line written during the run, or in the message of a record
 * Mask refuses.
 */
class MaskLeakTest {

    static final List<String> COLUMNS = List.of("email", "name", "phone");
    static final String HMAC_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String FPE_KEY = "2b7e151628aed2a6abf7158809cf4f3c";

    private final List<String> logged = new ArrayList<>();
    private final AppenderSkeleton capture = new AppenderSkeleton() {
        @Override
        protected void append(LoggingEvent event) {
            logged.add(String.valueOf(event.getRenderedMessage()) + " " + String.join("\n",
                    event.getThrowableStrRep() == null ? new String[0] : event.getThrowableStrRep()));
        }

        @Override
        public void close() {
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getRootLogger().addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getRootLogger().removeAppender(capture);
    }

    /** Every non-null value of the PII columns, in either image. */
    static Set<String> pii(List<SinkRecord> records) {
        Set<String> values = new TreeSet<>();
        for (SinkRecord r : records) {
            if (r.value() instanceof Struct v && v.schema().field("after") != null) {
                for (String image : List.of("before", "after")) {
                    Struct row = v.getStruct(image);
                    if (row != null && row.schema().field("email") != null) {
                        COLUMNS.forEach(c -> {
                            if (row.get(c) != null) {
                                values.add(row.getString(c));
                            }
                        });
                    }
                }
            }
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redact", "partial", "hash", "hmac", "encrypt", "fpe"})
    void noMarkedValueAppearsAnywhere(String mode) throws Exception {
        List<SinkRecord> corpus = Fixtures.records();
        Set<String> pii = pii(corpus);
        assertTrue(pii.size() >= 8, "the corpus has PII to mark: " + pii.size());
        Map<String, String> config = new HashMap<>(Map.of("fields", "email,name,phone,nickname", "mode", mode,
                "salt", "pepper", "hmac.key", HMAC_KEY, "encrypt.keyset", Keysets.aes256Siv(), "fpe.key", FPE_KEY,
                "keep.last", "2", "schema.change", "allow"));
        Mask.Value<SinkRecord> mask = new Mask.Value<>();
        mask.configure(config);
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true"), false);
        AvroConverter avro = new AvroConverter();
        avro.configure(Map.of("schema.registry.url", "mem://leak-" + mode), false);

        List<String> places = new ArrayList<>();
        for (SinkRecord r : corpus) {
            SinkRecord out = mask.apply(r);
            if (out.value() != null) {
                places.add(new String(json.fromConnectData(out.topic(), out.valueSchema(), out.value()),
                        StandardCharsets.UTF_8));
                places.add(new String(avro.fromConnectData(out.topic(), out.valueSchema(), out.value()),
                        StandardCharsets.ISO_8859_1)); // byte for byte: UTF-8 text shows as its bytes
            }
            places.add(out.toString());
            for (Header h : out.headers()) {
                places.add(String.valueOf(h.value()));
            }
        }
        for (SinkRecord r : Fixtures.schemalessRecords()) {
            SinkRecord out = mask.apply(r);
            if (out.value() != null) {
                places.add(new String(json.fromConnectData(out.topic(), null, out.value()), StandardCharsets.UTF_8));
            }
            places.add(out.toString());
        }
        // a record Mask refuses: its message names the field, never a value
        Mask.Value<SinkRecord> refusing = new Mask.Value<>();
        refusing.configure(Map.of("fields", "email", "mode", "null"));
        for (SinkRecord r : Fixtures.records("shop.customers")) {
            if (r.value() != null) {
                try {
                    refusing.apply(r);
                } catch (DataException e) {
                    places.add(e.getMessage() + " " + e.getCause());
                }
            }
        }
        places.addAll(logged);
        assertFalse(logged.isEmpty(), "the missing column 'nickname' is reported in the log");
        for (String place : places) {
            for (String value : pii) {
                assertFalse(place.contains(value) || place.contains(isoBytes(value)),
                        mode + ": a PII value of the corpus leaked (" + value.length() + " characters)");
            }
        }
    }

    /** The text's UTF-8 bytes as ISO-8859-1 characters, to find it in Avro bytes decoded so. */
    private static String isoBytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
