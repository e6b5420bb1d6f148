package io.cdckit.smt.time;

import io.cdckit.core.time.TemporalType;
import io.cdckit.core.time.Temporals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * The readers and writers a {@link Conversion} is made of: each input encoding read into one exact
 * value (an {@code Instant}, a day, nanoseconds past midnight) and that value written in the target
 * encoding. Readers throw {@link Special} for PostgreSQL's infinity encodings, writers for values
 * the target cannot hold; {@code DateTimeException}s for malformed input name no value.
 */
final class Conversions {

    private Conversions() {
    }

    /** Reads an instant. */
    interface InstantReader {
        Instant read(Object value);
    }

    /** Writes an instant with {@code digits} fraction digits (text targets), or PostgreSQL's infinity. */
    interface InstantWriter {
        Object write(Instant instant, int digits);

        Object infinity(boolean positive);
    }

    /** Reads a date as days since the epoch. */
    interface DayReader {
        long read(Object value);
    }

    interface DayWriter {
        Object write(long epochDay);

        Object infinity(boolean positive);
    }

    /** Reads a time of day as nanoseconds past midnight (UTC for a zoned time). */
    interface TimeReader {
        long read(Object value);
    }

    interface TimeWriter {
        /** {@code zoned}: the input was a time at an offset, now in UTC. */
        Object write(long nanoOfDay, int digits, boolean zoned);
    }

    // ------------------------------------------------------------------ instants

    /**
     * The reader of a timestamp or zoned timestamp type; zone-less types are wall clocks read in
     * {@code sourceZone}.
     */
    static InstantReader instantReader(TemporalType type, ZoneId sourceZone) {
        switch (type) {
            case CONNECT_TIMESTAMP:
                return v -> wallClock(((java.util.Date) v).getTime(), 1_000L, sourceZone);
            case TIMESTAMP:
            case MICRO_TIMESTAMP:
            case NANO_TIMESTAMP: {
                long unitsPerSecond = type.unitsPerSecond();
                return v -> wallClock(((Number) v).longValue(), unitsPerSecond, sourceZone);
            }
            case ZONED_TIMESTAMP:
                return v -> text((String) v, false, sourceZone);
            case ISO_TIMESTAMP:
                return v -> text((String) v, true, sourceZone);
            default:
                throw new IllegalArgumentException(type + " is not a timestamp");
        }
    }

    /** The reader of a listed field's unit: epoch counts are instants, ISO text without an offset a wall clock. */
    static InstantReader unitReader(InputUnit unit, ZoneId sourceZone) {
        if (unit == InputUnit.ISO) {
            return v -> text((String) v, false, sourceZone);
        }
        long unitsPerSecond = unit.unitsPerSecond();
        return v -> {
            long count = integral(v);
            int infinity = Temporals.pgInfinity(count);
            if (infinity != 0) {
                throw Special.infinity(infinity > 0);
            }
            try {
                return Temporals.instant(count, unitsPerSecond);
            } catch (DateTimeException e) {
                throw Special.OUT_OF_RANGE; // epoch seconds beyond Instant's range
            }
        };
    }

    /** A zone-less count: the wall clock in {@code zone}. */
    private static Instant wallClock(long count, long unitsPerSecond, ZoneId zone) {
        int infinity = Temporals.pgInfinity(count);
        if (infinity != 0) {
            throw Special.infinity(infinity > 0);
        }
        if (zone == ZoneOffset.UTC) {
            return Temporals.instant(count, unitsPerSecond);
        }
        return Temporals.localDateTime(count, unitsPerSecond).atZone(zone).toInstant();
    }

    /**
     * ISO-8601 date-time text. Without an offset it is a wall clock in {@code zone}; with one, the
     * instant it says, except that {@code wallClockZ} reads {@code Z} as Debezium writes zone-less
     * values ({@code IsoTimestamp}), a wall clock in {@code zone} too.
     */
    private static Instant text(String s, boolean wallClockZ, ZoneId zone) {
        if (Temporals.isInfinityText(s)) {
            throw Special.infinity(!s.strip().startsWith("-"));
        }
        TemporalAccessor t = Temporals.parseDateTime(s);
        if (t instanceof OffsetDateTime o && !(wallClockZ && o.getOffset() == ZoneOffset.UTC)) {
            return checked(o.toInstant());
        }
        LocalDateTime local = t instanceof OffsetDateTime o ? o.toLocalDateTime() : (LocalDateTime) t;
        Instant utc = checked(local.toInstant(ZoneOffset.UTC)); // isostring writes infinity as a date-time far away
        return zone == ZoneOffset.UTC ? utc : local.atZone(zone).toInstant();
    }

    private static Instant checked(Instant instant) {
        int infinity = Temporals.pgInfinity(instant);
        if (infinity != 0) {
            throw Special.infinity(infinity > 0);
        }
        return instant;
    }

    static InstantWriter instantWriter(InstantTarget target, ZoneId zone, DateTimeFormatter format) {
        switch (target) {
            case ISO:
                return textWriter((i, digits) -> Temporals.isoInstant(i, digits, zone));
            case FORMAT:
                return textWriter((i, digits) -> format.format(OffsetDateTime.ofInstant(i, zone)));
            case TIMESTAMP:
                return new InstantWriter() {
                    @Override
                    public Object write(Instant instant, int digits) {
                        return new java.util.Date(count(instant, 1_000L));
                    }

                    @Override
                    public Object infinity(boolean positive) {
                        return new java.util.Date(positive ? Temporals.PG_INFINITY : Temporals.PG_MINUS_INFINITY);
                    }
                };
            default:
                // infinity as Debezium writes it: the driver's count in milliseconds, the largest long in finer units
                boolean millis = target == InstantTarget.EPOCH_MS;
                long unitsPerSecond = millis ? 1_000L : target == InstantTarget.EPOCH_US ? 1_000_000L : 1_000_000_000L;
                return new InstantWriter() {
                    @Override
                    public Object write(Instant instant, int digits) {
                        return count(instant, unitsPerSecond);
                    }

                    @Override
                    public Object infinity(boolean positive) {
                        if (millis) {
                            return positive ? Temporals.PG_INFINITY : Temporals.PG_MINUS_INFINITY;
                        }
                        return positive ? Long.MAX_VALUE : Long.MIN_VALUE;
                    }
                };
        }
    }

    private interface TextFormat {
        String format(Instant instant, int digits);
    }

    private static InstantWriter textWriter(TextFormat format) {
        return new InstantWriter() {
            @Override
            public Object write(Instant instant, int digits) {
                try {
                    return format.format(instant, digits);
                } catch (DateTimeException e) {
                    throw Special.OUT_OF_RANGE;
                }
            }

            @Override
            public Object infinity(boolean positive) {
                return positive ? "infinity" : "-infinity";
            }
        };
    }

    private static long count(Instant instant, long unitsPerSecond) {
        try {
            return Temporals.count(instant, unitsPerSecond);
        } catch (DateTimeException e) {
            throw Special.OUT_OF_RANGE;
        }
    }

    // ------------------------------------------------------------------ dates

    static DayReader dayReader(TemporalType type) {
        switch (type) {
            case CONNECT_DATE:
                return v -> day(Temporals.epochDays((java.util.Date) v));
            case DATE:
                return v -> day(((Number) v).longValue());
            case ISO_DATE:
                return v -> {
                    String s = (String) v;
                    if (Temporals.isInfinityText(s)) {
                        throw Special.infinity(!s.strip().startsWith("-"));
                    }
                    return day(Temporals.parseDate(s).toEpochDay());
                };
            default:
                throw new IllegalArgumentException(type + " is not a date");
        }
    }

    private static long day(long epochDay) {
        int infinity = Temporals.pgInfinityDay(epochDay);
        if (infinity != 0) {
            throw Special.infinity(infinity > 0);
        }
        return epochDay;
    }

    static DayWriter dayWriter(DateTarget target) {
        switch (target) {
            case ISO:
                return new DayWriter() {
                    @Override
                    public Object write(long epochDay) {
                        try {
                            return Temporals.isoDate(epochDay);
                        } catch (DateTimeException e) {
                            throw Special.OUT_OF_RANGE;
                        }
                    }

                    @Override
                    public Object infinity(boolean positive) {
                        return positive ? "infinity" : "-infinity";
                    }
                };
            case DATE:
                return new DayWriter() {
                    @Override
                    public Object write(long epochDay) {
                        if (epochDay != (int) epochDay) {
                            throw Special.OUT_OF_RANGE; // a Connect Date is an int32 day
                        }
                        return new java.util.Date(epochDay * Temporals.MILLIS_PER_DAY);
                    }

                    @Override
                    public Object infinity(boolean positive) {
                        return write(positive ? Temporals.PG_DATE_INFINITY : Temporals.PG_DATE_MINUS_INFINITY);
                    }
                };
            case EPOCH_DAYS:
                return new DayWriter() {
                    @Override
                    public Object write(long epochDay) {
                        if (epochDay != (int) epochDay) {
                            throw Special.OUT_OF_RANGE;
                        }
                        return (int) epochDay;
                    }

                    @Override
                    public Object infinity(boolean positive) {
                        return positive ? Temporals.PG_DATE_INFINITY : Temporals.PG_DATE_MINUS_INFINITY;
                    }
                };
            default:
                throw new IllegalArgumentException("no writer for " + target);
        }
    }

    // ------------------------------------------------------------------ times of day

    static TimeReader timeReader(TemporalType type) {
        switch (type) {
            case CONNECT_TIME:
                return v -> Temporals.nanoOfDay(((java.util.Date) v).getTime(), 1_000_000L);
            case TIME:
                return v -> Temporals.nanoOfDay(((Number) v).longValue(), 1_000_000L);
            case MICRO_TIME:
                return v -> Temporals.nanoOfDay(((Number) v).longValue(), 1_000L);
            case NANO_TIME:
                return v -> Temporals.nanoOfDay(((Number) v).longValue(), 1L);
            case ZONED_TIME:
            case ISO_TIME:
                return v -> Temporals.parseTimeOfDay((String) v);
            default:
                throw new IllegalArgumentException(type + " is not a time of day");
        }
    }

    static TimeWriter timeWriter(TimeTarget target) {
        switch (target) {
            case ISO:
                return (nanos, digits, zoned) -> zoned ? Temporals.isoTime(nanos, digits) + "Z"
                        : Temporals.isoTime(nanos, digits);
            case MICROS:
                return (nanos, digits, zoned) -> nanos / 1_000L;
            case TIME:
                return (nanos, digits, zoned) -> new java.util.Date(nanos / 1_000_000L);
            default:
                throw new IllegalArgumentException("no writer for " + target);
        }
    }

    /** An integral schemaless or int32/int64 value. */
    static long integral(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new ClassCastException(); // reported with the value's type by the conversion
    }
}
