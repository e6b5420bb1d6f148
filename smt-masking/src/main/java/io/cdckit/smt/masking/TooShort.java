package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** What a value too short for format-preserving encryption does: {@code fpe.too.short}. */
public enum TooShort implements ConfigValue {
    /** It is redacted, never left in clear. */
    REDACT,
    /** The record fails naming the field. */
    FAIL
}
