package io.cdckit.smt.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The converters of temporal values to {@code string} (ISO-8601) and {@code int64} (a count in the
 * type's own unit); see {@link Casts}. Counts are split with floor division, so a pre-epoch value
 * is the instant before the epoch it means ({@code -1} us is {@code 1969-12-31T23:59:59.999999Z}).
 */
final class TemporalCasts {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    /** By number of fraction digits, 0 to 9: {@code 2024-03-01T12:00:00.123456Z}. */
    private static final DateTimeFormatter[] TIMESTAMP = new DateTimeFormatter[10];
    /** By number of fraction digits, 0 to 9: {@code 12:00:00.123}. */
    private static final DateTimeFormatter[] TIME = new DateTimeFormatter[10];

    static {
        for (int digits = 0; digits <= 9; digits++) {
            TIMESTAMP[digits] = time(new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T'), digits)
                    .appendLiteral('Z').toFormatter(Locale.ROOT);
            TIME[digits] = time(new DateTimeFormatterBuilder(), digits).toFormatter(Locale.ROOT);
        }
    }

    private TemporalCasts() {
    }

    private static DateTimeFormatterBuilder time(DateTimeFormatterBuilder b, int digits) {
        b.appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2);
        if (digits > 0) {
            b.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
        }
        return b;
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
        long ms = d.getTime();
        if (Math.floorMod(ms, MILLIS_PER_DAY) != 0) {
            throw CastFailure.DATE_WITH_TIME;
        }
        return Math.floorDiv(ms, MILLIS_PER_DAY);
    }

    /** {@code 2024-03-01}; years beyond 9999 signed ({@code +10000-01-01}), BCE as ISO's negative years. */
    private static String date(long epochDays) {
        try {
            return LocalDate.ofEpochDay(epochDays).toString();
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    /**
     * A time of day with {@code digits} fraction digits; exactly one day is {@code 24:00:00} (as
     * PostgreSQL's {@code time '24:00'}), anything outside a day fails.
     */
    private static String timeOfDay(long count, long nanosPerUnit, int digits) {
        long day = NANOS_PER_DAY / nanosPerUnit;
        if (count < 0 || count > day) {
            throw CastFailure.TIME_OUT_OF_DAY;
        }
        if (count == day) {
            return digits == 0 ? "24:00:00" : "24:00:00." + "000000000".substring(0, digits);
        }
        return TIME[digits].format(LocalTime.ofNanoOfDay(count * nanosPerUnit));
    }

    /** An epoch count as a UTC timestamp with the unit's fraction digits. */
    private static String timestamp(long count, long unitsPerSecond, int digits) {
        long seconds = Math.floorDiv(count, unitsPerSecond);
        long nanos = Math.floorMod(count, unitsPerSecond) * (1_000_000_000L / unitsPerSecond);
        try {
            return TIMESTAMP[digits].format(LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE;
        }
    }

    private static OffsetDateTime parseTimestamp(String s) {
        try {
            return OffsetDateTime.parse(s.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw CastFailure.NOT_A_TIMESTAMP; // its message quotes the text: dropped
        }
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
            return TIMESTAMP[fractionDigits(s)].format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } catch (DateTimeException e) {
            throw CastFailure.OUT_OF_RANGE; // beyond the largest year once in UTC
        }
    }

    /** A zoned time in UTC, {@code 12:00:00.123Z}, with as many fraction digits as the text has. */
    private static String zonedTime(String s) {
        OffsetTime t = parseTime(s);
        return TIME[fractionDigits(s)].format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime()) + "Z";
    }

    private static long epochMicros(String s) {
        Instant i = parseTimestamp(s).toInstant();
        if (i.getNano() % 1_000 != 0) {
            throw CastFailure.FRACTION_LOST;
        }
        try {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
        } catch (ArithmeticException e) {
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

    /** The number of digits after the first {@code .} of a (parsed, so well-formed) ISO text. */
    private static int fractionDigits(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        int n = 0;
        for (int i = dot + 1; i < s.length() && n < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            n++;
        }
        return n;
    }
}
