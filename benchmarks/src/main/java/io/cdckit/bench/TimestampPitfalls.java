package io.cdckit.bench;

import io.cdckit.core.time.TemporalType;
import io.cdckit.core.time.Temporals;
import io.cdckit.smt.time.TimestampNormalizer;
import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.Transformation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What Kafka's {@code TimestampConverter$Value} does to the temporal columns Debezium writes by
 * default ({@code time.precision.mode=adaptive}), and, where {@link TimestampBenchmark} leaves rows
 * out, in {@code connect} mode: every case runs the converter on a real row of the test kit's
 * temporal corpus and prints, as a Markdown table, the input, Kafka's configuration, what Kafka
 * gives, what the value is (computed here with {@code java.time} from the input's documented
 * encoding), and what {@code TimestampNormalizer$Value} gives. It fails (an {@code AssertionError})
 * if Kafka's converter gets a case right or TimestampNormalizer gets one wrong, so the table cannot
 * silently go stale when either changes.
 *
 * <p>Usage, from the project root after the build: {@code java -cp "benchmarks/target/classes:$(cat
 * benchmarks/target/jmh-classpath.txt)" io.cdckit.bench.TimestampPitfalls}
 */
public final class TimestampPitfalls {

    private static final DateTimeFormatter MILLIS_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_TEXT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Ours, text in milliseconds as Kafka's pattern writes it. */
    private static final Map<String, String> OURS_TEXT = Map.of("target.type", "format",
            "format.pattern", TimestampScenario.TIMESTAMP_PATTERN, "date.target.type", "iso",
            "time.target.type", "iso");

    /** The same, with PostgreSQL's infinity kept as the text {@code infinity}. */
    private static final Map<String, String> KEEP_TEXT = with(OURS_TEXT, "special.values", "keep");

    private TimestampPitfalls() {
    }

    /**
     * One case.
     *
     * @param mode     the corpus's {@code time.precision.mode}
     * @param row      the row's label
     * @param envelope whether the converter gets the change event (before the unwrap) rather than the row
     * @param column   the column (of {@code after} for an envelope)
     * @param kafka    TimestampConverter$Value's configuration
     * @param ours     TimestampNormalizer$Value's configuration
     * @param correct  what the column's input value is, in Kafka's target representation
     */
    record Case(String mode, String row, boolean envelope, String column, Map<String, String> kafka,
                Map<String, String> ours, Function<Object, Object> correct) {
    }

    static List<Case> cases() {
        String ts = TimestampScenario.KAFKA_TIMESTAMP_PATTERN;
        List<Case> c = new ArrayList<>();
        // MicroTimestamp (int64 us) read as milliseconds, Kafka's default unix.precision
        c.add(new Case("adaptive", "ordinary", false, "stamp6", kafka("stamp6", "string", ts, null),
                with(OURS_TEXT, "stamp6"), v -> MILLIS_TEXT.format(micros(v))));
        // unix.precision=microseconds: TimeUnit truncates toward zero, so before the epoch it is a millisecond late
        c.add(new Case("adaptive", "pre-epoch", false, "stamp6", kafka("stamp6", "string", ts, "microseconds"),
                with(OURS_TEXT, "stamp6"), v -> MILLIS_TEXT.format(micros(v))));
        c.add(new Case("adaptive", "moon landing", false, "stamp6", kafka("stamp6", "string", ts, "microseconds"),
                with(OURS_TEXT, "stamp6"), v -> MILLIS_TEXT.format(micros(v))));
        // unix to unix at microseconds: through a java.util.Date, so the microseconds are lost
        c.add(new Case("adaptive", "ordinary", false, "stamp6", kafka("stamp6", "unix", null, "microseconds"),
                with(Map.of("target.type", "epoch-us"), "stamp6"), v -> v));
        // Debezium's infinity (Long.MAX_VALUE us)
        c.add(new Case("adaptive", "infinity", false, "stamp6", kafka("stamp6", "string", ts, "microseconds"),
                with(KEEP_TEXT, "stamp6"), v -> "infinity"));
        // io.debezium.time.Date, Time: int32, which Kafka's converter has no reading for
        c.add(new Case("adaptive", "ordinary", false, "day", kafka("day", "string", "yyyy-MM-dd", null),
                with(OURS_TEXT, "day"), v -> LocalDate.ofEpochDay(((Number) v).longValue()).toString()));
        c.add(new Case("adaptive", "ordinary", false, "time3", kafka("time3", "string", "HH:mm:ss.SSS", null),
                with(OURS_TEXT, "time3"), v -> TIME_TEXT.format(LocalTime.ofNanoOfDay(((Number) v).longValue()
                        * 1_000_000L))));
        // MicroTime (int64 us past midnight) read as epoch milliseconds
        c.add(new Case("adaptive", "ordinary", false, "time6", kafka("time6", "string", "HH:mm:ss.SSS", null),
                with(OURS_TEXT, "time6"), v -> LocalTime.ofNanoOfDay(((Number) v).longValue() * 1_000L).toString()));
        // ZonedTimestamp text parsed by SimpleDateFormat: six fraction digits are read as milliseconds
        c.add(new Case("adaptive", "ordinary", false, "stamptz6",
                kafka("stamptz6", "unix", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", null),
                with(Map.of("target.type", "epoch-ms"), "stamptz6"), v -> Instant.parse((String) v).toEpochMilli()));
        c.add(new Case("adaptive", "infinity", false, "stamptz6",
                kafka("stamptz6", "unix", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", null),
                with(Map.of("target.type", "epoch-ms", "special.values", "keep"), "stamptz6"),
                v -> Temporals.PG_INFINITY));
        // ZonedTime text
        c.add(new Case("adaptive", "ordinary", false, "timetz6", kafka("timetz6", "string", "HH:mm:ss.SSSSSS'Z'", null),
                with(OURS_TEXT, "timetz6"), v -> v));
        // a column of the row inside the change event, before the unwrap: Kafka's field is a top-level name
        c.add(new Case("adaptive", "ordinary", true, "stamp6", kafka("after.stamp6", "string", ts, "microseconds"),
                with(OURS_TEXT, "stamp6"), v -> MILLIS_TEXT.format(micros(v))));
        // connect mode, the rows TimestampBenchmark leaves out
        c.add(new Case("connect", "infinity", false, "stamp6", kafka("stamp6", "string", ts, null),
                with(KEEP_TEXT, "stamp6"), v -> "infinity"));
        c.add(new Case("connect", "infinity", false, "time6", kafka("time6", "string", "HH:mm:ss.SSS", null),
                with(OURS_TEXT, "time6"), v -> "24:00:00.000"));
        c.add(new Case("connect", "streamed ancient", false, "day", kafka("day", "string", "yyyy-MM-dd", null),
                with(OURS_TEXT, "day"), v -> LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) v).getTime(),
                        86_400_000L)).toString()));
        c.add(new Case("connect", "streamed ancient", false, "stamp6", kafka("stamp6", "string", ts, null),
                with(OURS_TEXT, "stamp6"), v -> MILLIS_TEXT.format(((java.util.Date) v).toInstant())));
        return c;
    }

    private static Instant micros(Object v) {
        return Instant.EPOCH.plus(((Number) v).longValue(), ChronoUnit.MICROS);
    }

    private static Map<String, String> kafka(String field, String target, String format, String precision) {
        Map<String, String> m = new TreeMap<>();
        m.put("field", field);
        m.put("target.type", target);
        if (format != null) {
            m.put("format", format);
        }
        if (precision != null) {
            m.put("unix.precision", precision);
        }
        return m;
    }

    private static Map<String, String> with(Map<String, String> config, String fields) {
        return with(config, "fields", fields);
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> m = new TreeMap<>(config);
        m.put(key, value);
        return m;
    }

    public static void main(String[] args) {
        Map<String, Map<String, SinkRecord>> rows = new LinkedHashMap<>();
        Map<String, Map<String, SinkRecord>> events = new LinkedHashMap<>();
        for (String mode : List.of("adaptive", "connect")) {
            Corpus corpus = Corpus.fromLines(io.cdckit.testkit.fixtures.Fixtures.temporalLines(mode), mode);
            Map<String, SinkRecord> byLabel = new LinkedHashMap<>();
            Map<String, SinkRecord> eventByLabel = new LinkedHashMap<>();
            try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
                unwrap.configure(Map.of());
                for (SinkRecord e : corpus.events) {
                    SinkRecord row = unwrap.apply(Corpus.copy(e));
                    if (row != null && row.value() instanceof Struct s) {
                        byLabel.putIfAbsent(s.getString("label"), row);
                        eventByLabel.putIfAbsent(s.getString("label"), e);
                    }
                }
            }
            rows.put(mode, byLabel);
            events.put(mode, eventByLabel);
        }
        StringBuilder b = new StringBuilder();
        b.append("| mode, row | input column and value | Kafka TimestampConverter$Value | Kafka gives | it is "
                + "| TimestampNormalizer$Value gives |\n");
        b.append("|---|---|---|---|---|---|\n");
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            SinkRecord input = (c.envelope ? events : rows).get(c.mode).get(c.row);
            Struct row = c.envelope ? ((Struct) input.value()).getStruct("after") : (Struct) input.value();
            Object value = row.get(c.column);
            Object correct = c.correct.apply(value);
            String kafka = run(new TimestampConverter.Value<>(), c.kafka, input, c.envelope, c.column);
            String ours = run(new TimestampNormalizer.Value<>(), c.ours, input, c.envelope, c.column);
            Schema columnSchema = row.schema().field(c.column).schema();
            b.append("| ").append(c.mode).append(", ").append(c.row)
                    .append(" | `").append(c.envelope ? "after." : "").append(c.column).append("` (")
                    .append(columnSchema.name().substring(columnSchema.name().lastIndexOf('.') + 1)).append(") ")
                    .append(show(value))
                    .append(" | ").append(config(c.kafka, c.kafka.keySet()))
                    .append(" | ").append(kafka)
                    .append(" | ").append(show(correct))
                    .append(" | ").append(ours).append(" (").append(config(c.ours, relevant(columnSchema)))
                    .append(") |\n");
            if (kafka.equals(show(correct))) {
                failures.add(c.mode + " " + c.row + " " + c.column + ": Kafka gives the correct " + kafka);
            }
            if (!ours.equals(show(correct))) {
                failures.add(c.mode + " " + c.row + " " + c.column + ": TimestampNormalizer gives " + ours
                        + ", not " + show(correct));
            }
        }
        System.out.print(b);
        if (!failures.isEmpty()) {
            throw new AssertionError("the table no longer holds: " + failures);
        }
    }

    /** The column of the transform's output, shown; or the exception it threw. */
    private static String run(Transformation<SinkRecord> t, Map<String, String> config, SinkRecord input,
                              boolean envelope, String column) {
        try {
            t.configure(config);
            SinkRecord out = t.apply(Corpus.copy(input));
            Struct value = (Struct) out.value();
            Struct row = envelope ? value.getStruct("after") : value;
            return show(row.get(column));
        } catch (RuntimeException e) {
            String message = Objects.toString(e.getMessage(), "");
            return "fails: " + e.getClass().getSimpleName() + " \"" + message.replace("|", "\\|") + "\"";
        } finally {
            t.close();
        }
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "`" + v + "`";
        }
        if (v instanceof java.util.Date d) {
            return "Date(" + d.getTime() + " ms)";
        }
        return v.toString();
    }

    /** The configuration keys shown for TimestampNormalizer on a column of this schema: those that act on it. */
    private static Set<String> relevant(Schema column) {
        switch (TemporalType.of(column).kind()) {
            case DATE:
                return Set.of("fields", "date.target.type", "special.values");
            case TIME:
            case ZONED_TIME:
                return Set.of("fields", "time.target.type", "special.values");
            default:
                return Set.of("fields", "target.type", "format.pattern", "special.values");
        }
    }

    private static String config(Map<String, String> config, Set<String> keys) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (keys.contains(e.getKey())) {
                b.append(b.length() == 0 ? "" : ", ").append('`').append(e.getKey()).append('=')
                        .append(e.getValue()).append('`');
            }
        }
        return b.toString();
    }
}
