/**
 * Format-preserving encryption (NIST SP 800-38G FF1 and FF3-1 on AES) for the masking transforms:
 * {@link io.cdckit.smt.masking.fpe.FormatPreservingCipher} enciphers the characters of an
 * {@link io.cdckit.smt.masking.fpe.Alphabet} in place, keeps separators and a visible suffix,
 * preserves Luhn validity on request and enciphers {@code long}s keeping sign and digit count.
 * Values it cannot take raise a value-free {@link io.cdckit.smt.masking.fpe.FpeException}.
 */
package io.cdckit.smt.masking.fpe;
