package io.cdckit.smt.mapping;

import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

import static io.cdckit.smt.mapping.CastFixtures.PATH;
import static io.cdckit.smt.mapping.CastFixtures.apply;
import static io.cdckit.smt.mapping.CastFixtures.assertFails;
import static io.cdckit.smt.mapping.CastFixtures.cast;
import static io.cdckit.smt.mapping.CastFixtures.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dates, times and timestamps (Connect's and Debezium's) to ISO-8601 strings and to int64 counts.
 * Expected texts are literals or come from java.time's own arithmetic and pattern formatters.
 */
class CastsTemporalTest {

    private static final Schema DBZ_DATE = named(Schema.Type.INT32, "io.debezium.time.Date");
    private static final Schema DBZ_TIME = named(Schema.Type.INT32, "io.debezium.time.Time");
    private static final Schema MICRO_TIME = named(Schema.Type.INT64, "io.debezium.time.MicroTime");
    private static final Schema NANO_TIME = named(Schema.Type.INT64, "io.debezium.time.NanoTime");
    private static final Schema DBZ_TIMESTAMP = named(Schema.Type.INT64, "io.debezium.time.Timestamp");
    private static final Schema MICRO_TIMESTAMP = named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
    private static final Schema NANO_TIMESTAMP = named(Schema.Type.INT64, "io.debezium.time.NanoTimestamp");
    private static final Schema ZONED_TIMESTAMP = named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp");
    private static final Schema ZONED_TIME = named(Schema.Type.STRING, "io.debezium.time.ZonedTime");

    /** An epoch count in {@code unit} as text with {@code digits} fraction digits, by java.time arithmetic. */
    private static String expectedTimestamp(long count, ChronoUnit unit, int digits) {
        Instant instant = Instant.EPOCH.plus(count, unit);
        String pattern = "uuuu-MM-dd'T'HH:mm:ss." + "S".repeat(digits) + "'Z'";
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(pattern));
    }

    private static java.util.Date utcMidnight(LocalDate d) {
        return java.util.Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static Stream<LocalDate> dates() {
        return Stream.of(LocalDate.of(2024, 3, 1), LocalDate.of(1970, 1, 1), LocalDate.of(1969, 12, 31),
                LocalDate.of(1900, 1, 1), LocalDate.of(1, 1, 1), LocalDate.of(0, 2, 29), LocalDate.of(-44, 3, 15),
                LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.of(2000, 2, 29));
    }

    @ParameterizedTest
    @MethodSource("dates")
    void datesToIsoTextAndEpochDays(LocalDate date) {
        String text = date.format(DateTimeFormatter.ofPattern("uuuu-MM-dd"));
        long days = ChronoUnit.DAYS.between(LocalDate.of(1970, 1, 1), date);
        assertEquals(text, apply(Date.SCHEMA, "string", utcMidnight(date)));
        assertEquals(days, apply(Date.SCHEMA, "int64", utcMidnight(date)));
        assertEquals(text, apply(DBZ_DATE, "string", (int) days));
        assertEquals(days, apply(DBZ_DATE, "int64", (int) days));
    }

    @Test
    void dateLiterals() {
        assertEquals("2024-03-01", apply(DBZ_DATE, "string", 19783));
        assertEquals("1969-12-31", apply(DBZ_DATE, "string", -1));
        assertEquals("1969-12-31", apply(Date.SCHEMA, "string", new java.util.Date(-86_400_000L)));
        assertEquals(-1L, apply(Date.SCHEMA, "int64", new java.util.Date(-86_400_000L)));
        assertEquals("+10000-01-01", apply(DBZ_DATE, "string", 2_932_897));
    }

    @Test
    void postgresInfinityDatesAndTheInt32Edges() {
        // PostgreSQL's -infinity date as Debezium writes it
        assertEquals(LocalDate.EPOCH.plusDays(-2_147_472_691L).format(DateTimeFormatter.ofPattern("uuuu-MM-dd")),
                apply(DBZ_DATE, "string", -2_147_472_691));
        assertTrue(((String) apply(DBZ_DATE, "string", -2_147_472_691)).startsWith("-5877"));
        assertEquals(LocalDate.EPOCH.plusDays(Integer.MAX_VALUE).format(DateTimeFormatter.ofPattern("uuuu-MM-dd")),
                apply(DBZ_DATE, "string", Integer.MAX_VALUE));
        assertEquals(LocalDate.EPOCH.plusDays(Integer.MIN_VALUE).format(DateTimeFormatter.ofPattern("uuuu-MM-dd")),
                apply(DBZ_DATE, "string", Integer.MIN_VALUE));
    }

    @Test
    void aConnectDateWithATimeOfDayFollowsOnError() {
        java.util.Date noon = new java.util.Date(19783L * 86_400_000L + 43_200_000L);
        assertFails(Date.SCHEMA, "string", noon, "time of day");
        assertFails(Date.SCHEMA, "int64", new java.util.Date(-1L), "time of day");
    }

    @Test
    void timesOfDayToIsoTextWithTheUnitsDigits() {
        assertEquals("12:00:00.123", apply(Time.SCHEMA, "string", new java.util.Date(43_200_123L)));
        assertEquals("12:00:00.123", apply(DBZ_TIME, "string", 43_200_123));
        assertEquals("00:00:00.000", apply(DBZ_TIME, "string", 0));
        assertEquals("23:59:59.999", apply(Time.SCHEMA, "string", new java.util.Date(86_399_999L)));
        assertEquals("12:00:00.123456", apply(MICRO_TIME, "string", 43_200_123_456L));
        assertEquals("00:00:00.000001", apply(MICRO_TIME, "string", 1L));
        assertEquals("12:00:00.123456789", apply(NANO_TIME, "string", 43_200_123_456_789L));
        assertEquals("23:59:59.999999999", apply(NANO_TIME, "string", 86_399_999_999_999L));
        LocalTime t = LocalTime.of(7, 5, 9, 30_000_000);
        assertEquals(t.format(DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")),
                apply(MICRO_TIME, "string", t.toNanoOfDay() / 1_000));
    }

    @Test
    void exactlyOneDayIs2400AndOutsideADayFollowsOnError() {
        assertEquals("24:00:00.000", apply(DBZ_TIME, "string", 86_400_000));
        assertEquals("24:00:00.000000", apply(MICRO_TIME, "string", 86_400_000_000L));
        assertEquals("24:00:00.000000000", apply(NANO_TIME, "string", 86_400_000_000_000L));
        assertEquals("24:00:00.000", apply(Time.SCHEMA, "string", new java.util.Date(86_400_000L)));
        assertFails(MICRO_TIME, "string", -1_000_001L, "outside 00:00 to 24:00");
        assertFails(MICRO_TIME, "string", 86_400_000_001L, "outside 00:00 to 24:00");
        assertFails(DBZ_TIME, "string", -1_234, "outside 00:00 to 24:00");
        assertFails(Time.SCHEMA, "string", new java.util.Date(-1_234L), "outside 00:00 to 24:00");
        // MySQL's TIME '838:59:59' as Debezium's MicroTime
        assertFails(MICRO_TIME, "string", 3_020_399_000_000L, "outside 00:00 to 24:00");
    }

    @Test
    void timesToInt64AreTheirCount() {
        assertEquals(43_200_123L, apply(Time.SCHEMA, "int64", new java.util.Date(43_200_123L)));
        assertEquals(43_200_123L, apply(DBZ_TIME, "int64", 43_200_123));
        assertEquals(3_020_399_000_000L, apply(MICRO_TIME, "int64", 3_020_399_000_000L));
        assertEquals(-5L, apply(NANO_TIME, "int64", -5L));
    }

    static Stream<Arguments> epochCounts() {
        return Stream.of(0L, -1L, 1L, -999L, -1_000L, -1_001L, -1_000_001L, 1_709_294_400_123L,
                1_709_294_400_123_456L, -86_400_000_001L, -2_208_988_800_000_000L).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("epochCounts")
    void epochCountsToIsoTextUseFloorDivision(long count) {
        assertEquals(expectedTimestamp(count, ChronoUnit.MILLIS, 3), apply(Timestamp.SCHEMA, "string", new java.util.Date(count)));
        assertEquals(expectedTimestamp(count, ChronoUnit.MILLIS, 3), apply(DBZ_TIMESTAMP, "string", count));
        assertEquals(expectedTimestamp(count, ChronoUnit.MICROS, 6), apply(MICRO_TIMESTAMP, "string", count));
        assertEquals(expectedTimestamp(count, ChronoUnit.NANOS, 9), apply(NANO_TIMESTAMP, "string", count));
        assertEquals(count, apply(Timestamp.SCHEMA, "int64", new java.util.Date(count)));
        assertEquals(count, apply(DBZ_TIMESTAMP, "int64", count));
        assertEquals(count, apply(MICRO_TIMESTAMP, "int64", count));
        assertEquals(count, apply(NANO_TIMESTAMP, "int64", count));
    }

    @Test
    void timestampLiteralsBeforeAndAfterTheEpoch() {
        assertEquals("1969-12-31T23:59:59.999999Z", apply(MICRO_TIMESTAMP, "string", -1L));
        assertEquals("1969-12-31T23:59:58.999999Z", apply(MICRO_TIMESTAMP, "string", -1_000_001L));
        assertEquals("1969-12-31T23:59:59.999Z", apply(Timestamp.SCHEMA, "string", new java.util.Date(-1L)));
        assertEquals("1969-12-31T23:59:59.999999999Z", apply(NANO_TIMESTAMP, "string", -1L));
        assertEquals("2024-03-01T12:00:00.123456Z", apply(MICRO_TIMESTAMP, "string", 1_709_294_400_123_456L));
        assertEquals("2024-03-01T12:00:00.000Z", apply(DBZ_TIMESTAMP, "string", 1_709_294_400_000L));
        assertEquals("1970-01-01T00:00:00.000000000Z", apply(NANO_TIMESTAMP, "string", 0L));
    }

    @Test
    void timestampsAtTheEdgesOfInt64() {
        // PostgreSQL's infinity timestamp as Debezium writes it (us)
        long infinity = 9_223_372_036_825_200_000L;
        assertEquals(expectedTimestamp(infinity, ChronoUnit.MICROS, 6), apply(MICRO_TIMESTAMP, "string", infinity));
        assertTrue(((String) apply(MICRO_TIMESTAMP, "string", infinity)).startsWith("+294247-"));
        assertEquals("+294247-01-10T04:00:54.775807Z", apply(MICRO_TIMESTAMP, "string", Long.MAX_VALUE));
        assertEquals(expectedTimestamp(Long.MIN_VALUE, ChronoUnit.MICROS, 6), apply(MICRO_TIMESTAMP, "string", Long.MIN_VALUE));
        assertEquals("2262-04-11T23:47:16.854775807Z", apply(NANO_TIMESTAMP, "string", Long.MAX_VALUE));
        assertEquals("1677-09-21T00:12:43.145224192Z", apply(NANO_TIMESTAMP, "string", Long.MIN_VALUE));
        assertEquals(expectedTimestamp(Long.MAX_VALUE, ChronoUnit.MILLIS, 3), apply(DBZ_TIMESTAMP, "string", Long.MAX_VALUE));
        assertEquals(expectedTimestamp(Long.MIN_VALUE, ChronoUnit.MILLIS, 3), apply(DBZ_TIMESTAMP, "string", Long.MIN_VALUE));
    }

    @Test
    void zonedTimestampsToUtcTextKeepingTheirDigits() {
        assertEquals("2024-03-01T12:00:00.123456Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T12:00:00.123456Z"));
        assertEquals("2024-03-01T12:00:00.5Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T14:00:00.5+02:00"));
        assertEquals("2024-02-29T23:30:00Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T01:00:00+01:30"));
        assertEquals("2024-03-01T12:00:00Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T12:00:00Z"));
        assertEquals("2024-03-01T12:00:00.123456789Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T12:00:00.123456789Z"));
        assertEquals("1969-12-31T23:59:59.999999Z", apply(ZONED_TIMESTAMP, "string", "1969-12-31T23:59:59.999999Z"));
        assertEquals("2024-03-01T12:00:00.000Z", apply(ZONED_TIMESTAMP, "string", "2024-03-01T12:00:00.000+00:00"));
    }

    @Test
    void zonedTimestampsToEpochMicros() {
        Instant i = Instant.parse("2024-03-01T12:00:00.123456Z");
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, i);
        assertEquals(micros, apply(ZONED_TIMESTAMP, "int64", "2024-03-01T12:00:00.123456Z"));
        assertEquals(micros, apply(ZONED_TIMESTAMP, "int64", "2024-03-01T07:00:00.123456-05:00"));
        assertEquals(-1L, apply(ZONED_TIMESTAMP, "int64", "1969-12-31T23:59:59.999999Z"));
        assertEquals(0L, apply(ZONED_TIMESTAMP, "int64", "1970-01-01T00:00:00Z"));
        assertFails(ZONED_TIMESTAMP, "int64", "2024-03-01T12:00:00.123456789Z", "fraction");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "", "2024-03-01", "2024-03-01T12:00:00", "2024-13-01T12:00:00Z",
        "2024-03-01 12:00:00Z", "1709294400123"})
    void textsThatAreNoZonedTimestampsFollowOnError(String text) {
        assertFails(ZONED_TIMESTAMP, "string", text, "not an ISO-8601 timestamp with an offset");
        assertFails(ZONED_TIMESTAMP, "int64", text, "not an ISO-8601 timestamp with an offset");
    }

    @Test
    void zonedTimesToUtcTextAndMicrosOfDay() {
        assertEquals("12:00:00.123Z", apply(ZONED_TIME, "string", "12:00:00.123Z"));
        assertEquals("12:00:00Z", apply(ZONED_TIME, "string", "14:00:00+02:00"));
        assertEquals("23:00:00.5Z", apply(ZONED_TIME, "string", "01:00:00.5+02:00"));
        assertEquals(43_200_123_000L, apply(ZONED_TIME, "int64", "12:00:00.123Z"));
        assertEquals(82_800_000_000L, apply(ZONED_TIME, "int64", "01:00:00+02:00"));
        assertFails(ZONED_TIME, "int64", "12:00:00.123456789Z", "fraction");
        assertFails(ZONED_TIME, "string", "noon", "not an ISO-8601 time with an offset");
        assertFails(ZONED_TIME, "int64", "12:00:00", "not an ISO-8601 time with an offset");
    }

    @Test
    void outputSchemasArePlainStringAndInt64KeepingOptionalityAndCastingTheDefault() {
        for (Schema from : new Schema[] {Date.SCHEMA, DBZ_DATE, Time.SCHEMA, MICRO_TIME, Timestamp.SCHEMA,
            MICRO_TIMESTAMP, NANO_TIMESTAMP, ZONED_TIMESTAMP, ZONED_TIME}) {
            assertEquals(Schema.STRING_SCHEMA, cast(from, "string").schema(), Describe.schema(from));
            assertEquals(Schema.INT64_SCHEMA, cast(from, "int64").schema(), Describe.schema(from));
        }
        Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").optional().defaultValue(-1).build();
        Schema out = cast(date, "string").schema();
        assertEquals("1969-12-31", out.defaultValue());
        assertTrue(out.isOptional());
        assertNull(out.name());
        Schema ts = Timestamp.builder().defaultValue(new java.util.Date(-1L)).build();
        assertEquals("1969-12-31T23:59:59.999Z", cast(ts, "string").schema().defaultValue());
        assertEquals(-1L, cast(ts, "int64").schema().defaultValue());
    }

    static Stream<Arguments> unsupportedTemporalPairs() {
        return Stream.of(Date.SCHEMA, DBZ_DATE, Time.SCHEMA, DBZ_TIME, MICRO_TIME, NANO_TIME, Timestamp.SCHEMA,
                DBZ_TIMESTAMP, MICRO_TIMESTAMP, NANO_TIMESTAMP, ZONED_TIMESTAMP, ZONED_TIME)
            .flatMap(s -> Stream.of("boolean", "int8", "int16", "int32", "float32", "float64", "bytes", "decimal(20,0)")
                .map(t -> Arguments.of(s, t)));
    }

    @ParameterizedTest
    @MethodSource("unsupportedTemporalPairs")
    void temporalTypesCastToStringAndInt64Only(Schema from, String to) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cast(from, to));
        assertTrue(e.getMessage().contains("Cannot cast field '" + PATH + "' from " + Describe.schema(from) + " to "
                + CastType.parse(to)), e.getMessage());
        assertTrue(e.getMessage().endsWith("can be cast to int64, string only"), e.getMessage());
    }
}
