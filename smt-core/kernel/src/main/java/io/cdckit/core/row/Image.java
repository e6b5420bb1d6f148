package io.cdckit.core.row;

/** Which row a {@link RowPlan} is rewriting. */
public enum Image {
    /** The value itself: a plain row, or any value in {@code envelope.mode=off}. */
    VALUE,
    /** A change event's image of the row before the change ({@code before}; Maxwell's {@code old} or deleted {@code data}). */
    BEFORE,
    /** A change event's image of the row after the change ({@code after}; Maxwell's {@code data}). */
    AFTER
}
