package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** How a hash or HMAC is written: {@code hash.output}, {@code hmac.output}. */
public enum TokenFormat implements ConfigValue {
    /** Lower-case hex. */
    HEX,
    /** Base64 (RFC 4648, with padding). */
    BASE64,
    /** An RFC 4122 name-based UUID laid out from the first 16 bytes (HMAC only). */
    UUID
}
