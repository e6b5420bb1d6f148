package io.cdckit.smt.mapping;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.mapping.CastFixtures.PATH;
import static io.cdckit.smt.mapping.CastFixtures.assertFailsSchemaless;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schemaless twins: values of Map rows, cast by their Java class with the same rules. */
class CastsSchemalessTest {

    private static Object cast(Object value, String to) {
        return Casts.castSchemaless(PATH, value, CastType.parse(to), CastOnError.FAIL);
    }

    @Test
    void integersByClass() {
        assertEquals((byte) -128, cast(-128, "int8"));
        assertEquals((short) 32767, cast(32767L, "int16"));
        assertEquals(Integer.MIN_VALUE, cast((long) Integer.MIN_VALUE, "int32"));
        assertEquals(5L, cast((byte) 5, "int64"));
        assertEquals(16_777_216f, cast(16_777_217, "float32"));
        assertEquals(-1d, cast((short) -1, "float64"));
        assertEquals(true, cast(-1L, "boolean"));
        assertEquals(false, cast(0, "boolean"));
        assertEquals("-9223372036854775808", cast(Long.MIN_VALUE, "string"));
        assertEquals(new BigDecimal("12345.00"), cast(12345, "decimal(7,2)"));
        assertFailsSchemaless(128, "int8", "out of the range of int8");
        assertFailsSchemaless(-2147483649L, "int32", "out of the range of int32");
        assertFailsSchemaless(12345L, "decimal(6,2)", "needs more than 6 digits");
    }

    @Test
    void aValueOfTheTargetsClassIsReturnedAsItIs() {
        Integer i = 123_456;
        assertSame(i, cast(i, "int32"));
        Long l = 123_456L;
        assertSame(l, cast(l, "int64"));
        String s = "{\"a\":1}";
        assertSame(s, cast(s, "string"));
        byte[] b = {1, 2};
        assertSame(b, cast(b, "bytes"));
        Double d = Double.NaN;
        assertSame(d, cast(d, "float64"));
        assertSame(Boolean.TRUE, cast(Boolean.TRUE, "boolean"));
    }

    @Test
    void floatsByClass() {
        assertEquals(42L, cast(42.0, "int64"));
        assertEquals((byte) 3, cast(3.0f, "int8"));
        assertEquals((double) 0.1f, cast(0.1f, "float64"));
        assertEquals((float) 0.1, cast(0.1, "float32"));
        assertEquals("0.1", cast(0.1f, "string"));
        assertEquals("1.0E10", cast(1e10, "string"));
        assertEquals(true, cast(0.5, "boolean"));
        assertEquals(new BigDecimal("0.10"), cast(0.1, "decimal(5,2)"));
        assertFailsSchemaless(42.5, "int32", "fraction");
        assertFailsSchemaless(Double.NaN, "int32", "NaN or infinite");
        assertFailsSchemaless(Float.POSITIVE_INFINITY, "decimal(5,2)", "NaN or infinite");
        assertFailsSchemaless(3.5e38, "float32", "out of the range of float32");
        assertFailsSchemaless(0.125, "decimal(5,2)", "more than 2 decimal places");
    }

    @Test
    void stringsByClass() {
        assertEquals(42, cast(" 42 ", "int32"));
        assertEquals(42L, cast("4.2e1", "int64"));
        assertEquals(1.5, cast("1.5", "float64"));
        assertEquals(Float.NEGATIVE_INFINITY, cast("-Infinity", "float32"));
        assertEquals(true, cast("True", "boolean"));
        assertEquals(new BigDecimal("12.345"), cast("12.3450", "decimal(6,3)"));
        assertArrayEquals("h\u00e9".getBytes(StandardCharsets.UTF_8), (byte[]) cast("h\u00e9", "bytes"));
        assertFailsSchemaless("4111-1111-1111-1111", "int64", "not a number");
        assertFailsSchemaless("secret@example.com", "float64", "not a number");
        assertFailsSchemaless("sometimes", "boolean", "not 'true' or 'false'");
        assertFailsSchemaless("12.3456", "decimal(6,3)", "more than 3 decimal places");
        assertFailsSchemaless("99999999999", "int32", "out of the range of int32");
        assertFailsSchemaless("12.75", "int16", "fraction");
    }

    @Test
    void booleansByClass() {
        assertEquals((byte) 1, cast(true, "int8"));
        assertEquals(0L, cast(false, "int64"));
        assertEquals(1f, cast(true, "float32"));
        assertEquals("false", cast(false, "string"));
        assertEquals(new BigDecimal("1.0"), cast(true, "decimal(2,1)"));
    }

    @Test
    void bytesByClass() {
        assertEquals("AAH/", cast(new byte[] {0x00, 0x01, (byte) 0xFF}, "string"));
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0x00, 0x01, (byte) 0xFF});
        assertEquals("AAH/", cast(buffer, "string"));
        assertEquals(0, buffer.position());
        assertSame(buffer, cast(buffer, "bytes"));
    }

    @Test
    void bigDecimalsByClass() {
        BigDecimal v = new BigDecimal("12345.67");
        assertEquals(12345.67, cast(v, "float64"));
        assertEquals("12345.67", cast(v, "string"));
        assertEquals("0.0000000001", cast(new BigDecimal("1E-10"), "string"));
        assertEquals(12345L, cast(new BigDecimal("12345.00"), "int64"));
        assertEquals(new BigDecimal("12345.6700"), cast(v, "decimal(9,4)"));
        assertEquals(new BigDecimal("12345.67"), cast(new BigDecimal("12345.670"), "decimal(7,2)"));
        assertFailsSchemaless(v, "int64", "fraction");
        assertFailsSchemaless(v, "decimal(10,1)", "more than 1 decimal places");
        assertFailsSchemaless(v, "decimal(6,2)", "needs more than 6 digits");
    }

    @Test
    void datesAreTimestamps() {
        assertEquals("1969-12-31T23:59:59.999Z", cast(new java.util.Date(-1L), "string"));
        assertEquals("2024-03-01T12:00:00.123Z", cast(new java.util.Date(1_709_294_400_123L), "string"));
        assertEquals(-1L, cast(new java.util.Date(-1L), "int64"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"int32", "string", "boolean", "bytes", "decimal(5,2)"})
    void valuesNoCastExistsForFailWhateverOnErrorSays(String to) {
        for (Object value : new Object[] {Map.of("k", "4111111111111111"), List.of("4111111111111111"),
            BigInteger.valueOf(4_111_111_111L), new Object()}) {
            for (CastOnError onError : CastOnError.values()) {
                DataException e = assertThrows(DataException.class,
                        () -> Casts.castSchemaless(PATH, value, CastType.parse(to), onError));
                assertTrue(e.getMessage().contains("'" + PATH + "'"), e.getMessage());
                assertTrue(e.getMessage().contains(" to " + CastType.parse(to)), e.getMessage());
                assertTrue(e.getMessage().contains(value.getClass().getSimpleName() + " cannot be cast"), e.getMessage());
                assertFalse(e.getMessage().contains("4111111111"), e.getMessage());
            }
        }
    }

    @Test
    void unsupportedPairsOfSupportedClassesFailWhateverOnErrorSays() {
        for (CastOnError onError : CastOnError.values()) {
            DataException e = assertThrows(DataException.class,
                    () -> Casts.castSchemaless(PATH, new byte[] {1}, CastType.INT32, onError));
            assertTrue(e.getMessage().contains("from byte[] to int32: a byte[] can be cast to string, bytes only"), e.getMessage());
            assertThrows(DataException.class, () -> Casts.castSchemaless(PATH, 5, CastType.BYTES, onError));
            assertThrows(DataException.class, () -> Casts.castSchemaless(PATH, new java.util.Date(0), CastType.BOOLEAN, onError));
            assertThrows(DataException.class, () -> Casts.castSchemaless(PATH, new BigDecimal("1.5"), CastType.BYTES, onError));
        }
    }

    @Test
    void nullStaysNull() {
        for (CastOnError onError : CastOnError.values()) {
            assertNull(Casts.castSchemaless(PATH, null, CastType.INT32, onError));
            assertNull(Casts.castSchemaless(PATH, null, CastType.decimal(3, 1), onError));
        }
    }

    @Test
    void theSameTargetServesManyValuesOfDifferentClasses() {
        CastType target = CastType.parse("int32");
        Object[] values = {"7", 7L, 7.0, (short) 7, new BigDecimal("7.00"), 7.0f, (byte) 7};
        for (Object v : values) {
            assertEquals(7, Casts.castSchemaless(PATH, v, target, CastOnError.FAIL), v.getClass().getSimpleName());
        }
        assertEquals(1, Casts.castSchemaless(PATH, true, target, CastOnError.FAIL));
    }
}
