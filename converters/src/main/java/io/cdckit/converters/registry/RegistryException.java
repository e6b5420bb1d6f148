package io.cdckit.converters.registry;

import org.apache.kafka.connect.errors.DataException;

/**
 * The schema registry refused a request (HTTP 4xx, or the in-memory registry's equivalent): not
 * retriable, retrying the same request gives the same answer. Carries the HTTP status and the
 * registry's {@code error_code} (-1 when unknown), the request path and the subject (null when
 * the request had none). Messages never contain credentials.
 */
public class RegistryException extends DataException {

    private static final long serialVersionUID = 1L;

    /** Confluent's error codes that cdckit handles. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 40901;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int status;
    private final int errorCode;
    private final String path;
    private final String subject;

    public RegistryException(String message, int status, int errorCode, String path, String subject) {
        this(message, status, errorCode, path, subject, null);
    }

    public RegistryException(String message, int status, int errorCode, String path, String subject, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.path = path;
        this.subject = subject;
    }

    /** The HTTP status, or -1. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or -1 if the response had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The request path relative to the registry's base URL, e.g. {@code /subjects/orders-value/versions}. */
    public String path() {
        return path;
    }

    /** The subject of the request, or null. */
    public String subject() {
        return subject;
    }
}
