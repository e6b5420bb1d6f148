package io.cdckit.smt.masking.detect;

import io.cdckit.core.config.ConfigValue;

/**
 * A kind of personal data that {@link ContentScanner} finds inside free text. The text a user
 * configures is the constant's name in lower case ({@code email}, {@code phone}, {@code card},
 * {@code iban}, {@code ipv4}, {@code ipv6}), as {@link ConfigValue} defines it. The rules of each
 * detector are in the {@linkplain io.cdckit.smt.masking.detect package documentation}.
 */
public enum Detector implements ConfigValue {

    /** An e-mail address: a pragmatic subset of RFC 5322's dot-atom form, {@code local@domain.tld}. */
    EMAIL,

    /** A telephone number that libphonenumber finds and holds valid for its region. */
    PHONE,

    /** A payment card number: 13 to 19 digits, optionally grouped, Luhn-valid. */
    CARD,

    /** An International Bank Account Number, valid by the ISO 13616 mod-97 check. */
    IBAN,

    /** An IPv4 address in dotted-decimal form. */
    IPV4,

    /** An IPv6 address in any of RFC 4291's textual forms. */
    IPV6;

    /**
     * Which detector wins when two matches of the same length overlap: the one with the stronger
     * check (a checksum beats a shape, a shape beats libphonenumber's looser match). Higher wins.
     */
    int tiePriority() {
        return switch (this) {
            case IBAN -> 5;
            case CARD -> 4;
            case EMAIL -> 3;
            case IPV6 -> 2;
            case IPV4 -> 1;
            case PHONE -> 0;
        };
    }
}
