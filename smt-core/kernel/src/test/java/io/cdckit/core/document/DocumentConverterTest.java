package io.cdckit.core.document;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentConverterTest {

    private static final DocumentConverter ARRAYS = DocumentConverter.of(ArrayEncoding.ARRAY, FieldNames.NONE, 16);
    private static final DocumentConverter DOCS = DocumentConverter.of(ArrayEncoding.DOCUMENT, FieldNames.NONE, 16);

    private static Map<String, Object> doc(String json) {
        return ExtendedJson.parseDocument(json);
    }

    @Test
    void scalarsGetDebeziumsTypesAndValues() {
        Struct s = ARRAYS.convert(doc("{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}, \"i\": 1, \"l\": "
                + "{\"$numberLong\": \"2\"}, \"d\": 1.5, \"b\": true, \"t\": {\"$date\": 1000}, \"ts\": {\"$timestamp\": "
                + "{\"t\": 5, \"i\": 1}}, \"dec\": {\"$numberDecimal\": \"1.10\"}, \"bin\": {\"$binary\": \"AQI=\", "
                + "\"$type\": \"00\"}, \"js\": {\"$code\": \"f()\"}, \"n\": null, \"r\": {\"$regex\": \"^a\", "
                + "\"$options\": \"i\"}, \"u\": {\"$undefined\": true}}"), "db.coll");
        Schema schema = s.schema();
        assertEquals("db.coll", schema.name());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, schema.field("_id").schema());
        assertEquals("5f1e2d3c4b5a697887766554", s.get("_id"));
        assertEquals(1, s.get("i"));
        assertEquals(2L, s.get("l"));
        assertEquals(1.5, s.get("d"));
        assertEquals(Timestamp.builder().optional().build(), schema.field("t").schema());
        assertEquals(new Date(1000), s.get("t"));
        assertEquals(new Date(5000), s.get("ts"));
        assertEquals("1.10", s.get("dec"));
        assertArrayEquals(new byte[]{1, 2}, (byte[]) s.get("bin"));
        assertEquals("f()", s.get("js"));
        assertNull(s.get("n"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, schema.field("n").schema());
        assertEquals("io.debezium.mongodb.regex", schema.field("r").schema().name());
        assertEquals("^a", s.getStruct("r").get("regex"));
        // undefined gets no field and no value
        assertNull(schema.field("u"));
    }

    @Test
    void aSymbolFieldIsRefusedAsDebeziumRefusesIt() {
        DocumentException e = assertThrows(DocumentException.class, () -> ARRAYS.convert(doc("{\"sym\": {\"$symbol\": \"x\"}}"), "n"));
        assertTrue(e.getMessage().contains("'sym'"), e.getMessage());
    }

    @Test
    void nestedDocumentsAreNamedByTheirPath() {
        Struct s = ARRAYS.convert(doc("{\"a\": {\"b\": {\"c\": 1}}, \"e\": {}}"), "db.coll");
        Schema a = s.schema().field("a").schema();
        assertEquals("db.coll.a", a.name());
        assertEquals("db.coll.a.b", a.field("b").schema().name());
        assertTrue(a.isOptional());
        assertNull(s.schema().field("e").schema().name(), "an empty document is an unnamed empty struct");
        assertEquals(1, s.getStruct("a").getStruct("b").get("c"));
    }

    @Test
    void arraysWithArrayEncoding() {
        Struct s = ARRAYS.convert(doc("{\"tags\": [\"a\", \"b\"], \"empty\": [], \"nulls\": [null, \"x\"], "
                + "\"items\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\", \"price\": 2.5}], \"m\": [[1, 2], [3]]}"), "n");
        Schema schema = s.schema();
        assertEquals(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build(), schema.field("tags").schema());
        assertEquals(List.of("a", "b"), s.get("tags"));
        assertEquals(List.of(), s.get("empty"));
        Schema item = schema.field("items").schema().valueSchema();
        assertEquals("n.items", item.name());
        assertEquals(List.of("sku", "qty", "price"), item.fields().stream().map(f -> f.name()).toList());
        Struct second = (Struct) s.getArray("items").get(1);
        assertNull(second.get("qty"));
        assertEquals(2.5, second.get("price"));
        assertEquals(Schema.Type.ARRAY, schema.field("m").schema().valueSchema().type());
        assertEquals(List.of(List.of(1, 2), List.of(3)), s.get("m"));
    }

    @Test
    void mixedArraysAreRefusedWithArrayEncodingNamingThePathNeverTheValue() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> ARRAYS.convert(doc("{\"a\": {\"secret\": [1, \"hunter2\"]}}"), "n"));
        assertTrue(e.getMessage().contains("'a.secret'"), e.getMessage());
        assertTrue(e.getMessage().contains("array.encoding=document"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        DocumentException conflict = assertThrows(DocumentException.class,
                () -> ARRAYS.convert(doc("{\"a\": [{\"x\": 1}, {\"x\": \"s\"}]}"), "n"));
        assertTrue(conflict.getMessage().contains("'a.x'"), conflict.getMessage());
    }

    @Test
    void mixedArraysConvertWithDocumentEncoding() {
        Struct s = DOCS.convert(doc("{\"a\": [1, \"x\", true], \"e\": [], \"d\": [{\"k\": 1}, {\"k\": \"s\"}]}"), "n");
        Schema a = s.schema().field("a").schema();
        assertEquals("n.a", a.name());
        assertEquals(List.of("_0", "_1", "_2"), a.fields().stream().map(f -> f.name()).toList());
        assertEquals("x", s.getStruct("a").get("_1"));
        assertEquals("n.e", s.schema().field("e").schema().name());
        Struct d = s.getStruct("d");
        assertEquals(1, d.getStruct("_0").get("k"));
        assertEquals("s", d.getStruct("_1").get("k"));
        assertEquals("n.d._1", d.schema().field("_1").schema().name());
    }

    @Test
    void oneShapeOneSchemaObject() {
        Schema first = ARRAYS.schema(doc("{\"_id\": 1, \"name\": \"a\", \"tags\": [\"x\"]}"), "shape.test");
        Schema second = ARRAYS.schema(doc("{\"_id\": 2, \"name\": \"b\", \"tags\": [\"y\", \"z\"]}"), "shape.test");
        Schema other = ARRAYS.schema(doc("{\"_id\": 2, \"name\": 5, \"tags\": [\"y\"]}"), "shape.test");
        assertSame(first, second, "same shape, same schema");
        assertFalse(first.equals(other));
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, other.field("name").schema());
    }

    @Test
    void afterTheFirstCheckedDocumentOfASchemaTheOthersAreWrittenUncheckedAndComeOutTheSame() throws Exception {
        String json = "{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}, \"a\": {\"b\": [1, 2]}, "
                + "\"items\": [{\"k\": \"x\"}, {\"k\": \"y\"}], \"r\": {\"$regex\": \"^a\", \"$options\": \"\"}, \"t\": {\"$date\": 5}, "
                + "\"e\": [], \"u\": {\"$undefined\": true}, \"n\": null}";
        for (DocumentConverter c : new DocumentConverter[]{DocumentConverter.of(ArrayEncoding.ARRAY, FieldNames.NONE, 8),
            DocumentConverter.of(ArrayEncoding.DOCUMENT, FieldNames.AVRO, 8)}) {
            Struct checked = c.convert(doc(json), "n");
            Struct unchecked = c.convert(doc(json), "n");
            assertEquals(checked, unchecked);
            unchecked.validate();
            try (AutoCloseable fallback = io.cdckit.core.record.RawStructs.forceFallback()) {
                assertEquals(checked, c.convert(doc(json), "n"));
            }
        }
    }

    @Test
    void refusalsAreCachedPerShapeAndRepeated() {
        DocumentConverter c = DocumentConverter.of(ArrayEncoding.ARRAY, FieldNames.NONE, 16);
        for (int i = 0; i < 3; i++) {
            assertThrows(DocumentException.class, () -> c.schema(doc("{\"a\": [1, \"x\"]}"), "n"));
        }
        assertEquals(1, c.cache().compiles());
    }

    @Test
    void fieldNamesAdjustedForAvro() {
        DocumentConverter avro = DocumentConverter.of(ArrayEncoding.ARRAY, FieldNames.AVRO, 16);
        Struct s = avro.convert(doc("{\"a-b\": 1, \"9x\": 2, \"e\": []}"), "n");
        assertEquals(1, s.get("a_b"));
        assertEquals(2, s.get("_9x"));
        assertNull(s.get("e"), "Debezium leaves empty arrays out when it adjusts names");
        assertEquals("_u002dx", FieldNames.AVRO_UNICODE.field("-x"));
        assertEquals("_u005fid", FieldNames.AVRO_UNICODE.field("_id"));
    }

    @Test
    void schemalessMaps() {
        Map<String, Object> m = ARRAYS.map(doc("{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}, \"t\": {\"$date\": 5}, "
                + "\"a\": {\"b\": [1]}, \"u\": {\"$undefined\": true}}"));
        assertEquals(Map.of("_id", "5f1e2d3c4b5a697887766554", "t", 5L, "a", Map.of("b", List.of(1))), m);
        assertEquals(Map.of("a", Map.of("_0", 1, "_1", "x")), DOCS.map(doc("{\"a\": [1, \"x\"]}")));
    }

    @Test
    void hostileShapesAreRefusedNotCrashed() {
        for (String json : new String[]{"{\"a\": [[[1]]]}", "{\"a\": {\"$code\": \"x\", \"$scope\": {}}}",
            "{\"a\": [{\"r\": {\"$regex\": \"x\", \"$options\": \"\"}}]}", "{\"a\": [[]]}", "{\"a\": [1, [2]]}",
            "{\"a\": [{\"k\": {\"x\": 1}}, {\"k\": {\"y\": 2}}]}", "{\"a\": [[1], [\"s\"]]}"}) {
            DocumentException e = assertThrows(DocumentException.class, () -> ARRAYS.convert(doc(json), "n"), json);
            assertTrue(e.getMessage().startsWith("document field 'a"), e.getMessage());
        }
        for (String json : new String[]{"{\"a\": [{\"k\": 1}, 5]}", "{\"a\": [[1], [1]]}"}) {
            assertThrows(DocumentException.class, () -> DOCS.convert(doc(json), "n"), json);
        }
    }

    @Test
    void theShapeCacheTellsNoNameFromTheNameNullAndNamesHoldingNul() {
        DocumentConverter c = DocumentConverter.of(ArrayEncoding.ARRAY, FieldNames.NONE, 16);
        Map<String, Object> d = doc("{\"id\": 1}");
        assertNull(c.schema(d, null).name());
        assertEquals("null", c.schema(d, "null").name());
        assertNull(c.schema(d, null).name());
        assertEquals("a\u0000", c.schema(d, "a\u0000").name());
        assertEquals("a", c.schema(d, "a").name());
        assertEquals(4L, c.cache().size());
    }
}
