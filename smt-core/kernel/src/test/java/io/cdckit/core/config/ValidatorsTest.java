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
    void allOfRunsEveryValidator() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Validators.allOf(Validators.nonBlank(), Validators.regex()).ensureValid("k", "[a-"));
        assertTrue(e.getMessage().contains("regular expression"));
        assertTrue(Validators.allOf(Validators.nonBlank(), Validators.regex()).toString().contains("regular"));
    }
}
