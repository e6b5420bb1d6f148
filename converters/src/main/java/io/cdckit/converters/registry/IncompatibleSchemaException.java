package io.cdckit.converters.registry;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility level:
 * Confluent's HTTP 409 / error_code 40901, Apicurio's HTTP 409 / error_code 409, or
 * {@link InMemorySchemaRegistry}'s own check.
 */
public class IncompatibleSchemaException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, int status, int errorCode, String path, String subject) {
        super(message, status, errorCode, path, subject);
    }
}
