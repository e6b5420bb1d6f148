package io.cdckit.core.path;

import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cdckit.core.path.PathFixtures.ENVELOPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FieldPathExceptionTest {

    @Test
    void isADataExceptionWithTheGivenMessage() {
        FieldPathException e = new FieldPathException("no field 'x'");
        assertInstanceOf(DataException.class, e);
        assertEquals("no field 'x'", e.getMessage());
    }

    @Test
    void resolutionAndRewritingMessagesNeverShowValues() {
        // Values of the fixture record that must never appear in messages.
        String[] secrets = {"ann@new.example", "Springfield", "A-1", "vip", "gold"};
        FieldPathException[] errors = {
            assertThrows(FieldPathException.class, () -> FieldPath.parse("after.email.x").resolve(ENVELOPE)),
            assertThrows(FieldPathException.class, () -> FieldPath.parse("after.nope").resolve(ENVELOPE)),
            assertThrows(FieldPathException.class, () -> FieldPath.parse("after.email").get(
                PathFixtures.map("after", "ann@new.example"), Strictness.STRICT)),
            assertThrows(FieldPathException.class, () -> ResolvedPathHolder.EMAIL.forEach("Springfield", v -> { })),
            assertThrows(FieldPathException.class, () -> RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("after.tags.x"), FieldOperation.remove()).build()
                .apply(PathFixtures.map("after", PathFixtures.map("tags", List.of("vip"))), null)),
        };
        for (FieldPathException error : errors) {
            for (String secret : secrets) {
                assertFalse(error.getMessage().contains(secret), error.getMessage());
            }
        }
    }

    private static final class ResolvedPathHolder {
        static final ResolvedPath EMAIL = FieldPath.parse("after.email").resolve(ENVELOPE).get(0);
    }
}
