package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.smt.routing.OutboxOptions.FieldNames;
import io.cdckit.smt.routing.OutboxOptions.JsonEmptyArrays;
import io.cdckit.smt.routing.OutboxOptions.JsonNulls;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-pass expansion ({@link JsonStream}, guided by the last document's shape) against the
 * plain reading of the same document: a Jackson tree, its shape inferred and its tree converted.
 * Each document is expanded after every other one (so that each is read both with a shape that
 * fits it and with one that does not) and twice in a row; Structs and schemaless Maps alike, with
 * their key order.
 */
class JsonPayloadsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final List<String> DOCUMENTS = List.of(
            "{\"id\":1,\"name\":\"a\",\"ok\":true}",
            "{\"id\":2,\"name\":\"b\",\"ok\":false}",
            "{\"name\":\"b\",\"id\":2,\"ok\":false}", // the same keys in another order: another shape
            "{\"id\":3000000000,\"name\":null,\"ok\":true}",
            "{\"id\":123456789012345678901234567890,\"x\":1.5e300,\"y\":-0.0}",
            "{\"a\":1,\"a\":\"again\"}", // a repeated key keeps its last value, in its first place
            "{\"items\":[{\"a\":1,\"b\":2},{\"b\":3,\"a\":4},{\"c\":[1,2]}]}", // merged element structs
            "{\"items\":[[1,2],[],[3]],\"empty\":[],\"nulls\":[null,null]}",
            "{\"deep\":{\"deeper\":{\"deepest\":[{\"k\":\"v\"},null]}}}",
            "[{\"a\":1},{\"a\":2}]",
            "[1,2,3]",
            "{\"a-b\":1,\"a_b\":2}", // both adjusted to a_b under avro: the key that has the name
            "{\"unicode\":\"\\u00e9\\ud83d\\ude00\",\"escaped\":\"a\\\"b\"} trailing text",
            "{}");

    @Test
    void oneStreamingPassGivesWhatTheTreeGives() throws Exception {
        for (JsonNulls nulls : JsonNulls.values()) {
            for (JsonEmptyArrays arrays : JsonEmptyArrays.values()) {
                JsonShapes shapes = new JsonShapes(nulls, arrays, FieldNames.AVRO);
                for (boolean schemaless : new boolean[] {false, true}) {
                    JsonPayloads streamed = new JsonPayloads(shapes, c -> PlanCache.byEquality(100, c));
                    for (String before : DOCUMENTS) {
                        for (String doc : DOCUMENTS) {
                            streamed.expand("payload", before, schemaless);
                            JsonPayloads.Expansion cold = streamed.expand("payload", doc, schemaless);
                            JsonPayloads.Expansion warm = streamed.expand("payload", doc, schemaless);
                            String where = doc + " after " + before + " (" + nulls + ", " + arrays
                                    + ", schemaless " + schemaless + ")";
                            assertSameExpansion(expected(shapes, doc, schemaless), cold, where);
                            assertSameExpansion(expected(shapes, doc, schemaless), warm, where);
                            if (cold.schema() != null) {
                                assertSame(cold.schema(), warm.schema(), where);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void invalidJsonIsRefusedWithItsPositionOnly() {
        JsonPayloads json = new JsonPayloads(new JsonShapes(JsonNulls.IGNORE, JsonEmptyArrays.IGNORE,
                FieldNames.NONE), c -> PlanCache.byEquality(10, c));
        json.expand("payload", "{\"secret\":1}", false);
        JsonPayloads.Expansion x = json.expand("payload", "{\"secret\":1,", false);
        assertNull(x.value());
        assertTrue(x.problem().startsWith("it is not valid JSON (at line 1, column"), x.problem());
        assertTrue(!x.problem().contains("secret"), x.problem());
    }

    /** The plain reading: the tree, the shape inferred from it, the tree converted by that shape. */
    static JsonPayloads.Expansion expected(JsonShapes shapes, String doc, boolean schemaless) throws Exception {
        try {
            JsonShape shape = shapes.document("payload", MAPPER.readTree(doc));
            return new JsonPayloads.Expansion(schemaless ? null : shape.schema,
                    shape.value(MAPPER.readTree(doc), schemaless), null);
        } catch (JsonShapes.Unexpandable e) {
            return JsonPayloads.Expansion.refused(e.getMessage());
        }
    }

    static void assertSameExpansion(JsonPayloads.Expansion expected, JsonPayloads.Expansion actual, String where) {
        assertEquals(expected.problem(), actual.problem(), where);
        assertEquals(expected.schema(), actual.schema(), where);
        assertEquals(expected.value(), actual.value(), where);
        assertEquals(keyOrder(expected.value()), keyOrder(actual.value()), where);
    }

    /** The keys of every map in a value, in order, depth first. */
    static List<String> keyOrder(Object value) {
        List<String> out = new ArrayList<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, List<String> out) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(String.valueOf(e.getKey()));
                collect(e.getValue(), out);
            }
            out.add("}");
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
            out.add("]");
        }
    }
}
