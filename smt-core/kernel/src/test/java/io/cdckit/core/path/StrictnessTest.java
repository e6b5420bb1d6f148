package io.cdckit.core.path;

import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdckit.core.path.PathFixtures.ENVELOPE;
import static io.cdckit.core.path.PathFixtures.jsonEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same missing field under both strictness values, through every API that takes one. */
class StrictnessTest {

    private static final FieldPath MISSING = FieldPath.parse("after.missing");

    @Test
    void strictThrowsEverywhere() {
        Map<String, Object> json = jsonEnvelope();
        assertThrows(FieldPathException.class, () -> MISSING.resolve(ENVELOPE, Strictness.STRICT));
        assertThrows(FieldPathException.class, () -> MISSING.get(json, Strictness.STRICT));
        assertThrows(FieldPathException.class, () -> MISSING.forEach(json, Strictness.STRICT, v -> { }));
        RowPlan plan = RowPlan.builder().strictness(Strictness.STRICT).field(MISSING, FieldOperation.remove()).build();
        assertThrows(FieldPathException.class, () -> plan.compile(ENVELOPE));
        assertThrows(FieldPathException.class, () -> plan.apply(json, null));
    }

    @Test
    void lenientMeansNothingToDo() {
        Map<String, Object> json = jsonEnvelope();
        assertTrue(MISSING.resolve(ENVELOPE, Strictness.LENIENT).isEmpty());
        assertNull(MISSING.get(json, Strictness.LENIENT));
        List<Object> seen = new ArrayList<>();
        MISSING.forEach(json, Strictness.LENIENT, seen::add);
        assertTrue(seen.isEmpty());
        RowPlan plan = RowPlan.builder().strictness(Strictness.LENIENT).field(MISSING, FieldOperation.remove()).build();
        assertTrue(plan.compile(ENVELOPE).isIdentity());
        assertSame(json, plan.apply(json, null));
    }

    @Test
    void hasExactlyTwoValues() {
        assertEquals(2, Strictness.values().length);
        assertSame(Strictness.LENIENT, Strictness.valueOf("LENIENT"));
    }
}
