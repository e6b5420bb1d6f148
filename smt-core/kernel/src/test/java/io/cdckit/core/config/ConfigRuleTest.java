package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-key rules: one declaration, checked by {@code configure()} and shown by ConfigDef's
 * validation (what Connect's validate endpoint runs) on the key it concerns, with one message.
 */
class ConfigRuleTest {

    enum Color implements io.cdckit.core.config.ConfigValue {
        RED, BLUE
    }

    private static final ConfigDef DEF = ConfigKeys.define()
            .string("legacy.mode", null, "Old key.")
            .string("mode", null, "New key.")
            .rule(v -> v.isSet("mode") && v.isSet("legacy.mode") ? "cannot be combined with legacy.mode" : null)
            .list("names", "Names.")
            .rule(v -> v.list("names").size() == v.list("names").stream().distinct().count() ? null
                    : "holds a name twice")
            .choice("color", Color.class, Color.RED, "A color.")
            .rule(v -> v.bool("strict", false) && !v.isSet("names") ? "needs names when strict is true" : null)
            .bool("strict", false, "Strict.")
            .password("token", "A token.")
            .rule(v -> v.isSet("token") && v.isSet("mode") ? "not together with mode" : null)
            .build();

    /** The errors ConfigDef's validation reports, by key. */
    private static Map<String, List<String>> validate(ConfigDef def, Map<String, String> props) {
        return def.validate(props).stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static String configureError(Map<String, String> props) {
        return assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props)).getMessage();
    }

    @Test
    void aRuleFailsConfigureAndValidationWithOneMessageOnItsKey() {
        Map<String, String> props = Map.of("mode", "b", "legacy.mode", "a");
        String message = configureError(props);
        assertEquals("Invalid value b for configuration mode: cannot be combined with legacy.mode", message);
        assertEquals(Map.of("mode", List.of(message)), validate(DEF, props));
    }

    @Test
    void aListValueIsShownAsItsText() {
        Map<String, String> props = Map.of("names", "a,b,a");
        String message = configureError(props);
        assertEquals("Invalid value a,b,a for configuration names: holds a name twice", message);
        assertEquals(Map.of("names", List.of(message)), validate(DEF, props));
    }

    @Test
    void aRuleReadsDefaultsAndKeysDeclaredAfterIt() {
        assertEquals("Invalid value red for configuration color: needs names when strict is true",
                configureError(Map.of("strict", "true")));
        new TransformConfig(DEF, Map.of("strict", "true", "names", "x"));
        new TransformConfig(DEF, Map.of());
    }

    @Test
    void aChoiceKeepsRecommendingItsValuesBesideItsRule() {
        ConfigValue color = DEF.validate(Map.of()).stream().filter(v -> v.name().equals("color")).findFirst().orElseThrow();
        assertEquals(List.of("red", "blue"), color.recommendedValues());
        assertTrue(color.errorMessages().isEmpty());
    }

    @Test
    void aSecretKeysValueIsNeverShown() {
        Map<String, String> props = Map.of("token", "s3cr3t-value", "mode", "b");
        String message = configureError(props);
        assertEquals("Invalid value [hidden] for configuration token: not together with mode", message);
        assertFalse(validate(DEF, props).toString().contains("s3cr3t"));
        assertEquals(Map.of("token", List.of(message)), validate(DEF, props));
    }

    @Test
    void theRuleHoldsWhenConnectEmbedsTheDefinitionUnderAPrefix() {
        // Connect validates a transform's keys as transforms.<alias>.<key> of the connector's definition
        ConfigDef connector = new ConfigDef();
        connector.embed("transforms.t.", "t", 0, DEF);
        Map<String, List<String>> errors = validate(connector,
                Map.of("transforms.t.mode", "b", "transforms.t.legacy.mode", "a", "mode", "unrelated"));
        assertEquals(Map.of("transforms.t.mode",
                List.of("Invalid value b for configuration mode: cannot be combined with legacy.mode")), errors);
    }

    @Test
    void aValidConfigurationHasNoErrors() {
        assertEquals(Map.of(), validate(DEF, Map.of("mode", "b", "names", "a,b", "strict", "true")));
    }
}
