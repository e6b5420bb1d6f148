package io.cdckit.core.time;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.util.HashMap;
import java.util.Map;

/**
 * The temporal representations a CDC transform receives, by schema name: Kafka Connect's logical
 * types and Debezium's {@code io.debezium.time} types (with {@code time.precision.mode} =
 * {@code adaptive}, {@code adaptive_time_microseconds}, {@code connect} and {@code isostring}).
 * What each one denotes ({@link Kind}), how it is encoded (a count in a unit, a
 * {@code java.util.Date}, or ISO-8601 text) and how many fraction digits its values carry.
 *
 * <p>Debezium's zone-less types ({@code Timestamp}, {@code MicroTimestamp}, {@code NanoTimestamp},
 * {@code IsoTimestamp}, and Connect's {@code Timestamp} from a zone-less column) encode the wall
 * clock as if it were UTC. {@code Year} and the duration types are not temporal points and are not
 * listed.
 */
public enum TemporalType {
    /** Connect {@code Date}: a {@code java.util.Date} at midnight UTC. */
    CONNECT_DATE(Date.LOGICAL_NAME, Schema.Type.INT32, Kind.DATE, Encoding.DATE_OBJECT, 0),
    /** Connect {@code Time}: a {@code java.util.Date}, milliseconds past midnight. */
    CONNECT_TIME(Time.LOGICAL_NAME, Schema.Type.INT32, Kind.TIME, Encoding.DATE_OBJECT, 3),
    /** Connect {@code Timestamp}: a {@code java.util.Date}, epoch milliseconds. */
    CONNECT_TIMESTAMP(Timestamp.LOGICAL_NAME, Schema.Type.INT64, Kind.TIMESTAMP, Encoding.DATE_OBJECT, 3),
    /** Days since the epoch (int32). */
    DATE("io.debezium.time.Date", Schema.Type.INT32, Kind.DATE, Encoding.COUNT, 0),
    /** Milliseconds past midnight (int32). */
    TIME("io.debezium.time.Time", Schema.Type.INT32, Kind.TIME, Encoding.COUNT, 3),
    /** Microseconds past midnight (int64). */
    MICRO_TIME("io.debezium.time.MicroTime", Schema.Type.INT64, Kind.TIME, Encoding.COUNT, 6),
    /** Nanoseconds past midnight (int64). */
    NANO_TIME("io.debezium.time.NanoTime", Schema.Type.INT64, Kind.TIME, Encoding.COUNT, 9),
    /** Epoch milliseconds of a zone-less wall clock (int64). */
    TIMESTAMP("io.debezium.time.Timestamp", Schema.Type.INT64, Kind.TIMESTAMP, Encoding.COUNT, 3),
    /** Epoch microseconds of a zone-less wall clock (int64). */
    MICRO_TIMESTAMP("io.debezium.time.MicroTimestamp", Schema.Type.INT64, Kind.TIMESTAMP, Encoding.COUNT, 6),
    /** Epoch nanoseconds of a zone-less wall clock (int64). */
    NANO_TIMESTAMP("io.debezium.time.NanoTimestamp", Schema.Type.INT64, Kind.TIMESTAMP, Encoding.COUNT, 9),
    /** An instant as ISO-8601 text with offset, in UTC from Debezium: {@code 2024-03-01T08:15:30.500000Z}. */
    ZONED_TIMESTAMP("io.debezium.time.ZonedTimestamp", Schema.Type.STRING, Kind.ZONED_TIMESTAMP, Encoding.TEXT, -1),
    /** A time of day with offset as ISO-8601 text: {@code 08:15:30.5Z}. */
    ZONED_TIME("io.debezium.time.ZonedTime", Schema.Type.STRING, Kind.ZONED_TIME, Encoding.TEXT, -1),
    /** A date as ISO-8601 text ({@code isostring} mode). */
    ISO_DATE("io.debezium.time.IsoDate", Schema.Type.STRING, Kind.DATE, Encoding.TEXT, 0),
    /** A time of day as ISO-8601 text ({@code isostring} mode). */
    ISO_TIME("io.debezium.time.IsoTime", Schema.Type.STRING, Kind.TIME, Encoding.TEXT, -1),
    /** A zone-less timestamp as ISO-8601 text ({@code isostring} mode). */
    ISO_TIMESTAMP("io.debezium.time.IsoTimestamp", Schema.Type.STRING, Kind.TIMESTAMP, Encoding.TEXT, -1);

    /** What a value denotes. */
    public enum Kind {
        /** A calendar date, no time of day. */
        DATE,
        /** A time of day, no date and no zone. */
        TIME,
        /** A date and time of day without a zone (the database's wall clock). */
        TIMESTAMP,
        /** An instant. */
        ZONED_TIMESTAMP,
        /** A time of day at an offset. */
        ZONED_TIME
    }

    /** How a value is held. */
    public enum Encoding {
        /** An integral count ({@code Integer} or {@code Long}) of {@link #unitsPerSecond()} (days for dates). */
        COUNT,
        /** A {@code java.util.Date} (Connect's logical types): milliseconds. */
        DATE_OBJECT,
        /** ISO-8601 text. */
        TEXT
    }

    private static final Map<String, TemporalType> BY_NAME = new HashMap<>();

    static {
        for (TemporalType t : values()) {
            BY_NAME.put(t.schemaName, t);
        }
    }

    private final String schemaName;
    private final Schema.Type schemaType;
    private final Kind kind;
    private final Encoding encoding;
    private final int fractionDigits;

    TemporalType(String schemaName, Schema.Type schemaType, Kind kind, Encoding encoding, int fractionDigits) {
        this.schemaName = schemaName;
        this.schemaType = schemaType;
        this.kind = kind;
        this.encoding = encoding;
        this.fractionDigits = fractionDigits;
    }

    /**
     * @param schema a field's schema, or null
     * @return the temporal type its name and type make, or null if it is none (no name, another
     *         name, or a known name on the wrong Connect type)
     */
    public static TemporalType of(Schema schema) {
        if (schema == null || schema.name() == null) {
            return null;
        }
        TemporalType t = BY_NAME.get(schema.name());
        return t != null && t.schemaType == schema.type() ? t : null;
    }

    public String schemaName() {
        return schemaName;
    }

    /** The Connect type of the field's schema. */
    public Schema.Type schemaType() {
        return schemaType;
    }

    public Kind kind() {
        return kind;
    }

    public Encoding encoding() {
        return encoding;
    }

    /**
     * @return the fraction digits every value carries (0 for dates, 3 for milliseconds, 6, 9), or -1
     *         for text, whose values carry as many as they are written with
     */
    public int fractionDigits() {
        return fractionDigits;
    }

    /** @return units per second of a count or {@code java.util.Date} (1000 for milliseconds); 0 for dates and text */
    public long unitsPerSecond() {
        if (kind == Kind.DATE || encoding == Encoding.TEXT) {
            return 0;
        }
        switch (fractionDigits) {
            case 3:
                return 1_000L;
            case 6:
                return 1_000_000L;
            default:
                return 1_000_000_000L;
        }
    }
}
