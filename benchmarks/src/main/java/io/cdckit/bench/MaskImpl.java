package io.cdckit.bench;

import io.cdckit.smt.masking.Mask;
import io.cdckit.smt.masking.detect.ContentScanner;
import io.cdckit.smt.masking.fpe.FormatPreservingCipher;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.Transformation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The implementations {@link MaskBenchmark} compares, by the name used in its {@code impl}
 * parameter: transforms of whole records ({@link #transform}), or a bare computation on one field
 * of each record ({@link #bare}), which returns the masked value alone.
 */
public enum MaskImpl {

    /** {@code io.cdckit.smt.masking.Mask$Value} with the scenario's configuration. */
    CDCKIT("cdckit"),

    /** Kafka's {@code org.apache.kafka.connect.transforms.MaskField$Value} ({@link MaskScenario#REDACT}). */
    KAFKA("kafka"),

    /**
     * {@link MaskScenario#HMAC}'s floor: per record, the field's value read from the row by a
     * resolved {@link Field}, its UTF-8 bytes, {@code Mac.doFinal} on them (HMAC-SHA256, one
     * {@code Mac} initialized with the key once, at setup, per benchmark thread), and the token text
     * {@code Mask} writes, {@code k1:} then {@code HexFormat}'s hex digits; the token is the result.
     * No record, no Struct, no plan.
     */
    JDK("jdk"),

    /**
     * The {@code fpe} scenarios' floor: per record, the card read from the row by a resolved
     * {@link Field} and {@code FormatPreservingCipher.encrypt(card, 4, luhn)} on it (the cipher
     * {@code Mask} builds from the same configuration, created once); the enciphered card is the
     * result. No record, no Struct, no plan.
     */
    CIPHER("cipher"),

    /**
     * {@link MaskScenario#DETECT}'s floor: per record, the note read from the row by a resolved
     * {@link Field} and {@code ContentScanner.replace(note, (match, detector) -> "*".repeat(match
     * .length()))} on it (a scanner of the same detectors, no phone region, created once); the
     * redacted note (the note itself when nothing matched) is the result. No record, no Struct, no plan.
     */
    SCANNER("scanner"),

    /**
     * {@link MaskScenario#REDACT}'s record floor: a copy of the record with its own value, as both
     * transforms make their output ({@code newRecord} with the value schema and value, the headers
     * duplicated by Connect), without touching the row: the part of either's time no row
     * transform can save.
     */
    COPY("copy"),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline");

    public final String label;

    MaskImpl(String label) {
        this.label = label;
    }

    /** Whether it is a bare computation ({@link #bare}) rather than a transform ({@link #transform}). */
    public boolean isBare() {
        return this == JDK || this == CIPHER || this == SCANNER;
    }

    /** A new, configured transform for {@code scenario}. */
    public Transformation<SinkRecord> transform(MaskScenario scenario) {
        switch (this) {
            case CDCKIT: {
                Mask.Value<SinkRecord> mask = new Mask.Value<>();
                mask.configure(scenario.maskConfig);
                return mask;
            }
            case KAFKA: {
                MaskField.Value<SinkRecord> maskField = new MaskField.Value<>();
                maskField.configure(scenario.maskFieldConfig());
                return maskField;
            }
            case COPY:
                return new Copy();
            case BASELINE:
                return Impl.BASELINE.create(Map.of());
            default:
                throw new IllegalStateException(label + " is not a transform");
        }
    }

    /**
     * The bare computation of {@code scenario} on a record of row schema {@code rows}'s (the field
     * resolved in it once); not thread-safe (one per benchmark thread).
     */
    public Function<SinkRecord, Object> bare(MaskScenario scenario, Schema rows) {
        Field field = rows.field(scenario.fields.get(0));
        switch (this) {
            case JDK: {
                if (scenario != MaskScenario.HMAC) {
                    throw new IllegalStateException("jdk is the floor of " + MaskScenario.HMAC + " only");
                }
                Mac mac = mac();
                HexFormat hex = HexFormat.of();
                String prefix = MaskScenario.HMAC_KEY_ID + ":";
                return r -> {
                    String value = (String) ((Struct) r.value()).get(field);
                    return prefix + hex.formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
                };
            }
            case CIPHER: {
                if (!scenario.fpe()) {
                    throw new IllegalStateException("cipher is the floor of the fpe scenarios only");
                }
                FormatPreservingCipher cipher = MaskScenario.cipher();
                boolean luhn = scenario.luhn();
                return r -> cipher.encrypt((String) ((Struct) r.value()).get(field), MaskScenario.KEEP_LAST, luhn);
            }
            case SCANNER: {
                if (!scenario.detect()) {
                    throw new IllegalStateException("scanner is the floor of " + MaskScenario.DETECT + " only");
                }
                ContentScanner scanner = MaskScenario.scanner();
                return r -> scanner.replace((String) ((Struct) r.value()).get(field),
                        (m, d) -> "*".repeat(m.length()));
            }
            default:
                throw new IllegalStateException(label + " is a transform");
        }
    }

    /** HMAC-SHA256 initialized with {@link MaskScenario#HMAC_KEY}. */
    static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(MaskScenario.HMAC_KEY), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JVM", e);
        }
    }

    /** {@link #COPY}. */
    private static final class Copy implements Transformation<SinkRecord> {
        @Override
        public SinkRecord apply(SinkRecord r) {
            return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                    r.timestamp());
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    public static MaskImpl of(String label) {
        for (MaskImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }
}
