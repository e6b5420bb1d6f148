package io.cdckit.core.template;

/**
 * Thrown by {@link Template#parse(String)} when the text is not a valid template. The message has
 * the form {@code Invalid template 'x-${' at position 2: unterminated placeholder}; it names no
 * configuration key, so that callers can wrap it into a ConfigException that does.
 */
public final class TemplateSyntaxException extends IllegalArgumentException {

    private final int position;

    public TemplateSyntaxException(String text, int position, String reason) {
        super("Invalid template '" + text + "' at position " + position + ": " + reason);
        this.position = position;
    }

    /** @return the 0-based position of the problem */
    public int position() {
        return position;
    }
}
