package io.cdckit.core.path;

import org.apache.kafka.connect.errors.DataException;

/**
 * A field path that does not fit a schema or a value: an unknown field, a path through a primitive,
 * {@code [*]} on something that is not a collection, or conflicting operations on the same field.
 *
 * <p>Messages name paths, segments, field names and types only, never record values (which may
 * hold personal data). The keys of schemaless maps are not listed either, since they may be data.
 */
public final class FieldPathException extends DataException {

    /** @param message the complete message */
    public FieldPathException(String message) {
        super(message);
    }
}
