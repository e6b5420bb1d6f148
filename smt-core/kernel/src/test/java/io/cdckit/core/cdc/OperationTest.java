package io.cdckit.core.cdc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationTest {

    @Test
    void codesAreDebeziumOnes() {
        assertEquals("c", Operation.CREATE.code());
        assertEquals("u", Operation.UPDATE.code());
        assertEquals("d", Operation.DELETE.code());
        assertEquals("r", Operation.READ.code());
        assertEquals("t", Operation.TRUNCATE.code());
        assertEquals("m", Operation.MESSAGE.code());
    }

    @Test
    void codesAreDistinct() {
        Set<String> codes = new HashSet<>();
        for (Operation op : Operation.values()) {
            assertTrue(codes.add(op.code()), "duplicate code " + op.code());
        }
        assertEquals(6, codes.size());
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void fromCodeInvertsCode(Operation op) {
        assertSame(op, Operation.fromCode(op.code()));
        // A code built at run time, not the interned literal, resolves the same way.
        assertSame(op, Operation.fromCode(new String(op.code().toCharArray())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "C", "U", "cc", "create", "insert", " c", "c ", "\u0000"})
    void fromCodeReturnsNullForUnknownCodes(String code) {
        assertNull(Operation.fromCode(code));
    }

    @Test
    void fromCodeReturnsNullForNull() {
        assertNull(Operation.fromCode(null));
    }

    @Test
    void rowIsAfterOnlyForCreateReadAndUpdate() {
        EnumSet<Operation> after = EnumSet.noneOf(Operation.class);
        for (Operation op : Operation.values()) {
            if (op.rowIsAfter()) {
                after.add(op);
            }
        }
        assertEquals(EnumSet.of(Operation.CREATE, Operation.READ, Operation.UPDATE), after);
    }

    @Test
    void carriesRowForRowLevelOperationsOnly() {
        assertTrue(Operation.CREATE.carriesRow());
        assertTrue(Operation.READ.carriesRow());
        assertTrue(Operation.UPDATE.carriesRow());
        assertTrue(Operation.DELETE.carriesRow());
        assertFalse(Operation.TRUNCATE.carriesRow());
        assertFalse(Operation.MESSAGE.carriesRow());
        // A delete's row is the before image.
        assertFalse(Operation.DELETE.rowIsAfter());
    }
}
