package io.cdckit.core.time;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalsTest {

    @Test
    void temporalTypesByNameAndType() {
        assertSame(TemporalType.CONNECT_TIMESTAMP, TemporalType.of(Timestamp.SCHEMA));
        assertSame(TemporalType.CONNECT_DATE, TemporalType.of(Date.SCHEMA));
        assertSame(TemporalType.MICRO_TIMESTAMP, TemporalType.of(SchemaBuilder.int64()
                .name("io.debezium.time.MicroTimestamp").build()));
        assertNull(TemporalType.of(SchemaBuilder.int32().name("io.debezium.time.MicroTimestamp").build()),
                "a known name on the wrong type is none");
        assertNull(TemporalType.of(SchemaBuilder.int32().name("io.debezium.time.Year").build()), "a year is no point");
        assertNull(TemporalType.of(Schema.INT64_SCHEMA));
        assertNull(TemporalType.of(null));
        assertEquals(15, TemporalType.values().length, "every name of FACTS.md's table but Year and the durations");
        for (TemporalType t : TemporalType.values()) {
            Schema s = SchemaBuilder.type(t.schemaType()).name(t.schemaName()).build();
            assertSame(t, TemporalType.of(s), t.name());
        }
        assertEquals(1_000_000L, TemporalType.MICRO_TIMESTAMP.unitsPerSecond());
        assertEquals(-1, TemporalType.ZONED_TIMESTAMP.fractionDigits());
    }

    @Test
    void countsAreFloorDivided() {
        assertEquals(Instant.EPOCH.minusNanos(1_000), Temporals.instant(-1L, 1_000_000L));
        assertEquals(Instant.EPOCH.minusMillis(1), Temporals.instant(-1L, 1_000L));
        assertEquals(LocalDateTime.parse("1969-12-31T23:59:59.999999"), Temporals.localDateTime(-1L, 1_000_000L));
        assertEquals(-1L, Temporals.count(Instant.EPOCH.minusNanos(1), 1_000L), "toward the past");
        assertEquals(0L, Temporals.count(Instant.EPOCH.plusNanos(999_999), 1_000L));
        Instant smallest = Temporals.instant(Long.MIN_VALUE, 1_000_000_000L);
        assertEquals(Long.MIN_VALUE, Temporals.count(smallest, 1_000_000_000L), "the smallest count round-trips");
        assertEquals(Long.MIN_VALUE + 1, Temporals.count(smallest.plusNanos(1), 1_000_000_000L));
        assertThrows(DateTimeException.class, () -> Temporals.count(smallest.minusNanos(1), 1_000_000_000L));
        assertThrows(DateTimeException.class, () -> Temporals.count(Instant.parse("3000-01-01T00:00:00Z"),
                1_000_000_000L));
    }

    @Test
    void epochMillisTruncatedDropsTheFractionTowardTheEpoch() {
        long ms = 1_714_000_000_123L;
        assertEquals(ms, Temporals.epochMillisTruncated(TemporalType.MICRO_TIMESTAMP, ms * 1_000 + 999), "after 1970: as floored");
        assertEquals(0L, Temporals.epochMillisTruncated(TemporalType.MICRO_TIMESTAMP, -1L));
        assertEquals(-1L, Temporals.epochMillisTruncated(TemporalType.MICRO_TIMESTAMP, -1_999L));
        assertEquals(-2L, Temporals.epochMillis(TemporalType.MICRO_TIMESTAMP, -1_999L), "floored");
        assertEquals(-1L, Temporals.epochMillisTruncated(TemporalType.NANO_TIMESTAMP, -1_500_000L));
        assertEquals(-2L, Temporals.epochMillis(TemporalType.NANO_TIMESTAMP, -1_500_000L));
        assertEquals(-7L, Temporals.epochMillisTruncated(TemporalType.TIMESTAMP, -7L));
        assertEquals(-7L, Temporals.epochMillisTruncated(TemporalType.CONNECT_TIMESTAMP, new java.util.Date(-7L)));
        assertEquals(0L, Temporals.epochMillisTruncated(TemporalType.ZONED_TIMESTAMP, "1969-12-31T23:59:59.9995Z"));
        assertEquals(-1L, Temporals.epochMillis(TemporalType.ZONED_TIMESTAMP, "1969-12-31T23:59:59.9995Z"));
        assertEquals(-1L, Temporals.epochMillisTruncated(TemporalType.ISO_TIMESTAMP, "1969-12-31T23:59:59.999"));
        assertEquals(Long.MIN_VALUE / 1_000, Temporals.epochMillisTruncated(TemporalType.MICRO_TIMESTAMP, Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Temporals.epochMillisTruncated(TemporalType.DATE, 1));
    }

    @Test
    void epochMillisOfEveryTimestampEncoding() {
        long ms = 1_714_000_000_123L;
        assertEquals(ms, Temporals.epochMillis(TemporalType.TIMESTAMP, ms));
        assertEquals(ms, Temporals.epochMillis(TemporalType.MICRO_TIMESTAMP, ms * 1_000 + 999));
        assertEquals(ms, Temporals.epochMillis(TemporalType.NANO_TIMESTAMP, ms * 1_000_000 + 999_999));
        assertEquals(-1L, Temporals.epochMillis(TemporalType.MICRO_TIMESTAMP, -1L), "floor-divided");
        assertEquals(ms, Temporals.epochMillis(TemporalType.CONNECT_TIMESTAMP, new java.util.Date(ms)));
        assertEquals(ms, Temporals.epochMillis(TemporalType.ZONED_TIMESTAMP, "2024-04-24T23:06:40.123456Z"));
        assertEquals(ms, Temporals.epochMillis(TemporalType.ZONED_TIMESTAMP, "2024-04-25T01:06:40.123+02:00"));
        assertEquals(ms, Temporals.epochMillis(TemporalType.ISO_TIMESTAMP, "2024-04-24T23:06:40.123"), "zone-less: UTC");
        assertThrows(IllegalArgumentException.class, () -> Temporals.epochMillis(TemporalType.DATE, 1));
        DateTimeException text = assertThrows(DateTimeException.class,
                () -> Temporals.epochMillis(TemporalType.ZONED_TIMESTAMP, "yesterday-ish"));
        assertFalse(text.getMessage().contains("yesterday"), text.getMessage());
        assertThrows(DateTimeException.class, () -> Temporals.epochMillis(TemporalType.TIMESTAMP, "1"));
        assertThrows(DateTimeException.class, () -> Temporals.epochMillis(TemporalType.CONNECT_TIMESTAMP, 1L));
    }

    @Test
    void textWithFixedDigitsAndTheEndOfTheDay() {
        Instant i = Instant.parse("2024-03-01T10:15:30.5Z");
        assertEquals("2024-03-01T10:15:30.500000Z", Temporals.isoInstant(i, 6, ZoneOffset.UTC));
        assertEquals("2024-03-01T10:15:30Z", Temporals.isoInstant(i, 0, ZoneOffset.UTC), "truncated, never rounded");
        assertEquals(OffsetDateTime.ofInstant(i, ZoneId.of("Europe/Berlin")).toString(),
                Temporals.isoInstant(i, 3, ZoneId.of("Europe/Berlin")));
        assertEquals("+10000-01-01", Temporals.isoDate(LocalDate.parse("+10000-01-01").toEpochDay()));
        assertEquals("24:00:00.000", Temporals.isoTime(Temporals.NANOS_PER_DAY, 3));
        assertEquals(Temporals.NANOS_PER_DAY, Temporals.nanoOfDay(86_400_000L, 1_000_000L));
        assertThrows(DateTimeException.class, () -> Temporals.nanoOfDay(-1L, 1L));
        assertEquals(Temporals.NANOS_PER_DAY, Temporals.parseTimeOfDay("24:00:00Z"));
        assertEquals(ChronoUnit.HOURS.getDuration().toNanos() * 22, Temporals.parseTimeOfDay("24:00+02:00"));
        assertEquals(3, Temporals.fractionDigits("10:15:30.500Z"));
        assertTrue(Temporals.parseDateTime("2024-03-01T10:15:30") instanceof LocalDateTime);
        assertTrue(Temporals.parseDateTime("2024-03-01T10:15:30+05") instanceof OffsetDateTime);
        DateTimeException bad = assertThrows(DateTimeException.class, () -> Temporals.parseDateTime("ada@example"));
        assertFalse(bad.getMessage().contains("ada"), "never the text");
        assertThrows(DateTimeException.class, () -> Temporals.epochDays(new java.util.Date(1L)));
    }

    /** The hand-written ISO writer against java.time's formatter, on random instants, offsets and digits. */
    @Test
    void isoTextIsWhatJavaTimeWrites() {
        java.util.Random random = new java.util.Random(20261201L);
        ZoneId[] zones = {ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHoursMinutesSeconds(-3, -30, -15),
            ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York")};
        long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            int digits = random.nextInt(10);
            ZoneId zone = zones[random.nextInt(zones.length)];
            java.time.format.DateTimeFormatterBuilder b = new java.time.format.DateTimeFormatterBuilder()
                    .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE).appendPattern("'T'HH:mm:ss");
            if (digits > 0) {
                b.appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, digits, digits, true);
            }
            String expected = b.appendOffsetId().toFormatter().format(instant.atZone(zone).toOffsetDateTime());
            assertEquals(expected, Temporals.isoInstant(instant, digits, zone), instant + " " + digits + " " + zone);
            long nanoOfDay = Math.floorMod(instant.getEpochSecond(), 86_400L) * 1_000_000_000L + instant.getNano();
            java.time.format.DateTimeFormatterBuilder t = new java.time.format.DateTimeFormatterBuilder()
                    .appendPattern("HH:mm:ss");
            if (digits > 0) {
                t.appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, digits, digits, true);
            }
            assertEquals(t.toFormatter().format(java.time.LocalTime.ofNanoOfDay(nanoOfDay)),
                    Temporals.isoTime(nanoOfDay, digits));
        }
    }

    @Test
    void postgresInfinityInEveryEncodingDebeziumWrites() {
        assertEquals(1, Temporals.pgInfinity(Long.MAX_VALUE));
        assertEquals(1, Temporals.pgInfinity(Temporals.PG_INFINITY));
        assertEquals(-1, Temporals.pgInfinity(Long.MIN_VALUE));
        assertEquals(-1, Temporals.pgInfinity(Temporals.PG_MINUS_INFINITY));
        assertEquals(0, Temporals.pgInfinity(Long.MAX_VALUE - 1));
        assertEquals(1, Temporals.pgInfinity(Instant.parse("+292278994-08-16T23:00:00Z")));
        assertEquals(-1, Temporals.pgInfinity(Instant.parse("-292275055-05-16T23:00:00Z")));
        assertEquals(1, Temporals.pgInfinityDay(LocalDate.parse("+5877611-06-21").toEpochDay()));
        assertEquals(-1, Temporals.pgInfinityDay(LocalDate.parse("-5877611-06-22").toEpochDay()));
        assertEquals(1, Temporals.pgInfinityDay(LocalDate.parse("+292278994-08-16").toEpochDay()));
        assertEquals(0, Temporals.pgInfinityDay(LocalDate.parse("9999-12-31").toEpochDay()));
        assertTrue(Temporals.isInfinityText(" -Infinity "));
    }
}
