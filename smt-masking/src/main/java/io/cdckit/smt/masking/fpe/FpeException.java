package io.cdckit.smt.masking.fpe;

/**
 * A value format-preserving encryption cannot encipher or decipher. Its message names the reason
 * and the limits involved (radix, lengths of the algorithm), never the value, plain or enciphered,
 * nor its length. {@link #reason()} tells the caller what to do: a {@link Reason#TOO_SHORT} value
 * may be redacted instead, the others are failures.
 */
public final class FpeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a value could not be enciphered or deciphered. */
    public enum Reason {
        /**
         * The enciphered part is shorter than NIST SP 800-38G allows: fewer than 2 characters, or
         * {@code radix^length < 1,000,000} (a domain that small could be enumerated). For a
         * {@code long}: fewer than 6 digits.
         */
        TOO_SHORT,
        /** The enciphered part is longer than FF3-1's maximum, {@code 2 * floor(log_radix(2^96))}. */
        TOO_LONG,
        /**
         * Cycle-walking (Luhn, or a {@code long}'s leading digit and range) took more steps than its
         * bound; for a valid input this happens with a probability below 2^-150 (see
         * {@link FormatPreservingCipher}).
         */
        WALK_LIMIT
    }

    private final Reason reason;

    FpeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the value could not be processed. */
    public Reason reason() {
        return reason;
    }

    /** Whether the value was too short to encipher ({@link Reason#TOO_SHORT}): a caller may redact it instead. */
    public boolean isTooShort() {
        return reason == Reason.TOO_SHORT;
    }
}
