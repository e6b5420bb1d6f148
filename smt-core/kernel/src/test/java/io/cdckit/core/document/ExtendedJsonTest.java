package io.cdckit.core.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtendedJsonTest {

    private static Object one(String json) {
        return ExtendedJson.parseDocument("{\"v\": " + json + "}").get("v");
    }

    @Test
    void numbersAreTypedAsOrgBsonTypesThem() {
        assertEquals(1, one("1"));
        assertEquals(Integer.MAX_VALUE, one("2147483647"));
        assertEquals(2147483648L, one("2147483648"));
        assertEquals(-2147483649L, one("-2147483649"));
        assertEquals(1.0, one("1.0"));
        assertEquals(100.0, one("1e2"));
        assertEquals(-0.5, one("-5E-1"));
        assertTrue(Double.isNaN((Double) one("NaN")));
        assertEquals(Double.POSITIVE_INFINITY, one("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, one("-Infinity"));
        assertEquals(5L, one("{\"$numberLong\": \"5\"}"));
        assertEquals(5, one("{\"$numberInt\": \"5\"}"));
        assertEquals(2.5, one("{\"$numberDouble\": \"2.5\"}"));
        assertEquals(Double.NEGATIVE_INFINITY, one("{\"$numberDouble\": \"-Infinity\"}"));
        assertEquals(new BsonValues.Decimal("1.50"), one("{\"$numberDecimal\": \"1.50\"}"));
    }

    @Test
    void everyWrapperOfEveryMode() {
        assertEquals(new BsonValues.ObjectId("5f1e2d3c4b5a697887766554"), one("{\"$oid\": \"5F1E2D3C4B5A697887766554\"}"));
        // $date: strict (number), relaxed (ISO text), canonical ($numberLong)
        assertEquals(new BsonValues.DateTime(1_600_000_000_123L), one("{\"$date\": 1600000000123}"));
        assertEquals(new BsonValues.DateTime(1_600_000_000_123L), one("{\"$date\": \"2020-09-13T12:26:40.123Z\"}"));
        assertEquals(new BsonValues.DateTime(1_600_000_000_000L), one("{\"$date\": \"2020-09-13T14:26:40+02:00\"}"));
        assertEquals(new BsonValues.DateTime(-5L), one("{\"$date\": {\"$numberLong\": \"-5\"}}"));
        assertEquals(new BsonValues.DateTime(1_600_000_000_000L), one("{\"$date\": \"2020-09-13T12:26:40Z\"}"));
        assertEquals(new BsonValues.DateTime(951_782_400_000L), one("{\"$date\": \"2000-02-29T00:00:00.000Z\"}"));
        assertEquals(new BsonValues.DateTime(1_600_000_000_100L), one("{\"$date\": \"2020-09-13T12:26:40.1Z\"}"));
        BsonValues.Binary legacy = (BsonValues.Binary) one("{\"$binary\": \"AQID\", \"$type\": \"80\"}");
        assertEquals(0x80, legacy.subtype());
        assertArrayEquals(new byte[]{1, 2, 3}, legacy.data());
        assertEquals(legacy, one("{\"$type\": \"80\", \"$binary\": \"AQID\"}"));
        assertEquals(legacy, one("{\"$binary\": {\"base64\": \"AQID\", \"subType\": \"80\"}}"));
        BsonValues.Binary uuid = (BsonValues.Binary) one("{\"$uuid\": \"00112233-4455-6677-8899-aabbccddeeff\"}");
        assertEquals(4, uuid.subtype());
        assertEquals(16, uuid.data().length);
        assertEquals(new BsonValues.Regex("^a", "imx"), one("{\"$regex\": \"^a\", \"$options\": \"xmi\"}"));
        assertEquals(new BsonValues.Regex("^a", "i"), one("{\"$regularExpression\": {\"pattern\": \"^a\", \"options\": \"i\"}}"));
        assertEquals(new BsonValues.Timestamp(4294967295L, 3), one("{\"$timestamp\": {\"t\": 4294967295, \"i\": 3}}"));
        assertEquals(new BsonValues.Symbol("s"), one("{\"$symbol\": \"s\"}"));
        assertEquals(new BsonValues.Code("f()"), one("{\"$code\": \"f()\"}"));
        BsonValues.CodeWithScope cws = (BsonValues.CodeWithScope) one("{\"$code\": \"f()\", \"$scope\": {\"x\": 1}}");
        assertEquals(Map.of("x", 1), cws.scope());
        assertEquals(BsonValues.Marker.MIN_KEY, one("{\"$minKey\": 1}"));
        assertEquals(BsonValues.Marker.MAX_KEY, one("{\"$maxKey\": 1}"));
        assertEquals(BsonValues.Marker.UNDEFINED, one("{\"$undefined\": true}"));
        assertEquals(BsonValues.Marker.UNDEFINED, one("undefined"));
        BsonValues.DbPointer p = (BsonValues.DbPointer) one(
                "{\"$dbPointer\": {\"$ref\": \"db.c\", \"$id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}}}");
        assertEquals("db.c", p.namespace());
        assertEquals(BsonKind.DB_POINTER, BsonKind.of(p));
    }

    @Test
    void plainValuesDocumentsAndArrays() {
        Map<String, Object> d = ExtendedJson.parseDocument(
                "{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"},\"s\": \"a\\\"b\\u00e9\\n\",\"t\": true,"
                + "\"f\": false,\"n\": null,\"a\": [1, \"x\", [], {}],\"d\": {\"$set\": 1},\"e\": {}}");
        assertEquals(List.of("_id", "s", "t", "f", "n", "a", "d", "e"), List.copyOf(d.keySet()));
        assertEquals("a\"b\u00e9\n", d.get("s"));
        assertEquals(Boolean.TRUE, d.get("t"));
        assertNull(d.get("n"));
        assertTrue(d.containsKey("n"));
        assertEquals(List.of(1, "x", List.of(), Map.of()), d.get("a"));
        assertEquals(Map.of("$set", 1), d.get("d"), "a $ key that is no wrapper is a plain field");
        assertEquals(BsonKind.DOCUMENT, BsonKind.of(d.get("e")));
    }

    @Test
    void aKeyTwiceKeepsItsFirstPlaceAndItsLastValue() {
        Map<String, Object> d = ExtendedJson.parseDocument("{\"a\": 1, \"b\": 2, \"a\": \"x\"}");
        assertEquals(List.of("a", "b"), List.copyOf(d.keySet()));
        assertEquals("x", d.get("a"));
    }

    @Test
    void aValueOnItsOwn() {
        assertEquals(7, ExtendedJson.parseValue(" 7 "));
        assertEquals("id-1", ExtendedJson.parseValue("\"id-1\""));
        assertEquals(new BsonValues.ObjectId("5f1e2d3c4b5a697887766554"),
                ExtendedJson.parseValue("{\"$oid\": \"5f1e2d3c4b5a697887766554\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "}", "[1]", "{\"a\"}", "{\"a\": }", "{\"a\": 1,}", "{\"a\": 1} x", "{a: 1}",
        "{\"a\": \"unterminated}", "{\"a\": \"\\q\"}", "{\"a\": \"\\u12\"}", "{\"a\": 99999999999999999999}",
        "{\"a\": -}", "{\"a\": tru}", "{\"a\": {\"$oid\": \"123\"}}", "{\"a\": {\"$oid\": \"zz1e2d3c4b5a697887766554\"}}",
        "{\"a\": {\"$oid\": \"5f1e2d3c4b5a697887766554\", \"x\": 1}}", "{\"a\": {\"$date\": \"yesterday\"}}",
        "{\"a\": {\"$date\": true}}",
        "{\"a\": {\"$date\": \"2020-13-01T00:00:00.000Z\"}}", "{\"a\": {\"$numberLong\": \"1.5\"}}", "{\"a\": {\"$numberInt\": \"3000000000\"}}",
        "{\"a\": {\"$numberDecimal\": \"abc\"}}", "{\"a\": {\"$binary\": \"***\", \"$type\": \"00\"}}",
        "{\"a\": {\"$uuid\": \"not-a-uuid\"}}",
        "{\"a\": {\"$timestamp\": {\"t\": -1, \"i\": 0}}}", "{\"a\": {\"$minKey\": 2}}", "{\"a\": {\"$undefined\": false}}",
        "{\"a\": {\"$code\": \"x\", \"$scope\": 1}}", "{\"a\": {\"$regularExpression\": {\"pattern\": \"x\"}}}",
        "{\"a\": [1, 2}", "{\"a\": [1 2]}", "{\"$oid\": \"5f1e2d3c4b5a697887766554\"}"})
    void malformedTextIsADocumentExceptionWithoutTheText(String text) {
        DocumentException e = assertThrows(DocumentException.class, () -> ExtendedJson.parseDocument(text));
        assertTrue(e.getMessage().startsWith("extended JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("zz1e") || e.getMessage().contains("yesterday")
                || e.getMessage().contains("unterminated"), e.getMessage());
    }

    @Test
    void deepNestingIsReadWithoutLimitBeyondTheStack() {
        String deep = "{\"a\": ".repeat(200) + "1" + "}".repeat(200);
        Object v = ExtendedJson.parseDocument(deep);
        for (int i = 0; i < 200; i++) {
            v = ((Map<?, ?>) v).get("a");
        }
        assertEquals(1, v);
    }

    @Test
    void nestingDeeperThanTheLimitIsADocumentExceptionAtAnOffsetNotAStackOverflow() {
        int n = 200_000;
        DocumentException arrays = assertThrows(DocumentException.class,
                () -> ExtendedJson.parseDocument("{\"a\": " + "[".repeat(n) + "]".repeat(n) + "}"));
        assertTrue(arrays.getMessage().contains("nesting deeper than " + ExtendedJson.MAX_DEPTH + " levels at offset "),
                arrays.getMessage());
        int m = 100_000;
        DocumentException docs = assertThrows(DocumentException.class, () -> ExtendedJson.parseDocument(
                "{\"a\": 1" + ", \"b\": {\"a\": 1".repeat(m) + "}".repeat(m) + "}"));
        assertTrue(docs.getMessage().contains("nesting deeper than"), docs.getMessage());
        assertThrows(DocumentException.class, () -> ExtendedJson.parseValue("[".repeat(n) + "]".repeat(n)));
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        int levels = ExtendedJson.MAX_DEPTH;
        // the outer document is level 1, each array one more
        String limit = "{\"a\": " + "[".repeat(levels - 1) + "]".repeat(levels - 1) + "}";
        Object v = ExtendedJson.parseDocument(limit).get("a");
        for (int i = 0; i < levels - 2; i++) {
            v = ((List<?>) v).get(0);
        }
        assertEquals(List.of(), v);
        String over = "{\"a\": " + "[".repeat(levels) + "]".repeat(levels) + "}";
        assertThrows(DocumentException.class, () -> ExtendedJson.parseDocument(over));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\u+041\"", "\"\\u-001\"", "\"\\u 041\"", "\"\\u0x41\""})
    void aUnicodeEscapeNeedsFourHexDigitsWithoutASign(String json) {
        DocumentException e = assertThrows(DocumentException.class, () -> one(json));
        assertTrue(e.getMessage().contains("four hex digits"), e.getMessage());
    }

    @Test
    void dollarKeysWithoutTheirWrappersFormArePlainDocuments() {
        assertEquals(Map.of("$type", "string"), one("{\"$type\": \"string\"}"));
        assertEquals(Map.of("$type", 2), one("{\"$type\": 2}"));
        assertEquals(Map.of("$type", "string", "x", 1), one("{\"$type\": \"string\", \"x\": 1}"));
        assertEquals(Map.of("$regex", "a"), one("{\"$regex\": \"a\"}"));
        assertEquals(Map.of("$regex", "a", "x", 1), one("{\"$regex\": \"a\", \"x\": 1}"));
        assertEquals(Map.of("$regex", Map.of("$in", 1)), one("{\"$regex\": {\"$in\": 1}}"));
        assertEquals(Map.of("$options", "i"), one("{\"$options\": \"i\"}"));
        assertEquals(Map.of("$binary", 1), one("{\"$binary\": 1}"));
        assertEquals(Map.of("$binary", "AA=="), one("{\"$binary\": \"AA==\"}"));
        assertEquals(Map.of("$binary", "AA==", "$type", "zz"), one("{\"$binary\": \"AA==\", \"$type\": \"zz\"}"));
        Map<String, Object> d = ExtendedJson.parseDocument("{\"filter\": {\"$type\": \"string\"}, \"n\": 1}");
        assertEquals(List.of("filter", "n"), List.copyOf(d.keySet()));
    }

    @Test
    void aLegacyBinarySubtypeIsReadAsOrgBsonReadsItAByteOfAHexInt() {
        assertEquals(0, ((BsonValues.Binary) one("{\"$binary\": \"AQID\", \"$type\": \"100\"}")).subtype());
        assertEquals(0xff, ((BsonValues.Binary) one("{\"$type\": \"-1\", \"$binary\": \"AQID\"}")).subtype());
        assertEquals(5, ((BsonValues.Binary) one("{\"$binary\": \"AQID\", \"$type\": \"5\"}")).subtype());
    }

    @Test
    void aRegexMayHaveItsOptionsFirst() {
        assertEquals(new BsonValues.Regex("a", "im"), one("{\"$options\": \"mi\", \"$regex\": \"a\"}"));
        assertEquals(new BsonValues.Regex("a", ""), one("{\"$regex\": \"a\", \"$options\": \"\"}"));
    }

    @Test
    void decimalTextIsDecimal128sText() {
        String[][] cases = {{"1e3", "1E+3"}, {"Inf", "Infinity"}, {"-inf", "-Infinity"}, {"+Infinity", "Infinity"},
            {"nan", "NaN"}, {"-NaN", "NaN"}, {"1.50", "1.50"}, {"-0", "-0"}, {"-0.0", "-0.0"}, {"+1", "1"},
            {"0.000001", "0.000001"}, {"0.0000001", "1E-7"}, {"1E+0", "1"}, {".5", "0.5"},
            {"1234567890123456789012345678901234000", "1.234567890123456789012345678901234E+36"},
            {"1e6112", "1.0E+6112"}, {"10e-6177", "1E-6176"}, {"0e-7000", "0E-6176"}, {"0e7000", "0E+6111"}};
        for (String[] c : cases) {
            assertEquals(new BsonValues.Decimal(c[1]), one("{\"$numberDecimal\": \"" + c[0] + "\"}"), c[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678901234567", "1e7000", "1e-7000", "1e-6177", "1e6145", "abc", "", "1e", "--1",
        "1.2345678901234567890123456789012345"})
    void decimalTextDecimal128CannotHoldIsADocumentExceptionNamingThePath(String text) {
        DocumentException e = assertThrows(DocumentException.class,
                () -> ExtendedJson.parseDocument("{\"a\": {\"b\": [{\"c\": {\"$numberDecimal\": \"" + text + "\"}}]}}"));
        assertTrue(e.getMessage().contains("'a.b.c'"), e.getMessage());
        assertTrue(e.getMessage().contains("Decimal128"), e.getMessage());
        if (!text.isEmpty()) {
            assertFalse(e.getMessage().contains(text), e.getMessage());
        }
    }

    @Test
    void theWriterRefusesANullOrNonStringKeyNamingThePath() {
        Map<Object, Object> inner = new java.util.HashMap<>();
        inner.put(null, 1);
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("a", Map.of("b", inner));
        DocumentException nul = assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(doc));
        assertTrue(nul.getMessage().contains("'a.b'") && nul.getMessage().contains("null key"), nul.getMessage());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> top = (Map) Map.of(7, "x");
        DocumentException type = assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(top));
        assertTrue(type.getMessage().contains("Integer"), type.getMessage());
    }

    @Test
    void theWriterRefusesNestingTheReaderWouldRefuseAndAMapHoldingItself() {
        Map<String, Object> self = new java.util.LinkedHashMap<>();
        self.put("me", self);
        DocumentException e = assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(self));
        assertTrue(e.getMessage().contains("nesting deeper than " + ExtendedJson.MAX_DEPTH), e.getMessage());
        List<Object> list = new java.util.ArrayList<>();
        list.add(list);
        assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(Map.of("l", list)));
        Map<String, Object> deepest = new java.util.LinkedHashMap<>();
        Map<String, Object> m = deepest;
        for (int i = 1; i < ExtendedJson.MAX_DEPTH; i++) {
            Map<String, Object> next = new java.util.LinkedHashMap<>();
            m.put("a", next);
            m = next;
        }
        String written = ExtendedJsonWriter.write(deepest);
        assertEquals(deepest, ExtendedJson.parseDocument(written));
        m.put("a", Map.of());
        assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(deepest));
        // a wrapper at the deepest level is one level more to the reader: refused as the reader would
        m.put("a", 5L);
        assertThrows(DocumentException.class, () -> ExtendedJsonWriter.write(deepest));
        String asTheReaderSeesIt = "{\"a\": ".repeat(ExtendedJson.MAX_DEPTH) + "{\"$numberLong\": \"5\"}"
                + "}".repeat(ExtendedJson.MAX_DEPTH);
        assertThrows(DocumentException.class, () -> ExtendedJson.parseDocument(asTheReaderSeesIt));
        m.put("a", 5);
        assertEquals(deepest, ExtendedJson.parseDocument(ExtendedJsonWriter.write(deepest)));
    }
}
