package io.cdckit.core.path;

/**
 * Thrown by {@link FieldPath#parse(String)} when the text is not a valid field path.
 *
 * <p>The message has the form {@code Invalid field path 'a..b' at position 2: empty segment}. It
 * does not name any configuration key, so callers can wrap it into a
 * {@link org.apache.kafka.common.config.ConfigException} that does.
 */
public final class FieldPathSyntaxException extends IllegalArgumentException {

    /** The text that failed to parse. */
    private final String text;
    /** The 0-based position of the problem. */
    private final int position;
    /** What is wrong. */
    private final String reason;

    /**
     * @param text     the text that failed to parse
     * @param position the 0-based position of the problem in {@code text}
     * @param reason   what is wrong, e.g. {@code "empty segment"}
     */
    public FieldPathSyntaxException(String text, int position, String reason) {
        super("Invalid field path '" + text + "' at position " + position + ": " + reason);
        this.text = text;
        this.position = position;
        this.reason = reason;
    }

    /** @return the text that failed to parse */
    public String text() {
        return text;
    }

    /** @return the 0-based position of the problem in {@link #text()} */
    public int position() {
        return position;
    }

    /** @return what is wrong, without the text or the position */
    public String reason() {
        return reason;
    }
}
