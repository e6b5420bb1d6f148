package io.cdckit.smt.masking.fpe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FpeAlgorithmTest {

    @Test
    void configTextsAreFf1AndFf3Dash1() {
        assertEquals("ff1", FpeAlgorithm.FF1.configValue());
        assertEquals("ff3-1", FpeAlgorithm.FF3_1.configValue());
        assertTrue(FpeAlgorithm.FF3_1.matches(" FF3-1 "));
        assertTrue(FpeAlgorithm.FF1.matches("FF1"));
        assertFalse(FpeAlgorithm.FF3_1.matches("ff3"));
        assertEquals("FF3-1", FpeAlgorithm.FF3_1.nistName());
    }
}
