package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigValue;

/** What timestamps and zoned timestamps become: {@code target.type}. */
public enum InstantTarget implements ConfigValue {
    /** ISO-8601 text in {@code target.timezone}, as many fraction digits as the input carries; named {@code io.debezium.time.ZonedTimestamp}. */
    ISO,
    /** Epoch milliseconds, int64. */
    EPOCH_MS,
    /** Epoch microseconds, int64. */
    EPOCH_US,
    /** Epoch nanoseconds, int64. */
    EPOCH_NS,
    /** Connect's {@code Timestamp} (milliseconds). */
    TIMESTAMP,
    /** Text of {@code format.pattern} in {@code target.timezone}. */
    FORMAT
}
