package io.cdckit.core.row;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldOperationTest {

    private static final Function<Object, Object> IDENTITY = v -> v;

    @Test
    void remove() {
        FieldOperation op = FieldOperation.remove();
        assertTrue(op.removes());
        assertFalse(op.renames());
        assertFalse(op.replaces());
        assertNull(op.newName());
        assertNull(op.newSchema());
        assertNull(op.function());
        assertSame(op, FieldOperation.remove());
        assertEquals("REMOVE", op.toString());
    }

    @Test
    void replace() {
        FieldOperation keep = FieldOperation.replace(IDENTITY);
        assertTrue(keep.replaces());
        assertFalse(keep.removes());
        assertFalse(keep.renames());
        assertSame(IDENTITY, keep.function());
        assertNull(keep.newSchema());
        assertEquals("REPLACE", keep.toString());

        FieldOperation retype = FieldOperation.replace(Schema.OPTIONAL_STRING_SCHEMA, IDENTITY);
        assertSame(Schema.OPTIONAL_STRING_SCHEMA, retype.newSchema());
        assertEquals("REPLACE (new schema STRING)", retype.toString());
        assertEquals("REPLACE (new schema BYTES (org.apache.kafka.connect.data.Decimal))",
            FieldOperation.replace(Decimal.schema(2), IDENTITY).toString());
    }

    @Test
    void rename() {
        FieldOperation op = FieldOperation.rename("mail");
        assertTrue(op.renames());
        assertFalse(op.replaces());
        assertFalse(op.removes());
        assertEquals("mail", op.newName());
        assertEquals("RENAME to 'mail'", op.toString());

        FieldOperation both = FieldOperation.renameAndReplace("mail", null, IDENTITY);
        assertTrue(both.renames());
        assertTrue(both.replaces());
        assertEquals("RENAME to 'mail' and REPLACE", both.toString());
    }

    @Test
    void rejectsMissingArguments() {
        assertThrows(NullPointerException.class, () -> FieldOperation.replace(null));
        assertThrows(NullPointerException.class, () -> FieldOperation.replace(Schema.STRING_SCHEMA, null));
        assertThrows(NullPointerException.class, () -> FieldOperation.rename(null));
        assertThrows(IllegalArgumentException.class, () -> FieldOperation.rename(""));
        assertThrows(NullPointerException.class, () -> FieldOperation.renameAndReplace("x", null, null));
    }
}
