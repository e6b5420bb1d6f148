package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PASSWORD keys and keys marked sensitive never show their value; empty secrets are rejected. */
class SecretsTest {

    private static final String SECRET = "s3cr3t-value";

    private static final ConfigDef DEF = ConfigKeys.define()
            .password("hmac.key", "The key.")
            .validator(Validators.of("at least 16 characters", v -> v.toString().length() >= 16))
            .password("salt", "A salt.").required()
            .string("jdbc.url", null, "A URL that may hold credentials.").sensitive()
            .validator(Validators.of("a jdbc: URL", v -> v.toString().startsWith("jdbc:")))
            .string("name", null, "Not secret.")
            .build();

    private static Map<String, String> props(String... kv) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        m.put("salt", "pepper");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void validatorsOfSecretKeysNeverEchoTheValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("hmac.key", SECRET)));
        assertTrue(e.getMessage().contains("hmac.key"), e.getMessage());
        assertTrue(e.getMessage().contains("16 characters"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        ConfigException url = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("jdbc.url", "postgres://u:" + SECRET + "@db")));
        assertTrue(url.getMessage().contains("jdbc.url"), url.getMessage());
        assertFalse(url.getMessage().contains(SECRET), url.getMessage());
        ConfigException colon = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("jdbc.url", "Authorization: Bearer " + SECRET)));
        assertTrue(colon.getMessage().contains("a jdbc: URL"), colon.getMessage());
        assertFalse(colon.getMessage().contains("Bearer"), "no part of a value holding ': ' " + colon.getMessage());
        assertFalse(colon.getMessage().contains(SECRET), colon.getMessage());
    }

    @Test
    void theValidateEndpointPathNeverEchoesThemEither() {
        for (ConfigValue v : DEF.validate(props("hmac.key", SECRET, "jdbc.url", "x:" + SECRET))) {
            for (String m : v.errorMessages()) {
                assertFalse(m.contains(SECRET), v.name() + ": " + m);
            }
        }
        assertTrue(DEF.validate(props("hmac.key", SECRET)).stream()
                .anyMatch(v -> v.name().equals("hmac.key") && !v.errorMessages().isEmpty()));
    }

    @Test
    void crossKeyErrorsHideSecretValues() {
        TransformConfig c = new TransformConfig(DEF, props("hmac.key", "0123456789abcdef" + SECRET,
                "jdbc.url", "jdbc:" + SECRET, "name", "visible"));
        assertFalse(c.invalid("hmac.key", "is not hex").getMessage().contains(SECRET));
        assertTrue(c.invalid("hmac.key", "is not hex").getMessage().contains(Validators.HIDDEN));
        assertFalse(c.invalid("jdbc.url", "must name a host").getMessage().contains(SECRET));
        assertTrue(c.invalid("name", "is taken").getMessage().contains("visible"), "other values are shown");
        assertFalse(c.toString().contains(SECRET));
        assertFalse(c.toString().contains("pepper"));
    }

    @Test
    void emptySecretsAreRejectedNamingTheKey() {
        for (String empty : new String[]{"", "   "}) {
            ConfigException e = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("hmac.key", empty)));
            assertTrue(e.getMessage().contains("hmac.key"), e.getMessage());
            ConfigException required = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("salt", empty)));
            assertTrue(required.getMessage().contains("salt"), required.getMessage());
        }
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, Map.of("hmac.key", "0123456789abcdef")));
        assertTrue(missing.getMessage().contains("salt"), missing.getMessage());
    }

    @Test
    void secretKeysAreKnownAsSuch() {
        assertTrue(Validators.isSecret(DEF.configKeys().get("hmac.key")));
        assertTrue(Validators.isSecret(DEF.configKeys().get("salt")));
        assertTrue(Validators.isSecret(DEF.configKeys().get("jdbc.url")));
        assertFalse(Validators.isSecret(DEF.configKeys().get("name")));
        assertEquals(List.of("hmac.key", "salt", "jdbc.url", "name", ConfigKeys.SCHEMA_CACHE_SIZE),
                List.copyOf(DEF.configKeys().keySet()));
    }
}
