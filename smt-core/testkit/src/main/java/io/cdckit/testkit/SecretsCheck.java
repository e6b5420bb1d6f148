package io.cdckit.testkit;

import io.cdckit.core.config.Validators;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secret contract of a plugin's {@code ConfigDef}, for transforms (through
 * {@link TransformContract}) and converters alike: every PASSWORD key refuses an empty value
 * naming the key; no PASSWORD key and no key marked sensitive shows its value, neither in
 * {@code ConfigDef.validate} (Connect's validate endpoint), nor in what {@code configure} throws,
 * nor in the configured plugin's {@code toString}; and no text key is named like a secret without
 * being one, unless the plugin's test declares it a key that only names something
 * ({@code table.field.event.key} names a column: its value is a column name, shown in messages as
 * any column name is).
 */
public final class SecretsCheck {

    /** What a secret is set to in the checks; must never appear anywhere. */
    public static final String SECRET = "c0ntract-s3cret-7f1e";

    /** Names whose last part says "secret": such a text key must be a PASSWORD or marked sensitive. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(.*\\.)?(password|secret|token|credentials?|user\\.info|key|keyset|salt)");

    private SecretsCheck() {
    }

    /**
     * @param def       the plugin's definition
     * @param valid     a valid configuration
     * @param configure configures a new plugin with a configuration and returns it (or throws)
     * @return how many secret keys were checked
     */
    public static int assertSecretsNeverShown(ConfigDef def, Map<String, String> valid,
                                              Function<Map<String, String>, Object> configure) {
        return assertSecretsNeverShown(def, valid, configure, Set.of());
    }

    /**
     * As {@link #assertSecretsNeverShown(ConfigDef, Map, Function)}, with text keys that are named
     * like a secret but only name something (a column, a field): {@code notSecrets}. Each must be a
     * key of {@code def} that is named like a secret and is not marked as one, so that a declaration
     * that no longer holds fails.
     */
    public static int assertSecretsNeverShown(ConfigDef def, Map<String, String> valid,
                                              Function<Map<String, String>, Object> configure,
                                              Set<String> notSecrets) {
        for (String name : notSecrets) {
            ConfigDef.ConfigKey key = def.configKeys().get(name);
            assertTrue(key != null, name + " is declared not a secret, but the plugin has no such key");
            assertTrue(SECRET_NAME.matcher(name).matches(), name + " is declared not a secret, but is not named like one");
            assertFalse(Validators.isSecret(key), name + " is declared not a secret, but is marked as one");
        }
        int checked = 0;
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            boolean text = key.type == ConfigDef.Type.STRING || key.type == ConfigDef.Type.LIST
                    || key.type == ConfigDef.Type.PASSWORD;
            if (text && SECRET_NAME.matcher(key.name).matches() && !notSecrets.contains(key.name)) {
                assertTrue(Validators.isSecret(key), key.name + " is named like a secret: make it a PASSWORD or "
                        + "sensitive(), or, if its value only names a column or field, declare it not a secret");
            }
            if (!Validators.isSecret(key)) {
                continue;
            }
            checked++;
            if (key.type == ConfigDef.Type.PASSWORD) {
                Map<String, String> empty = new HashMap<>(valid);
                empty.put(key.name, "");
                ConfigException e = assertThrows(ConfigException.class, () -> configure.apply(empty), key.name);
                assertTrue(e.getMessage().contains(key.name), e.getMessage());
            }
            Map<String, String> secret = new HashMap<>(valid);
            secret.put(key.name, SECRET);
            for (ConfigValue v : def.validate(secret)) {
                v.errorMessages().forEach(m -> assertFalse(m.contains(SECRET), key.name + ": " + m));
            }
            try {
                Object configured = configure.apply(secret);
                assertFalse(String.valueOf(configured).contains(SECRET), "toString shows " + key.name);
            } catch (RuntimeException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    assertFalse(String.valueOf(c.getMessage()).contains(SECRET), key.name + ": " + c);
                }
            }
        }
        return checked;
    }
}
