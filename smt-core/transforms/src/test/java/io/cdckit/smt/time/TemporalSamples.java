package io.cdckit.smt.time;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Encodes test values the way each Connect and Debezium temporal type carries them, with
 * {@code java.time} alone (not the code under test), so that expected values are derived, not copied.
 */
final class TemporalSamples {

    private TemporalSamples() {
    }

    /** A temporal type as a test knows it: its schema and how it encodes a point of its kind. */
    enum Type {
        CONNECT_TIMESTAMP(Timestamp.builder(), 3), TIMESTAMP(named("Timestamp", Schema.Type.INT64), 3),
        MICRO_TIMESTAMP(named("MicroTimestamp", Schema.Type.INT64), 6),
        NANO_TIMESTAMP(named("NanoTimestamp", Schema.Type.INT64), 9),
        ZONED_TIMESTAMP(named("ZonedTimestamp", Schema.Type.STRING), 6),
        ISO_TIMESTAMP(named("IsoTimestamp", Schema.Type.STRING), 6),
        CONNECT_DATE(Date.builder(), 0), DATE(named("Date", Schema.Type.INT32), 0),
        ISO_DATE(named("IsoDate", Schema.Type.STRING), 0),
        CONNECT_TIME(Time.builder(), 3), TIME(named("Time", Schema.Type.INT32), 3),
        MICRO_TIME(named("MicroTime", Schema.Type.INT64), 6), NANO_TIME(named("NanoTime", Schema.Type.INT64), 9),
        ZONED_TIME(named("ZonedTime", Schema.Type.STRING), 3), ISO_TIME(named("IsoTime", Schema.Type.STRING), 6);

        final SchemaBuilder builder;
        /** The fraction digits of the samples (text types: as written by {@link #encode}). */
        final int digits;

        Type(SchemaBuilder builder, int digits) {
            this.builder = builder;
            this.digits = digits;
        }

        Schema schema() {
            return builder.optional().build();
        }

        boolean isInstant() {
            return ordinal() <= ISO_TIMESTAMP.ordinal();
        }

        boolean isDate() {
            return this == CONNECT_DATE || this == DATE || this == ISO_DATE;
        }

        long unitsPerSecond() {
            return digits == 3 ? 1_000L : digits == 6 ? 1_000_000L : 1_000_000_000L;
        }

        /** The value of an instant (zone-less types: its UTC wall clock). */
        Object encode(Instant i) {
            switch (this) {
                case CONNECT_TIMESTAMP:
                    return java.util.Date.from(i);
                case TIMESTAMP:
                    return i.toEpochMilli();
                case MICRO_TIMESTAMP:
                    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
                case NANO_TIMESTAMP:
                    return ChronoUnit.NANOS.between(Instant.EPOCH, i);
                case ZONED_TIMESTAMP: // at +02:00, as another connector might write it
                    return i.atOffset(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                case ISO_TIMESTAMP:
                    return LocalDateTime.ofInstant(i, ZoneOffset.UTC) + "Z";
                default:
                    throw new IllegalStateException(this + " is not an instant");
            }
        }

        Object encode(LocalDate d) {
            switch (this) {
                case CONNECT_DATE:
                    return java.util.Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
                case DATE:
                    return (int) d.toEpochDay();
                case ISO_DATE:
                    return d.toString();
                default:
                    throw new IllegalStateException(this + " is not a date");
            }
        }

        Object encode(LocalTime t) {
            long nanos = t.toNanoOfDay();
            switch (this) {
                case CONNECT_TIME:
                    return new java.util.Date(nanos / 1_000_000L);
                case TIME:
                    return (int) (nanos / 1_000_000L);
                case MICRO_TIME:
                    return nanos / 1_000L;
                case NANO_TIME:
                    return nanos;
                case ZONED_TIME:
                    return t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_TIME);
                case ISO_TIME:
                    return t.toString();
                default:
                    throw new IllegalStateException(this + " is not a time");
            }
        }
    }

    private static SchemaBuilder named(String name, Schema.Type type) {
        return SchemaBuilder.type(type).name("io.debezium.time." + name).version(1);
    }

    /** 2024-03-01T10:15:30 with a fraction whose last digit is at {@code digits}: 123, 123456 or 123456789. */
    static Instant ordinary(int digits) {
        long nanos = digits == 0 ? 0 : digits == 3 ? 123_000_000L : digits == 6 ? 123_456_000L : 123_456_789L;
        return Instant.parse("2024-03-01T10:15:30Z").plusNanos(nanos);
    }

    /** One unit of {@code digits} before the epoch. */
    static Instant preEpoch(int digits) {
        return Instant.EPOCH.minusNanos(digits == 3 ? 1_000_000L : digits == 6 ? 1_000L : 1L);
    }
}
