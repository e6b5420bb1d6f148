package io.cdckit.smt.routing;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;
import io.cdckit.core.time.TemporalType;
import io.cdckit.core.time.Temporals;

import java.time.DateTimeException;

/**
 * The Kafka timestamp of an {@link OutboxRouter} event, as Debezium's {@code EventRouter} makes it:
 * the change event's {@code ts_ms}; or, with {@code table.field.event.timestamp}, the column's value
 * in milliseconds, a fraction of one dropped toward the epoch as Debezium's integer division drops
 * it ({@code -1500} us is {@code -1} ms), and {@code ts_ms} where the value is null, whatever the
 * column's type. A value of a type that is no timestamp fails naming the column (a plain
 * {@code INT64} too: its unit is unknown). Resolved once per row schema. Immutable.
 */
final class OutboxTimestamp {

    /** No timestamp column: the change event's ts_ms. */
    static final OutboxTimestamp TS_MS = new OutboxTimestamp(null, null, null);

    private final OutboxColumn column;
    /** The column's type; null for schemaless rows (their values say) and for a type that is no timestamp. */
    private final TemporalType type;
    /** Why the column's values cannot be a timestamp, or null. */
    private final String unsupported;

    private OutboxTimestamp(OutboxColumn column, TemporalType type, String unsupported) {
        this.column = column;
        this.type = type;
        this.unsupported = unsupported;
    }

    /** The timestamp of rows whose timestamp column is {@code column} (resolved, or schemaless), or none. */
    static OutboxTimestamp of(OutboxColumn column) {
        if (column == null) {
            return TS_MS;
        }
        if (column.field() == null) {
            return new OutboxTimestamp(column, null, null);
        }
        TemporalType t = TemporalType.of(column.schema());
        if (t == null || (t.kind() != TemporalType.Kind.TIMESTAMP && t.kind() != TemporalType.Kind.ZONED_TIMESTAMP)) {
            return new OutboxTimestamp(column, null, "is " + Describe.schema(column.schema()) + ", not a timestamp "
                    + "(io.debezium.time.Timestamp, MicroTimestamp, NanoTimestamp, ZonedTimestamp, IsoTimestamp or "
                    + "Connect's Timestamp)");
        }
        return new OutboxTimestamp(column, t, null);
    }

    /** The event's timestamp in a row: the column's, or {@code envelopeTs} where it is unset or null. */
    Long of(Object row, Long envelopeTs) {
        if (column == null) {
            return envelopeTs;
        }
        Object t = column.present(row);
        return t == null ? envelopeTs : millis(t);
    }

    private long millis(Object t) {
        if (unsupported != null) {
            throw new FieldPathException(column.path(), unsupported, null);
        }
        TemporalType as = type;
        if (as == null) { // schemaless: text or a Date carries its meaning, a number no unit
            as = t instanceof String ? TemporalType.ZONED_TIMESTAMP
                    : t instanceof java.util.Date ? TemporalType.CONNECT_TIMESTAMP : null;
            if (as == null) {
                throw new FieldPathException(column.path(), "is " + Describe.type(t) + ": a schemaless number has no "
                        + "unit (use ISO-8601 text, or leave table.field.event.timestamp unset)", null);
            }
        }
        try {
            return Temporals.epochMillisTruncated(as, t);
        } catch (DateTimeException e) {
            throw new FieldPathException(column.path(), "is not a timestamp: " + e.getMessage(), null);
        }
    }
}
