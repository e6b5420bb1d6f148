package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigValue;

/**
 * What PostgreSQL's {@code infinity} and {@code -infinity}, and values the target cannot hold, do:
 * {@code special.values}.
 */
public enum SpecialValues implements ConfigValue {
    /** The field becomes null; a required field keeps the value as {@link #KEEP} does. */
    NULL,
    /**
     * Infinity stays infinity in the target's encoding (the counts PostgreSQL's JDBC driver and
     * Debezium use, {@code infinity} as text); a value the target cannot hold fails the record.
     */
    KEEP,
    /** The record fails with an error naming the field. */
    FAIL
}
