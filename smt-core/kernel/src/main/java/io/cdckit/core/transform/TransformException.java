package io.cdckit.core.transform;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record a transform cannot handle, in the project's format: transform, problem, field path,
 * where the record is (see {@link CdcTransform#message}); never a value. {@code CdcTransform.apply}
 * throws only these (or {@link org.apache.kafka.connect.errors.RetriableException}s in the same
 * format), whatever went wrong inside.
 */
public final class TransformException extends DataException {

    private final String transform;

    TransformException(String transform, String message, Throwable cause) {
        super(message, cause);
        this.transform = transform;
    }

    /** @return the display name of the transform that failed, e.g. {@code Mask.Value} */
    public String transform() {
        return transform;
    }
}
