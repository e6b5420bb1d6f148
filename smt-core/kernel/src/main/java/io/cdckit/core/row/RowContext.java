package io.cdckit.core.row;

import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * What the {@link ValueSource}s of a {@link RowPlan} may read for one row of one record: the record
 * (topic, headers, key), the row being rewritten, the change-event envelope around it (null for a
 * plain row), which image it is, and an argument of the transform's own (e.g. the list of changed
 * fields it computed). Made per record and image, and only when a plan has sources; never shared
 * between threads.
 */
public final class RowContext {

    private final ConnectRecord<?> record;
    private final Object row;
    private final Object envelope;
    private final Image image;
    private final Object argument;
    private final boolean partial;

    private RowContext(ConnectRecord<?> record, Object row, Object envelope, Image image, Object argument,
                       boolean partial) {
        this.record = record;
        this.row = row;
        this.envelope = envelope;
        this.image = image;
        this.argument = argument;
        this.partial = partial;
    }

    /**
     * @param record   the record being transformed (may be null in tests)
     * @param row      the input row: a {@code Struct} or {@code Map}
     * @param envelope the envelope value around the row, or null for a plain row
     * @param image    which row this is
     * @param argument the transform's own per-record value, or null
     */
    public static RowContext of(ConnectRecord<?> record, Object row, Object envelope, Image image, Object argument) {
        return new RowContext(record, row, envelope, image, argument, false);
    }

    /** The same context for a partial image (Maxwell's {@code old}: only the columns that changed). */
    RowContext asPartial() {
        return new RowContext(record, row, envelope, image, argument, true);
    }

    /** @return the same context for another row and image of the same record */
    RowContext forImage(Object otherRow, Image otherImage) {
        return new RowContext(record, otherRow, envelope, otherImage, argument, partial);
    }

    public ConnectRecord<?> record() {
        return record;
    }

    /** @return the input row (never modified): a {@code Struct}, or a {@code Map} for schemaless rows */
    public Object row() {
        return row;
    }

    /** @return the change-event envelope (a {@code Struct} or {@code Map}), or null for a plain row */
    public Object envelope() {
        return envelope;
    }

    public Image image() {
        return image;
    }

    public Object argument() {
        return argument;
    }

    /**
     * @return true if the row is a partial image (Maxwell's {@code old}, holding only the columns an
     *         update changed), where a source must not require a column to be there
     */
    public boolean isPartialImage() {
        return partial;
    }

    /** Never shows the row or the envelope: they may hold personal data. */
    @Override
    public String toString() {
        return "RowContext(" + image + ")";
    }
}
