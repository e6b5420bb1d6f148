package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** What {@link Unwrap} does with a Canal message carrying several rows ({@code canal.multi.row}). */
public enum CanalMultiRow implements ConfigValue {
    /** Fail the record with a DataException that says so and what to do. */
    FAIL,
    /** Keep the first row, as the other dialects carry one; the others are not emitted. */
    FIRST
}
