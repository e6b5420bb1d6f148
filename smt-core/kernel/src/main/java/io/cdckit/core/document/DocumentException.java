package io.cdckit.core.document;

import org.apache.kafka.connect.errors.DataException;

/**
 * A document that cannot be read or converted: malformed extended JSON, or a shape the
 * conversion refuses. The message names offsets, field paths and types, never a value.
 */
public class DocumentException extends DataException {

    private static final long serialVersionUID = 1L;

    public DocumentException(String message) {
        super(message);
    }
}
