package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** What a listed literal field a row schema lacks does: {@code missing.fields}. */
public enum MissingFields implements ConfigValue {
    /** Skipped, with a warning once per schema. */
    IGNORE,
    /** Every record of that schema fails naming the field. */
    FAIL
}
