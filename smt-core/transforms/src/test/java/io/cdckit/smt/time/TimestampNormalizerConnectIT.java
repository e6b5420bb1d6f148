package io.cdckit.smt.time;

import io.cdckit.core.transform.CdcTransform;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code TimestampNormalizer} loaded from the module's plugin archive into a real Connect worker:
 * every configuration mistake through Connect's validate endpoint, and the sink path on real events
 * of every temporal type (the temporal corpus, adaptive mode) with a dead letter queue, counting
 * every record. (The archive's other plugins' tables are checked together in {@code FieldMapperConnectIT}.)
 */
public class TimestampNormalizerConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    public static final ValidateTable VALUE = table("io.cdckit.smt.time.TimestampNormalizer$Value");
    public static final ValidateTable KEY = table("io.cdckit.smt.time.TimestampNormalizer$Key");

    static ValidateTable table(String plugin) {
        return ValidateTable.transform(plugin)
                .wrong("an unknown unit", Map.of(TimestampNormalizer.FIELDS, "ts:epoch-hours"),
                        TimestampNormalizer.FIELDS, "the unit must be one of epoch-s, epoch-ms")
                .wrong("a bad path", Map.of(TimestampNormalizer.FIELDS, "a..b"), TimestampNormalizer.FIELDS,
                        "is not path[:unit]")
                .wrong("format without a pattern", Map.of(TimestampNormalizer.TARGET_TYPE, "format"),
                        TimestampNormalizer.FORMAT_PATTERN, "must be set when target.type=format")
                .wrong("a pattern without format", Map.of(TimestampNormalizer.FORMAT_PATTERN, "yyyy"),
                        TimestampNormalizer.FORMAT_PATTERN, "is used only with target.type=format")
                .wrong("a pattern that is not one", Map.of(TimestampNormalizer.TARGET_TYPE, "format",
                        TimestampNormalizer.FORMAT_PATTERN, "yyyy-MM-dd {"), TimestampNormalizer.FORMAT_PATTERN,
                        "is not a DateTimeFormatter pattern")
                .wrong("a pattern that needs a zone id", Map.of(TimestampNormalizer.TARGET_TYPE, "format",
                        TimestampNormalizer.FORMAT_PATTERN, "yyyy-MM-dd VV"), TimestampNormalizer.FORMAT_PATTERN,
                        "is not a DateTimeFormatter pattern")
                .wrong("an unknown time zone", Map.of(TimestampNormalizer.TARGET_TIMEZONE, "Mars/Olympus"),
                        TimestampNormalizer.TARGET_TIMEZONE, "is not a time zone")
                .wrong("an empty source zone", Map.of(TimestampNormalizer.SOURCE_TIMEZONE, " "),
                        TimestampNormalizer.SOURCE_TIMEZONE, "must be a time zone")
                .wrong("a record timestamp pattern", Map.of(TimestampNormalizer.RECORD_TIMESTAMP_FIELD, "*_at"),
                        TimestampNormalizer.RECORD_TIMESTAMP_FIELD, "must name one field")
                .wrong("a record timestamp unit", Map.of(TimestampNormalizer.RECORD_TIMESTAMP_FIELD, "ts:days"),
                        TimestampNormalizer.RECORD_TIMESTAMP_FIELD, "the unit must be one of")
                .wrong("the envelope itself as the record timestamp", Map.of(TimestampNormalizer.RECORD_TIMESTAMP_FIELD,
                        "$envelope"), TimestampNormalizer.RECORD_TIMESTAMP_FIELD, "names the envelope itself")
                .wrong("one field listed twice", Map.of(TimestampNormalizer.FIELDS, "a:epoch-ms,a:epoch-us"),
                        TimestampNormalizer.FIELDS, "conflicting entries")
                .wrong("an envelope field in an image", Map.of(TimestampNormalizer.FIELDS, "$envelope.after.x:epoch-ms"),
                        TimestampNormalizer.FIELDS, "addresses the row image 'after'");
    }

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        VALUE.assertAll(CONNECT.runtime());
        KEY.assertAll(CONNECT.runtime());
    }

    /** With special.values=fail the events holding PostgreSQL's infinity fail; the others are converted. */
    @Test
    void sinkPathOnRealEventsLosesNothing() {
        List<SinkRecord> corpus = Fixtures.temporal("adaptive");
        int infinite = 0;
        for (SinkRecord r : corpus) {
            if (r.value() instanceof Struct v && (isInfinityRow(v.getStruct("before")) || isInfinityRow(v.getStruct("after")))) {
                infinite++;
            }
        }
        SinkRun run = SinkRun.of(CONNECT.runtime(), "moments", corpus, Map.of("transforms", "norm",
                "transforms.norm.type", "io.cdckit.smt.time.TimestampNormalizer$Value",
                "transforms.norm.target.type", "epoch-us",
                "transforms.norm.special.values", "fail"), infinite);
        List<DecodedRecord> out = run.out();
        List<ConsumerRecord<byte[], byte[]>> dlq = run.deadLetters();

        assertTrue(infinite >= 4, "the corpus has infinity rows: " + infinite);
        assertEquals(infinite, dlq.size(), "each event with an infinity in an image is in the DLQ");
        assertEquals(corpus.size(), out.size() + dlq.size(), "every record is in the output or in the DLQ");
        for (DecodedRecord r : out) {
            if (r.value instanceof Struct v && v.getStruct("after") != null && v.getStruct("after").get("stamptz6") != null) {
                Struct after = v.getStruct("after");
                Instant zoned = Instant.parse(corpusValue(corpus, r, "stamptz6"));
                assertEquals(zoned.getEpochSecond() * 1_000_000L + zoned.getNano() / 1_000, after.get("stamptz6"));
            }
        }
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean norm = run.transform("norm");
            assertEquals(corpus.size(), norm.number(CdcTransform.RECORDS_IN));
            assertEquals(dlq.size(), norm.number(CdcTransform.RECORDS_FAILED));
            assertEquals(out.size(), norm.number(CdcTransform.RECORDS_OUT));
        }
    }

    private static boolean isInfinityRow(Struct row) {
        return row != null && row.getString("label").contains("infinity");
    }

    /** The input's value of {@code column} in the after image of the record at the output's offset. */
    private static String corpusValue(List<SinkRecord> corpus, DecodedRecord out, String column) {
        Struct after = ((Struct) corpus.get((int) out.offset).value()).getStruct("after");
        return after.getString(column);
    }
}
