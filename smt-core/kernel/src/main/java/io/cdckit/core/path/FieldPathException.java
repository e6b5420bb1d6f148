package io.cdckit.core.path;

import org.apache.kafka.connect.errors.DataException;

/**
 * A field path that does not fit a schema or a value (an unknown field, a path through a primitive,
 * {@code [*]} on something that is not a collection, conflicting operations on the same field), or
 * a value at a path that an operation cannot take.
 *
 * <p>Messages name paths, segments, field names and types only, never record values (which may
 * hold personal data). The keys of schemaless maps are not listed either, since they may be data.
 * A transform's {@code apply} reports it in the project's format, with {@link #path()} as the field.
 */
public class FieldPathException extends DataException {

    private final String path;

    /** @param message the complete message, naming the path itself */
    public FieldPathException(String message) {
        super(message);
        this.path = null;
    }

    /**
     * @param path    the field path the problem is at (reported separately)
     * @param problem what is wrong, without the path, values or keys
     * @param cause   the underlying exception, or null
     */
    public FieldPathException(String path, String problem, Throwable cause) {
        super(problem, cause);
        this.path = path;
    }

    /** @return the field path reported with the message, or null when the message names it */
    public String path() {
        return path;
    }
}
