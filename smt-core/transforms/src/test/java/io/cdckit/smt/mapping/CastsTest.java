package io.cdckit.smt.mapping;

import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.cdckit.smt.mapping.CastFixtures.PATH;
import static io.cdckit.smt.mapping.CastFixtures.apply;
import static io.cdckit.smt.mapping.CastFixtures.assertFails;
import static io.cdckit.smt.mapping.CastFixtures.cast;
import static io.cdckit.smt.mapping.CastFixtures.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers, booleans, strings and bytes among themselves, and the rules of compiled casts. */
class CastsTest {

    private static final Schema[] INTEGER_SCHEMAS = {Schema.INT8_SCHEMA, Schema.INT16_SCHEMA, Schema.INT32_SCHEMA,
        Schema.INT64_SCHEMA};
    private static final String[] INTEGER_TARGETS = {"int8", "int16", "int32", "int64"};
    private static final long[] MIN = {Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE};
    private static final long[] MAX = {Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE};

    /** A value of integer schema {@code i} as Connect holds it. */
    private static Object integerValue(int i, long v) {
        switch (i) {
            case 0:
                return (byte) v;
            case 1:
                return (short) v;
            case 2:
                return (int) v;
            default:
                return v;
        }
    }

    static Stream<Arguments> integerPairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int from = 0; from < 4; from++) {
            for (int to = 0; to < 4; to++) {
                b.add(Arguments.of(from, to));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("integerPairs")
    void integersAmongThemselvesAtTheBoundaries(int from, int to) {
        Schema schema = INTEGER_SCHEMAS[from];
        String target = INTEGER_TARGETS[to];
        // the edges of the source, and those of the target and one past them where the source holds them
        List<Long> values = new java.util.ArrayList<>(List.of(MIN[from], MAX[from], 0L, -1L, 1L, MIN[to], MAX[to]));
        if (to < 3) {
            values.add(MIN[to] - 1);
            values.add(MAX[to] + 1);
        }
        for (long v : values) {
            if (v < MIN[from] || v > MAX[from]) {
                continue; // not a value of the source
            }
            Object in = integerValue(from, v);
            if (v >= MIN[to] && v <= MAX[to]) {
                assertEquals(integerValue(to, v), apply(schema, target, in), () -> "value " + v);
            } else {
                assertFails(schema, target, in, "out of the range of " + target);
            }
        }
        assertEquals(from == to, cast(schema, target).isIdentity());
    }

    @Test
    void anIntegerCastToItsOwnTypeIsIdentitySchemaIncluded() {
        Schema year = SchemaBuilder.int32().name("io.debezium.time.Year").doc("year").defaultValue(2000).build();
        Cast c = cast(year, "int32");
        assertTrue(c.isIdentity());
        assertSame(year, c.schema());
        Integer v = 2024;
        assertSame(v, c.apply(v));
    }

    @Test
    void integersToFloatsRoundToTheNearestFloat() {
        assertEquals((float) 16_777_217L, apply(Schema.INT64_SCHEMA, "float32", 16_777_217L));
        assertEquals(16_777_216f, apply(Schema.INT64_SCHEMA, "float32", 16_777_217L));
        assertEquals(9.223372036854775807E18, apply(Schema.INT64_SCHEMA, "float64", Long.MAX_VALUE));
        assertEquals(-128d, apply(Schema.INT8_SCHEMA, "float64", (byte) -128));
        assertEquals(-32768f, apply(Schema.INT16_SCHEMA, "float32", (short) -32768));
    }

    @ParameterizedTest
    @CsvSource({"0, false", "1, true", "-1, true", "42, true", "-9223372036854775808, true"})
    void integersToBoolean(long v, boolean expected) {
        assertEquals(expected, apply(Schema.INT64_SCHEMA, "boolean", v));
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            assertEquals(expected, apply(Schema.INT8_SCHEMA, "boolean", (byte) v));
        }
    }

    @Test
    void integersToString() {
        assertEquals("-9223372036854775808", apply(Schema.INT64_SCHEMA, "string", Long.MIN_VALUE));
        assertEquals("-128", apply(Schema.INT8_SCHEMA, "string", (byte) -128));
        assertEquals("32767", apply(Schema.INT16_SCHEMA, "string", (short) 32767));
        assertEquals("0", apply(Schema.INT32_SCHEMA, "string", 0));
    }

    @Test
    void integersToDecimal() {
        assertEquals(new BigDecimal("12345.00"), apply(Schema.INT32_SCHEMA, "decimal(7,2)", 12345));
        assertEquals(new BigDecimal("-12345"), apply(Schema.INT32_SCHEMA, "decimal(5,0)", -12345));
        assertEquals(new BigDecimal("0.000"), apply(Schema.INT32_SCHEMA, "decimal(3,3)", 0));
        assertEquals(new BigDecimal("9223372036854775807"), apply(Schema.INT64_SCHEMA, "decimal(19,0)", Long.MAX_VALUE));
        assertFails(Schema.INT32_SCHEMA, "decimal(6,2)", 12345, "needs more than 6 digits");
        assertFails(Schema.INT64_SCHEMA, "decimal(18,0)", Long.MAX_VALUE, "needs more than 18 digits");
        assertFails(Schema.INT8_SCHEMA, "decimal(2,2)", (byte) 3, "needs more than 2 digits");
    }

    @Test
    void floatsToIntegersOnlyForWholeNumbersInRange() {
        assertEquals(42L, apply(Schema.FLOAT64_SCHEMA, "int64", 42.0));
        assertEquals(0, apply(Schema.FLOAT64_SCHEMA, "int32", -0.0));
        assertEquals((byte) 3, apply(Schema.FLOAT32_SCHEMA, "int8", 3.0f));
        assertEquals((byte) -128, apply(Schema.FLOAT64_SCHEMA, "int8", -128.0));
        assertEquals(Long.MIN_VALUE, apply(Schema.FLOAT64_SCHEMA, "int64", -0x1p63));
        assertEquals(Integer.MAX_VALUE, apply(Schema.FLOAT64_SCHEMA, "int32", (double) Integer.MAX_VALUE));
        assertFails(Schema.FLOAT64_SCHEMA, "int64", 42.5, "fraction");
        assertFails(Schema.FLOAT64_SCHEMA, "int64", -0.25, "fraction");
        assertFails(Schema.FLOAT32_SCHEMA, "int32", 1.75f, "fraction");
        assertFails(Schema.FLOAT64_SCHEMA, "int8", 128.0, "out of the range of int8");
        assertFails(Schema.FLOAT64_SCHEMA, "int32", 2147483648.0, "out of the range of int32");
        assertFails(Schema.FLOAT64_SCHEMA, "int64", 0x1p63, "out of the range of int64");
        assertFails(Schema.FLOAT64_SCHEMA, "int64", 1.5e300, "out of the range of int64");
        assertFails(Schema.FLOAT64_SCHEMA, "int64", Double.NaN, "NaN or infinite");
        assertFails(Schema.FLOAT32_SCHEMA, "int16", Float.NEGATIVE_INFINITY, "NaN or infinite");
    }

    @Test
    void floatsAmongThemselves() {
        assertEquals((double) 0.1f, apply(Schema.FLOAT32_SCHEMA, "float64", 0.1f));
        assertEquals((float) 0.1, apply(Schema.FLOAT64_SCHEMA, "float32", 0.1));
        assertEquals(Float.MAX_VALUE, apply(Schema.FLOAT64_SCHEMA, "float32", (double) Float.MAX_VALUE));
        assertEquals(Float.NaN, apply(Schema.FLOAT64_SCHEMA, "float32", Double.NaN));
        assertEquals(Float.NEGATIVE_INFINITY, apply(Schema.FLOAT64_SCHEMA, "float32", Double.NEGATIVE_INFINITY));
        assertEquals(-0.0f, apply(Schema.FLOAT64_SCHEMA, "float32", -0.0));
        assertFails(Schema.FLOAT64_SCHEMA, "float32", 3.5e38, "out of the range of float32");
        assertFails(Schema.FLOAT64_SCHEMA, "float32", -1.25e-50, "out of the range of float32");
        assertTrue(cast(Schema.FLOAT32_SCHEMA, "float32").isIdentity());
    }

    @Test
    void floatsToBooleanAndString() {
        assertEquals(false, apply(Schema.FLOAT64_SCHEMA, "boolean", 0.0));
        assertEquals(false, apply(Schema.FLOAT64_SCHEMA, "boolean", -0.0));
        assertEquals(true, apply(Schema.FLOAT64_SCHEMA, "boolean", 0.5)); // Kafka's Cast: false (truncates first)
        assertEquals(true, apply(Schema.FLOAT32_SCHEMA, "boolean", Float.POSITIVE_INFINITY));
        assertFails(Schema.FLOAT64_SCHEMA, "boolean", Double.NaN, "NaN or infinite");
        assertEquals("1.0E10", apply(Schema.FLOAT64_SCHEMA, "string", 1e10));
        assertEquals("0.1", apply(Schema.FLOAT32_SCHEMA, "string", 0.1f));
        assertEquals("-0.0", apply(Schema.FLOAT64_SCHEMA, "string", -0.0));
        assertEquals("NaN", apply(Schema.FLOAT64_SCHEMA, "string", Double.NaN));
        assertEquals("-Infinity", apply(Schema.FLOAT32_SCHEMA, "string", Float.NEGATIVE_INFINITY));
    }

    @Test
    void floatsToDecimalByTheirShortestText() {
        assertEquals(new BigDecimal("0.10"), apply(Schema.FLOAT64_SCHEMA, "decimal(5,2)", 0.1));
        assertEquals(new BigDecimal("0.1"), apply(Schema.FLOAT32_SCHEMA, "decimal(3,1)", 0.1f));
        assertEquals(new BigDecimal("-2.50"), apply(Schema.FLOAT64_SCHEMA, "decimal(3,2)", -2.5));
        assertEquals(new BigDecimal("0.00"), apply(Schema.FLOAT64_SCHEMA, "decimal(3,2)", -0.0));
        assertEquals(new BigDecimal("100000000000000000000"), apply(Schema.FLOAT64_SCHEMA, "decimal(21,0)", 1e20));
        assertFails(Schema.FLOAT64_SCHEMA, "decimal(5,2)", 0.125, "more than 2 decimal places");
        assertFails(Schema.FLOAT64_SCHEMA, "decimal(4,2)", 123.5, "needs more than 4 digits");
        assertFails(Schema.FLOAT64_SCHEMA, "decimal(5,2)", Double.NaN, "NaN or infinite");
        assertFails(Schema.FLOAT32_SCHEMA, "decimal(5,2)", Float.POSITIVE_INFINITY, "NaN or infinite");
    }

    @Test
    void booleansToEveryPrimitive() {
        assertEquals((byte) 1, apply(Schema.BOOLEAN_SCHEMA, "int8", true));
        assertEquals((short) 0, apply(Schema.BOOLEAN_SCHEMA, "int16", false));
        assertEquals(1, apply(Schema.BOOLEAN_SCHEMA, "int32", true));
        assertEquals(0L, apply(Schema.BOOLEAN_SCHEMA, "int64", false));
        assertEquals(1f, apply(Schema.BOOLEAN_SCHEMA, "float32", true));
        assertEquals(0d, apply(Schema.BOOLEAN_SCHEMA, "float64", false));
        assertEquals("true", apply(Schema.BOOLEAN_SCHEMA, "string", true));
        assertEquals("false", apply(Schema.BOOLEAN_SCHEMA, "string", false));
        assertEquals(new BigDecimal("1.00"), apply(Schema.BOOLEAN_SCHEMA, "decimal(3,2)", true));
        assertEquals(new BigDecimal("0.0"), apply(Schema.BOOLEAN_SCHEMA, "decimal(1,1)", false));
        assertFails(Schema.BOOLEAN_SCHEMA, "decimal(1,1)", true, "needs more than 1 digits");
        assertTrue(cast(Schema.BOOLEAN_SCHEMA, "boolean").isIdentity());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "42|42", "' 42 '|42", "+42|42", "-42|-42", "42.0|42", "4.2e1|42", "4200E-2|42", "0|0", "-0|0",
        "9223372036854775807|9223372036854775807", "-9223372036854775808|-9223372036854775808",
        "000000000000000000000000042|42"})
    void stringsToIntegers(String text, long expected) {
        assertEquals(expected, apply(Schema.STRING_SCHEMA, "int64", text));
        if (expected >= Byte.MIN_VALUE && expected <= Byte.MAX_VALUE) {
            assertEquals((byte) expected, apply(Schema.STRING_SCHEMA, "int8", text));
        }
    }

    @Test
    void blanksAroundANumberAreIgnored() {
        assertEquals(17, apply(Schema.STRING_SCHEMA, "int32", "\t17\n"));
        assertEquals(17L, apply(Schema.STRING_SCHEMA, "int64", "17      ")); // a padded CHAR(8)
        assertEquals(1.5, apply(Schema.STRING_SCHEMA, "float64", "\u20031.5"));
        assertEquals(new BigDecimal("1.50"), apply(Schema.STRING_SCHEMA, "decimal(3,2)", " 1.5 "));
    }

    @Test
    void stringsThatAreNoIntegers() {
        assertFails(Schema.STRING_SCHEMA, "int32", "42.5", "fraction");
        assertFails(Schema.STRING_SCHEMA, "int32", "1e-999999999", "fraction");
        assertFails(Schema.STRING_SCHEMA, "int64", "9223372036854775808", "out of the range of int64");
        assertFails(Schema.STRING_SCHEMA, "int64", "-9223372036854775809", "out of the range of int64");
        assertFails(Schema.STRING_SCHEMA, "int64", "1e999999999", "out of the range of int64");
        assertFails(Schema.STRING_SCHEMA, "int8", "128", "out of the range of int8");
        assertFails(Schema.STRING_SCHEMA, "int16", "-32769", "out of the range of int16");
        assertFails(Schema.STRING_SCHEMA, "int32", "2147483648", "out of the range of int32");
        for (String text : new String[] {"abc", "", "   ", "0x1F", "1_000", "١٢", "12abc", "--12", "1e", "42L", "NaN",
            "Infinity", "4111 1111 1111 1111"}) {
            assertFails(Schema.STRING_SCHEMA, "int64", text, "not a number");
        }
    }

    @Test
    void stringsToFloats() {
        assertEquals(1.5, apply(Schema.STRING_SCHEMA, "float64", "1.5"));
        assertEquals(-2500.0, apply(Schema.STRING_SCHEMA, "float64", " -2.5e3 "));
        assertEquals(0.1, apply(Schema.STRING_SCHEMA, "float64", "0.1"));
        assertEquals(0.0, apply(Schema.STRING_SCHEMA, "float64", "0e10"));
        assertEquals(-0.0, apply(Schema.STRING_SCHEMA, "float64", "-0.0"));
        assertEquals(Double.NaN, apply(Schema.STRING_SCHEMA, "float64", "NaN"));
        assertEquals(Double.POSITIVE_INFINITY, apply(Schema.STRING_SCHEMA, "float64", "Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, apply(Schema.STRING_SCHEMA, "float64", "+Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, apply(Schema.STRING_SCHEMA, "float64", "-Infinity"));
        assertEquals(Double.MIN_VALUE, apply(Schema.STRING_SCHEMA, "float64", "4.9e-324"));
        assertEquals(0.1f, apply(Schema.STRING_SCHEMA, "float32", "0.1"));
        assertEquals(3.4e38f, apply(Schema.STRING_SCHEMA, "float32", "3.4e38"));
        assertEquals(Float.NEGATIVE_INFINITY, apply(Schema.STRING_SCHEMA, "float32", "-Infinity"));
        assertEquals(Float.NaN, apply(Schema.STRING_SCHEMA, "float32", "NaN"));
        assertFails(Schema.STRING_SCHEMA, "float64", "1e400", "out of the range of float64");
        assertFails(Schema.STRING_SCHEMA, "float64", "-1e-400", "out of the range of float64");
        assertFails(Schema.STRING_SCHEMA, "float32", "3.5e38", "out of the range of float32");
        assertFails(Schema.STRING_SCHEMA, "float32", "1e-50", "out of the range of float32");
        for (String text : new String[] {"abc", "", "1.5f", "1.5d", "0x1p3", "nan", "inf", "1,5", "١٫٥", "e5", "."}) {
            assertFails(Schema.STRING_SCHEMA, "float64", text, "not a number");
            assertFails(Schema.STRING_SCHEMA, "float32", text, "not a number");
        }
    }

    @Test
    void stringsToBoolean() {
        assertEquals(true, apply(Schema.STRING_SCHEMA, "boolean", "true"));
        assertEquals(true, apply(Schema.STRING_SCHEMA, "boolean", "TRUE"));
        assertEquals(false, apply(Schema.STRING_SCHEMA, "boolean", " False "));
        for (String text : new String[] {"yes", "no", "1", "0", "t", "", "truth"}) {
            assertFails(Schema.STRING_SCHEMA, "boolean", text, "not 'true' or 'false'");
        }
    }

    @Test
    void stringsToDecimal() {
        assertEquals(new BigDecimal("12.345"), apply(Schema.STRING_SCHEMA, "decimal(6,3)", "12.345"));
        assertEquals(new BigDecimal("12.345"), apply(Schema.STRING_SCHEMA, "decimal(6,3)", " 12.3450 "));
        assertEquals(new BigDecimal("1200.000"), apply(Schema.STRING_SCHEMA, "decimal(7,3)", "1.2E3"));
        assertEquals(new BigDecimal("-0.001"), apply(Schema.STRING_SCHEMA, "decimal(3,3)", "-0.001"));
        assertFails(Schema.STRING_SCHEMA, "decimal(6,3)", "12.3456", "more than 3 decimal places");
        assertFails(Schema.STRING_SCHEMA, "decimal(5,2)", "1234.5", "needs more than 5 digits");
        assertFails(Schema.STRING_SCHEMA, "decimal(5,2)", "1e999999999", "needs more than 5 digits");
        assertFails(Schema.STRING_SCHEMA, "decimal(5,2)", "5e-999999999", "more than 2 decimal places");
        assertFails(Schema.STRING_SCHEMA, "decimal(5,2)", "twelve", "not a number");
        assertFails(Schema.STRING_SCHEMA, "decimal(5,2)", "NaN", "not a number");
    }

    @Test
    void stringsToBytesAreUtf8() {
        byte[] expected = {'h', (byte) 0xC3, (byte) 0xA9, 'l', 'l', 'o', ' ', (byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        assertArrayEquals(expected, (byte[]) apply(Schema.STRING_SCHEMA, "bytes", "h\u00e9llo \u20ac"));
        Cast json = cast(named(Schema.Type.STRING, "io.debezium.data.Json"), "bytes");
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), (byte[]) json.apply("{\"a\":1}"));
        assertSchemaIs(Schema.BYTES_SCHEMA, json.schema());
    }

    @Test
    void aJsonStringCastToStringStaysAJsonString() {
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional().build();
        Cast c = cast(json, "string");
        assertTrue(c.isIdentity());
        assertSame(json, c.schema());
        String v = "{\"email\":\"x@example.com\"}";
        assertSame(v, c.apply(v));
        assertSame(Schema.STRING_SCHEMA, cast(Schema.STRING_SCHEMA, "string").schema());
    }

    @Test
    void bytesToStringAreBase64AndBytesStayBytes() {
        byte[] raw = {0x00, 0x01, (byte) 0xFF};
        assertEquals("AAH/", apply(Schema.BYTES_SCHEMA, "string", raw));
        assertEquals("", apply(Schema.BYTES_SCHEMA, "string", new byte[0]));
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 0x00, 0x01, (byte) 0xFF});
        buffer.position(1);
        assertEquals("AAH/", apply(Schema.BYTES_SCHEMA, "string", buffer));
        assertEquals(1, buffer.position(), "the buffer is not moved");
        Cast same = cast(Schema.OPTIONAL_BYTES_SCHEMA, "bytes");
        assertTrue(same.isIdentity());
        assertSame(raw, same.apply(raw));
    }

    static Stream<Arguments> unsupportedPairs() {
        Schema struct = SchemaBuilder.struct().name("io.example.Address").field("city", Schema.STRING_SCHEMA).build();
        Schema decimal = Decimal.schema(2);
        return Stream.of(
            Arguments.of(Schema.BYTES_SCHEMA, "int32", "BYTES can be cast to string, bytes only"),
            Arguments.of(Schema.BYTES_SCHEMA, "boolean", "string, bytes only"),
            Arguments.of(Schema.BYTES_SCHEMA, "decimal(10,2)", "string, bytes only"),
            Arguments.of(Schema.BYTES_SCHEMA, "float64", "string, bytes only"),
            Arguments.of(struct, "int32", "STRUCT (io.example.Address) cannot be cast"),
            Arguments.of(struct, "string", "cannot be cast"),
            Arguments.of(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), "string", "ARRAY cannot be cast"),
            Arguments.of(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), "string",
                    "MAP cannot be cast"),
            Arguments.of(Schema.INT32_SCHEMA, "bytes",
                    "int8, int16, int32, int64, float32, float64, boolean, string, decimal(p,s) only"),
            Arguments.of(Schema.FLOAT64_SCHEMA, "bytes", "decimal(p,s) only"),
            Arguments.of(Schema.BOOLEAN_SCHEMA, "bytes", "decimal(p,s) only"),
            Arguments.of(decimal, "bytes", "BYTES (org.apache.kafka.connect.data.Decimal) can be cast to int8"),
            Arguments.of(CastFixtures.VARIABLE_SCALE_DECIMAL, "bytes", "decimal(p,s) only"),
            Arguments.of(SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                    .field("scale", Schema.INT32_SCHEMA).build(), "string", "cannot be cast"),
            Arguments.of(named(Schema.Type.STRING, "io.debezium.time.IsoTimestamp"), "int64",
                    "can be cast to string, bytes only"));
    }

    @ParameterizedTest
    @MethodSource("unsupportedPairs")
    void unsupportedPairsAreRejectedAtCompileNamingPathTypesAndWhatIsSupported(Schema from, String to, String detail) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cast(from, to));
        assertTrue(e.getMessage().contains("'" + PATH + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("from " + Describe.schema(from) + " to " + CastType.parse(to)), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Casts.compile(PATH, from, CastType.parse(to), CastOnError.NULL));
    }

    @Test
    void nullOnErrorNeedsAnOptionalField() {
        for (Schema required : new Schema[] {Schema.INT64_SCHEMA, Schema.STRING_SCHEMA, Decimal.schema(2)}) {
            for (String to : new String[] {"int32", "string", "decimal(5,2)"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Casts.compile(PATH, required, CastType.parse(to), CastOnError.NULL));
                assertTrue(e.getMessage().contains("'" + PATH + "'"), e.getMessage());
                assertTrue(e.getMessage().contains(Describe.schema(required)), e.getMessage());
                assertTrue(e.getMessage().contains(" to " + to), e.getMessage());
                assertTrue(e.getMessage().contains("cast.on.error=null"), e.getMessage());
                assertTrue(e.getMessage().contains("required"), e.getMessage());
            }
        }
        assertNull(Casts.compile(PATH, Schema.OPTIONAL_INT64_SCHEMA, CastType.INT8, CastOnError.NULL).apply(1000L));
    }

    @Test
    void optionalityIsKept() {
        assertFalse(cast(Schema.INT32_SCHEMA, "string").schema().isOptional());
        assertTrue(cast(Schema.OPTIONAL_INT32_SCHEMA, "string").schema().isOptional());
        assertTrue(cast(Schema.OPTIONAL_STRING_SCHEMA, "decimal(5,1)").schema().isOptional());
        assertFalse(cast(Decimal.schema(3), "float64").schema().isOptional());
    }

    @Test
    void theOutputSchemaIsTheTargetTypesWithoutTheSourcesNameDocOrParameters() {
        Schema from = SchemaBuilder.int32().name("io.debezium.time.Year").doc("the year").version(2)
                .parameter("__debezium.source.column.type", "YEAR").build();
        Schema out = cast(from, "int64").schema();
        assertEquals(Schema.INT64_SCHEMA, out);
        assertNull(out.name());
        assertNull(out.doc());
        assertNull(out.parameters());
    }

    @Test
    void aDecimalTargetIsAConnectDecimalWithScaleAndPrecision() {
        Schema out = cast(Schema.OPTIONAL_STRING_SCHEMA, "decimal(12,3)").schema();
        assertEquals(Decimal.LOGICAL_NAME, out.name());
        assertEquals(Schema.Type.BYTES, out.type());
        assertEquals(Map.of(Decimal.SCALE_FIELD, "3", "connect.decimal.precision", "12"), out.parameters());
        assertEquals("connect.decimal.precision", Casts.DECIMAL_PRECISION);
        assertTrue(out.isOptional());
        BigDecimal v = (BigDecimal) cast(Schema.OPTIONAL_STRING_SCHEMA, "decimal(12,3)").apply("7.5");
        assertEquals(3, v.scale());
        assertEquals(v, Decimal.toLogical(out, Decimal.fromLogical(out, v)));
    }

    @Test
    void theDefaultIsCastToo() {
        Schema from = SchemaBuilder.int32().optional().defaultValue(42).build();
        Schema out = cast(from, "string").schema();
        assertEquals("42", out.defaultValue());
        assertTrue(out.isOptional());
        assertEquals(new BigDecimal("42.00"), cast(from, "decimal(4,2)").schema().defaultValue());
        assertEquals((byte) 42, cast(from, "int8").schema().defaultValue());
        assertEquals(true, cast(SchemaBuilder.string().defaultValue("TRUE").build(), "boolean").schema().defaultValue());
        assertNull(cast(Schema.OPTIONAL_INT32_SCHEMA, "string").schema().defaultValue());
    }

    @Test
    void aDefaultThatCannotBeCastFailsTheCompileWithFailAndIsDroppedWithNull() {
        Schema from = SchemaBuilder.string().optional().defaultValue("n/a 4111").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cast(from, "int32"));
        assertTrue(e.getMessage().contains("default value of field '" + PATH + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("STRING to int32: the value is not a number"), e.getMessage());
        assertFalse(e.getMessage().contains("n/a 4111"), e.getMessage());
        Cast lenient = Casts.compile(PATH, from, CastType.INT32, CastOnError.NULL);
        assertNull(lenient.schema().defaultValue());
        assertTrue(lenient.schema().isOptional());
        Schema tooBig = SchemaBuilder.int64().defaultValue(100_000L).build();
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> cast(tooBig, "int16"));
        assertTrue(range.getMessage().contains("out of the range of int16"), range.getMessage());
        assertFalse(range.getMessage().contains("100000"), range.getMessage());
    }

    @Test
    void nullStaysNull() {
        for (String to : new String[] {"int8", "int64", "float32", "boolean", "string", "bytes", "decimal(3,1)"}) {
            assertNull(Casts.compile(PATH, Schema.OPTIONAL_STRING_SCHEMA, CastType.parse(to), CastOnError.FAIL).apply(null));
            assertNull(Casts.compile(PATH, Schema.OPTIONAL_STRING_SCHEMA, CastType.parse(to), CastOnError.NULL).apply(null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"int64", "string", "float32", "boolean", "decimal(5,1)"})
    void aValueOfTheWrongClassIsADataExceptionNotAClassCastException(String to) {
        DataException e = assertThrows(DataException.class, () -> apply(Schema.INT32_SCHEMA, to, "4111111111111111"));
        assertTrue(e.getMessage().contains("'" + PATH + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("INT32"), e.getMessage());
        assertTrue(e.getMessage().contains("a String, not a value of the field's schema"), e.getMessage());
        assertFalse(e.getMessage().contains("4111111111111111"), e.getMessage());
        // whatever on.error says: a value that is not of its schema is a broken record, not a lossy cast
        assertThrows(DataException.class, () -> Casts.compile(PATH, Schema.OPTIONAL_INT32_SCHEMA, CastType.parse(to),
                CastOnError.NULL).apply(12.5));
        for (Schema schema : new Schema[] {Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA, Schema.BOOLEAN_SCHEMA,
            Schema.BYTES_SCHEMA, Decimal.schema(1)}) {
            Object wrong = schema.type() == Schema.Type.BOOLEAN ? "true" : (Object) 12;
            if (schema.type() == CastType.parse(to).schemaType() && schema.name() == null) {
                continue; // a cast to the field's own type does nothing, so it checks nothing (the kernel does)
            }
            if (schema.type() == Schema.Type.BYTES && schema.name() == null && !to.equals("string")) {
                continue; // not a supported pair
            }
            assertThrows(DataException.class, () -> apply(schema, to, wrong), () -> Describe.schema(schema) + " to " + to);
        }
    }

    @Test
    void aCastIsAFunctionWithAValueFreeDescription() {
        Cast c = cast(Schema.OPTIONAL_INT64_SCHEMA, "string");
        Function<Object, Object> f = c;
        assertEquals(List.of("1", "2"), Stream.of(1L, 2L).map(f).toList());
        assertEquals(PATH, c.path());
        assertEquals(CastType.STRING, c.target());
        assertEquals(CastOnError.FAIL, c.onError());
        assertSame(Schema.OPTIONAL_INT64_SCHEMA, c.from());
        assertFalse(c.isIdentity());
        assertEquals("Cast[" + PATH + ": INT64 -> string, on error fail]", c.toString());
    }

    @Test
    void argumentsAreRequired() {
        assertThrows(NullPointerException.class, () -> Casts.compile(null, Schema.INT32_SCHEMA, CastType.INT64, CastOnError.FAIL));
        assertThrows(NullPointerException.class, () -> Casts.compile(PATH, null, CastType.INT64, CastOnError.FAIL));
        assertThrows(NullPointerException.class, () -> Casts.compile(PATH, Schema.INT32_SCHEMA, null, CastOnError.FAIL));
        assertThrows(NullPointerException.class, () -> Casts.compile(PATH, Schema.INT32_SCHEMA, CastType.INT64, null));
    }

    private static void assertSchemaIs(Schema expected, Schema actual) {
        assertEquals(expected.type(), actual.type());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.isOptional(), actual.isOptional());
    }
}
