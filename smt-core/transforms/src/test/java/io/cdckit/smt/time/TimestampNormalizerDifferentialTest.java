package io.cdckit.smt.time;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * TimestampNormalizer against Kafka's {@code TimestampConverter} where Kafka's is correct (Connect
 * logical types and epoch counts, top-level fields): for the same rows the same values, one
 * normalizer against a converter per field. Random values from 1900 to 2100, before the epoch half
 * the time, plus the edges.
 */
class TimestampNormalizerDifferentialTest {

    private static final long MS_1900 = -2_208_988_800_000L;
    private static final long MS_2100 = 4_102_444_800_000L;
    private static final long MS_PER_DAY = 86_400_000L;

    static final Schema ROW = SchemaBuilder.struct().name("row")
            .field("ts", Timestamp.builder().optional().build())
            .field("day", Date.builder().optional().build())
            .field("at", Time.builder().optional().build())
            .field("ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static List<Struct> rows() {
        Random random = new Random(20261201L);
        List<Long> millis = new ArrayList<>(List.of(0L, -1L, 1L, -MS_PER_DAY, MS_1900, MS_2100 - 1));
        for (int i = 0; i < 500; i++) {
            millis.add(MS_1900 + (long) (random.nextDouble() * (MS_2100 - MS_1900)));
        }
        List<Struct> rows = new ArrayList<>();
        for (long ms : millis) {
            rows.add(new Struct(ROW).put("ts", new java.util.Date(ms))
                    .put("day", new java.util.Date(Math.floorDiv(ms, MS_PER_DAY) * MS_PER_DAY))
                    .put("at", new java.util.Date(Math.floorMod(ms, MS_PER_DAY)))
                    .put("ms", ms));
        }
        rows.add(new Struct(ROW)); // nulls
        return rows;
    }

    private static SinkRecord record(Struct row) {
        return new SinkRecord("t", 0, null, null, row.schema(), row, 1L);
    }

    /** Kafka's converters, one per field, in a chain, as users configure them. */
    private static SinkRecord kafka(SinkRecord in, List<Map<String, String>> configs) {
        SinkRecord r = in;
        for (Map<String, String> c : configs) {
            try (TimestampConverter.Value<SinkRecord> t = new TimestampConverter.Value<>()) {
                t.configure(c);
                r = t.apply(r);
            }
        }
        return r;
    }

    private static Map<String, String> kafkaField(String field, String type, String format) {
        Map<String, String> m = new HashMap<>(Map.of("field", field, "target.type", type));
        if (format != null) {
            m.put("format", format);
        }
        return m;
    }

    private static void assertSameValues(SinkRecord ours, SinkRecord theirs, List<String> fields, String what) {
        Struct a = (Struct) ours.value();
        Struct b = (Struct) theirs.value();
        for (String f : fields) {
            assertEquals(b.get(f), a.get(f), what + " " + f);
            assertEquals(b.schema().field(f).schema().type(), a.schema().field(f).schema().type(), what + " " + f);
            assertEquals(b.schema().field(f).schema().isOptional(), a.schema().field(f).schema().isOptional());
        }
    }

    @Test
    void toTextAsKafkasSimpleDateFormatWritesIt() {
        TimestampNormalizer.Value<SinkRecord> ours = TimestampNormalizerTest.value("fields", "ts,day,at",
                "date.target.type", "iso", "time.target.type", "iso");
        List<Map<String, String>> chain = List.of(kafkaField("ts", "string", "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"),
                kafkaField("day", "string", "yyyy-MM-dd"), kafkaField("at", "string", "HH:mm:ss.SSS"));
        for (Struct row : rows()) {
            assertSameValues(ours.apply(record(row)), kafka(record(row), chain), List.of("ts", "day", "at"),
                    String.valueOf(row.get("ms")));
        }
    }

    @Test
    void toEpochMillisAndBackAsKafkasUnixAndTimestamp() {
        TimestampNormalizer.Value<SinkRecord> toMillis = TimestampNormalizerTest.value("fields", "ts",
                "target.type", "epoch-ms");
        TimestampNormalizer.Value<SinkRecord> fromMillis = TimestampNormalizerTest.value("fields", "ms:epoch-ms",
                "target.type", "timestamp");
        for (Struct row : rows()) {
            assertSameValues(toMillis.apply(record(row)),
                    kafka(record(row), List.of(kafkaField("ts", "unix", null))), List.of("ts"), "unix");
            SinkRecord theirs = kafka(record(row), List.of(kafkaField("ms", "Timestamp", null)));
            SinkRecord ours = fromMillis.apply(record(row));
            assertSameValues(ours, theirs, List.of("ms"), "Timestamp");
            assertEquals(Timestamp.LOGICAL_NAME, ours.valueSchema().field("ms").schema().name());
        }
    }

    /** Kafka divides epoch microseconds toward zero: before the epoch it is a millisecond late; we floor. */
    @Test
    void beforeTheEpochKafkaTruncatesMicrosecondsWhereWeFloor() {
        Schema row = SchemaBuilder.struct().field("us", Schema.OPTIONAL_INT64_SCHEMA).build();
        Map<String, String> kafka = new LinkedHashMap<>(kafkaField("us", "Timestamp", null));
        kafka.put("unix.precision", "microseconds");
        TimestampNormalizer.Value<SinkRecord> ours = TimestampNormalizerTest.value("fields", "us:epoch-us",
                "target.type", "timestamp");
        for (long us : new long[] {1L, 1_999L, 1_709_288_130_123_456L}) {
            SinkRecord r = record(new Struct(row).put("us", us));
            assertEquals(((Struct) kafka(r, List.of(kafka)).value()).get("us"), ((Struct) ours.apply(r).value()).get("us"));
        }
        SinkRecord preEpoch = record(new Struct(row).put("us", -1L));
        Object theirs = ((Struct) kafka(preEpoch, List.of(kafka)).value()).get("us");
        Object mine = ((Struct) ours.apply(preEpoch).value()).get("us");
        assertEquals(new java.util.Date(-1L), mine, "-1 us is in the millisecond before the epoch");
        assertNotEquals(theirs, mine);
        assertEquals(new java.util.Date(0L), theirs, "Kafka's: the epoch itself");
    }
}
