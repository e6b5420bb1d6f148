package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** How a salted hash is written: {@code hash.output} ({@code uuid} is for {@code hmac} only). */
public enum HashOutput implements ConfigValue {
    /** Lower-case hex. */
    HEX(TokenFormat.HEX),
    /** Base64 (RFC 4648, with padding). */
    BASE64(TokenFormat.BASE64);

    private final TokenFormat format;

    HashOutput(TokenFormat format) {
        this.format = format;
    }

    TokenFormat format() {
        return format;
    }
}
