package io.cdckit.converters.registry;

import org.apache.kafka.connect.errors.RetriableException;

/**
 * No schema registry URL answered usefully after every URL and every retry: connection errors,
 * timeouts, HTTP 5xx or 429. A {@code RetriableException}: the Connect runtime retries the
 * conversion while the connector's {@code errors.retry.timeout} lasts (default 0: not at all), then
 * treats it as any other error ({@code errors.tolerance}). {@link #status()} is the last HTTP status
 * seen, or -1 if no URL answered at all.
 */
public class RegistryUnavailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String path;

    public RegistryUnavailableException(String message, int status, String path, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.path = path;
    }

    public int status() {
        return status;
    }

    public String path() {
        return path;
    }
}
