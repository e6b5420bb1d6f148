package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** What {@link Unwrap} does with truncate events. */
public enum TruncateHandling implements ConfigValue {
    /** Drop them, as Debezium's ExtractNewRecordState always does. */
    DROP("drop"),
    /** Pass the truncate envelope on unchanged, for sinks that act on truncates. */
    KEEP("keep");

    private final String text;

    TruncateHandling(String text) {
        this.text = text;
    }

    @Override
    public String configValue() {
        return text;
    }
}
