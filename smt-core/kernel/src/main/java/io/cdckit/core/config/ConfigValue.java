package io.cdckit.core.config;

import java.util.List;
import java.util.Locale;

/**
 * An enum whose constants a user types in a configuration. Implementing it is all an option enum
 * needs: the text is the constant's name in lower case with {@code _} as {@code -}
 * ({@code REWRITE_WITH_TOMBSTONE} is {@code rewrite-with-tombstone}); matching is case-insensitive.
 *
 * <pre>{@code
 * enum TruncateHandling implements ConfigValue { DROP, KEEP }
 * }</pre>
 *
 * Override {@link #configValue()} only where the text differs from the name, and
 * {@link #configAliases()} for other spellings a user may write (they are accepted, never shown as
 * the recommended value).
 */
public interface ConfigValue {

    /** The text a user writes for this constant. */
    default String configValue() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Other texts accepted for this constant; none by default. */
    default List<String> configAliases() {
        return List.of();
    }

    /** Whether {@code text} (trimmed, any case) names this constant, by its text or an alias. */
    default boolean matches(String text) {
        String s = text.trim();
        if (configValue().equalsIgnoreCase(s)) {
            return true;
        }
        for (String alias : configAliases()) {
            if (alias.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }
}
