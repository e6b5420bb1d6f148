package io.cdckit.smt.enrich;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topic source's conversion of one record ({@link TopicRecords}), without a broker: the key
 * texts of every key shape and the column values of every type a converter gives, and the
 * messages of what does not fit, which name fields, columns and types but never a value.
 */
class TopicSourceRecordsTest {

    private static final String SECRET = "ann@example.com";

    private static TopicRecords records(List<String> keyFields) {
        return new TopicRecords(FileSource.declared(List.of("tier:string", "credit:int64", "rate:decimal(2)",
                "since:date", "seen:timestamp", "vip:boolean", "score:float64", "rank:int32")),
                "io.cdckit.enrich.customer", keyFields, "|");
    }

    private static ColumnType.Declared type(String text) {
        return ColumnType.parse(text);
    }

    @Test
    void keysOfEveryShapeGiveTheirText() throws TopicRecords.Skip {
        TopicRecords r = records(List.of());
        assertEquals("7", r.keyText("7"));
        assertEquals("7", r.keyText(7L), "a JSON number key");
        assertEquals("7.5", r.keyText(7.50));
        Schema keySchema = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA)
                .field("id", Schema.INT32_SCHEMA).build();
        assertEquals("eu|7", r.keyText(new Struct(keySchema).put("region", "eu").put("id", 7)),
                "a struct key: its fields in schema order, joined by the separator");
        assertEquals("7", r.keyText(Map.of("id", 7L)), "a map key of one entry");
        Map<String, Object> map = new HashMap<>(Map.of("id", 7L, "region", "eu"));
        assertEquals("7|eu", records(List.of("id", "region")).keyText(map), "topic.key.fields picks the order");
        assertEquals("eu|7", records(List.of("region", "id")).keyText(new Struct(keySchema).put("region", "eu")
                .put("id", 7)));
    }

    @Test
    void keysThatCannotMatchAreSkippedWithoutTheirValues() {
        TopicRecords r = records(List.of());
        assertEquals("it has no key", assertThrows(TopicRecords.Skip.class, () -> r.keyText(null)).getMessage());
        assertTrue(assertThrows(TopicRecords.Skip.class, () -> r.keyText(List.of(SECRET))).getMessage()
                .contains("is a list"));
        Map<String, Object> two = new HashMap<>(Map.of("id", 7L, "email", SECRET));
        String unordered = assertThrows(TopicRecords.Skip.class, () -> r.keyText(two)).getMessage();
        assertTrue(unordered.contains(TopicSource.KEY_FIELDS), unordered);
        String missing = assertThrows(TopicRecords.Skip.class, () -> records(List.of("id", "region")).keyText(two))
                .getMessage();
        assertTrue(missing.contains("no field 'region'"), missing);
        Map<String, Object> nullPart = new HashMap<>();
        nullPart.put("id", null);
        assertTrue(assertThrows(TopicRecords.Skip.class, () -> r.keyText(nullPart)).getMessage()
                .contains("key field 'id' is null"));
        String nested = assertThrows(TopicRecords.Skip.class, () -> r.keyText(Map.of("id", Map.of("e", SECRET))))
                .getMessage();
        assertTrue(nested.contains("holds a map"), nested);
        for (String m : List.of(unordered, missing, nested)) {
            assertFalse(m.contains(SECRET), m);
        }
    }

    @Test
    void columnValuesOfEveryTypeAConverterGives() {
        assertEquals(7L, TopicRecords.typed(type("int64"), (short) 7));
        assertEquals(7, TopicRecords.typed(type("int32"), 7L));
        assertEquals(7L, TopicRecords.typed(type("int64"), BigInteger.valueOf(7)));
        assertEquals(new BigDecimal("7.00"), TopicRecords.typed(type("decimal(2)"), 7L));
        assertEquals(new BigDecimal("19.99"), TopicRecords.typed(type("decimal(2)"), 19.99));
        assertEquals(new BigDecimal("0.50"), TopicRecords.typed(type("decimal(2)"), new BigDecimal("0.5")));
        assertEquals(0.5, TopicRecords.typed(type("float64"), 0.5f));
        assertEquals(true, TopicRecords.typed(type("boolean"), true));
        assertEquals(true, TopicRecords.typed(type("boolean"), "TRUE"));
        assertEquals("7", TopicRecords.typed(type("string"), 7L));
        assertEquals("true", TopicRecords.typed(type("string"), true));
        Date day = new Date(19_874L * 86_400_000L);
        assertEquals(day, TopicRecords.typed(type("date"), day));
        assertEquals(day, TopicRecords.typed(type("date"), "2024-05-31"));
        assertEquals(day, TopicRecords.typed(type("timestamp"), day));
        assertEquals(new Date(1_000L), TopicRecords.typed(type("timestamp"), 1_000L), "epoch milliseconds");
        assertEquals("2024-05-31T00:00:00Z", TopicRecords.typed(type("string"), day));
        assertEquals("AQI=", TopicRecords.typed(type("string"), new byte[] {1, 2}));
        assertEquals("AQI=", TopicRecords.typed(type("string"), ByteBuffer.wrap(new byte[] {1, 2})));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", 1L);
        nested.put("b", List.of("x"));
        assertEquals("{\"a\":1,\"b\":[\"x\"]}", TopicRecords.typed(type("string"), nested), "a map as its JSON");
        assertNull(TopicRecords.typed(type("int64"), null));
        assertNull(TopicRecords.typed(type("int64"), ""), "empty text is null but for strings");
    }

    @Test
    void columnValuesOfTheWrongTypeSayWhatTheyAreNeverWhatTheyHold() {
        Schema s = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA).build();
        Object[][] wrong = {
            {"int64", SECRET, "is not a int64 value"},
            {"int32", 5_000_000_000L, "not a int32 value"},
            {"int64", 7.5, "not a int64 value"},
            {"decimal(2)", 0.125, "is not a decimal(2) value"},
            {"boolean", 1L, "not a boolean value"},
            {"date", new Date(1_000L), "a timestamp within a day"},
            {"int64", new Date(1_000L), "is a date or timestamp"},
            {"int64", new byte[] {1}, "is a bytes value"},
            {"string", new Struct(s).put("email", SECRET), "is a struct"},
            {"string", Map.of("e", new Struct(s).put("email", SECRET)), "has no JSON text"},
            {"int64", Map.of("e", SECRET), "is a map, not a int64 value"},
            {"int64", List.of(SECRET), "is a list, not a int64 value"},
        };
        for (Object[] c : wrong) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TopicRecords.typed(type((String) c[0]), c[1]), c[0] + " " + c[2]);
            assertTrue(e.getMessage().contains((String) c[2]), c[0] + ": " + e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(e.getMessage().contains("5000000000"), e.getMessage());
        }
    }

    @Test
    void rowsTakeTheColumnsByNameFromStructsAndMaps() throws TopicRecords.Skip {
        TopicRecords r = records(List.of());
        Schema value = SchemaBuilder.struct().field("tier", Schema.STRING_SCHEMA)
                .field("credit", Schema.INT32_SCHEMA).field("email", Schema.STRING_SCHEMA).build();
        LookupRow fromStruct = r.row(new Struct(value).put("tier", "gold").put("credit", 5).put("email", SECRET));
        assertEquals("gold", fromStruct.struct().getString("tier"));
        assertEquals(5L, fromStruct.struct().getInt64("credit"));
        assertNull(fromStruct.struct().get("rate"));
        assertEquals(r.columns(), fromStruct.struct().schema());
        assertFalse(fromStruct.map().containsValue(SECRET), "only declared columns");

        LookupRow fromMap = r.row(Map.of("tier", "gold", "vip", true, "rank", 3L));
        assertEquals(true, fromMap.map().get("vip"));
        assertEquals(3, fromMap.map().get("rank"));
        assertEquals(8, fromMap.map().size(), "every column, null when missing");

        String notARow = assertThrows(TopicRecords.Skip.class, () -> r.row(SECRET)).getMessage();
        assertEquals("its value is a string, not a struct or a map", notARow);
        String badColumn = assertThrows(TopicRecords.Skip.class, () -> r.row(Map.of("credit", SECRET)))
                .getMessage();
        assertEquals("column 'credit' is not a int64 value", badColumn);
    }
}
