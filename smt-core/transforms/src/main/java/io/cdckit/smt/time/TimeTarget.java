package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigValue;

/** What times of day become: {@code time.target.type}. */
public enum TimeTarget implements ConfigValue {
    /** Left as they are. */
    KEEP,
    /** {@code HH:mm:ss[.fraction]} text, as many fraction digits as the input carries ({@code Z} after a zoned time). */
    ISO,
    /** Microseconds past midnight, int64. */
    MICROS,
    /** Connect's {@code Time} (milliseconds). */
    TIME
}
