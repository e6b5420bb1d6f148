package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatorsTest {

    @Test
    void oneOfIsCaseInsensitiveAndListsAllowedValues() {
        assertDoesNotThrow(() -> Validators.oneOf(List.of("keep", "drop")).ensureValid("k", "KEEP"));
        assertDoesNotThrow(() -> Validators.oneOf(List.of("keep", "drop")).ensureValid("k", null));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Validators.oneOf(List.of("keep", "drop")).ensureValid("truncate.handling.mode", "ignore"));
        assertTrue(e.getMessage().contains("truncate.handling.mode"));
        assertTrue(e.getMessage().contains("[keep, drop]"));
    }

    @Test
    void fieldPathListAcceptsListsAndStrings() {
        assertDoesNotThrow(() -> Validators.fieldPathList(false).ensureValid("k", List.of("a.b", "`x.y`.z", "*.email")));
        assertDoesNotThrow(() -> Validators.fieldPathList(false).ensureValid("k", "a, b.c"));
        assertDoesNotThrow(() -> Validators.fieldPathList(true).ensureValid("k", List.of()));
        assertThrows(ConfigException.class, () -> Validators.fieldPathList(false).ensureValid("k", List.of()));
        assertThrows(ConfigException.class, () -> Validators.fieldPathList(false).ensureValid("k", List.of("a.")));
        assertThrows(ConfigException.class, () -> Validators.fieldPathList(false).ensureValid("k", 42));
    }

    @Test
    void ofMakesAValidatorFromADescriptionAndATest() {
        org.apache.kafka.common.config.ConfigDef.Validator even = Validators.of("an even number",
                v -> Integer.parseInt(v.toString()) % 2 == 0);
        assertDoesNotThrow(() -> even.ensureValid("n", "4"));
        assertDoesNotThrow(() -> even.ensureValid("n", null));
        ConfigException e = assertThrows(ConfigException.class, () -> even.ensureValid("n", "3"));
        assertTrue(e.getMessage().contains("n") && e.getMessage().contains("must be an even number"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals("an even number", even.toString());
        org.apache.kafka.common.config.ConfigDef.Validator explained = Validators.explained("short",
                v -> v.toString().length() > 3 ? "is " + v.toString().length() + " characters long" : null);
        ConfigException long5 = assertThrows(ConfigException.class, () -> explained.ensureValid("k", "abcde"));
        assertTrue(long5.getMessage().endsWith("is 5 characters long"), long5.getMessage());
    }

    @Test
    void allOfRunsEveryValidator() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Validators.allOf(Validators.nonBlank(), Validators.regex()).ensureValid("k", "[a-"));
        assertTrue(e.getMessage().contains("regular expression"));
        assertTrue(Validators.allOf(Validators.nonBlank(), Validators.regex()).toString().contains("regular"));
    }
}
