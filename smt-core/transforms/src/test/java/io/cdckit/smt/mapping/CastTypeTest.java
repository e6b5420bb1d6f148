package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigValue;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastTypeTest {

    @ParameterizedTest
    @CsvSource({
        "int8, INT8, INT8", "int16, INT16, INT16", "int32, INT32, INT32", "int64, INT64, INT64",
        "float32, FLOAT32, FLOAT32", "float64, FLOAT64, FLOAT64", "boolean, BOOLEAN, BOOLEAN",
        "string, STRING, STRING", "bytes, BYTES, BYTES"})
    void parsesEachSimpleType(String text, CastType.Kind kind, Schema.Type type) {
        CastType t = CastType.parse(text);
        assertEquals(kind, t.kind());
        assertEquals(type, t.schemaType());
        assertEquals(text, t.toString());
        assertEquals(0, t.precision());
        assertEquals(0, t.scale());
        assertEquals(t, CastType.parse(t.toString()));
    }

    @Test
    void ignoresCaseAndBlanks() {
        assertSame(CastType.INT64, CastType.parse("  INT64 "));
        assertSame(CastType.STRING, CastType.parse("String"));
        assertEquals(CastType.decimal(12, 2), CastType.parse(" DECIMAL( 12 , 2 ) "));
    }

    @ParameterizedTest
    @CsvSource({"'decimal(1,0)', 1, 0", "'decimal(1,1)', 1, 1", "'decimal(38,10)', 38, 10",
        "'decimal(1000,1000)', 1000, 1000", "'decimal(1000,0)', 1000, 0"})
    void parsesDecimalsWithinBounds(String text, int p, int s) {
        CastType t = CastType.parse(text);
        assertEquals(CastType.Kind.DECIMAL, t.kind());
        assertEquals(Schema.Type.BYTES, t.schemaType());
        assertEquals(p, t.precision());
        assertEquals(s, t.scale());
        assertEquals(text, t.toString());
        assertEquals(t, CastType.decimal(p, s));
        assertEquals(t.hashCode(), CastType.decimal(p, s).hashCode());
        assertFalse(t.isInteger());
    }

    @ParameterizedTest
    @ValueSource(strings = {"decimal(0,0)", "decimal(1001,0)", "decimal(5,6)", "decimal(5,-1)", "decimal(-5,1)",
        "decimal(99999999999,2)", "decimal", "decimal()", "decimal(5)", "decimal(5,2", "decimal(5,2,1)",
        "int", "integer", "long", "double", "float", "text", "Date", "timestamp", "struct", "", "  ",
        "int32 ", "int 32", "decimal(5.0,2)"})
    void rejectsInvalidTextsNamingThemAndListingTheValidTypes(String text) {
        if (text.equals("int32 ")) {
            assertSame(CastType.INT32, CastType.parse(text)); // trailing blank is fine
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CastType.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(CastType.VALID_TYPES), e.getMessage());
        assertTrue(e.getMessage().contains("decimal(p,s) with 1 <= p <= 1000 and 0 <= s <= p"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CastType.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertTrue(e.getMessage().contains(CastType.VALID_TYPES), e.getMessage());
    }

    @Test
    void decimalFactoryChecksBounds() {
        assertThrows(IllegalArgumentException.class, () -> CastType.decimal(0, 0));
        assertThrows(IllegalArgumentException.class, () -> CastType.decimal(1001, 0));
        assertThrows(IllegalArgumentException.class, () -> CastType.decimal(5, 6));
        assertThrows(IllegalArgumentException.class, () -> CastType.decimal(5, -1));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(CastType.parse("decimal(10,2)"), CastType.parse("decimal(10, 2)"));
        assertNotEquals(CastType.parse("decimal(10,2)"), CastType.parse("decimal(10,3)"));
        assertNotEquals(CastType.parse("decimal(10,2)"), CastType.parse("decimal(11,2)"));
        assertNotEquals(CastType.INT32, CastType.INT64);
        assertNotEquals(CastType.BYTES, CastType.decimal(1, 0));
    }

    @Test
    void integerKinds() {
        assertTrue(CastType.INT8.isInteger());
        assertTrue(CastType.INT64.isInteger());
        assertFalse(CastType.FLOAT32.isInteger());
        assertFalse(CastType.STRING.isInteger());
    }

    @Test
    void onErrorConfigTexts() {
        assertEquals("fail", CastOnError.FAIL.configValue());
        assertEquals("null", CastOnError.NULL.configValue());
        assertTrue(CastOnError.NULL.matches(" NULL "));
        assertFalse(CastOnError.FAIL.matches("null"));
        assertTrue(ConfigValue.class.isAssignableFrom(CastOnError.class));
    }
}
