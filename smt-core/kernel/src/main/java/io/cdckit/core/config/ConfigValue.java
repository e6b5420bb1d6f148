package io.cdckit.core.config;

/**
 * An enum whose constants a user types in a configuration. The text is what users write
 * ({@code rewrite-with-tombstone}, {@code keep}); matching is case-insensitive.
 */
public interface ConfigValue {

    /** The text a user writes for this constant. */
    String configValue();
}
