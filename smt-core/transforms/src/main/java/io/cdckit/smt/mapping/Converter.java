package io.cdckit.smt.mapping;

/**
 * Converts one non-null value of a known source representation to the target's; throws
 * {@link CastFailure} when it cannot without losing information, and may throw
 * {@code ClassCastException} for a value of the wrong Java class (the caller reports both).
 */
@FunctionalInterface
interface Converter {

    /** A marker for "no such cast" in caches; never applied. */
    Converter UNSUPPORTED = v -> {
        throw new IllegalStateException("unsupported cast applied");
    };

    /** Leaves the value as it is. */
    Converter IDENTITY = v -> v;

    Object convert(Object value);
}
