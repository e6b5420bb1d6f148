package io.cdckit.smt.time;

/**
 * A value that is not an ordinary point in time, thrown by the readers and writers of
 * {@link Conversions} and handled by the field's {@link Conversion} as {@code special.values} says.
 * The instances are shared and carry no stack trace (and never a value).
 */
final class Special extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** PostgreSQL's {@code infinity}. */
    static final Special INFINITY = new Special("infinity");
    /** PostgreSQL's {@code -infinity}. */
    static final Special MINUS_INFINITY = new Special("-infinity");
    /** A value the target cannot hold (epoch nanoseconds after 2262, ...). */
    static final Special OUT_OF_RANGE = new Special("out of range");

    private Special(String what) {
        super(what, null, false, false);
    }

    boolean isInfinity() {
        return this != OUT_OF_RANGE;
    }

    boolean isPositive() {
        return this == INFINITY;
    }

    static Special infinity(boolean positive) {
        return positive ? INFINITY : MINUS_INFINITY;
    }
}
