package io.cdckit.bench;

import io.cdckit.testkit.fixtures.Fixtures;
import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.TimestampConverter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timestamp normalization {@link TimestampBenchmark} measures: every Connect-typed temporal
 * column of the test kit's temporal corpus recorded with {@code time.precision.mode=connect}
 * (table {@code shop.moments}), rendered as ISO-8601 text in UTC, by one
 * {@code io.cdckit.smt.time.TimestampNormalizer$Value} and by the chain it replaces, one Kafka
 * {@code TimestampConverter$Value} per column.
 *
 * <p><b>The configuration pair.</b> The point is that both produce the same record, value
 * <em>and</em> schema, field by field, so the parity check can assert identity. Kafka's converter
 * turns a Connect {@code Date}, {@code Time} or {@code Timestamp} into {@code string} (a
 * {@code SimpleDateFormat} in UTC, a plain string schema), {@code unix} (an int64 of epoch
 * milliseconds, of midnight for a date), or another Connect type. Which of these our targets match:
 * <ul>
 *   <li>timestamps: ours {@code target.type=format} with {@code format.pattern}
 *       {@value #TIMESTAMP_PATTERN} (a {@code DateTimeFormatter}; {@code XXX} is {@code Z} in UTC)
 *       gives plain strings equal to Kafka's {@code string} with {@code format}
 *       {@value #KAFKA_TIMESTAMP_PATTERN} ({@link #MOMENTS}). Ours {@code target.type=iso}, the
 *       default, writes the same text, but names the schema {@code io.debezium.time.ZonedTimestamp}
 *       ({@link #MOMENTS_ISO}: values and types compared, that name allowed);
 *       {@code epoch-ms} against {@code unix} would compare fully too, but is the cheap case of
 *       both and not what a sink wanting text configures.</li>
 *   <li>dates: ours {@code date.target.type=iso} ({@code 2024-03-01}, a plain string) equals
 *       Kafka's {@code string} with {@code yyyy-MM-dd}. Kafka's {@code unix} gives epoch
 *       milliseconds of midnight, which none of our date targets gives (ours: epoch days).</li>
 *   <li>times: ours {@code time.target.type=iso} (a Connect {@code Time} carries milliseconds, so
 *       three fraction digits: {@code 09:30:15.123}) equals Kafka's {@code string} with
 *       {@code HH:mm:ss.SSS}.</li>
 * </ul>
 * So every benchmarked column becomes an optional plain string in both, and the records are
 * compared whole. The {@code ZonedTime} and {@code ZonedTimestamp} columns ({@code timetz6},
 * {@code stamptz6}, {@code stamptz3}) are ISO strings already, which Kafka's converter can only
 * parse with a {@code SimpleDateFormat} (it reads six fraction digits as milliseconds): they are
 * left out of both ({@code fields} lists only the Connect-typed columns), and pass through both
 * unchanged.
 *
 * <p><b>The rows.</b> The corpus's events unwrapped once at setup by Debezium's
 * {@code ExtractNewRecordState} (its defaults), keeping the rows (creates, snapshot reads, the
 * update), except those Kafka's converter renders differently and wrongly, where there is no same
 * work to compare ({@link #unlike}): PostgreSQL's {@code infinity} and {@code -infinity} (ours:
 * null, {@code special.values=null}; Kafka: text such as {@code 292278994-08-16T23:00:00.000Z}
 * or {@code 1701498-03-17}), {@code 24:00} (ours: {@code 24:00:00.000}; Kafka: {@code 00:00:00.000})
 * and dates before the Gregorian calendar's start in October 1582 (Kafka's {@code SimpleDateFormat}
 * switches to the Julian calendar and drops the era: 44 BC comes out as {@code 0044-03-17}). Of the
 * 18 rows, 12 are left: ordinary, pre-epoch, epoch, far-future (9999-12-31), all-null, moon-landing
 * and post-epoch rows. {@code ParityCheck} proves both halves: identical output on every row kept,
 * different output on every row left out. {@code TimestampPitfalls} prints what Kafka gives on them.
 */
public enum TimestampScenario {

    /**
     * The ten temporal columns of {@code shop.moments}, seven of them Connect-typed: those seven to
     * text, the timestamps with {@code target.type=iso} (the default): the same text as Kafka's, in a
     * schema named {@code io.debezium.time.ZonedTimestamp} (values and types compared).
     */
    MOMENTS_ISO("moments, iso", "normalizeMomentsIso", "iso"),
    /** The same seven columns, the timestamps with {@code target.type=format}: plain strings, records compared whole. */
    MOMENTS("moments, format", "normalizeMoments", "format");

    /** The {@code time.precision.mode} of the corpus read. */
    public static final String MODE = "connect";
    /** The columns converted, in both implementations: the Connect-typed ones. */
    public static final List<String> DATES = List.of("day");
    public static final List<String> TIMES = List.of("time6", "time0", "time3");
    public static final List<String> TIMESTAMPS = List.of("stamp6", "stamp0", "stamp3");

    /**
     * {@code format.pattern} of ours ({@code java.time}): {@code uuuu} is the proleptic year,
     * {@code XXX} the offset, {@code Z} in UTC.
     */
    static final String TIMESTAMP_PATTERN = "uuuu-MM-dd'T'HH:mm:ss.SSSXXX";
    /** Kafka's {@code format} ({@code SimpleDateFormat}, which Kafka sets to UTC). */
    static final String KAFKA_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
    static final String KAFKA_DATE_PATTERN = "yyyy-MM-dd";
    static final String KAFKA_TIME_PATTERN = "HH:mm:ss.SSS";

    /** The first year Kafka's {@code SimpleDateFormat} renders in the Gregorian calendar (Julian before 1582-10-15). */
    private static final int FIRST_GREGORIAN_YEAR = 1583;
    /** The last year both write with four digits. */
    private static final int LAST_FOUR_DIGIT_YEAR = 9999;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** Ours' {@code target.type}: {@code iso} or {@code format}. */
    public final String instants;

    TimestampScenario(String label, String method, String instants) {
        this.label = label;
        this.method = method;
        this.instants = instants;
    }

    /** Whether ours names its timestamp columns' schema {@code io.debezium.time.ZonedTimestamp} (Kafka's are plain). */
    public boolean namesTimestamps() {
        return instants.equals("iso");
    }

    /** Every converted column, dates, times, timestamps. */
    public static List<String> columns() {
        List<String> out = new ArrayList<>(DATES);
        out.addAll(TIMES);
        out.addAll(TIMESTAMPS);
        return out;
    }

    /** What the scenario does, for the result table. */
    public String description() {
        return "7 Connect date, time and timestamp columns to ISO text";
    }

    /** {@code io.cdckit.smt.time.TimestampNormalizer$Value}'s configuration. */
    public Map<String, String> normalizerConfig() {
        Map<String, String> c = new LinkedHashMap<>(Map.of(
                "fields", String.join(",", columns()),
                "target.type", instants,
                "date.target.type", "iso",
                "time.target.type", "iso"));
        if (instants.equals("format")) {
            c.put("format.pattern", TIMESTAMP_PATTERN);
        }
        return c;
    }

    /** One {@code TimestampConverter$Value} per column, in column order, as a connector chains them. */
    public List<MappingScenario.KafkaStep> kafkaChain() {
        List<MappingScenario.KafkaStep> out = new ArrayList<>();
        for (String c : columns()) {
            String format = DATES.contains(c) ? KAFKA_DATE_PATTERN
                    : TIMES.contains(c) ? KAFKA_TIME_PATTERN : KAFKA_TIMESTAMP_PATTERN;
            out.add(new MappingScenario.KafkaStep(TimestampConverter.Value::new,
                    Map.of("field", c, "target.type", "string", "format", format)));
        }
        return out;
    }

    /** The scenario measured by a benchmark method, or null. */
    public static TimestampScenario ofMethod(String method) {
        for (TimestampScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }

    /** The temporal corpus of {@link #MODE}, from the test kit on the class path, decoded as {@link Corpus} does. */
    public static Corpus corpus() {
        return Corpus.fromLines(Fixtures.temporalLines(MODE), Fixtures.temporalResource(MODE) + " (class path)");
    }

    /** The unwrapped rows, measured or left out. */
    public static final class Rows {
        /** The rows measured, in corpus order. */
        public final List<SinkRecord> measured;
        /** The rows left out, by label, with why ({@link #unlike}). */
        public final Map<String, String> leftOut;
        /** Every unwrapped row, in corpus order. */
        public final List<SinkRecord> all;

        Rows(List<SinkRecord> measured, Map<String, String> leftOut, List<SinkRecord> all) {
            this.measured = List.copyOf(measured);
            this.leftOut = leftOut;
            this.all = List.copyOf(all);
        }
    }

    /**
     * The input: the corpus's data-change events unwrapped by Debezium's {@code ExtractNewRecordState}
     * (defaults), in corpus order, keeping the records that carry a row; of those, the ones
     * {@link #unlike} finds nothing in are measured.
     *
     * @throws IllegalStateException if a row lacks a column, or a column is not the Connect type expected
     */
    public static Rows rows(Corpus corpus) {
        List<SinkRecord> measured = new ArrayList<>();
        List<SinkRecord> all = new ArrayList<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
            unwrap.configure(Map.of());
            for (SinkRecord event : corpus.events) {
                SinkRecord row = unwrap.apply(Corpus.copy(event));
                if (row == null || !(row.value() instanceof Struct)) {
                    continue;
                }
                requireColumns(row.valueSchema(), corpus.origin);
                all.add(row);
                String why = unlike((Struct) row.value());
                if (why == null) {
                    measured.add(row);
                } else {
                    leftOut.put(label(row), why);
                }
            }
        }
        if (measured.isEmpty()) {
            throw new IllegalStateException("the corpus " + corpus.origin + " has no rows both implementations "
                    + "convert alike");
        }
        return new Rows(measured, leftOut, all);
    }

    /** The row's {@code label} column (what the row is: ordinary, pre-epoch, ...). */
    static String label(SinkRecord row) {
        return ((Struct) row.value()).getString("label");
    }

    /**
     * Why Kafka's converter cannot give this row what TimestampNormalizer gives it, or null if it
     * can: a date or timestamp outside the years 1583 to 9999 (PostgreSQL's infinities as the
     * connector encodes them are far outside; before 1583 {@code SimpleDateFormat} is Julian), or a
     * time of day of {@code 24:00}, which a {@code java.util.Date} of the day's length renders as
     * the next midnight.
     */
    static String unlike(Struct row) {
        for (String c : DATES) {
            java.util.Date d = (java.util.Date) row.get(c);
            if (d != null && !ordinaryYear(d)) {
                return c + " in year " + year(d);
            }
        }
        for (String c : TIMESTAMPS) {
            java.util.Date d = (java.util.Date) row.get(c);
            if (d != null && !ordinaryYear(d)) {
                return c + " in year " + year(d);
            }
        }
        for (String c : TIMES) {
            java.util.Date d = (java.util.Date) row.get(c);
            if (d != null && d.getTime() >= MILLIS_PER_DAY) {
                return c + " is 24:00";
            }
        }
        return null;
    }

    private static boolean ordinaryYear(java.util.Date d) {
        int year = year(d);
        return year >= FIRST_GREGORIAN_YEAR && year <= LAST_FOUR_DIGIT_YEAR;
    }

    /** The proleptic Gregorian year in UTC (ISO: 0 is 1 BC). */
    private static int year(java.util.Date d) {
        return Instant.ofEpochMilli(d.getTime()).atOffset(ZoneOffset.UTC).getYear();
    }

    private static void requireColumns(Schema row, String origin) {
        for (String c : columns()) {
            Schema s = row.field(c) == null ? null : row.field(c).schema();
            String expected = DATES.contains(c) ? org.apache.kafka.connect.data.Date.LOGICAL_NAME
                    : TIMES.contains(c) ? org.apache.kafka.connect.data.Time.LOGICAL_NAME
                    : org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME;
            if (s == null || !expected.equals(s.name())) {
                throw new IllegalStateException("a row of " + origin + " has no column '" + c + "' of type "
                        + expected + " (schema " + row.name() + "); is it the " + MODE + " mode corpus?");
            }
        }
    }
}
