package io.cdckit.converters.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    @Test
    void parsesCaseInsensitively() {
        assertEquals(CompatibilityLevel.BACKWARD, CompatibilityLevel.parse("backward"));
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, CompatibilityLevel.parse(" Full_Transitive "));
        assertEquals(CompatibilityLevel.NONE, CompatibilityLevel.parse("NONE"));
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertEquals(level, CompatibilityLevel.parse(level.name().toLowerCase()));
        }
    }

    @Test
    void rejectsNullAndUnknownListingAllowedValues() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CompatibilityLevel.parse("sideways"));
        assertTrue(unknown.getMessage().contains("'sideways'"), unknown.getMessage());
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertTrue(unknown.getMessage().contains(level.name()), unknown.getMessage());
        }
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> CompatibilityLevel.parse(null));
        assertTrue(nul.getMessage().contains("BACKWARD_TRANSITIVE"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompatibilityLevel.parse(""));
    }

    @Test
    void transitivity() {
        assertTrue(CompatibilityLevel.BACKWARD_TRANSITIVE.isTransitive());
        assertTrue(CompatibilityLevel.FORWARD_TRANSITIVE.isTransitive());
        assertTrue(CompatibilityLevel.FULL_TRANSITIVE.isTransitive());
        assertFalse(CompatibilityLevel.NONE.isTransitive());
        assertFalse(CompatibilityLevel.BACKWARD.isTransitive());
        assertFalse(CompatibilityLevel.FORWARD.isTransitive());
        assertFalse(CompatibilityLevel.FULL.isTransitive());
    }
}
