package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.FieldPathSyntaxException;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.transform.SideTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Converts the temporal fields of a row to one representation, exactly, in one pass: every field
 * whose schema has a Connect or Debezium temporal name ({@code fields} empty), at any depth and in
 * arrays, or the listed ones, bare numbers and strings with their unit ({@code $envelope.ts_ms:epoch-ms}).
 * Timestamps and zoned timestamps become {@code target.type}; dates and times of day, which are
 * not instants, become {@code date.target.type} and {@code time.target.type}. Counts are split
 * with floor division, so values before the epoch mean the instant they encode; a target coarser
 * than its input truncates toward the past. In row scope ({@code envelope.mode}) both images of a
 * change event are converted alike; schema'd and schemaless, key ({@code TimestampNormalizer$Key})
 * or value ({@code TimestampNormalizer$Value}). {@code record.timestamp.field} makes an instant of
 * the record (its commit time) the record's timestamp.
 *
 * @param <R> the record type
 */
public abstract class TimestampNormalizer<R extends ConnectRecord<R>> extends SideTransform<R> {

    public static final String FIELDS = "fields";
    public static final String TARGET_TYPE = "target.type";
    public static final String FORMAT_PATTERN = "format.pattern";
    public static final String TARGET_TIMEZONE = "target.timezone";
    public static final String SOURCE_TIMEZONE = "source.timezone";
    public static final String DATE_TARGET_TYPE = "date.target.type";
    public static final String TIME_TARGET_TYPE = "time.target.type";
    public static final String SPECIAL_VALUES = "special.values";
    public static final String RECORD_TIMESTAMP_FIELD = "record.timestamp.field";

    private static final String UNITS = "epoch-s, epoch-ms, epoch-us, epoch-ns or iso";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .pathsWithOptionalTarget(FIELDS, "list of path[:unit]", TimestampNormalizer::unitProblem, "The fields "
                    + "to convert, as paths and patterns. Empty: every field whose schema has a temporal name of "
                    + "Connect or Debezium (Date, Time, Timestamp, MicroTime, NanoTime, MicroTimestamp, "
                    + "NanoTimestamp, ZonedTimestamp, ZonedTime, IsoDate, IsoTime, IsoTimestamp), at any depth and "
                    + "in arrays. A field without such a name (a schemaless JSON column, the envelope's ts_ms) is "
                    + "converted when listed with its unit, " + UNITS + ": $envelope.ts_ms:epoch-ms,created:iso.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(TimestampNormalizer::fieldsProblem)
            .choice(TARGET_TYPE, InstantTarget.class, InstantTarget.ISO, "What timestamps and zoned timestamps become. "
                    + "iso: ISO-8601 text in target.timezone with as many fraction digits as the input carries "
                    + "(2024-03-01T10:15:30.123456Z), named io.debezium.time.ZonedTimestamp; epoch-ms, epoch-us, "
                    + "epoch-ns: int64 counts; timestamp: Connect's Timestamp (ms); format: text of format.pattern. "
                    + "A coarser target truncates toward the past.")
            .importance(ConfigDef.Importance.HIGH)
            .string(FORMAT_PATTERN, "", "The java.time DateTimeFormatter pattern of target.type=format, rendered in "
                    + "target.timezone: yyyy-MM-dd HH:mm:ss.SSSXXX.")
            .rule(TimestampNormalizer::formatProblem)
            .importance(ConfigDef.Importance.MEDIUM)
            .string(TARGET_TIMEZONE, "UTC", "The time zone iso and format output is written in: UTC (offset Z), or "
                    + "a zone such as Europe/Berlin or +02:00 (that offset at each instant).")
            .validator(Validators.timeZone())
            .importance(ConfigDef.Importance.MEDIUM)
            .string(SOURCE_TIMEZONE, "UTC", "The time zone of the database's zone-less timestamps (Timestamp, "
                    + "MicroTimestamp, NanoTimestamp, IsoTimestamp, Connect Timestamp; Debezium writes their wall "
                    + "clock as if it were UTC), for databases not running in UTC. In a daylight-saving gap a wall "
                    + "clock moves forward; in an overlap it is the earlier instant.")
            .validator(Validators.timeZone())
            .importance(ConfigDef.Importance.MEDIUM)
            .choice(DATE_TARGET_TYPE, DateTarget.class, DateTarget.KEEP, "What dates become: keep; iso "
                    + "(yyyy-MM-dd text); date (Connect's Date); epoch-days (int32).")
            .choice(TIME_TARGET_TYPE, TimeTarget.class, TimeTarget.KEEP, "What times of day become: keep; iso "
                    + "(HH:mm:ss with the input's fraction digits; a zoned time in UTC with Z); micros (int64 "
                    + "microseconds past midnight); time (Connect's Time, ms). 24:00 stays the end of the day.")
            .choice(SPECIAL_VALUES, SpecialValues.class, SpecialValues.NULL, "What PostgreSQL's infinity and "
                    + "-infinity, and values the target cannot hold (epoch-ns beyond 2262), do: null (the field "
                    + "becomes null; a required field keeps them as keep does); keep (infinity stays infinity in "
                    + "the target: the count Debezium uses in any epoch unit, the text infinity; a value out of "
                    + "range fails); fail (the record fails naming the field).")
            .string(RECORD_TIMESTAMP_FIELD, "", "A path[:unit] whose instant becomes the record's timestamp, so "
                    + "sinks see commit time as event time: $envelope.source.ts_ms before Unwrap, a column such as "
                    + "__source_ts_ms after it. Read from the input record; a bare integer is epoch-ms unless a "
                    + "unit follows. Empty: the timestamp is kept.")
            .validator(Validators.explained("a path[:unit]", TimestampNormalizer::timestampFieldProblem))
            .with(EnvelopeMode::declare)
            .build();

    /** The conversion of the rows (a record with nothing to convert passes as it is). */
    private RowRewrite rows;
    /** Null when the record keeps its timestamp. */
    private RecordTimestamp timestamp;

    protected TimestampNormalizer(Side side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    // ------------------------------------------------------------------ config

    private static String unitProblem(String unit) {
        return InputUnit.parse(unit) == null ? "the unit must be one of " + UNITS : null;
    }

    /** Envelope paths into the row images, and entries that meet on one field. */
    private static String fieldsProblem(ConfigRule.Values values) {
        List<PathMapping> entries = values.pathsWithOptionalTarget(FIELDS);
        if (entries == null) {
            return null; // the validator says why
        }
        for (PathMapping entry : entries) {
            String problem = RowRewrite.envelopePathProblem(entry.path());
            if (problem != null) {
                return "entry '" + entry.entry() + "': " + problem;
            }
        }
        try {
            NormalizerPlans.of(Normalization.DEFAULTS, entries);
            return null;
        } catch (FieldPathException e) {
            return "conflicting entries: " + e.getMessage();
        }
    }

    private static String timestampFieldProblem(Object value) {
        String text = Objects.toString(value, "").trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            PathMapping entry = PathMapping.parse(text, true);
            if (!entry.path().isSingleValued()) {
                return "must name one field (no pattern, no [*])";
            }
            String envelope = RowRewrite.envelopePathProblem(entry.path());
            if (envelope != null) {
                return envelope;
            }
            return entry.hasTarget() ? unitProblem(entry.target()) : null;
        } catch (FieldPathSyntaxException e) {
            return "is not a path[:unit]: " + e.reason() + " (at position " + e.position() + ")";
        }
    }

    private static String formatProblem(ConfigRule.Values values) {
        boolean format = values.choice(TARGET_TYPE, InstantTarget.class) == InstantTarget.FORMAT;
        String pattern = values.string(FORMAT_PATTERN);
        if (pattern == null || pattern.isBlank()) {
            return format ? "must be set when " + TARGET_TYPE + "=format" : null;
        }
        if (!format) {
            return "is used only with " + TARGET_TYPE + "=format (it is " + values.string(TARGET_TYPE) + ")";
        }
        try {
            formatter(pattern).format(OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC));
            return null;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return "is not a DateTimeFormatter pattern that formats an instant with its offset: " + e.getMessage();
        }
    }

    private static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    private static Normalization normalization(TransformConfig config) {
        InstantTarget target = config.getEnum(TARGET_TYPE, InstantTarget.class);
        return new Normalization(target,
                target == InstantTarget.FORMAT ? formatter(config.getString(FORMAT_PATTERN)) : null,
                zone(config.getString(TARGET_TIMEZONE)), zone(config.getString(SOURCE_TIMEZONE)),
                config.getEnum(DATE_TARGET_TYPE, DateTarget.class), config.getEnum(TIME_TARGET_TYPE, TimeTarget.class),
                config.getEnum(SPECIAL_VALUES, SpecialValues.class));
    }

    /** UTC in any spelling is {@code ZoneOffset.UTC}, which the conversions take as their fast path. */
    private static ZoneId zone(String text) {
        ZoneId zone = ZoneId.of(text.trim()).normalized();
        return zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") ? ZoneOffset.UTC : zone;
    }

    // ------------------------------------------------------------------ plan

    @Override
    protected void configure(TransformConfig config) {
        Normalization normalization = normalization(config);
        List<PathMapping> fields = config.getPathsWithOptionalTarget(FIELDS);
        try {
            rows = measured(RowRewrite.of(NormalizerPlans.of(normalization, fields),
                    config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class), schemaCacheSize()));
        } catch (FieldPathException e) {
            throw config.invalid(FIELDS, e.getMessage());
        }
        String field = config.getString(RECORD_TIMESTAMP_FIELD).trim();
        timestamp = field.isEmpty() ? null
                : new RecordTimestamp(PathMapping.parse(field, true), normalization.sourceZone(),
                        normalization.special(), config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class), this::planCache);
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        if (timestamp == null) {
            return rows.apply(record, side, null);
        }
        Long ts = timestamp.read(side.value(record));
        return rows.apply(record, side, null, null, ts == null ? record.timestamp() : ts);
    }

    /** TimestampNormalizer on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends TimestampNormalizer<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** TimestampNormalizer on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends TimestampNormalizer<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
