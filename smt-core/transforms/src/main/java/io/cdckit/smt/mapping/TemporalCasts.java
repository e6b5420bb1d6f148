package io.cdckit.smt.mapping;

import io.cdckit.core.time.Temporals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The converters of temporal values to {@code string} (ISO-8601) and {@code int64} (a count in the
 * type's own unit); see {@link Casts}. The arithmetic is the kernel's {@link Temporals}: counts are
 * split with floor division, so a pre-epoch value is the instant before the epoch it means
 * ({@code -1} us is {@code 1969-12-31T23:59:59.999999Z}).
 */
final class TemporalCasts {

    private TemporalCasts() {
    }

    /** The converter of a temporal source to {@code to}, or null: only string and int64 are supported. */
    static Converter converter(Source source, CastType to) {
        switch (to.kind()) {
            case STRING:
                return toText(source);
            case INT64:
                return toCount(source);
            default:
                return null;
        }
    }

    private static Converter toText(Source source) {
        switch (source) {
            case CONNECT_DATE:
                return v -> date(connectDays((java.util.Date) v));
            case EPOCH_DAYS:
                return v -> date(NumberCasts.integral(v));
            case CONNECT_TIME:
                return v -> timeOfDay(((java.util.Date) v).getTime(), 1_000_000L, 3);
            case MILLIS_OF_DAY:
                return v -> timeOfDay(NumberCasts.integral(v), 1_000_000L, 3);
            case MICROS_OF_DAY:
                return v -> timeOfDay(NumberCasts.integral(v), 1_000L, 6);
            case NANOS_OF_DAY:
                return v -> timeOfDay(NumberCasts.integral(v), 1L, 9);
            case CONNECT_TIMESTAMP:
                return v -> timestamp(((java.util.Date) v).getTime(), 1_000L, 3);
            case EPOCH_MILLIS:
                return v -> timestamp(NumberCasts.integral(v), 1_000L, 3);
            case EPOCH_MICROS:
                return v -> timestamp(NumberCasts.integral(v), 1_000_000L, 6);
            case EPOCH_NANOS:
                return v -> timestamp(NumberCasts.integral(v), 1_000_000_000L, 9);
            case ZONED_TIMESTAMP:
                return v -> zonedTimestamp((String) v);
            case ZONED_TIME:
                return v -> zonedTime((String) v);
            default:
                return null;
        }
    }

    private static Converter toCount(Source source) {
        switch (source) {
            case CONNECT_DATE:
                return v -> connectDays((java.util.Date) v);
            case CONNECT_TIME:
            case CONNECT_TIMESTAMP:
                return v -> ((java.util.Date) v).getTime();
            case EPOCH_DAYS:
            case MILLIS_OF_DAY:
            case MICROS_OF_DAY:
            case NANOS_OF_DAY:
            case EPOCH_MILLIS:
            case EPOCH_MICROS:
            case EPOCH_NANOS:
                return v -> v instanceof Long ? v : (Object) NumberCasts.integral(v);
            case ZONED_TIMESTAMP:
                return v -> epochMicros((String) v);
            case ZONED_TIME:
                return v -> microsOfDay((String) v);
            default:
                return null;
        }
    }

    /** The day of a Connect {@code Date}, which must be midnight UTC. */
    private static long connectDays(java.util.Date d) {
        try {
            return Temporals.epochDays(d);
        } catch (DateTimeException e) {
            throw CastFailure.DATE_WITH_TIME;
        }
    }

    /** {@code 2024-03-01}; years beyond 9999 signed ({@code +10000-01-01}), BCE as ISO's negative years. */
    private static String date(long epochDays) {
        try {
            return Temporals.isoDate(epochDays);
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    /**
     * A time of day with {@code digits} fraction digits; exactly one day is {@code 24:00:00} (as
     * PostgreSQL's {@code time '24:00'}), anything outside a day fails.
     */
    private static String timeOfDay(long count, long nanosPerUnit, int digits) {
        try {
            return Temporals.isoTime(Temporals.nanoOfDay(count, nanosPerUnit), digits);
        } catch (DateTimeException e) {
            throw CastFailure.TIME_OUT_OF_DAY;
        }
    }

    /** An epoch count as a UTC timestamp with the unit's fraction digits. */
    private static String timestamp(long count, long unitsPerSecond, int digits) {
        try {
            return Temporals.isoInstant(Temporals.instant(count, unitsPerSecond), digits, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    private static OffsetDateTime parseTimestamp(String s) {
        try {
            if (Temporals.parseDateTime(s) instanceof OffsetDateTime t) {
                return t;
            }
        } catch (DateTimeException e) {
            // its message quotes nothing, but says less than ours
        }
        throw CastFailure.NOT_A_TIMESTAMP;
    }

    private static OffsetTime parseTime(String s) {
        try {
            return OffsetTime.parse(s.strip(), DateTimeFormatter.ISO_OFFSET_TIME);
        } catch (DateTimeException e) {
            throw CastFailure.NOT_A_TIME;
        }
    }

    /** A zoned timestamp in UTC, with as many fraction digits as the text has. */
    private static String zonedTimestamp(String s) {
        OffsetDateTime t = parseTimestamp(s);
        try {
            return Temporals.isoInstant(t.toInstant(), Temporals.fractionDigits(s), ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE; // beyond the largest year once in UTC
        }
    }

    /** A zoned time in UTC, {@code 12:00:00.123Z}, with as many fraction digits as the text has. */
    private static String zonedTime(String s) {
        OffsetTime t = parseTime(s);
        long nanos = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toNanoOfDay();
        return Temporals.isoTime(nanos, Temporals.fractionDigits(s)) + "Z";
    }

    private static long epochMicros(String s) {
        Instant i = parseTimestamp(s).toInstant();
        if (i.getNano() % 1_000 != 0) {
            throw CastFailure.FRACTION_LOST;
        }
        try {
            return Temporals.count(i, 1_000_000L);
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    private static long microsOfDay(String s) {
        long nanos = parseTime(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toNanoOfDay();
        if (nanos % 1_000 != 0) {
            throw CastFailure.FRACTION_LOST;
        }
        return nanos / 1_000;
    }
}
