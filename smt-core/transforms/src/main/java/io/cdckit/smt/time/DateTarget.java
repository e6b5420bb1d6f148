package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigValue;

/** What dates become: {@code date.target.type}. */
public enum DateTarget implements ConfigValue {
    /** Left as they are. */
    KEEP,
    /** {@code yyyy-MM-dd} text. */
    ISO,
    /** Connect's {@code Date}. */
    DATE,
    /** Days since the epoch, int32. */
    EPOCH_DAYS
}
