/**
 * Content detection: finding personal data inside free text, for masking it while keeping the
 * rest of the text. {@link io.cdckit.smt.masking.detect.ContentScanner} runs a set of
 * {@link io.cdckit.smt.masking.detect.Detector}s over a text and reports
 * {@link io.cdckit.smt.masking.detect.Match}es or replaces them.
 *
 * <h2>Word boundaries</h2>
 * A <em>word character</em> is a letter or a digit of any script, or {@code _}. No match starts
 * right after a word character or ends right before one, so data glued into a longer token
 * ({@code x4111111111111111}, {@code ipv4=10.0.0.1x}, {@code joséjohn@example.com}) is not taken
 * for personal data. Punctuation around a match (quotes, brackets, a sentence's final period,
 * {@code mailto:}) is not part of it.
 *
 * <h2>The detectors</h2>
 * <ul>
 * <li>{@code email}: a local part of ASCII letters, digits and {@code .!#$%&'*+/=?^_`{|}~-}, not
 *     ending with a dot and without {@code ..}, starting at its first letter, digit or {@code _}
 *     (so quotes and brackets around it stay outside; where a {@code ..} precedes, the address is
 *     what follows it); {@code @}; two or more dot-separated labels of ASCII letters, digits and
 *     hyphens (no label starts or ends with a hyphen, none is longer than 63), the last a
 *     top-level domain of two or more letters. Quoted local parts, address literals
 *     ({@code [192.0.2.1]}), internationalized addresses and punycode top-level domains are not
 *     found. Lengths beyond the label limit are not checked: a too-long address is still masked.
 * <li>{@code phone}: libphonenumber's matcher ({@code PhoneNumberUtil.findNumbers}) with leniency
 *     {@code VALID}, reading numbers without a country code in the configured region; numbers
 *     with fewer than 5 digits in their national significant number are not reported.
 *     {@code POSSIBLE} was rejected: it adds order numbers and pieces of IBANs and finds no
 *     common format {@code VALID} misses ({@code +47 912 34 567}, {@code 912 34 567},
 *     {@code (415) 555-2671}, {@code 415.555.2671}, {@code +1-415-555-2671} are all found).
 * <li>{@code card}: 13 to 19 ASCII digits together, or in groups separated by single spaces or
 *     single hyphens (one kind a number; every group but the last of 3 or more digits), Luhn-valid,
 *     starting with 2 to 6 (the payment-card issuers; this keeps out epoch-millisecond
 *     timestamps). A run of 20 digits holds no card number; digits after a card number in a
 *     further group (a security code) do not hide it.
 * <li>{@code iban}: two letters, two check digits and letters and digits, together or in groups of
 *     four separated by single spaces, valid by the mod-97 check of ISO 13616. For the roughly 90
 *     countries of the IBAN registry the length must be the country's (any letter case); other
 *     country codes must be in capitals and 15 to 34 characters long.
 * <li>{@code ipv4}: four dotted decimal octets 0 to 255, without leading zeros, not part of a
 *     longer dotted number ({@code 1.2.3.4.5} holds none).
 * <li>{@code ipv6}: the RFC 4291 text forms, {@code ::} compression and an embedded IPv4 tail
 *     included; parsed here, never resolved. The bare {@code ::} is not taken.
 * </ul>
 *
 * <h2>Overlaps</h2>
 * Matches of different detectors may overlap (an IPv4 address is the tail of an IPv6 address; a
 * run of digits in an IBAN can be a valid phone or card number; a phone number can be the local
 * part of an e-mail address). The result never overlaps: the longer match is kept; of two as long,
 * the one that starts first; of two at the same place, the one with the stronger check: iban, card,
 * email, ipv6, ipv4, phone. Matches are weighed longest first against those kept so far, so a
 * shorter match survives where it overlaps nothing longer that was kept.
 *
 * <h2>Cost</h2>
 * Every detector is a single forward scan without backtracking except the phone detector, which is
 * libphonenumber's matcher. One pass over the text first records what each detector needs before
 * it can match (an {@code @}; 13 ASCII digits; two colons; three dots; a cluster of 5 digits), and a
 * detector whose need is not met is not run. A text without matches allocates nothing unless the
 * phone detector runs.
 */
package io.cdckit.smt.masking.detect;
