package io.cdckit.converters.registry;

/** {@link SchemaRegistry#getById} was asked for an id the registry does not have (HTTP 404 / 40403). */
public class SchemaNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int status, int errorCode, String path) {
        super(message, status, errorCode, path, null);
    }
}
