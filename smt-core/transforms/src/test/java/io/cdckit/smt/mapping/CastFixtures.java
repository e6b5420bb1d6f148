package io.cdckit.smt.mapping;

import io.cdckit.core.record.Describe;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared helpers of the cast tests: compile, apply, and the failure contract (path and types named, value never). */
final class CastFixtures {

    static final String PATH = "after.`odd.name`.col";

    static final Schema VARIABLE_SCALE_DECIMAL = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
            .version(1).doc("Variable scaled decimal").field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA).optional().build();

    private CastFixtures() {
    }

    static Cast cast(Schema from, String to) {
        return Casts.compile(PATH, from, CastType.parse(to), CastOnError.FAIL);
    }

    static Object apply(Schema from, String to, Object value) {
        return cast(from, to).apply(value);
    }

    static Schema named(Schema.Type type, String name) {
        return SchemaBuilder.type(type).name(name).build();
    }

    static Struct variableScale(long unscaled, int scale) {
        return new Struct(VARIABLE_SCALE_DECIMAL).put("scale", scale)
                .put("value", BigInteger.valueOf(unscaled).toByteArray());
    }

    /**
     * Asserts the cast of {@code value} fails: with FAIL a DataException naming the path, the source
     * type, the target and {@code reason}, not the value; with NULL (on the optional twin of the
     * schema) null.
     */
    static DataException assertFails(Schema from, String to, Object value, String reason) {
        DataException e = assertThrows(DataException.class, () -> cast(from, to).apply(value));
        assertNamesNotValue(e.getMessage(), Describe.schema(from), to, value);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertNull(e.getCause(), "no cause: a parser's exception quotes the value");
        Schema optional = SchemaCopy.optional(from);
        assertNull(Casts.compile(PATH, optional, CastType.parse(to), CastOnError.NULL).apply(value));
        return e;
    }

    /** As {@link #assertFails} for a schemaless value. */
    static void assertFailsSchemaless(Object value, String to, String reason) {
        DataException e = assertThrows(DataException.class,
                () -> Casts.castSchemaless(PATH, value, CastType.parse(to), CastOnError.FAIL));
        assertNamesNotValue(e.getMessage(), Describe.type(value), to, value);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertNull(Casts.castSchemaless(PATH, value, CastType.parse(to), CastOnError.NULL));
    }

    static void assertNamesNotValue(String message, String fromType, String to, Object value) {
        assertTrue(message.contains("'" + PATH + "'"), message);
        assertTrue(message.contains(fromType), message);
        assertTrue(message.contains(CastType.parse(to).toString()), message);
        for (String text : texts(value)) {
            assertFalse(message.contains(text), () -> "the message quotes the value: " + message);
        }
    }

    /** The texts a value could appear as in a message. */
    private static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        if (value instanceof String) {
            String s = ((String) value).strip();
            texts.add(s);
        } else if (value instanceof BigDecimal) {
            texts.add(((BigDecimal) value).toPlainString());
            texts.add(value.toString());
        } else if (value instanceof java.util.Date) {
            texts.add(Long.toString(((java.util.Date) value).getTime()));
            texts.add(value.toString());
        } else if (value instanceof Struct) {
            texts.add(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            if (Double.isFinite(((Number) value).doubleValue())) { // NaN and infinities are named as a reason
                texts.add(value.toString());
            }
        } else if (value instanceof Number) {
            texts.add(value.toString());
        }
        texts.removeIf(t -> t.length() < 3); // "no", "12": could be a word or a number of a message
        return texts;
    }

    static void assertSchema(Schema expectedType, Cast cast) {
        assertEquals(expectedType.type(), cast.schema().type());
        assertEquals(expectedType.name(), cast.schema().name());
        assertEquals(expectedType.isOptional(), cast.schema().isOptional());
    }
}
