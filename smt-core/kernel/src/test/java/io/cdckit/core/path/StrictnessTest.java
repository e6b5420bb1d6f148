package io.cdckit.core.path;

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
        assertThrows(FieldPathException.class, () -> StructRewriter.builder(ENVELOPE)
            .add(MISSING, Strictness.STRICT, FieldOperation.remove()));
        MapRewriter rewriter = MapRewriter.builder(Strictness.STRICT).add(MISSING, FieldOperation.remove()).build();
        assertThrows(FieldPathException.class, () -> rewriter.apply(json));
    }

    @Test
    void lenientMeansNothingToDo() {
        Map<String, Object> json = jsonEnvelope();
        assertTrue(MISSING.resolve(ENVELOPE, Strictness.LENIENT).isEmpty());
        assertNull(MISSING.get(json, Strictness.LENIENT));
        List<Object> seen = new ArrayList<>();
        MISSING.forEach(json, Strictness.LENIENT, seen::add);
        assertTrue(seen.isEmpty());
        assertTrue(StructRewriter.builder(ENVELOPE).add(MISSING, Strictness.LENIENT, FieldOperation.remove())
            .build().isIdentity());
        MapRewriter rewriter = MapRewriter.builder(Strictness.LENIENT).add(MISSING, FieldOperation.remove()).build();
        assertSame(json, rewriter.apply(json));
    }

    @Test
    void hasExactlyTwoValues() {
        assertEquals(2, Strictness.values().length);
        assertSame(Strictness.LENIENT, Strictness.valueOf("LENIENT"));
    }
}
