package io.cdckit.core.cdc;

/**
 * The family of change-event format a {@link ChangeEvent} was recognised as. Each constant is
 * one that {@link EnvelopeSchema#detect} or {@link ChangeEvents#detect} actually recognises.
 *
 * <p>To add a dialect: add a constant here, teach {@link EnvelopeSchema#detect} (for formats with a
 * Connect schema) and/or {@link ChangeEvents#detect} (for schemaless formats) to recognise it, and,
 * if its fields do not map onto the Debezium layout, give it its own {@link ChangeEvent}
 * implementation.
 */
public enum Dialect {

    /**
     * Debezium's relational connectors (PostgreSQL, MySQL, SQL Server, Oracle, ...): {@code before}
     * and {@code after} are structs (maps when schemaless) holding the row. PostgreSQL
     * logical-decoding message events are also of this dialect.
     */
    DEBEZIUM(false),

    /**
     * Debezium's MongoDB connector: {@code before} and {@code after} are JSON documents carried as
     * strings (schema name {@code io.debezium.data.Json}), and update events may carry an
     * {@code updateDescription} struct.
     */
    DEBEZIUM_MONGODB(true);

    private final boolean rowsAsJsonText;

    Dialect(boolean rowsAsJsonText) {
        this.rowsAsJsonText = rowsAsJsonText;
    }

    /**
     * @return true if the before and after images of this dialect are JSON text (a {@code String})
     *         rather than a {@code Struct} or {@code Map}
     */
    public boolean rowsAsJsonText() {
        return rowsAsJsonText;
    }
}
