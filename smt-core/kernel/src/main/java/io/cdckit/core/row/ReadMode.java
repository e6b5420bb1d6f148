package io.cdckit.core.row;

/** How a {@link RowPlan} reads the fields it copies from a {@code Struct}. */
public enum ReadMode {
    /** As stored: a null stays null even where the field's schema has a default (what a changed-field comparison or a faithful copy needs). */
    RAW,
    /** As {@code Struct.get} reads: a null in a field whose schema has a default becomes the default (as Kafka's {@code ReplaceField} copies). */
    DEFAULTS
}
