package io.cdckit.core.transform;

/**
 * Stands in, as the cause of a {@link TransformException}, for an exception that did not come from
 * cdckit's own checks (a {@code NumberFormatException}, a {@code ClassCastException} in a function):
 * its class and stack trace are kept, its message is not, since such messages may quote a value
 * ({@code For input string: "4111 1111 1111 1111"}). Connect logs causes and writes them into
 * dead-letter-queue headers, so they must be value-free too.
 */
public final class WithheldException extends RuntimeException {

    private WithheldException(Throwable original) {
        super(original.getClass().getName() + " (message withheld: it may quote record values)",
                original.getCause() == null ? null : of(original.getCause()), false, true);
        setStackTrace(original.getStackTrace());
    }

    /** @return a value-free stand-in for {@code original} and its causes */
    public static WithheldException of(Throwable original) {
        return original instanceof WithheldException ? (WithheldException) original : new WithheldException(original);
    }
}
