package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigValue;

/**
 * What a cast does with a value it cannot convert without losing information (a fraction, a
 * number out of the target's range, a string that is not a number): {@code cast.on.error}.
 * Config texts {@code fail} and {@code null}.
 */
public enum CastOnError implements ConfigValue {
    /**
     * Throw a {@code DataException} naming the field path, the source type and the target (never the
     * value); Connect's {@code errors.tolerance} then decides about the record.
     */
    FAIL,
    /** Write null instead; allowed for optional fields only (checked when the cast is compiled). */
    NULL
}
