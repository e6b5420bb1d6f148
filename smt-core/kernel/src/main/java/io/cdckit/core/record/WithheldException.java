package io.cdckit.core.record;

import org.apache.kafka.connect.errors.DataException;

/**
 * Stands in for an exception whose message may quote a record value (a {@code NumberFormatException}
 * or {@code ClassCastException} in a function, a conversion error of Connect's {@code Values}): its
 * class and stack trace are kept, its message is not ({@code For input string: "4111 1111 1111 1111"}).
 * Connect logs the causes of a failed record and writes them into dead-letter-queue headers, so
 * they must be value-free too.
 */
public final class WithheldException extends RuntimeException {

    /** Connect's value conversions, whose {@code DataException}s quote the value they could not convert. */
    private static final String VALUES = "org.apache.kafka.connect.data.Values";
    private static final String HEADERS = "org.apache.kafka.connect.header.";

    private final String originalClass;

    private WithheldException(Throwable original) {
        super(original.getClass().getName() + " (message withheld: it may quote record values)",
                original.getCause() == null ? null : of(original.getCause()), false, true);
        this.originalClass = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /** The class of the exception this one stands in for, e.g. {@code org.postgresql.util.PSQLException}. */
    public String originalClass() {
        return originalClass;
    }

    /** @return a value-free stand-in for {@code original} and its causes */
    public static WithheldException of(Throwable original) {
        return original instanceof WithheldException ? (WithheldException) original : new WithheldException(original);
    }

    /**
     * Whether a {@code DataException}'s message can be shown: true for those of cdckit and of
     * Connect's data API, which name fields and types; false for one raised in Connect's
     * {@code Values} (its conversion and parsing errors quote the value) or in its headers (a value
     * that does not fit a header's schema is quoted).
     */
    public static boolean isValueFree(DataException e) {
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length == 0 || !(stack[0].getClassName().startsWith(VALUES)
                || stack[0].getClassName().startsWith(HEADERS));
    }
}
