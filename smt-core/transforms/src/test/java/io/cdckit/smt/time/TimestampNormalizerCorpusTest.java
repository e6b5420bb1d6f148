package io.cdckit.smt.time;

import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real events: the same table ({@code shop.moments}) recorded with each {@code time.precision.mode}
 * (the test kit's temporal corpus), normalized to ISO-8601, must denote the same instants, dates
 * and times of day as Debezium's own {@code isostring} rendering of the same rows, read here with
 * {@code java.time} alone; {@code connect} mode to the millisecond it keeps. PostgreSQL's infinity,
 * in each of the encodings Debezium uses, becomes null (the default {@code special.values}).
 */
class TimestampNormalizerCorpusTest {

    private static final List<String> INFINITE = List.of("infinity", "-infinity", "streamed infinity",
            "streamed -infinity");

    private static TimestampNormalizer.Value<SinkRecord> normalizer() {
        return TimestampNormalizerTest.value("date.target.type", "iso", "time.target.type", "iso");
    }

    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "adaptive_time_microseconds", "connect", "isostring"})
    void everyModeDenotesWhatIsostringSays(String mode) {
        List<SinkRecord> events = Fixtures.temporal(mode);
        List<SinkRecord> reference = Fixtures.temporal("isostring");
        assertEquals(Fixtures.TEMPORAL_EXPECTED_EVENTS, events.size());
        TimestampNormalizer.Value<SinkRecord> t = normalizer();
        long unit = mode.equals("connect") ? 1_000_000L : 1L; // connect mode keeps milliseconds
        int compared = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).value() == null) {
                continue;
            }
            Struct out = (Struct) t.apply(events.get(i)).value();
            Struct iso = (Struct) reference.get(i).value();
            for (String image : List.of("before", "after")) {
                Struct row = out.getStruct(image);
                Struct expected = iso.getStruct(image);
                if (row == null) {
                    assertNull(expected);
                    continue;
                }
                assertEquals(expected.get("id"), row.get("id"), "the corpora are aligned");
                boolean infinite = INFINITE.contains(expected.getString("label"));
                for (Field f : row.schema().fields()) {
                    if (f.name().equals("id") || f.name().equals("label")) {
                        continue;
                    }
                    String where = mode + " " + expected.get("label") + " " + image + "." + f.name();
                    Object ours = row.get(f);
                    Object theirs = expected.get(f.name());
                    if (theirs == null) {
                        assertNull(ours, where);
                    } else if (infinite && !f.name().startsWith("time")) {
                        assertNull(ours, where + ": infinity is null by default");
                    } else {
                        compare(where, f.name(), (String) ours, (String) theirs, unit, infinite, !mode.equals("isostring"));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 100, "the loop reached the rows: compared " + compared + " values");
    }

    /**
     * Our ISO text against isostring's, as values, to {@code unitNanos} (toward the past) for the
     * zone-less columns; {@code numericMode}: our input had the infinity row's times as 24:00.
     */
    private static void compare(String where, String column, String ours, String theirs, long unitNanos,
                                boolean infiniteRow, boolean numericMode) {
        boolean zoned = column.startsWith("timetz") || column.startsWith("stamptz");
        long unit = zoned ? 1L : unitNanos;
        if (column.equals("day")) {
            assertEquals(LocalDate.parse(strip(theirs)), LocalDate.parse(ours), where);
        } else if (column.startsWith("time")) {
            if (strip(theirs).startsWith("24:00:00")) {
                assertTrue(ours.startsWith("24:00:00"), where + ": " + ours);
                return;
            }
            LocalTime expected = LocalTime.parse(strip(theirs));
            if (infiniteRow && numericMode && !zoned && expected.equals(LocalTime.MIDNIGHT)) {
                // the row's times are 24:00:00, which isostring writes as 00:00:00 (a day early)
                assertTrue(ours.startsWith("24:00:00"), where + ": " + ours);
                return;
            }
            long e = expected.toNanoOfDay();
            assertEquals(e - Math.floorMod(e, unit), LocalTime.parse(strip(ours)).toNanoOfDay(), where);
        } else {
            Instant expected = Instant.parse(theirs);
            long floor = Math.floorMod(expected.getNano(), unit);
            assertEquals(expected.minusNanos(floor), Instant.parse(ours), where);
        }
    }

    private static String strip(String isoText) {
        return isoText.endsWith("Z") ? isoText.substring(0, isoText.length() - 1) : isoText;
    }

    /** PostgreSQL's infinity in each mode's encodings, with special.values=keep: text in, text out. */
    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "adaptive_time_microseconds", "connect", "isostring"})
    void infinityIsRecognisedInEveryEncodingDebeziumUses(String mode) {
        TimestampNormalizer.Value<SinkRecord> t = TimestampNormalizerTest.value("date.target.type", "iso",
                "special.values", "keep");
        int seen = 0;
        for (SinkRecord r : Fixtures.temporal(mode)) {
            if (r.value() == null) {
                continue;
            }
            Struct after = ((Struct) t.apply(r).value()).getStruct("after");
            if (after == null || !INFINITE.contains(after.getString("label"))) {
                continue;
            }
            String sign = after.getString("label").contains("-infinity") ? "-infinity" : "infinity";
            for (String column : List.of("day", "stamp0", "stamp3", "stamp6", "stamptz3", "stamptz6")) {
                assertEquals(sign, after.get(column), mode + " " + after.get("label") + " " + column);
                seen++;
            }
        }
        assertEquals(4 * 6, seen);
    }

    /** What the README's input-to-output table says, on the corpus's ordinary row. */
    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "connect"})
    void theOrdinaryRowsTargets(String mode) {
        Struct ordinary = null;
        for (SinkRecord r : Fixtures.temporal(mode)) {
            Struct v = (Struct) r.value();
            if (v != null && v.getStruct("after") != null && v.getStruct("after").getString("label").equals("ordinary")) {
                ordinary = (Struct) normalizer().apply(r).value();
            }
        }
        Struct row = ordinary.getStruct("after");
        Map<String, String> expected = mode.equals("connect")
                ? Map.of("day", "2024-03-01", "time6", "09:30:15.123", "stamp6", "2024-03-01T10:15:30.123Z",
                        "stamptz6", "2024-03-01T08:15:30.123456Z")
                : Map.of("day", "2024-03-01", "time6", "09:30:15.123456", "stamp6", "2024-03-01T10:15:30.123456Z",
                        "stamptz6", "2024-03-01T08:15:30.123456Z");
        expected.forEach((column, value) -> assertEquals(value, row.get(column), mode + " " + column));
    }
}
