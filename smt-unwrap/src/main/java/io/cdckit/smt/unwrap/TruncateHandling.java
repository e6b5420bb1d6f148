package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** What {@link Unwrap} does with truncate events. */
public enum TruncateHandling implements ConfigValue {
    /** Drop them, as Debezium's ExtractNewRecordState always does. */
    DROP,
    /** Pass the truncate envelope on unchanged, for sinks that act on truncates. */
    KEEP
}
