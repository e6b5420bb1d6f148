/*
 * Over 400 lines because every encoding's arithmetic is kept in one place, read and written both
 * ways (counts, ISO text, PostgreSQL's infinities), so that the transforms that convert timestamps
 * agree on each edge (before 1970, 24:00, years beyond 9999).
 */
package io.cdckit.core.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact arithmetic on the encodings {@link TemporalType} names: counts split with floor division
 * (so {@code -1} us is {@code 1969-12-31T23:59:59.999999Z}, the instant before the epoch it means;
 * {@link #epochMillisTruncated} divides as Java's {@code /} does, for callers matching a peer that does),
 * times of day up to and including {@code 24:00} (PostgreSQL's {@code time '24:00'}), ISO-8601 text
 * with a fixed number of fraction digits, and PostgreSQL's {@code infinity} encodings. Failures are
 * {@code DateTimeException}s whose messages quote no value. Stateless and thread-safe.
 */
public final class Temporals {

    public static final long MILLIS_PER_DAY = 86_400_000L;
    public static final long NANOS_PER_DAY = 86_400_000_000_000L;
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * PostgreSQL's {@code infinity} timestamp as its JDBC driver encodes it in milliseconds, and
     * Debezium in every millisecond type ({@code Timestamp}, Connect's {@code Timestamp}).
     */
    public static final long PG_INFINITY = 9_223_372_036_825_200_000L;
    /** PostgreSQL's {@code -infinity} timestamp, encoded as {@link #PG_INFINITY} is. */
    public static final long PG_MINUS_INFINITY = -9_223_372_036_832_400_000L;
    /** The instant of {@link #PG_INFINITY} ms, which {@code isostring} mode writes as text. */
    private static final Instant PG_INFINITY_INSTANT = Instant.ofEpochMilli(PG_INFINITY);
    private static final Instant PG_MINUS_INFINITY_INSTANT = Instant.ofEpochMilli(PG_MINUS_INFINITY);
    /**
     * PostgreSQL's {@code infinity} date in days since the epoch, as Debezium's PostgreSQL connector
     * writes it while streaming ({@code +5877611-06-21}).
     */
    public static final int PG_DATE_INFINITY = 2_146_033_979;
    /** PostgreSQL's {@code -infinity} date as Debezium writes it while streaming ({@code -5877611-06-22}). */
    public static final int PG_DATE_MINUS_INFINITY = -2_147_472_691;
    /**
     * The other day counts Debezium writes for {@code infinity}: its snapshot casts the driver's
     * milliseconds to an int32 day ({@code -622191234}), and {@code isostring} mode writes their
     * date ({@code +292278994-08-16}).
     */
    private static final long[] PG_DATE_INFINITY_OTHERS = {-622_191_234L, 106_751_991_166L};
    /** As {@link #PG_DATE_INFINITY_OTHERS}, for {@code -infinity} ({@code +292269055-12-02} in {@code isostring}). */
    private static final long[] PG_DATE_MINUS_INFINITY_OTHERS = {-625_821_272L, 106_748_361_128L};

    /**
     * {@code 2024-03-01T12:00:00.123456} and an offset ({@code Z} for UTC), by fraction digits 0 to
     * 9: for the years {@link #isoInstant} does not write itself (before 0, after 9999).
     */
    private static final DateTimeFormatter[] INSTANT = new DateTimeFormatter[10];
    /** A local date-time with an optional offset, as Debezium's text types write it. */
    private static final DateTimeFormatter DATE_TIME_TEXT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().parseLenient().appendOffsetId().parseStrict().optionalEnd() // +05 too
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    /** {@code 24:00}, the end of the day, with optional zero seconds and an optional offset (group 3). */
    private static final Pattern MIDNIGHT_END = Pattern.compile("24:00(:00(\\.0*)?)?(Z|[+-]\\d\\d(:?\\d\\d)?)?");

    static {
        for (int digits = 0; digits <= 9; digits++) {
            INSTANT[digits] = timeFormat(new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendLiteral('T'), digits).appendOffsetId().toFormatter(Locale.ROOT);
        }
    }

    private Temporals() {
    }

    private static DateTimeFormatterBuilder timeFormat(DateTimeFormatterBuilder b, int digits) {
        b.appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2);
        if (digits > 0) {
            b.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
        }
        return b;
    }

    // ------------------------------------------------------------------ counts

    /** The instant {@code count} units after the epoch ({@code unitsPerSecond} 1, 1000, 10^6 or 10^9), floor-divided. */
    public static Instant instant(long count, long unitsPerSecond) {
        long seconds = Math.floorDiv(count, unitsPerSecond);
        long nanos = Math.floorMod(count, unitsPerSecond) * (NANOS_PER_SECOND / unitsPerSecond);
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The wall clock a zone-less count means ({@link #instant} read in UTC). */
    public static LocalDateTime localDateTime(long count, long unitsPerSecond) {
        long seconds = Math.floorDiv(count, unitsPerSecond);
        long nanos = Math.floorMod(count, unitsPerSecond) * (NANOS_PER_SECOND / unitsPerSecond);
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    /**
     * @return the count of {@code unitsPerSecond} units since the epoch, truncated toward the past
     * @throws DateTimeException if it does not fit a long
     */
    public static long count(Instant instant, long unitsPerSecond) {
        long seconds = instant.getEpochSecond();
        long fraction = instant.getNano() / (NANOS_PER_SECOND / unitsPerSecond);
        try {
            if (seconds < 0 && fraction > 0) { // one second nearer the epoch, so that Long.MIN_VALUE's neighbours fit
                return Math.addExact(Math.multiplyExact(seconds + 1, unitsPerSecond), fraction - unitsPerSecond);
            }
            return Math.addExact(Math.multiplyExact(seconds, unitsPerSecond), fraction);
        } catch (ArithmeticException e) {
            throw new DateTimeException("the instant is beyond the range of a count of 1/" + unitsPerSecond
                    + " s in 64 bits");
        }
    }

    /**
     * @return the day of a Connect {@code Date}
     * @throws DateTimeException if it is not midnight UTC, as a Connect Date must be
     */
    public static long epochDays(java.util.Date connectDate) {
        long ms = connectDate.getTime();
        if (Math.floorMod(ms, MILLIS_PER_DAY) != 0) {
            throw new DateTimeException("the date has a time of day (a Connect Date is midnight UTC)");
        }
        return Math.floorDiv(ms, MILLIS_PER_DAY);
    }

    /**
     * @param count        a time of day in units of {@code nanosPerUnit} ns (10^6 for milliseconds)
     * @return nanoseconds past midnight, {@link #NANOS_PER_DAY} for {@code 24:00}
     * @throws DateTimeException if the count is outside 00:00 to 24:00
     */
    public static long nanoOfDay(long count, long nanosPerUnit) {
        if (count < 0 || count > NANOS_PER_DAY / nanosPerUnit) {
            throw new DateTimeException("the time is outside 00:00 to 24:00");
        }
        return count * nanosPerUnit;
    }

    /**
     * Whether a timestamp count of any unit is one of Debezium's encodings of PostgreSQL's
     * {@code infinity} (1) or {@code -infinity} (-1): {@link #PG_INFINITY} and the largest long
     * (microsecond types), their negatives alike.
     *
     * @return 1, -1, or 0 for an ordinary count
     */
    public static int pgInfinity(long count) {
        if (count == PG_INFINITY || count == Long.MAX_VALUE) {
            return 1;
        }
        return count == PG_MINUS_INFINITY || count == Long.MIN_VALUE ? -1 : 0;
    }

    /** As {@link #pgInfinity(long)}, for an instant read from text ({@code isostring}'s {@code +292278994-08-16T23:00:00Z}). */
    public static int pgInfinity(Instant instant) {
        if (instant.equals(PG_INFINITY_INSTANT)) {
            return 1;
        }
        return instant.equals(PG_MINUS_INFINITY_INSTANT) ? -1 : 0;
    }

    /** As {@link #pgInfinity(long)}, for a day count (or the day of a date read from text). */
    public static int pgInfinityDay(long epochDay) {
        if (epochDay == PG_DATE_INFINITY || contains(PG_DATE_INFINITY_OTHERS, epochDay)) {
            return 1;
        }
        return epochDay == PG_DATE_MINUS_INFINITY || contains(PG_DATE_MINUS_INFINITY_OTHERS, epochDay) ? -1 : 0;
    }

    private static boolean contains(long[] values, long v) {
        for (long x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * The epoch milliseconds of a point in time encoded as {@code type} encodes it, for a Kafka record
     * timestamp: a count of ms, us or ns ({@code io.debezium.time.Timestamp}, {@code MicroTimestamp},
     * {@code NanoTimestamp}; floor-divided), a Connect {@code Timestamp}'s {@code java.util.Date}, or
     * ISO-8601 text ({@code ZonedTimestamp}, and zone-less {@code IsoTimestamp} text read as UTC, as
     * Debezium's zone-less types encode the wall clock); {@code -1} us is {@code -1} ms.
     *
     * @throws IllegalArgumentException if {@code type} is not a timestamp (a date, a time of day)
     * @throws DateTimeException if the value does not have the type's encoding, does not parse, or is
     *         beyond a long of milliseconds (the message quotes nothing)
     */
    public static long epochMillis(TemporalType type, Object value) {
        return epochMillis(type, value, false);
    }

    /**
     * As {@link #epochMillis}, the fraction of a millisecond dropped toward the epoch as Java's
     * {@code /} drops it ({@code -1} us is {@code 0} ms, {@code -1500} us {@code -1}), in every
     * encoding: for a caller matching a peer that divides (Debezium's outbox {@code EventRouter}).
     */
    public static long epochMillisTruncated(TemporalType type, Object value) {
        return epochMillis(type, value, true);
    }

    private static long epochMillis(TemporalType type, Object value, boolean truncate) {
        if (type.kind() != TemporalType.Kind.TIMESTAMP && type.kind() != TemporalType.Kind.ZONED_TIMESTAMP) {
            throw new IllegalArgumentException(type.schemaName() + " is not a timestamp");
        }
        switch (type.encoding()) {
            case COUNT:
                if (!(value instanceof Long) && !(value instanceof Integer)) {
                    throw new DateTimeException("a " + type.schemaName() + " must be an integral count");
                }
                long count = ((Number) value).longValue();
                long unitsPerMilli = type.unitsPerSecond() / 1_000L;
                return truncate ? count / unitsPerMilli : Math.floorDiv(count, unitsPerMilli);
            case DATE_OBJECT:
                if (!(value instanceof java.util.Date)) {
                    throw new DateTimeException("a " + type.schemaName() + " must be a java.util.Date");
                }
                return ((java.util.Date) value).getTime();
            default:
                if (!(value instanceof String)) {
                    throw new DateTimeException("a " + type.schemaName() + " must be text");
                }
                TemporalAccessor t = parseDateTime((String) value);
                Instant instant = t instanceof OffsetDateTime o ? o.toInstant()
                        : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
                try {
                    long ms = instant.toEpochMilli(); // floored
                    return truncate && ms < 0 && instant.getNano() % 1_000_000 != 0 ? ms + 1 : ms;
                } catch (ArithmeticException e) {
                    throw new DateTimeException("the instant is beyond the range of epoch milliseconds in 64 bits");
                }
        }
    }

    // ------------------------------------------------------------------ text out

    /**
     * {@code 2024-03-01T12:00:00.123456Z}: the instant in {@code zone} with exactly {@code digits}
     * fraction digits (truncated, never rounded), the offset {@code Z} in UTC and {@code +02:00}
     * elsewhere; years beyond 9999 signed ({@code +294247-01-10T04:00:25.200Z}).
     */
    public static String isoInstant(Instant instant, int digits, ZoneId zone) {
        ZoneOffset offset = zone instanceof ZoneOffset ? (ZoneOffset) zone : zone.getRules().getOffset(instant);
        long local = instant.getEpochSecond() + offset.getTotalSeconds();
        long day = Math.floorDiv(local, 86_400L);
        if (day < YEAR_0 || day > YEAR_9999_END) { // a sign or more than four digits: java.time's rules
            return INSTANT[digits].format(OffsetDateTime.ofInstant(instant, offset));
        }
        String id = offset.getId(); // Z, +02:00, +05:45:30
        char[] b = new char[20 + (digits > 0 ? digits + 1 : 0) + id.length() - 1];
        int at = date(b, LocalDate.ofEpochDay(day));
        b[at++] = 'T';
        at = time(b, at, Math.floorMod(local, 86_400L) * NANOS_PER_SECOND + instant.getNano(), digits);
        id.getChars(0, id.length(), b, at);
        return new String(b);
    }

    /** The first day of year 0 and the last of year 9999: the years written as four plain digits. */
    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long YEAR_9999_END = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};

    /** Writes {@code yyyy-MM-dd} of a year 0 to 9999 at 0; returns where it ends. */
    private static int date(char[] b, LocalDate d) {
        int year = d.getYear();
        digits(b, 0, year / 100, 2);
        digits(b, 2, year % 100, 2);
        b[4] = '-';
        digits(b, 5, d.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, d.getDayOfMonth(), 2);
        return 10;
    }

    /** Writes {@code HH:mm:ss[.fraction]} of nanoseconds in a day at {@code at}; returns where it ends. */
    private static int time(char[] b, int at, long nanoOfDay, int fractionDigits) {
        long seconds = nanoOfDay / NANOS_PER_SECOND;
        digits(b, at, (int) (seconds / 3600), 2);
        b[at + 2] = ':';
        digits(b, at + 3, (int) (seconds / 60 % 60), 2);
        b[at + 5] = ':';
        digits(b, at + 6, (int) (seconds % 60), 2);
        at += 8;
        if (fractionDigits > 0) {
            b[at++] = '.';
            long fraction = nanoOfDay % NANOS_PER_SECOND / POWERS_OF_TEN[9 - fractionDigits];
            for (int i = at + fractionDigits - 1; i >= at; i--) {
                b[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += fractionDigits;
        }
        return at;
    }

    /** Writes {@code value} as {@code width} digits, zero-padded, at {@code at}. */
    private static void digits(char[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code 2024-03-01}; years beyond 9999 signed, BCE as ISO's negative years. */
    public static String isoDate(long epochDays) {
        return LocalDate.ofEpochDay(epochDays).toString();
    }

    /** {@code 12:00:00.123} with exactly {@code digits} fraction digits; {@link #NANOS_PER_DAY} is {@code 24:00:00}. */
    public static String isoTime(long nanoOfDay, int digits) {
        if (nanoOfDay == NANOS_PER_DAY) {
            return digits == 0 ? "24:00:00" : "24:00:00." + "000000000".substring(0, digits);
        }
        if (nanoOfDay < 0 || nanoOfDay > NANOS_PER_DAY) {
            throw new DateTimeException("the time is outside 00:00 to 24:00");
        }
        char[] b = new char[8 + (digits > 0 ? digits + 1 : 0)];
        time(b, 0, nanoOfDay, digits);
        return new String(b);
    }

    // ------------------------------------------------------------------ text in

    /**
     * Parses ISO-8601 date-time text with or without an offset ({@code ZonedTimestamp},
     * {@code IsoTimestamp}): an {@code OffsetDateTime} when it has one, else a {@code LocalDateTime}.
     *
     * @throws DateTimeException if it is not such text (the message quotes nothing)
     */
    public static TemporalAccessor parseDateTime(String text) {
        try {
            return DATE_TIME_TEXT.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("the value is not an ISO-8601 date-time");
        }
    }

    /**
     * Parses ISO-8601 date text, with an offset or not ({@code IsoDate}): {@code 2024-03-01},
     * {@code 2024-03-01Z}.
     */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.strip(), DateTimeFormatter.ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("the value is not an ISO-8601 date");
        }
    }

    /**
     * Parses ISO-8601 time text with or without an offset ({@code ZonedTime}, {@code IsoTime}):
     * nanoseconds past midnight in UTC when it has an offset, of the wall clock otherwise;
     * {@code 24:00:00} is {@link #NANOS_PER_DAY}.
     */
    public static long parseTimeOfDay(String text) {
        String s = text.strip();
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_TIME.parseBest(s, OffsetTime::from, LocalTime::from);
            if (t instanceof OffsetTime) {
                return ((OffsetTime) t).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toNanoOfDay();
            }
            return ((LocalTime) t).toNanoOfDay();
        } catch (DateTimeParseException e) {
            Matcher end = MIDNIGHT_END.matcher(s);
            if (end.matches()) {
                String offset = end.group(3);
                int seconds = offset == null || offset.equals("Z") ? 0 : ZoneOffset.of(offset).getTotalSeconds();
                // the end of the day at an offset is another time of day in UTC: 24:00+02:00 is 22:00Z
                return seconds == 0 ? NANOS_PER_DAY : Math.floorMod(NANOS_PER_DAY - seconds * NANOS_PER_SECOND,
                        NANOS_PER_DAY);
            }
            throw new DateTimeException("the value is not an ISO-8601 time");
        }
    }

    /** @return the number of fraction digits of (well-formed) ISO-8601 text, 0 to 9 */
    public static int fractionDigits(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        int n = 0;
        for (int i = dot + 1; i < text.length() && n < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            n++;
        }
        return n;
    }

    /** @return true for PostgreSQL's {@code infinity} and {@code -infinity} as text */
    public static boolean isInfinityText(String text) {
        String s = text.strip();
        return s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("-infinity") || s.equalsIgnoreCase("+infinity");
    }
}
