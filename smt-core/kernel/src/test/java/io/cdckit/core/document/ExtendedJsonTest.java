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
        "{\"a\": {\"$binary\": \"AQID\", \"$type\": \"100\"}}", "{\"a\": {\"$uuid\": \"not-a-uuid\"}}",
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
}
