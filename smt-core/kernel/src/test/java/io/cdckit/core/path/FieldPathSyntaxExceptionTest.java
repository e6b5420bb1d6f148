package io.cdckit.core.path;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldPathSyntaxExceptionTest {

    @Test
    void carriesTextPositionAndReason() {
        FieldPathSyntaxException e = new FieldPathSyntaxException("a..b", 2, "empty segment");
        assertEquals("a..b", e.text());
        assertEquals(2, e.position());
        assertEquals("empty segment", e.reason());
        assertEquals("Invalid field path 'a..b' at position 2: empty segment", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void messageCanBeWrappedUnderAConfigKey() {
        FieldPathSyntaxException e = assertThrows(FieldPathSyntaxException.class, () -> FieldPath.parse("a[0]"));
        ConfigException wrapped = new ConfigException("fields", "a[0]", e.getMessage());
        assertTrue(wrapped.getMessage().startsWith("Invalid value a[0] for configuration fields: Invalid field path "
            + "'a[0]' at position 1: only [*] is allowed in brackets"), wrapped.getMessage());
    }
}
