package io.cdckit.smt.masking.fpe;

import io.cdckit.core.config.ConfigValue;

/**
 * The NIST SP 800-38G format-preserving encryption modes, both on AES. A user writes {@code ff1} or
 * {@code ff3-1} (any case).
 */
public enum FpeAlgorithm implements ConfigValue {

    /**
     * FF1: a tweak of any length (none included), no upper length limit on the enciphered part other
     * than time (its rounds work on numbers the size of the input).
     */
    FF1,

    /**
     * FF3-1: a tweak of exactly 56 bits (7 bytes), and an enciphered part of at most
     * {@code 2 * floor(log_radix(2^96))} characters (56 digits, 32 alphanumerics).
     */
    FF3_1;

    /** {@code ff1} or {@code ff3-1}. */
    @Override
    public String configValue() {
        return this == FF1 ? "ff1" : "ff3-1";
    }

    /** The name in NIST's spelling, for messages: {@code FF1} or {@code FF3-1}. */
    public String nistName() {
        return this == FF1 ? "FF1" : "FF3-1";
    }
}
