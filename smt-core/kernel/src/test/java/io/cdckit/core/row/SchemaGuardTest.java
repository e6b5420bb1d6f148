package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaGuardTest {

    private static Schema row(String... fields) {
        SchemaBuilder b = SchemaBuilder.struct().name("Row");
        for (String f : fields) {
            b.field(f, Schema.OPTIONAL_STRING_SCHEMA);
        }
        return b.build();
    }

    @Test
    void passesStructsOfTheSchemaOrAnEqualOne() {
        Schema expected = row("a", "b");
        SchemaGuard guard = new SchemaGuard(expected);
        Struct same = new Struct(expected).put("a", "x");
        assertSame(same, guard.check(same));
        Struct equal = new Struct(row("a", "b")).put("b", "y");
        assertSame(equal, guard.check(equal, "after"));
        assertSame(equal, guard.check(equal, "after"), "the equal instance, remembered");
    }

    @Test
    void refusesAnotherSchemaOrNoStructAtThePathGiven() {
        SchemaGuard guard = new SchemaGuard(row("a", "b"));
        Struct other = new Struct(row("b")).put("b", "secret-1");

        FieldPathException e = assertThrows(FieldPathException.class, () -> guard.check(other, "after"));
        assertEquals("after", e.path());
        assertTrue(e.getMessage().startsWith("is a struct of another schema"), e.getMessage());
        assertTrue(e.getMessage().contains("of 1 fields, expected STRUCT (Row) of 2"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-1"), e.getMessage());

        FieldPathException rowLevel = assertThrows(FieldPathException.class, () -> guard.check(other));
        assertNull(rowLevel.path());
        assertTrue(rowLevel.getMessage().startsWith("the row is a struct of another schema"),
                rowLevel.getMessage());

        FieldPathException text = assertThrows(FieldPathException.class, () -> guard.check("secret-2", "before"));
        assertEquals("before", text.path());
        assertEquals("holds a String where its schema has STRUCT (Row)", text.getMessage());
    }
}
