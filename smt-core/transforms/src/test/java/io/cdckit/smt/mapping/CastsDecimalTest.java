package io.cdckit.smt.mapping;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

import static io.cdckit.smt.mapping.CastFixtures.VARIABLE_SCALE_DECIMAL;
import static io.cdckit.smt.mapping.CastFixtures.apply;
import static io.cdckit.smt.mapping.CastFixtures.assertFails;
import static io.cdckit.smt.mapping.CastFixtures.cast;
import static io.cdckit.smt.mapping.CastFixtures.variableScale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connect {@code Decimal} and Debezium's {@code VariableScaleDecimal} to numbers, strings and decimals. */
class CastsDecimalTest {

    private static final Schema DECIMAL_2 = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    private static final Schema DECIMAL_0 = Decimal.schema(0);

    @Test
    void decimalToFloat64() {
        assertEquals(Double.parseDouble("12345.67"), apply(DECIMAL_2, "float64", new BigDecimal("12345.67")));
        assertEquals(-0.01, apply(DECIMAL_2, "float64", new BigDecimal("-0.01")));
        assertEquals(0.0, apply(DECIMAL_2, "float64", new BigDecimal("0.00")));
        // 17 significant digits: rounded to the nearest double, as a float64 target means
        assertEquals(Double.parseDouble("123456789012345.67"), apply(DECIMAL_2, "float64", new BigDecimal("123456789012345.67")));
        assertFails(DECIMAL_0, "float64", new BigDecimal(BigInteger.TEN.pow(400)), "out of the range of float64");
        assertFails(Decimal.schema(400), "float64", new BigDecimal(BigInteger.ONE, 400), "out of the range of float64");
    }

    @Test
    void decimalToFloat32() {
        assertEquals(Float.parseFloat("12345.67"), apply(DECIMAL_2, "float32", new BigDecimal("12345.67")));
        assertFails(DECIMAL_0, "float32", new BigDecimal("1e39").setScale(0), "out of the range of float32");
        assertFails(Decimal.schema(50), "float32", new BigDecimal(BigInteger.ONE, 50), "out of the range of float32");
    }

    @Test
    void decimalToStringIsPlainWithoutExponent() {
        assertEquals("12345.67", apply(DECIMAL_2, "string", new BigDecimal("12345.67")));
        assertEquals("-0.50", apply(DECIMAL_2, "string", new BigDecimal("-0.50")));
        assertEquals("0.0000000001", apply(Decimal.schema(10), "string", new BigDecimal("1E-10")));
        assertEquals("1000", apply(Decimal.schema(-3), "string", new BigDecimal("1E+3")));
        assertEquals("0.00", apply(DECIMAL_2, "string", new BigDecimal("0.00")));
    }

    @Test
    void decimalToIntegersLosesNoFraction() {
        assertEquals(12345L, apply(DECIMAL_2, "int64", new BigDecimal("12345.00")));
        assertEquals(-7L, apply(DECIMAL_2, "int64", new BigDecimal("-7.00")));
        assertEquals(0L, apply(DECIMAL_2, "int64", new BigDecimal("0.00")));
        assertEquals(Long.MAX_VALUE, apply(DECIMAL_0, "int64", new BigDecimal(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, apply(DECIMAL_2, "int64", new BigDecimal(Long.MIN_VALUE).setScale(2)));
        assertEquals(Integer.MIN_VALUE, apply(DECIMAL_2, "int32", new BigDecimal(Integer.MIN_VALUE).setScale(2)));
        assertEquals((short) 32767, apply(DECIMAL_0, "int16", new BigDecimal(32767)));
        assertEquals((byte) -128, apply(DECIMAL_0, "int8", new BigDecimal(-128)));
        assertFails(DECIMAL_2, "int64", new BigDecimal("12345.67"), "fraction");
        assertFails(DECIMAL_2, "int64", new BigDecimal("-0.50"), "fraction");
        assertFails(DECIMAL_2, "int64", new BigDecimal("99999999999999999999.00"), "out of the range of int64");
        assertFails(DECIMAL_0, "int64", new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE), "out of the range of int64");
        assertFails(DECIMAL_2, "int64", new BigDecimal("9223372036854775807.50"), "fraction");
        assertFails(DECIMAL_0, "int32", new BigDecimal(2147483648L), "out of the range of int32");
        assertFails(DECIMAL_0, "int16", new BigDecimal(-32769), "out of the range of int16");
        assertFails(DECIMAL_0, "int8", new BigDecimal(128), "out of the range of int8");
    }

    @Test
    void decimalToBoolean() {
        assertEquals(false, apply(DECIMAL_2, "boolean", new BigDecimal("0.00")));
        assertEquals(true, apply(DECIMAL_2, "boolean", new BigDecimal("0.01")));
        assertEquals(true, apply(DECIMAL_2, "boolean", new BigDecimal("-3.00")));
    }

    @Test
    void decimalToDecimalRescalesWithoutLosingDigits() {
        BigDecimal v = new BigDecimal("12345.67");
        assertEquals(new BigDecimal("12345.6700"), apply(DECIMAL_2, "decimal(10,4)", v));
        assertEquals(new BigDecimal("12345.67"), apply(DECIMAL_2, "decimal(7,2)", v));
        assertEquals(new BigDecimal("12345.6"), apply(DECIMAL_2, "decimal(6,1)", new BigDecimal("12345.60")));
        assertEquals(new BigDecimal("12346"), apply(DECIMAL_2, "decimal(5,0)", new BigDecimal("12346.00")));
        assertEquals(new BigDecimal("0.000"), apply(DECIMAL_2, "decimal(3,3)", new BigDecimal("0.00")));
        assertEquals(new BigDecimal("-0.05"), apply(DECIMAL_2, "decimal(2,2)", new BigDecimal("-0.05")));
        assertFails(DECIMAL_2, "decimal(6,2)", v, "needs more than 6 digits");
        assertFails(DECIMAL_2, "decimal(10,1)", v, "more than 1 decimal places");
        assertFails(DECIMAL_2, "decimal(10,0)", new BigDecimal("0.01"), "more than 0 decimal places");
        assertFails(DECIMAL_2, "decimal(3,2)", new BigDecimal("10.00"), "needs more than 3 digits");
        Cast c = cast(DECIMAL_2, "decimal(10,4)");
        assertFalse(c.isIdentity());
        assertEquals(4, ((BigDecimal) c.apply(v)).scale());
        assertEquals("10", c.schema().parameters().get("connect.decimal.precision"));
        assertEquals("4", c.schema().parameters().get(Decimal.SCALE_FIELD));
    }

    @Test
    void theDefaultOfADecimalIsCast() {
        Schema from = Decimal.builder(2).optional().defaultValue(new BigDecimal("1.50")).build();
        assertEquals(1.5, cast(from, "float64").schema().defaultValue());
        assertEquals("1.50", cast(from, "string").schema().defaultValue());
        assertEquals(new BigDecimal("1.5"), cast(from, "decimal(2,1)").schema().defaultValue());
        Cast lenient = Casts.compile(CastFixtures.PATH, from, CastType.INT64, CastOnError.NULL);
        assertNull(lenient.schema().defaultValue(), "1.50 has a fraction: no default");
    }

    @Test
    void variableScaleDecimalToDecimalStringAndFloat() {
        Struct v = variableScale(12345, 3);
        assertEquals(new BigDecimal("12.345"), apply(VARIABLE_SCALE_DECIMAL, "decimal(5,3)", v));
        assertEquals(new BigDecimal("12.34500"), apply(VARIABLE_SCALE_DECIMAL, "decimal(10,5)", v));
        assertEquals("12.345", apply(VARIABLE_SCALE_DECIMAL, "string", v));
        assertEquals(12.345, apply(VARIABLE_SCALE_DECIMAL, "float64", v));
        assertEquals("-12.345", apply(VARIABLE_SCALE_DECIMAL, "string", variableScale(-12345, 3)));
        assertEquals("1234500", apply(VARIABLE_SCALE_DECIMAL, "string", variableScale(12345, -2)));
        assertEquals(1234500L, apply(VARIABLE_SCALE_DECIMAL, "int64", variableScale(12345, -2)));
        assertEquals("0", apply(VARIABLE_SCALE_DECIMAL, "string", variableScale(0, 0)));
        assertEquals(true, apply(VARIABLE_SCALE_DECIMAL, "boolean", variableScale(-1, 5)));
        assertFails(VARIABLE_SCALE_DECIMAL, "decimal(5,2)", v, "more than 2 decimal places");
        assertFails(VARIABLE_SCALE_DECIMAL, "decimal(4,3)", v, "needs more than 4 digits");
        assertFails(VARIABLE_SCALE_DECIMAL, "int32", v, "fraction");
        assertTrue(cast(VARIABLE_SCALE_DECIMAL, "string").schema().isOptional());
        assertNull(cast(VARIABLE_SCALE_DECIMAL, "string").schema().name());
    }

    @Test
    void variableScaleDecimalOfManyDigits() {
        BigInteger unscaled = new BigInteger("-123456789012345678901234567890123456789");
        Struct v = new Struct(VARIABLE_SCALE_DECIMAL).put("scale", 20).put("value", ByteBuffer.wrap(unscaled.toByteArray()));
        assertEquals("-1234567890123456789.01234567890123456789", apply(VARIABLE_SCALE_DECIMAL, "string", v));
        assertEquals(new BigDecimal("-1234567890123456789.01234567890123456789"),
                apply(VARIABLE_SCALE_DECIMAL, "decimal(39,20)", v));
        assertFails(VARIABLE_SCALE_DECIMAL, "decimal(38,20)", v, "needs more than 38 digits");
    }

    @Test
    void aMalformedVariableScaleDecimalFollowsOnError() {
        Struct empty = new Struct(VARIABLE_SCALE_DECIMAL).put("scale", 2).put("value", new byte[0]);
        assertFails(VARIABLE_SCALE_DECIMAL, "string", empty, "malformed");
        Schema optionalParts = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.OPTIONAL_INT32_SCHEMA).field("value", Schema.OPTIONAL_BYTES_SCHEMA).optional().build();
        assertFails(optionalParts, "float64", new Struct(optionalParts).put("value", new byte[] {1}), "malformed");
        assertFails(optionalParts, "float64", new Struct(optionalParts).put("scale", 1), "malformed");
    }

    @Test
    void theDefaultOfAVariableScaleDecimalIsCast() {
        Schema from = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).optional();
        Struct def = new Struct(from).put("scale", 1).put("value", BigInteger.valueOf(25).toByteArray());
        Schema withDefault = ((SchemaBuilder) from).defaultValue(def).build();
        assertEquals(new BigDecimal("2.50"), cast(withDefault, "decimal(3,2)").schema().defaultValue());
    }
}
