package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** How a field is masked: {@code mode} and the entries of {@code field.modes}. */
public enum MaskMode implements ConfigValue {
    /** A neutral value of the field's type, or {@code replacement}. */
    REDACT,
    /** Null (optional fields only). */
    NULL,
    /** Some characters kept, the rest {@code mask.char}. */
    PARTIAL,
    /** Salted SHA-256. */
    HASH,
    /** Keyed HMAC-SHA256 token, deterministic. */
    HMAC,
    /** Deterministic authenticated encryption (Tink AES256_SIV), reversible by Unmask. */
    ENCRYPT,
    /** Format-preserving encryption (FF1, FF3-1), reversible by Unmask. */
    FPE;

    /** Whether Unmask can give the original back. */
    boolean reversible() {
        return this == ENCRYPT || this == FPE;
    }
}
